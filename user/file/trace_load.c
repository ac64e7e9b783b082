// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace_load.c - a trace file into a trace model, as the live run fed it:
 * the file source (file_source.h) feeding a model sink (model_sink.h).
 */
#include "trace_file.h"

#include <errno.h>

#include "file_source.h"
#include "model_sink.h"

static int load(FILE *f, const char *name, struct trace_model *m, struct run_info *ri,
		FILE *warn)
{
	struct model_sink ms;
	struct event_sink s;
	int err;

	model_sink__init(&ms, m);
	s = model_sink__sink(&ms);
	err = f ? file_source__run_stream(f, name, &s, ri, warn)
		: file_source__run(name, &s, ri, warn);
	if (!err)
		model_sink__warn(&ms, warn);
	return err;
}

int trace_file__load_stream(FILE *f, const char *name, struct trace_model *m,
			    struct run_info *ri, FILE *warn)
{
	return load(f, name, m, ri, warn);
}

int trace_file__load(const char *path, struct trace_model *m, struct run_info *ri, FILE *warn)
{
	return load(NULL, path, m, ri, warn);
}

int trace_file__load_new(const char *path, size_t budget, struct trace_model **m,
			 struct run_info *ri, FILE *warn)
{
	*m = NULL;
	if (trace_model__new(m) || trace_model__set_budget(*m, budget)) {
		fprintf(warn, "schedviz: out of memory\n");
		return -ENOMEM;
	}
	return trace_file__load(path, *m, ri, warn);
}

// SPDX-License-Identifier: GPL-2.0-only
/* cli_view.c - the view's set-up shared by run and replay (see cli_view.h). */
#include "cli_view.h"

#include "registry.h"
#include "switch_measure.h"

int cli_view__open(struct tui **out, bool whole_system)
{
	struct tui_options topts = { .whole_system = whole_system };

	switch_cost__for_view(&topts.cost);
	return tui__open(out, &topts);
}

struct tui_source cli_view__source(const struct trace_model *m, const struct run_info *ri)
{
	/* one view per process: the lesson, for the traced machine's CPUs */
	static char lesson[4096];
	const struct scenario *scn = ri->scenario[0] ? scenario__find(ri->scenario) : NULL;

	return (struct tui_source){
		.model = m, .info = ri,
		.title = scn ? scn->name : ri->argc ? ri->argv[0] : "trace",
		.lesson = scn ? scenario__lesson(scn, (int)ri->ncpus, lesson, sizeof(lesson)) : NULL,
		.figures = scn ? scn->figures : NULL,
		.live = false, .target_exited = true, .now_ns = ri->end_ns,
	};
}

static int detail_get(void *ctx, const struct trace_model *m, uint64_t lo, uint64_t hi,
		      struct tui_detail_window *out)
{
	struct window_detail_view v;
	int st = window_detail__get(ctx, m, lo, hi, &v);

	*out = (struct tui_detail_window){ .m = v.m, .from_ns = v.from_ns, .to_ns = v.to_ns,
					   .records = v.records };
	switch (st) {
	case WINDOW_DETAIL_READ:
		return TUI_DETAIL_READ;
	case WINDOW_DETAIL_TOO_MANY:
		return TUI_DETAIL_TOO_MANY;
	case WINDOW_DETAIL_FAILED:
		return TUI_DETAIL_FAILED;
	default:
		return TUI_DETAIL_NONE;
	}
}

struct tui_detail cli_view__detail(struct window_detail *wd)
{
	return (struct tui_detail){ .ctx = wd, .get = detail_get };
}

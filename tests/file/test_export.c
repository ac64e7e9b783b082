// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_export.c - the four exports of a synthetic trace. Here: every ftrace
 * line matches Perfetto's systrace line regex in both its forms (POSIX
 * regcomp/regexec), and each task's sched_switch lines number what the
 * generator made. Then check_exports.py reads the files with real parsers
 * (json, csv, `trace-cmd report`) against the same oracle.
 */
#include <errno.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "export.h"
#include "synth.h"

/*
 * google/perfetto src/trace_processor/importers/systrace/
 * systrace_line_tokenizer.cc, POSIX form, and the older form.
 */
#define PERFETTO_PREFIX \
	"-([0-9]+)[[:space:]]+\\(?[[:space:]]*([0-9]+|-+)?\\)?[[:space:]]?\\[([0-9]+)\\]"
static const char *const perfetto_re[] = {
	PERFETTO_PREFIX "[[:space:]]*([a-zA-Z.]{3}[0-9a-f.]{1,2}[[:space:]]*)?"
			"([0-9]+\\.[0-9]+):[[:space:]]+([^[:space:]]+):",
	PERFETTO_PREFIX "[[:space:]]*[a-zA-Z0-9.]{0,5}[[:space:]]+"
			"([0-9]+\\.[0-9]+):[[:space:]]+([^[:space:]]+):",
};

static char dir[64];
static struct synth s;

static void path_of(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static int setup(void **state)
{
	char path[128];
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/schedviz-test-export.XXXXXX");
	if (!mkdtemp(dir) || synth__make(&s, 11, 4000, 2))
		return -1;
	/* a name that tries to break lines and regexes: the child process's */
	for (size_t i = 0; i < s.n; i++) {
		if (s.ev[i].tid == 4010)
			snprintf(s.ev[i].comm, sizeof(s.ev[i].comm), "we\tird-1 (2)[3]");
		if (s.ev[i].tid2 == 4010)
			snprintf(s.ev[i].comm2, sizeof(s.ev[i].comm2), "we\tird-1 (2)[3]");
	}
	path_of(path, sizeof(path), "trace.data");
	if (synth__write(&s, path, 500))
		return -1;
	/* the oracle for check_exports.py: "tid switches" per task, then the totals */
	path_of(path, sizeof(path), "oracle.txt");
	f = fopen(path, "w");
	if (!f)
		return -1;
	for (unsigned k = 0; k < s.n_tasks; k++)
		fprintf(f, "%d %llu\n", s.tids[k], (unsigned long long)s.switches[k]);
	fclose(f);
	path_of(path, sizeof(path), "totals.txt");
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "events %zu\nlost %llu\n", s.n, (unsigned long long)s.lost);
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	char cmd[96];

	(void)state;
	synth__free(&s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

static void export_to(const char *name, int (*fn)(FILE *, const char *, FILE *))
{
	char in[128], out[128];
	FILE *f;

	path_of(in, sizeof(in), "trace.data");
	path_of(out, sizeof(out), name);
	f = fopen(out, "w");
	assert_non_null(f);
	assert_int_equal(fn(f, in, stderr), 0);
	assert_int_equal(fclose(f), 0);
}

static void test_ftrace_lines(void **state)
{
	regex_t re[2];
	char path[128], line[1024];
	uint64_t counts[SYNTH_MAX_TASKS] = { 0 };
	size_t lines = 0, header = 0;
	FILE *f;

	(void)state;
	for (int i = 0; i < 2; i++)
		assert_int_equal(regcomp(&re[i], perfetto_re[i], REG_EXTENDED), 0);
	export_to("trace.ftrace", export_ftrace__write);
	path_of(path, sizeof(path), "trace.ftrace");
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "# tracer: nop\n");	/* Perfetto sniffs for it */
	header = 1;
	while (fgets(line, sizeof(line), f)) {
		const char *p;

		assert_non_null(strchr(line, '\n'));	/* no line broken or cut */
		if (line[0] == '#') {
			assert_int_equal(lines, 0);	/* the header block comes first */
			header++;
			continue;
		}
		lines++;
		for (int i = 0; i < 2; i++)
			if (regexec(&re[i], line, 0, NULL, 0))
				fail_msg("regex %d does not match: %s", i, line);
		p = strstr(line, ": sched_switch: ");
		if (p) {
			int tid = atoi(strstr(p, " prev_pid=") + 10);

			for (unsigned k = 0; k < s.n_tasks; k++)
				if (s.tids[k] == tid)
					counts[k]++;
		}
	}
	fclose(f);
	assert_int_equal(header, 12);
	assert_int_equal(lines, s.n);
	for (unsigned k = 0; k < s.n_tasks; k++)
		assert_int_equal(counts[k], s.switches[k]);
	for (int i = 0; i < 2; i++)
		regfree(&re[i]);
}

/* Perfetto's regex itself is what we think it is: it refuses a broken line. */
static void test_regex_can_fail(void **state)
{
	regex_t re;

	(void)state;
	assert_int_equal(regcomp(&re, perfetto_re[0], REG_EXTENDED), 0);
	assert_int_equal(regexec(&re, "          <idle>-0       (-------) [000] d..2.  2708.583873:"
				      " sched_switch: prev_comm=swapper/0", 0, NULL, 0), 0);
	assert_int_not_equal(regexec(&re, "ird-1 (2) [3]  2708.583873 sched_switch", 0, NULL, 0),
			     0);
	regfree(&re);
}

static void test_other_formats(void **state)
{
	char cmd[512];
	const char *src = getenv("SCHEDVIZ_SOURCE");

	(void)state;
	export_to("trace.ftrace", export_ftrace__write);
	export_to("trace.json", export_json__write);
	export_to("trace.csv", export_csv__write);
	export_to("trace.dat", export_tracedat__write);
	snprintf(cmd, sizeof(cmd), "python3 '%s/tests/file/check_exports.py' '%s'",
		 src ? src : ".", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_missing_input(void **state)
{
	char buf[256] = "";
	FILE *diag = fmemopen(buf, sizeof(buf), "w");
	FILE *out = fopen("/dev/null", "w");

	(void)state;
	assert_int_equal(export_csv__write(out, "/nonexistent/trace.data", diag), -ENOENT);
	fclose(diag);
	fclose(out);
	assert_non_null(strstr(buf, "schedviz: /nonexistent/trace.data: No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex_can_fail),
		cmocka_unit_test(test_ftrace_lines),
		cmocka_unit_test(test_other_formats),
		cmocka_unit_test(test_missing_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

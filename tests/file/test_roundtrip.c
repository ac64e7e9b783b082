// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_roundtrip.c - what the trace writer stores, the reader gives back,
 * field for field; a loaded file gives the same model (same JSON summary,
 * byte for byte) as feeding the model the same events directly.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "summary.h"
#include "synth.h"
#include "trace_codec.h"
#include "trace_file.h"
#include "trace_format.h"

static char dir[64];

static void path_in_dir(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

/* An event with every field set to something distinctive. */
static struct sched_event rich_event(unsigned i)
{
	struct sched_event ev = {
		.ts_ns = 1000000000ull * 7 + 12345ull * i,
		.type = (uint16_t)(SE_SWITCH + i % (SE__MAX - SE_SWITCH)),
		.cpu = (uint16_t)(i % 3 == 0 ? 65535 : i % 4),
		.flags = 0xffffffffu >> (i % 32),
		.tid = (int32_t)(i * 7919 % 4194304), .tgid = (i % 5 == 0) ? INT32_MIN : 4000,
		.tid2 = i % 2 ? 0 : INT32_MAX, .tgid2 = -1,
		.prio = (int32_t)(i % 140), .prio2 = -100,
		.state = i % 2 ? 0x402u : 0x80u,
		.futex_addr = i % 3 ? 0 : 0xffffffffffffffffull - i,
		.futex_op = i % 3 ? 0 : 0x80 | i,
	};
	uint32_t arg = 0xfffffffeu - i;

	switch (ev.type) {	/* the type's argument, 64 bits only for a switch */
	case SE_SWITCH:
		ev.run_delta_ns = (uint64_t)(i % 7 ? 0 : 42) << 32 | arg;
		if (ev.flags & SEF_RUNQ) {
			ev.run_delay_delta_ns = 0xfedcba9876543210ull >> (i % 64);
			ev.pcount_delta = UINT32_MAX - i;
		}
		break;
	case SE_WAKING:
	case SE_WAKEUP:
	case SE_WAKEUP_NEW:
		ev.target_cpu = arg;
		break;
	case SE_FORK:
		ev.clone_flags = arg;
		break;
	case SE_EXEC:
		ev.old_pid = (int32_t)arg;
		break;
	case SE_EXIT:
		ev.group_dead = arg;
		break;
	}

	snprintf(ev.comm, sizeof(ev.comm), "w %u\t\"x\"", i);
	snprintf(ev.comm2, sizeof(ev.comm2), "%s", i % 2 ? "" : "fifteen-chars-x");
	if (i % 4 == 0)
		memset(ev.filename, 'f', sizeof(ev.filename) - 1);
	return ev;
}

static void assert_same_event(const struct sched_event *a, const struct sched_event *b)
{
	assert_int_equal(a->ts_ns, b->ts_ns);
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->cpu, b->cpu);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->tid, b->tid);
	assert_int_equal(a->tgid, b->tgid);
	assert_int_equal(a->tid2, b->tid2);
	assert_int_equal(a->tgid2, b->tgid2);
	assert_int_equal(a->prio, b->prio);
	assert_int_equal(a->prio2, b->prio2);
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->run_delta_ns, b->run_delta_ns);	/* the whole union */
	assert_int_equal(a->futex_addr, b->futex_addr);
	assert_int_equal(a->futex_op, b->futex_op);
	assert_int_equal(a->run_delay_delta_ns, b->run_delay_delta_ns);
	assert_int_equal(a->pcount_delta, b->pcount_delta);
	assert_string_equal(a->comm, b->comm);
	assert_string_equal(a->comm2, b->comm2);
	assert_string_equal(a->filename, b->filename);
}

static void test_every_field(void **state)
{
	char path[128];
	struct run_info ri = { .pid = 77, .exit_code = 130, .term_signal = 2, .ru_nvcsw = 1,
			       .ru_nivcsw = UINT64_MAX, .ru_utime_ns = 3, .ru_stime_ns = 4,
			       .start_ns = 5, .end_ns = 6, .lost = 7, .ncpus = 2,
			       .kernel_release = "6.18.0-test", .scenario = "race_counter" };
	char *argv[] = { "race_counter", "", "--mode=mutex", "ünïcode \"q\"\n" };
	struct trace_writer *w;
	struct trace_reader *r;
	struct trace_record rec;
	unsigned n = 20000;	/* several chunks */

	(void)state;
	path_in_dir(path, sizeof(path), "fields.data");
	assert_int_equal(run_info__set_argv(&ri, 4, argv), 0);
	assert_int_equal(trace_writer__open(&w, path, &ri), 0);
	assert_int_equal(trace_writer__add_task(w, 4000, 4000, 1, "launcher", 99), 0);
	assert_int_equal(trace_writer__add_lock(w, 4000, 0x7ffff7a5b8f0ull,
						"GIL _PyRuntime+0x1b0 (python3.11)", 100), 0);
	for (unsigned i = 0; i < n; i++) {
		struct sched_event ev = rich_event(i);

		assert_int_equal(trace_writer__add(w, &ev), 0);
		if (i == 100)
			assert_int_equal(trace_writer__add_lost(w, 1234, 5, 3), 0);
		if (i == 150)	/* on no known CPU */
			assert_int_equal(trace_writer__add_lost(w, 7, 6, -1), 0);
		if (i == 200)
			assert_int_equal(trace_writer__flush(w), 0);
	}
	ri.exit_code = 3;
	assert_int_equal(trace_writer__close(w, &ri), 0);

	assert_int_equal(trace_reader__open(&r, path, stderr), 0);
	assert_int_equal(trace_reader__next(r, &rec), 1);
	assert_int_equal(rec.kind, TRACE_REC_TASK);
	assert_int_equal(rec.tid, 4000);
	assert_int_equal(rec.ppid, 1);
	assert_int_equal(rec.ts_ns, 99);
	assert_string_equal(rec.comm, "launcher");
	assert_int_equal(trace_reader__next(r, &rec), 1);
	assert_int_equal(rec.kind, TRACE_REC_LOCK);
	assert_int_equal(rec.tgid, 4000);
	assert_int_equal(rec.lock_addr, 0x7ffff7a5b8f0ull);
	assert_int_equal(rec.ts_ns, 100);
	assert_string_equal(rec.lock_name, "GIL _PyRuntime+0x1b0 (python3.11)");
	for (unsigned i = 0; i < n; i++) {
		struct sched_event want = rich_event(i);

		want.comm[15] = want.comm2[15] = '\0';
		assert_int_equal(trace_reader__next(r, &rec), 1);
		assert_int_equal(rec.kind, TRACE_REC_EVENT);
		assert_int_equal(rec.ts_ns, want.ts_ns);
		assert_same_event(&rec.ev, &want);
		if (i == 100) {
			assert_int_equal(trace_reader__next(r, &rec), 1);
			assert_int_equal(rec.kind, TRACE_REC_LOST);
			assert_int_equal(rec.lost, 1234);
			assert_int_equal(rec.ts_ns, 5);
			assert_int_equal(rec.cpu, 3);
		}
		if (i == 150) {
			assert_int_equal(trace_reader__next(r, &rec), 1);
			assert_int_equal(rec.kind, TRACE_REC_LOST);
			assert_int_equal(rec.lost, 7);
			assert_int_equal(rec.cpu, -1);
		}
	}
	assert_int_equal(trace_reader__next(r, &rec), 0);
	assert_true(trace_reader__complete(r));
	{
		const struct run_info *got = trace_reader__info(r);

		assert_int_equal(got->exit_code, 3);	/* the footer's */
		assert_int_equal(got->term_signal, 2);
		assert_int_equal(got->pid, 77);
		assert_int_equal(got->ru_nivcsw, UINT64_MAX);
		assert_int_equal(got->lost, 7);
		assert_int_equal(got->ncpus, 2);
		assert_string_equal(got->kernel_release, "6.18.0-test");
		assert_string_equal(got->scenario, "race_counter");
		assert_int_equal(got->argc, 4);
		for (int i = 0; i < 4; i++)
			assert_string_equal(got->argv[i], argv[i]);
		assert_null(got->argv[4]);
	}
	trace_reader__close(r);
	run_info__clear(&ri);
}

/* Load a file into a model; the same events fed directly give the same JSON. */
static char *json_of(const struct run_info *ri, const struct trace_model *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(summary_json__write(f, ri, m), 0);
	fclose(f);
	return buf;
}

static void test_load_equals_live(void **state)
{
	char path[128];
	struct synth s;
	struct trace_model *live, *loaded;
	struct run_info ri = { 0 };
	char *a, *b;

	(void)state;
	path_in_dir(path, sizeof(path), "live.data");
	assert_int_equal(synth__make(&s, 7, 3000, 2), 0);
	assert_int_equal(synth__write(&s, path, 97), 0);

	/* "live": the events and the loss straight into a model, as cmd_run feeds it */
	assert_int_equal(trace_model__new(&live), 0);
	for (size_t i = 0; i < s.n; i++) {
		if (s.ev[i].ts_ns > s.lost_at_ns && i && s.ev[i - 1].ts_ns <= s.lost_at_ns)
			trace_model__add_lost(live, s.lost);
		assert_true(trace_model__add(live, &s.ev[i]) != -ENOMEM);
	}
	trace_model__finish(live, s.ri.end_ns);

	assert_int_equal(trace_model__new(&loaded), 0);
	assert_int_equal(trace_file__load(path, loaded, &ri, stderr), 0);
	a = json_of(&s.ri, live);
	b = json_of(&ri, loaded);
	assert_string_equal(a, b);
	/* and the oracle: each task's switches as the generator made them */
	for (unsigned k = 0; k < s.n_tasks; k++) {
		const struct trace_task *t = trace_model__find(loaded, s.tids[k]);

		assert_non_null(t);
		assert_int_equal(t->nvcsw + t->nivcsw, s.switches[k]);
	}
	assert_int_equal(trace_model__stats(loaded)->lost, 5);
	free(a);
	free(b);
	run_info__clear(&ri);
	trace_model__free(live);
	trace_model__free(loaded);
	synth__free(&s);
}

static void test_existing_file_kept_as_old(void **state)
{
	char path[128], old[160];
	struct run_info ri = { .start_ns = 1 };
	struct trace_writer *w;
	struct stat st;
	FILE *f;

	(void)state;
	path_in_dir(path, sizeof(path), "schedviz.data");
	snprintf(old, sizeof(old), "%s.old", path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("previous recording", f);
	fclose(f);
	assert_int_equal(trace_writer__open(&w, path, &ri), 0);
	assert_int_equal(trace_writer__close(w, &ri), 0);
	assert_int_equal(stat(old, &st), 0);
	assert_int_equal(st.st_size, strlen("previous recording"));
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > TRACE_PREAMBLE_LEN);
	unlink(old);
}

static void test_header_fills_host(void **state)
{
	char path[128];
	struct run_info ri = { .start_ns = 1 };
	struct trace_writer *w;
	struct trace_reader *r;
	struct trace_record rec;

	(void)state;
	path_in_dir(path, sizeof(path), "host.data");
	assert_int_equal(trace_writer__open(&w, path, &ri), 0);
	assert_int_equal(trace_writer__close(w, NULL), 0);	/* no footer */
	assert_int_equal(trace_reader__open(&r, path, NULL), 0);
	assert_true(trace_reader__info(r)->kernel_release[0] != '\0');
	assert_int_equal(trace_reader__info(r)->ncpus, sysconf(_SC_NPROCESSORS_CONF));
	assert_int_equal(trace_reader__next(r, &rec), 0);
	assert_false(trace_reader__complete(r));
	assert_int_equal(trace_reader__info(r)->exit_code, -1);
	trace_reader__close(r);
}

static void test_not_a_trace(void **state)
{
	char path[128];
	struct trace_reader *r;
	FILE *f;

	(void)state;
	path_in_dir(path, sizeof(path), "text.data");
	f = fopen(path, "w");
	fputs("# tracer: nop\n", f);
	fclose(f);
	assert_int_equal(trace_reader__open(&r, path, NULL), -EINVAL);
	path_in_dir(path, sizeof(path), "missing.data");
	assert_int_equal(trace_reader__open(&r, path, NULL), -ENOENT);
}

/* A write that fails (here: past RLIMIT_FSIZE) fails every later call too. */
static void test_write_error_is_sticky(void **state)
{
	char path[128];
	struct run_info ri = { .start_ns = 1 };
	struct rlimit old, small;
	struct trace_writer *w;
	int err = 0;

	(void)state;
	path_in_dir(path, sizeof(path), "full.data");
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 4096;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	assert_int_equal(trace_writer__open(&w, path, &ri), 0);
	for (unsigned i = 0; i < 100000 && !err; i++) {
		struct sched_event ev = rich_event(i);

		err = trace_writer__add(w, &ev);
	}
	assert_int_equal(err, -EFBIG);
	assert_int_equal(trace_writer__flush(w), -EFBIG);
	assert_int_equal(trace_writer__add_lost(w, 1, 1, 0), -EFBIG);
	assert_int_equal(trace_writer__close(w, &ri), -EFBIG);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
}

/*
 * One event record by hand (trace_format.h): kind with head bits, zero ts
 * delta, cpu and flags, a new task (tid 1) then a reference to it, state 0,
 * arg, and arg_hi when bit 6 is set. Returns its length.
 */
static size_t arg_record(uint8_t *b, unsigned kind, uint8_t arg, uint8_t arg_hi)
{
	size_t n = 0;

	b[n++] = (uint8_t)(kind | (arg_hi ? TRACE_HEAD_ARG_HI : 0));
	b[n++] = 0;		/* ts delta */
	b[n++] = 0;		/* cpu */
	b[n++] = 0;		/* flags */
	b[n++] = 0;		/* new task: */
	b[n++] = 2;		/*   tid 1 (zigzag) */
	b[n++] = 0;		/*   tgid - tid */
	b[n++] = 0;		/*   prio */
	b[n++] = 0;		/*   comm "" */
	b[n++] = 1;		/* the same task again */
	b[n++] = 0;		/* state */
	b[n++] = arg;
	if (arg_hi)
		b[n++] = arg_hi;
	return n;
}

/* Each type's named argument is the file's arg (and a switch's arg_hi), byte for byte. */
static void test_arg_bytes(void **state)
{
	static const struct {
		unsigned kind;
		uint8_t arg, arg_hi;
		int err;
		uint64_t want;
	} cases[] = {
		{ SE_SWITCH, 5, 42, 0, 42ull << 32 | 5 },
		{ SE_SWITCH, 5, 0, 0, 5 },
		{ SE_WAKING, 3, 0, 0, 3 },
		{ SE_WAKEUP, 3, 0, 0, 3 },
		{ SE_WAKEUP_NEW, 3, 0, 0, 3 },
		{ SE_FORK, 0x11, 0, 0, 0x11 },
		{ SE_EXEC, 7, 0, 0, 7 },
		{ SE_EXIT, 1, 0, 0, 1 },
		{ SE_RENAME, 0, 0, 0, 0 },
		{ SE_EXIT, 1, 1, -EBADMSG, 0 },		/* 64 bits only for a switch */
		{ SE_WAKING, 1, 1, -EBADMSG, 0 },
		{ SE_RENAME, 1, 0, -EBADMSG, 0 },	/* a rename has no argument */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct trace_codec c;
		struct trace_record rec;
		uint8_t in[32], out[TRACE_RECORD_MAX];
		size_t len = arg_record(in, cases[i].kind, cases[i].arg, cases[i].arg_hi), used;

		trace_codec__reset(&c);
		assert_int_equal(trace_codec__get(&c, in, len, &used, &rec), cases[i].err);
		if (cases[i].err)
			continue;
		assert_int_equal(used, len);
		assert_int_equal(trace_codec__event_arg(&rec.ev), cases[i].want);
		switch (cases[i].kind) {
		case SE_SWITCH:
			assert_int_equal(rec.ev.run_delta_ns, cases[i].want);
			break;
		case SE_WAKING:
		case SE_WAKEUP:
		case SE_WAKEUP_NEW:
			assert_int_equal(rec.ev.target_cpu, cases[i].want);
			break;
		case SE_FORK:
			assert_int_equal(rec.ev.clone_flags, cases[i].want);
			break;
		case SE_EXEC:
			assert_int_equal(rec.ev.old_pid, cases[i].want);
			break;
		case SE_EXIT:
			assert_int_equal(rec.ev.group_dead, cases[i].want);
			break;
		}
		trace_codec__reset(&c);
		assert_int_equal(trace_codec__put_event(&c, out, &rec.ev), len);
		assert_memory_equal(out, in, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_load_equals_live),
		cmocka_unit_test(test_existing_file_kept_as_old),
		cmocka_unit_test(test_header_fills_host),
		cmocka_unit_test(test_not_a_trace),
		cmocka_unit_test(test_write_error_is_sticky),
		cmocka_unit_test(test_arg_bytes),
	};
	int ret;

	snprintf(dir, sizeof(dir), "/tmp/schedviz-test-file.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	if (!ret) {
		char cmd[96];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			ret = 1;
	}
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * export_csv.c - one row per event with a header row (RFC 4180 quoting),
 * for pandas and spreadsheets. Columns:
 *   ts_ns        CLOCK_MONOTONIC ns
 *   event        the kernel's event name (sched_switch, ...), or "lost" for
 *                a count of events lost upstream (in aux)
 *   cpu          CPU the event was recorded on (lost: the CPU that lost
 *                them; empty when unknown)
 *   tid,tgid,comm,prio      the subject (sched_switch: prev)
 *   tid2,tgid2,comm2,prio2  the second task (switch: next; waking/wakeup:
 *                the waker; fork: the child; rename: comm2 = old name)
 *   prev_state   sched_switch: the kernel's letter (R, R+, S, D, ...)
 *   state        sched_switch: raw __state bits, hex
 *   flags        SEF_* names joined by '|'
 *   aux          the file's argument, low 32 bits (trace_codec__event_arg()):
 *                waking/wakeup: target_cpu; exec: old_pid; exit:
 *                group_dead; fork: clone flags (0 unknown); switch: prev's
 *                run time in ns, low 32 bits; lost: count
 *   futex_addr,futex_op     switch-out into a futex wait
 *   filename     exec only
 *   lock         switch-out into a futex wait: the futex word's name, when
 *                the file names it (user/collect/lock_names.h)
 */
#include "export.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "ftrace_text.h"
#include "trace_codec.h"

static void put_field(FILE *f, const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (!n || (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && s[n - 1] != ' ')) {
		fwrite(s, 1, n, f);
		return;
	}
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			fputc('"', f);
		fputc(s[i], f);
	}
	fputc('"', f);
}

static void put_flags(FILE *f, uint32_t flags)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ SEF_VOLUNTARY, "voluntary" },	 { SEF_PREEMPT, "preempt" },
		{ SEF_PREV_TARGET, "prev_target" }, { SEF_NEXT_TARGET, "next_target" },
		{ SEF_FUTEX, "futex" },		 { SEF_THREAD, "thread" },
		{ SEF_WAKER_TARGET, "waker_target" }, { SEF_RELEASED, "released" },
	};
	const char *sep = "";

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (flags & names[i].bit) {
			fprintf(f, "%s%s", sep, names[i].name);
			sep = "|";
		}
	}
}

struct csv_out {
	FILE *f;
	const struct export_src *src;
};

static int put_row(void *ctx, const struct trace_record *rec)
{
	const struct csv_out *o = ctx;
	FILE *f = o->f;
	const struct sched_event *ev = &rec->ev;
	const char *lock;
	const char *name = ftrace_text__event_name(ev->type);

	if (rec->kind == TRACE_REC_LOST) {
		if (rec->cpu >= 0)
			fprintf(f, "%" PRIu64 ",lost,%d,,,,,,,,,,,,%" PRIu64 ",,,,\n", rec->ts_ns,
				rec->cpu, rec->lost);
		else
			fprintf(f, "%" PRIu64 ",lost,,,,,,,,,,,,,%" PRIu64 ",,,,\n", rec->ts_ns,
				rec->lost);
		return ferror(f) ? -EIO : 0;
	}
	if (rec->kind != TRACE_REC_EVENT || !name)
		return 0;
	fprintf(f, "%" PRIu64 ",%s,%u,%" PRId32 ",%" PRId32 ",", ev->ts_ns, name, ev->cpu,
		ev->tid, ev->tgid);
	put_field(f, ev->comm, SCHED_COMM_LEN);
	fprintf(f, ",%" PRId32 ",%" PRId32 ",%" PRId32 ",", ev->prio, ev->tid2, ev->tgid2);
	put_field(f, ev->comm2, SCHED_COMM_LEN);
	fprintf(f, ",%" PRId32 ",", ev->prio2);
	if (ev->type == SE_SWITCH)
		fprintf(f, "%s,0x%" PRIx32, ftrace_text__prev_state(ev), ev->state);
	else
		fputc(',', f);
	fputc(',', f);
	put_flags(f, ev->flags);
	fprintf(f, ",%" PRIu32 ",", (uint32_t)trace_codec__event_arg(ev));
	if (ev->futex_addr || ev->futex_op)
		fprintf(f, "0x%" PRIx64 ",%" PRIu32, ev->futex_addr, ev->futex_op);
	else
		fputc(',', f);
	fputc(',', f);
	put_field(f, ev->filename, SCHED_PATH_LEN);
	fputc(',', f);
	lock = ev->futex_addr ? export_src__lock_name(o->src, ev->tgid, ev->futex_addr) : NULL;
	if (lock)
		put_field(f, lock, LOCK_TABLE_NAME_LEN);
	fputc('\n', f);
	return ferror(f) ? -EIO : 0;
}

int export_csv__write(FILE *out, const char *in_path, FILE *diag)
{
	struct export_src s;
	int err = export_src__open(&s, in_path, diag);
	struct csv_out o = { out, &s };

	if (err)
		return err;
	fputs("ts_ns,event,cpu,tid,tgid,comm,prio,tid2,tgid2,comm2,prio2,prev_state,state,"
	      "flags,aux,futex_addr,futex_op,filename,lock\n", out);
	err = ferror(out) ? -EIO : export_src__scan(&s, put_row, &o);
	export_src__close(&s);
	return err;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * export_json.c - a trace as Chrome Trace Event JSON (the "Trace Event
 * Format" document; importers: Perfetto's src/trace_processor/importers/json,
 * catapult's trace_event_importer), object form, traceEvents first:
 *
 *   M   process_name per TGID, thread_name and thread_sort_index per TID
 *       (lanes in task creation order)
 *   X   one slice per state interval of the trace model: running (args:
 *       cpu), runnable (args: waker), preempted, sleeping, blocked, futex;
 *       ts and dur in us with 3 decimals (ns precision)
 *   X   a zero-length "wakeup" slice on the waker where it woke a traced
 *       task, tied by a flow (v2: bind_id, flow_out) to the woken task's
 *       next running slice (flow_in)
 *   C   context switches per second of the target's tasks, voluntary and
 *       involuntary, over about 500 bins
 *   i   a global marker where events were lost
 *
 * then "displayTimeUnit":"ns" and "systemTraceEvents": the ftrace text of
 * the same trace (ftrace_text, the formatter of the ftrace export).
 */
#include "export.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "file_source.h"
#include "model_sink.h"
#include "trace_model.h"
#include "vec.h"

#define COUNTER_BINS 500

struct lost_mark {
	uint64_t ts_ns, n;
};

struct json_pass {
	struct trace_model *m;
	struct model_sink ms;		/* m as the sink of the records, as a load does */
	struct event_sink sink;
	uint64_t t0, bin_ns;
	uint64_t (*bins)[2];		/* [bin][0 voluntary, 1 involuntary] */
	struct lost_mark *lost;
	size_t n_lost, cap_lost;
};

/* Length of the well-formed UTF-8 sequence at p (n bytes left), or 0 (RFC 3629 table). */
static unsigned utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0], len, lo = 0x80, hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;	/* no overlong forms */
	else if (c == 0xed)
		hi = 0x9f;	/* no surrogates */
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;	/* nothing past U+10FFFF */
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (unsigned k = 2; k < len; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	return len;
}

/*
 * A JSON string body: quote, backslash and control bytes escaped; valid
 * UTF-8 kept; any other byte (a comm cut inside a character) as U+FFFD.
 * Stops at n bytes or a NUL.
 */
static void put_json_chars(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t end = strnlen(s, n);

	for (size_t i = 0; i < end; i++) {
		unsigned c = p[i], len;

		if (c == '"' || c == '\\') {
			fprintf(f, "\\%c", c);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
		} else if (c < 0x80) {
			fputc((int)c, f);
		} else if ((len = utf8_len(p + i, end - i))) {
			fwrite(p + i, 1, len, f);
			i += len - 1;
		} else {
			fputs("\\ufffd", f);
		}
	}
}

static void put_json_str(FILE *f, const char *s, size_t max)
{
	fputc('"', f);
	put_json_chars(f, s, max);
	fputc('"', f);
}

/* ns as us with 3 decimals */
static void put_us(FILE *f, const char *key, uint64_t ns)
{
	fprintf(f, ",\"%s\":%" PRIu64 ".%03u", key, ns / 1000, (unsigned)(ns % 1000));
}

/* ---- the pass over the records ---- */

static int on_record(void *ctx, const struct trace_record *rec)
{
	struct json_pass *p = ctx;
	int err = file_source__record(rec, &p->sink);

	if (err)
		return err;
	if (rec->kind == TRACE_REC_LOST) {
		if (vec__reserve((void **)&p->lost, &p->cap_lost, p->n_lost + 1, sizeof(*p->lost)))
			return -ENOMEM;
		p->lost[p->n_lost++] = (struct lost_mark){ rec->ts_ns, rec->lost };
	} else if (rec->kind == TRACE_REC_EVENT && rec->ev.type == SE_SWITCH &&
		   (rec->ev.flags & SEF_PREV_TARGET)) {
		uint64_t b = rec->ts_ns > p->t0 ? (rec->ts_ns - p->t0) / p->bin_ns : 0;

		if (b >= COUNTER_BINS)
			b = COUNTER_BINS - 1;
		p->bins[b][(rec->ev.flags & SEF_VOLUNTARY) ? 0 : 1]++;
	}
	return 0;
}

/* ---- traceEvents ---- */

static void put_names(FILE *f, const struct trace_model *m)
{
	size_t n = trace_model__task_count(m);

	for (size_t i = 0; i < n; i++) {
		const struct trace_task *t = trace_model__task(m, i);
		const struct trace_task *leader = trace_model__find(m, t->tgid);

		/* named by its leader; by each of its tasks when the leader was not traced */
		if (t == leader || !leader) {
			fprintf(f, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%" PRId32
				",\"tid\":%" PRId32 ",\"args\":{\"name\":", t->tgid, t->tgid);
			put_json_str(f, t->comm, SCHED_COMM_LEN);
			fputs("}},\n", f);
		}
		fprintf(f, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%" PRId32 ",\"tid\":%" PRId32
			",\"args\":{\"name\":", t->tgid, t->tid);
		put_json_str(f, t->comm, SCHED_COMM_LEN);
		fputs("}},\n", f);
		fprintf(f, "{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":%" PRId32
			",\"tid\":%" PRId32 ",\"args\":{\"sort_index\":%zu}},\n", t->tgid, t->tid, i);
	}
}

/*
 * The waker of the runnable interval before iv[k] (a running one), when the
 * waker is a traced task running at that moment: the flow's source.
 */
static const struct trace_task *waker_of(const struct trace_model *m, const struct trace_task *t,
					 size_t k)
{
	const struct trace_interval *prev = k ? &t->iv[k - 1] : NULL;
	const struct trace_task *w;

	if (!prev || prev->state != TS_RUNNABLE || !prev->waker_tid ||
	    t->iv[k].state != TS_RUNNING)
		return NULL;
	w = trace_model__find(m, prev->waker_tid);
	return w && trace_task__state_at(w, prev->start_ns) == TS_RUNNING ? w : NULL;
}

static void put_slices(FILE *f, const struct trace_model *m)
{
	size_t n = trace_model__task_count(m);

	for (size_t i = 0; i < n; i++) {
		const struct trace_task *t = trace_model__task(m, i);

		for (size_t k = 0; k < t->n_iv; k++) {
			const struct trace_interval *iv = &t->iv[k];
			const struct trace_task *w = waker_of(m, t, k);
			uint64_t flow = (uint64_t)i << 32 | k;

			if (iv->state == TS_UNKNOWN || iv->state >= TS_EXITED)
				continue;
			fprintf(f, "{\"ph\":\"X\",\"cat\":\"sched\",\"name\":\"%s\",\"pid\":%" PRId32
				",\"tid\":%" PRId32, task_state__name(iv->state), t->tgid, t->tid);
			put_us(f, "ts", iv->start_ns);
			put_us(f, "dur", iv->end_ns - iv->start_ns);
			if (iv->state == TS_RUNNING)
				fprintf(f, ",\"args\":{\"cpu\":%d}", iv->cpu);
			else if (iv->state == TS_RUNNABLE && iv->waker_tid)
				fprintf(f, ",\"args\":{\"waker\":%" PRId32 "}", iv->waker_tid);
			if (w)
				fprintf(f, ",\"bind_id\":\"0x%" PRIx64 "\",\"flow_in\":true", flow);
			fputs("},\n", f);
			if (!w)
				continue;
			fprintf(f, "{\"ph\":\"X\",\"cat\":\"sched\",\"name\":\"wakeup\",\"pid\":%" PRId32
				",\"tid\":%" PRId32, w->tgid, w->tid);
			put_us(f, "ts", t->iv[k - 1].start_ns);
			fprintf(f, ",\"dur\":0,\"args\":{\"woken\":%" PRId32 "},\"bind_id\":\"0x%" PRIx64
				"\",\"flow_out\":true},\n", t->tid, flow);
		}
	}
}

static void put_counters(FILE *f, const struct json_pass *p, int32_t pid)
{
	double per_s = 1e9 / (double)p->bin_ns;

	for (size_t b = 0; b < COUNTER_BINS; b++) {
		fprintf(f, "{\"ph\":\"C\",\"name\":\"context switches/s\",\"pid\":%" PRId32
			",\"tid\":%" PRId32, pid, pid);
		put_us(f, "ts", p->t0 + b * p->bin_ns);
		fprintf(f, ",\"args\":{\"voluntary\":%.0f,\"involuntary\":%.0f}},\n",
			(double)p->bins[b][0] * per_s, (double)p->bins[b][1] * per_s);
	}
}

static void put_lost(FILE *f, const struct json_pass *p, int32_t pid)
{
	for (size_t i = 0; i < p->n_lost; i++) {
		fprintf(f, "{\"ph\":\"i\",\"s\":\"g\",\"name\":\"lost events\",\"pid\":%" PRId32
			",\"tid\":%" PRId32, pid, pid);
		put_us(f, "ts", p->lost[i].ts_ns);
		fprintf(f, ",\"args\":{\"count\":%" PRIu64 "}},\n", p->lost[i].n);
	}
}

/* ---- systemTraceEvents ---- */

static int put_escaped(void *ctx, const char *text, size_t len)
{
	put_json_chars(ctx, text, len);
	return ferror((FILE *)ctx) ? -EIO : 0;
}

static int write_json(FILE *f, struct export_src *s, struct json_pass *p)
{
	int32_t pid = s->ri.pid;
	int err;

	fputs("{\"traceEvents\":[\n", f);
	put_names(f, p->m);
	put_slices(f, p->m);
	put_counters(f, p, pid);
	put_lost(f, p, pid);
	/* a last metadata event, so every entry above can end in a comma */
	fprintf(f, "{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":%" PRId32
		",\"tid\":%" PRId32 ",\"args\":{\"sort_index\":0}}\n],\n", pid, pid);
	fputs("\"displayTimeUnit\":\"ns\",\n\"systemTraceEvents\":\"", f);
	err = export_ftrace__text(s, put_escaped, f);
	if (err)
		return err;
	fputs("\"}\n", f);
	return ferror(f) ? -EIO : 0;
}

int export_json__write(FILE *out, const char *in_path, FILE *diag)
{
	struct export_src s;
	struct json_pass p = { 0 };
	int err = export_src__open(&s, in_path, diag);

	if (err)
		return err;
	p.t0 = s.ri.start_ns;
	p.bin_ns = (s.ri.end_ns > p.t0 ? s.ri.end_ns - p.t0 : 0) / COUNTER_BINS + 1;
	p.bins = calloc(COUNTER_BINS, sizeof(*p.bins));
	err = p.bins ? trace_model__new(&p.m) : -ENOMEM;
	if (!err) {
		model_sink__init(&p.ms, p.m);
		p.sink = model_sink__sink(&p.ms);
		err = export_src__scan(&s, on_record, &p);
	}
	if (!err) {
		event_sink__finish(&p.sink, &s.ri);
		err = write_json(out, &s, &p);
	}
	trace_model__free(p.m);
	free(p.bins);
	free(p.lost);
	export_src__close(&s);
	return err;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * export_tracedat.c - a trace as trace-cmd's trace.dat, version 6, for
 * `trace-cmd report` and KernelShark. Layout (trace-cmd's
 * Documentation/trace-cmd/trace-cmd.dat.v6.5.txt), little-endian:
 *
 *   "\x17\x08\x44" "tracing" "6\0", endianness 0, long size 8, page size
 *   "header_page\0" u64 size, text; "header_event\0" u64 size, text
 *   u32 0 ftrace formats
 *   u32 systems; each: name "\0", u32 events; each: u64 size, format text
 *   u32 0 kallsyms; u32 0 printk formats
 *   u64 size, saved_cmdlines text ("PID COMM\n" per task)
 *   u32 CPUs, "flyrecord\0", per CPU: u64 offset, u64 size
 *   per CPU, page-aligned: ring-buffer pages as the kernel writes them
 *   (kernel/trace/ring_buffer.c): u64 page timestamp, u64 commit (bytes
 *   used), then events, each a u32 header (type_len:5, time_delta:27), an
 *   extra u32 length when the record is longer than 112 bytes, and the
 *   record; a time-extend event (type_len 30) carries deltas of 2^27 ns
 *   and more.
 *
 * Records are laid out from the format texts (tracedat_event), taken from
 * the running kernel's tracefs when it is mounted and every format parses,
 * else from the copy generated from this project's reference kernel.
 * Pages are gathered per CPU in a temporary file, then copied out CPU by CPU.
 */
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ftrace_text.h"
#include "tracedat_event.h"
#include "tracedat_formats.h"
#include "vec.h"

#define PAGE_SIZE 4096u
#define PAGE_HDR 16u			/* u64 timestamp, u64 commit */
#define PAGE_DATA (PAGE_SIZE - PAGE_HDR)
#define TYPE_LEN_MAX_DATA 28u		/* type_len 1..28: record of 4 * type_len bytes */
#define TYPE_TIME_EXTEND 30u
#define DELTA_BITS 27

/* The events written, with the fields each format must have for us to fill it. */
#define COMMON "common_type", "common_flags", "common_preempt_count", "common_pid"
static const struct exported {
	unsigned type;		/* enum sched_event_type */
	const char *system, *name;
	const char *const *required;
} exported[] = {
	{ SE_SWITCH, "sched", "sched_switch",
	  (const char *const[]){ COMMON, "prev_comm", "prev_pid", "prev_prio", "prev_state",
				 "next_comm", "next_pid", "next_prio", NULL } },
	{ SE_WAKING, "sched", "sched_waking",
	  (const char *const[]){ COMMON, "comm", "pid", "prio", "target_cpu", NULL } },
	{ SE_WAKEUP, "sched", "sched_wakeup",
	  (const char *const[]){ COMMON, "comm", "pid", "prio", "target_cpu", NULL } },
	{ SE_WAKEUP_NEW, "sched", "sched_wakeup_new",
	  (const char *const[]){ COMMON, "comm", "pid", "prio", "target_cpu", NULL } },
	{ SE_FORK, "sched", "sched_process_fork",
	  (const char *const[]){ COMMON, "parent_comm", "parent_pid", "child_comm", "child_pid",
				 NULL } },
	{ SE_EXEC, "sched", "sched_process_exec",
	  (const char *const[]){ COMMON, "filename", "pid", "old_pid", NULL } },
	{ SE_EXIT, "sched", "sched_process_exit",
	  (const char *const[]){ COMMON, "comm", "pid", "prio", "group_dead", NULL } },
	{ SE_RENAME, "task", "task_rename",
	  (const char *const[]){ COMMON, "pid", "oldcomm", "newcomm", "oom_score_adj", NULL } },
};
#define N_FORMATS (sizeof(exported) / sizeof(exported[0]))

struct cpu_pages {
	uint8_t *page;			/* PAGE_SIZE bytes, from the CPU's first event */
	unsigned used;			/* bytes of event data in page */
	uint64_t last_ts;		/* of the last event written */
	uint32_t *done;			/* indexes of its finished pages in the temp file */
	size_t n_done, cap_done;
};

struct tracedat {
	FILE *out, *tmp;
	uint32_t n_tmp_pages;
	struct tracedat_event ev[N_FORMATS];
	const struct tracedat_event *by_type[SE__MAX];
	char *live_text[N_FORMATS];	/* format texts read from tracefs, or NULL */
	struct cpu_pages *cpu;
	unsigned ncpus;
	const struct task_names *names;
};

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(16384);
	n = buf ? fread(buf, 1, 16383, f) : 0;
	fclose(f);
	if (!buf || !n || n == 16383) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static const char *builtin_text(const struct exported *x)
{
	for (const struct tracedat_format *b = tracedat_builtin_formats; b->name; b++)
		if (!strcmp(b->system, x->system) && !strcmp(b->name, x->name))
			return b->text;
	return NULL;
}

static int parse_one(struct tracedat *t, size_t i, const char *text)
{
	const struct exported *x = &exported[i];

	if (!text)
		return -EINVAL;
	return tracedat_event__parse(&t->ev[i], x->system, x->name, text, x->required);
}

/*
 * The running kernel's formats when tracefs has every one and each parses,
 * else the copy built in. Returns 0, or -EINVAL when even that does not
 * parse (a build whose tracedat_formats.c lacks an event).
 */
static int load_formats(struct tracedat *t)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	bool live = false;
	char path[256];

	for (size_t r = 0; r < 2 && !live; r++) {
		live = true;
		for (size_t i = 0; i < N_FORMATS; i++) {
			free(t->live_text[i]);
			snprintf(path, sizeof(path), "%s/events/%s/%s/format", roots[r],
				 exported[i].system, exported[i].name);
			t->live_text[i] = read_text(path);
			if (parse_one(t, i, t->live_text[i]))
				live = false;
		}
	}
	for (size_t i = 0; i < N_FORMATS; i++) {
		if (!live) {
			free(t->live_text[i]);
			t->live_text[i] = NULL;
			if (parse_one(t, i, builtin_text(&exported[i])))
				return -EINVAL;
		}
		t->by_type[exported[i].type] = &t->ev[i];
	}
	return 0;
}

/* ---- the record of one event ---- */

/* Strings as the ftrace export prints them, so `trace-cmd report` lines never break. */
static void set_text(struct tracedat_record *r, const char *field, const char *s, size_t max)
{
	char buf[SCHED_PATH_LEN];

	tracedat_record__set_str(r, field, ftrace_text__clean(buf, s, max), max);
}

static void build(struct tracedat_record *r, const struct tracedat_event *e,
		  const struct sched_event *ev)
{
	int32_t pid, tgid;
	const char *comm;

	tracedat_record__start(r, e);
	ftrace_text__current(ev, &pid, &tgid, &comm);
	tracedat_record__set_int(r, "common_pid", pid);
	if (ev->type <= SE_WAKEUP_NEW) {	/* "d..2.", as ftrace_text prints it */
		tracedat_record__set_int(r, "common_flags", 0x01);	/* TRACE_FLAG_IRQS_OFF */
		tracedat_record__set_int(r, "common_preempt_count", 2);
	}
	switch (ev->type) {
	case SE_SWITCH:
		set_text(r, "prev_comm", ev->comm, SCHED_COMM_LEN);
		tracedat_record__set_int(r, "prev_pid", ev->tid);
		tracedat_record__set_int(r, "prev_prio", ev->prio);
		tracedat_record__set_int(r, "prev_state", ftrace_text__prev_state_bits(ev));
		set_text(r, "next_comm", ev->comm2, SCHED_COMM_LEN);
		tracedat_record__set_int(r, "next_pid", ev->tid2);
		tracedat_record__set_int(r, "next_prio", ev->prio2);
		break;
	case SE_WAKING:
	case SE_WAKEUP:
	case SE_WAKEUP_NEW:
		set_text(r, "comm", ev->comm, SCHED_COMM_LEN);
		tracedat_record__set_int(r, "pid", ev->tid);
		tracedat_record__set_int(r, "prio", ev->prio);
		tracedat_record__set_int(r, "target_cpu", (int32_t)ev->target_cpu);
		break;
	case SE_FORK:
		set_text(r, "parent_comm", ev->comm, SCHED_COMM_LEN);
		tracedat_record__set_int(r, "parent_pid", ev->tid);
		set_text(r, "child_comm", ev->comm2, SCHED_COMM_LEN);
		tracedat_record__set_int(r, "child_pid", ev->tid2);
		break;
	case SE_EXEC:
		set_text(r, "filename", ev->filename, SCHED_PATH_LEN);
		tracedat_record__set_int(r, "pid", ev->tid);
		tracedat_record__set_int(r, "old_pid", ev->old_pid);
		break;
	case SE_EXIT:
		set_text(r, "comm", ev->comm, SCHED_COMM_LEN);
		tracedat_record__set_int(r, "pid", ev->tid);
		tracedat_record__set_int(r, "prio", ev->prio);
		tracedat_record__set_int(r, "group_dead", ev->group_dead != 0);
		break;
	case SE_RENAME:
		tracedat_record__set_int(r, "pid", ev->tid);
		set_text(r, "oldcomm", ev->comm2, SCHED_COMM_LEN);
		set_text(r, "newcomm", ev->comm, SCHED_COMM_LEN);
		break;
	}
}

/* ---- ring-buffer pages ---- */

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int end_page(struct tracedat *t, struct cpu_pages *c)
{
	if (!c->used)
		return 0;
	if (vec__reserve((void **)&c->done, &c->cap_done, c->n_done + 1, sizeof(*c->done)))
		return -ENOMEM;
	put64(c->page + 8, c->used);
	memset(c->page + PAGE_HDR + c->used, 0, PAGE_DATA - c->used);
	if (fwrite(c->page, PAGE_SIZE, 1, t->tmp) != 1)
		return -EIO;
	c->done[c->n_done++] = t->n_tmp_pages++;
	c->used = 0;
	return 0;
}

/* Append one record at ts to its CPU's page, starting a new page when full. */
static int put_event(struct tracedat *t, unsigned cpu, uint64_t ts, const struct tracedat_record *r)
{
	struct cpu_pages *c = &t->cpu[cpu];
	unsigned len = (r->len + 3) & ~3u;
	unsigned need = 4 + len + (len > TYPE_LEN_MAX_DATA * 4 ? 4 : 0);
	uint64_t delta;
	uint8_t *p;
	int err;

	if (!c->page && !(c->page = malloc(PAGE_SIZE)))
		return -ENOMEM;
	if (ts < c->last_ts)
		ts = c->last_ts;	/* out of order on this CPU: keep its time monotonic */
	delta = c->used ? ts - c->last_ts : 0;
	if (c->used + need + (delta >> DELTA_BITS ? 8 : 0) > PAGE_DATA) {
		err = end_page(t, c);
		if (err)
			return err;
		delta = 0;
	}
	if (!c->used)
		put64(c->page, ts);	/* page timestamp: the first event's */
	p = c->page + PAGE_HDR + c->used;
	if (delta >> DELTA_BITS) {
		put32(p, TYPE_TIME_EXTEND | (uint32_t)(delta & ((1u << DELTA_BITS) - 1)) << 5);
		put32(p + 4, (uint32_t)(delta >> DELTA_BITS));
		p += 8;
		c->used += 8;
		delta = 0;
	}
	if (len <= TYPE_LEN_MAX_DATA * 4) {
		put32(p, len / 4 | (uint32_t)delta << 5);
		p += 4;
	} else {
		put32(p, (uint32_t)delta << 5);
		put32(p + 4, len + 4);
		p += 8;
	}
	memcpy(p, r->buf, r->len);
	memset(p + r->len, 0, len - r->len);
	c->used += need;
	c->last_ts = ts;
	return 0;
}

static int add_record(void *ctx, const struct trace_record *rec)
{
	struct tracedat *t = ctx;
	const struct tracedat_event *e;
	struct tracedat_record r;

	if (rec->kind != TRACE_REC_EVENT || rec->ev.type >= SE__MAX)
		return 0;
	e = t->by_type[rec->ev.type];
	if (!e)
		return 0;
	build(&r, e, &rec->ev);
	return put_event(t, rec->ev.cpu, rec->ev.ts_ns, &r);
}

/* ---- the file ---- */

static void put_u32(FILE *f, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	fwrite(b, 4, 1, f);
}

static void put_u64(FILE *f, uint64_t v)
{
	uint8_t b[8];

	put64(b, v);
	fwrite(b, 8, 1, f);
}

static void put_sized_text(FILE *f, const char *text)
{
	size_t n = strlen(text);

	put_u64(f, n);
	fwrite(text, 1, n, f);
}

/* saved_cmdlines: "PID COMM\n" per task, control bytes of a comm as '?'. */
static void put_cmdlines(FILE *f, const struct task_names *names)
{
	size_t n = task_names__count(names), len = 0;
	char line[40];

	for (size_t i = 0; i < n; i++) {
		const struct task_name *tn = task_names__at(names, i);

		len += (size_t)snprintf(line, sizeof(line), "%d %s\n", tn->tid, tn->comm);
	}
	put_u64(f, len);
	for (size_t i = 0; i < n; i++) {
		const struct task_name *tn = task_names__at(names, i);
		char comm[SCHED_COMM_LEN];

		fprintf(f, "%d %s\n", tn->tid, ftrace_text__clean(comm, tn->comm, sizeof(comm)));
	}
}

/* Everything before the per-CPU offset table. */
static void put_headers(FILE *f, const struct tracedat *t)
{
	static const char *const systems[] = { "sched", "task" };

	fwrite("\x17\x08\x44tracing6", 1, 11, f);
	fputc('\0', f);
	fputc(0, f);	/* little endian */
	fputc(8, f);	/* long size of the (64-bit) recording host */
	put_u32(f, PAGE_SIZE);
	fwrite("header_page", 1, 12, f);
	put_sized_text(f, tracedat_header_page);
	fwrite("header_event", 1, 13, f);
	put_sized_text(f, tracedat_header_event);
	put_u32(f, 0);	/* ftrace formats */
	put_u32(f, 2);
	for (size_t sys = 0; sys < 2; sys++) {
		uint32_t n = 0;

		for (size_t i = 0; i < N_FORMATS; i++)
			n += !strcmp(t->ev[i].system, systems[sys]);
		fwrite(systems[sys], 1, strlen(systems[sys]) + 1, f);
		put_u32(f, n);
		for (size_t i = 0; i < N_FORMATS; i++)
			if (!strcmp(t->ev[i].system, systems[sys]))
				put_sized_text(f, t->ev[i].text);
	}
	put_u32(f, 0);	/* kallsyms */
	put_u32(f, 0);	/* printk formats */
	put_cmdlines(f, t->names);
	put_u32(f, t->ncpus);
	fwrite("flyrecord", 1, 10, f);
}

static int copy_pages(struct tracedat *t)
{
	uint8_t page[PAGE_SIZE];

	for (unsigned cpu = 0; cpu < t->ncpus; cpu++) {
		const struct cpu_pages *c = &t->cpu[cpu];

		for (size_t i = 0; i < c->n_done; i++) {
			if (fseeko(t->tmp, (off_t)c->done[i] * PAGE_SIZE, SEEK_SET) ||
			    fread(page, PAGE_SIZE, 1, t->tmp) != 1)
				return -EIO;
			if (fwrite(page, PAGE_SIZE, 1, t->out) != 1)
				return -EIO;
		}
	}
	return 0;
}

static int write_file(struct tracedat *t, struct export_src *s)
{
	char *head = NULL;
	size_t head_len = 0;
	FILE *mem;
	uint64_t data, off;
	int err = export_src__scan(s, add_record, t);

	for (unsigned cpu = 0; cpu < t->ncpus && !err; cpu++)
		err = end_page(t, &t->cpu[cpu]);
	if (err)
		return err;
	mem = open_memstream(&head, &head_len);
	if (!mem)
		return -ENOMEM;
	put_headers(mem, t);
	if (fclose(mem)) {
		free(head);
		return -ENOMEM;
	}
	fwrite(head, 1, head_len, t->out);
	/* CPU data starts at the first page boundary after the offset table */
	data = head_len + 16ull * t->ncpus;
	off = (data + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
	for (unsigned cpu = 0; cpu < t->ncpus; cpu++) {
		uint64_t size = (uint64_t)t->cpu[cpu].n_done * PAGE_SIZE;

		put_u64(t->out, off);
		put_u64(t->out, size);
		off += size;
	}
	for (uint64_t pad = (PAGE_SIZE - data % PAGE_SIZE) % PAGE_SIZE; pad; pad--)
		fputc(0, t->out);
	free(head);
	err = copy_pages(t);
	return !err && ferror(t->out) ? -EIO : err;
}

int export_tracedat__write(FILE *out, const char *in_path, FILE *diag)
{
	struct export_src s;
	struct tracedat t = { .out = out };
	int err = export_src__open(&s, in_path, diag);

	if (err)
		return err;
	t.names = s.names;
	t.ncpus = s.ncpus ? s.ncpus : 1;
	t.cpu = calloc(t.ncpus, sizeof(*t.cpu));
	if (!t.cpu) {
		err = -ENOMEM;
	} else if (load_formats(&t)) {
		err = -EINVAL;
		if (diag)
			fprintf(diag, "schedviz: this build has no usable event formats for trace.dat; "
				"mount tracefs (mount -t tracefs nodev /sys/kernel/tracing)\n");
	} else if (!(t.tmp = tmpfile())) {
		err = -errno;
		if (diag)
			fprintf(diag, "schedviz: cannot make a temporary file for the pages: %s "
				"(is /tmp writable?)\n", strerror(-err));
	} else {
		err = write_file(&t, &s);
	}
	if (t.tmp)
		fclose(t.tmp);
	for (unsigned cpu = 0; t.cpu && cpu < t.ncpus; cpu++) {
		free(t.cpu[cpu].page);
		free(t.cpu[cpu].done);
	}
	free(t.cpu);
	for (size_t i = 0; i < N_FORMATS; i++)
		free(t.live_text[i]);
	export_src__close(&s);
	return err;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * perfetto_tasks.h - the tasks the Perfetto export has met (export_perfetto.c):
 * each tid's TGID, parent, first and current name, and its futex-wait slice
 * and track state, found by tid (tid_map). Entries live in one growable
 * array: a pointer to one is valid until the next entry is made.
 */
#ifndef SCHEDVIZ_EXPORT_PERFETTO_TASKS_H
#define SCHEDVIZ_EXPORT_PERFETTO_TASKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sched_event.h"
#include "tid_map.h"

struct pf_task {
	int32_t tid, tgid, ppid;		/* tgid, ppid 0: not known */
	char first[SCHED_COMM_LEN];		/* the name it had when first seen */
	char cur[SCHED_COMM_LEN];		/* the name it has now */
	char told[SCHED_COMM_LEN];		/* the name the export last gave Perfetto */
	bool futex_open;			/* in a futex wait slice */
	bool has_track;				/* its TrackDescriptor is written */
};

struct pf_tasks {
	struct tid_map map;			/* tid -> index into v */
	struct pf_task *v;
	size_t n, cap;
	int err;				/* -ENOMEM once an entry could not be made */
};

/* A name worth keeping: not empty, not the kernel's "<...>" placeholder. */
bool pf_tasks__named(const char *comm);

/* A comm (at most SCHED_COMM_LEN - 1 bytes of src) into dst, NUL-terminated. */
void pf_tasks__set_comm(char dst[SCHED_COMM_LEN], const char *src);

/* tid's entry, made when new. NULL when out of memory (ts->err set). */
struct pf_task *pf_tasks__get(struct pf_tasks *ts, int32_t tid);

/*
 * tid's entry (NULL for tid <= 0 or out of memory), its TGID and, when it
 * had none, its name learnt (first, cur and told: the ProcessTree names it
 * so).
 */
struct pf_task *pf_tasks__note(struct pf_tasks *ts, int32_t tid, int32_t tgid, const char *comm);

/*
 * True when comm, written in an event, would give t (NULL: none) a name
 * other than the one the export last gave it (t->told); the caller then
 * writes comm and sets told. "" and "<...>" name no one.
 */
bool pf_tasks__renames(const struct pf_task *t, const char *comm);

/*
 * Both tasks of ev (tid, tid2) noted into *a and *b. Making the second may
 * move the array, so the first is looked up again after it.
 */
void pf_tasks__note_both(struct pf_tasks *ts, const struct sched_event *ev, struct pf_task **a,
			 struct pf_task **b);

/* The leader's entry of t's process (tgid), or t when the leader is unknown. */
const struct pf_task *pf_tasks__leader(const struct pf_tasks *ts, const struct pf_task *t);

/* Free the entries and the map. */
void pf_tasks__release(struct pf_tasks *ts);

#endif

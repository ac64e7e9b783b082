/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lane_list.h - which task lanes are shown, in which order, at which depth.
 *
 * The tree: a process (thread-group leader) holds its threads, then the
 * processes it forked (children by ppid == its TGID); a task whose parent
 * is not traced is a root. Siblings are ordered by the chosen sort; a folded
 * process hides everything below it; a name filter keeps the tasks whose
 * comm contains it (case-insensitive) and their ancestors, so the tree still
 * reads. In the whole-system view the quiet children of each parent (see
 * lane_list_opts.fold_quiet) share one lane. Pure: no terminal, no model
 * internals beyond struct trace_task.
 */
#ifndef SCHEDVIZ_TUI_LANE_LIST_H
#define SCHEDVIZ_TUI_LANE_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace_model.h"

enum lane_sort {
	LANE_SORT_CREATION = 0,	/* task creation order */
	LANE_SORT_RUN,		/* run time up to now, largest first */
	LANE_SORT_SWITCHES,	/* voluntary + involuntary switches, most first */
	LANE_SORT__COUNT
};

/* "creation", "run time", "switches". Static storage. */
const char *lane_sort__name(enum lane_sort s);

#define LANE_THREAD	0x01u	/* a thread (not a process leader) */
#define LANE_FOLDED	0x02u	/* a folded process: its subtree is hidden */
#define LANE_LAST	0x04u	/* last among its siblings (tree glyph └ rather than ├) */
#define LANE_CONTEXT	0x08u	/* shown only as the ancestor of a filter match */
#define LANE_QUIET	0x10u	/* the quiet children of one parent (or the quiet roots)
				   as one lane, after their siblings: task is the first of
				   them, hidden how many tasks they and theirs are */

#define LANE_MAX_DEPTH 32	/* deeper tasks are drawn at this depth */

struct lane {
	uint32_t task;		/* index into the tasks array */
	uint32_t hidden;	/* LANE_FOLDED: tasks hidden below it */
	uint16_t depth;		/* 0 for roots */
	uint16_t flags;		/* LANE_* */
	uint32_t rails;		/* bit d: the ancestor at depth d+1 has siblings below (draw │) */
};

/*
 * Working memory of lane_list__build() and lane_list__subtree(), kept
 * between calls so that a view building lanes every frame does not
 * allocate once sizes settle. Zero-initialise; release with
 * lane_list_work__free().
 */
struct lane_list_work {
	void *mem;
	size_t cap;	/* bytes */
};

void lane_list_work__free(struct lane_list_work *w);

struct lane_list_opts {
	enum lane_sort sort;
	const char *filter;	/* substring of comm, or NULL/"" for all */
	const int32_t *folded;	/* TGIDs of folded processes */
	size_t n_folded;
	uint64_t now_ns;	/* for run time of open intervals (sort by run time) */
	/* The whole system: under each parent, and among the roots, the
	 * children whose subtree ran less than 1% of all the run time traced
	 * by now_ns are one LANE_QUIET lane, where there are two or more of
	 * them. Not while a filter is set. */
	bool fold_quiet;
	struct lane_list_work *work;	/* reused working memory; NULL: allocated per call */
};

/*
 * Order tasks[0..n) into lanes. out must hold n entries (caller-owned);
 * *n_out gets the number shown. tasks[i] must be in creation order (as
 * trace_model__task gives them).
 * Returns 0 or -ENOMEM (working memory).
 */
int lane_list__build(const struct trace_task *const *tasks, size_t n,
		     const struct lane_list_opts *opts, struct lane *out, size_t *n_out);

/*
 * The task at index `root` of tasks[0..n) and the tasks below it (those a
 * fold of it hides): writes their indexes into tasks into members
 * (capacity cap; root first) and returns how many there are (may exceed
 * cap; only cap are written). Computed from the tree, not from what is
 * shown. work: reused working memory, or NULL (allocated for the call);
 * without memory, only root is returned.
 */
size_t lane_list__subtree(struct lane_list_work *work, const struct trace_task *const *tasks,
			  size_t n, uint32_t root, uint32_t *members, size_t cap);

/*
 * The tasks a LANE_QUIET lane stands for: the quiet siblings of tasks[first]
 * (the lane's task) under opts, as lane_list__build() found them, and the
 * tasks below them; indexes into tasks written to members (capacity cap),
 * and their count returned (may exceed cap). Without working memory, only
 * first is returned.
 */
size_t lane_list__quiet_members(const struct trace_task *const *tasks, size_t n,
				const struct lane_list_opts *opts, uint32_t first,
				uint32_t *members, size_t cap);

#endif

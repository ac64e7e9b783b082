// SPDX-License-Identifier: GPL-2.0-only
/*
 * lane_list.c - lane order: the process tree, sorted, folded and filtered.
 */
#include "lane_list.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "task_totals.h"
#include "vec.h"

#define NO_PARENT UINT32_MAX

const char *lane_sort__name(enum lane_sort s)
{
	switch (s) {
	case LANE_SORT_RUN:
		return "run time";
	case LANE_SORT_SWITCHES:
		return "switches";
	default:
		return "creation";
	}
}

struct tid_idx {
	int32_t tid;
	uint32_t idx;
};

static int cmp_tid_idx(const void *a, const void *b)
{
	const struct tid_idx *x = a, *y = b;

	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Latest task with this tid created before task `before` (PIDs get reused). */
static uint32_t find_before(const struct tid_idx *by_tid, size_t n, int32_t tid,
			    uint32_t before)
{
	size_t lo = 0, hi = n;
	uint32_t found = NO_PARENT;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (by_tid[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && by_tid[lo].tid == tid && by_tid[lo].idx < before; lo++)
		found = by_tid[lo].idx;
	return found;
}

static bool is_leader(const struct trace_task *t)
{
	return !t->is_thread || t->tid == t->tgid;
}

/*
 * The lane a task hangs under: a thread under its process's leader; a process
 * under its parent process (ppid), else under the process of the task that
 * created it; NO_PARENT when neither is traced. A parent is always a task
 * created earlier (find_before), so parent[i] < i.
 */
static void link_parents(const struct trace_task *const *tasks, size_t n,
			 const struct tid_idx *by_tid, uint32_t *parent)
{
	for (size_t i = 0; i < n; i++) {
		const struct trace_task *t = tasks[i];
		uint32_t p = NO_PARENT;

		if (!is_leader(t))
			p = find_before(by_tid, n, t->tgid, (uint32_t)i);
		else if (t->ppid > 0)
			p = find_before(by_tid, n, t->ppid, (uint32_t)i);
		if (p != NO_PARENT && !is_leader(tasks[p]))
			p = NO_PARENT; /* a TID match that is not a process leader */
		if (p == NO_PARENT && t->parent_tid > 0 && t->parent_tid != t->tid) {
			p = find_before(by_tid, n, t->parent_tid, (uint32_t)i);
			if (p != NO_PARENT && !is_leader(tasks[p])) {
				uint32_t lp = find_before(by_tid, n, tasks[p]->tgid, (uint32_t)i);

				if (lp != NO_PARENT && is_leader(tasks[lp]))
					p = lp;
			}
		}
		parent[i] = p;
	}
}

struct sort_key {
	uint64_t key;
	uint32_t idx;
};

static int cmp_key_desc(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Task t's sort key and, with fold_quiet, its own run time into *run (else
 * 0), from one computation of its totals.
 */
static uint64_t sort_key_of(const struct trace_task *t, const struct lane_list_opts *o,
			    uint64_t *run)
{
	bool by = o->sort == LANE_SORT_RUN || o->sort == LANE_SORT_SWITCHES;
	struct task_totals tt;

	*run = 0;
	if (!by && !o->fold_quiet)
		return 0; /* ties fall back to creation order */
	task_totals__of_task(t, o->now_ns, &tt);
	if (o->fold_quiet)
		*run = tt.time_ns[TS_RUNNING];
	if (!by)
		return 0;
	return o->sort == LANE_SORT_RUN ? tt.time_ns[TS_RUNNING] : tt.nvcsw + tt.nivcsw;
}

static bool name_matches(const char *comm, const char *filter)
{
	size_t fl = strlen(filter), cl = strnlen(comm, SCHED_COMM_LEN);

	for (size_t i = 0; i + fl <= cl; i++) {
		size_t k = 0;

		while (k < fl && tolower((unsigned char)comm[i + k]) ==
				 tolower((unsigned char)filter[k]))
			k++;
		if (k == fl)
			return true;
	}
	return false;
}

static bool is_folded(const struct trace_task *t, const struct lane_list_opts *o)
{
	if (!is_leader(t))
		return false;
	for (size_t i = 0; i < o->n_folded; i++)
		if (o->folded[i] == t->tgid)
			return true;
	return false;
}

/* Working arrays of one build, in one block (the work's, or allocated: mem). */
struct tree {
	uint32_t *parent;	/* n */
	uint32_t *first;	/* n + 2: children of p are kids[first[p] .. first[p+1]); p == n: roots */
	uint32_t *kids;		/* n: children lists, each in sort order */
	uint32_t *stack;	/* n: depth-first walk */
	uint32_t *lane_of;	/* n: lane index of a shown task */
	uint32_t *size;		/* n: tasks in the subtree, itself included */
	uint8_t *keep;		/* n: 0 hidden by the filter, 1 match, 2 ancestor of a match */
	struct tid_idx *by_tid;	/* n */
	struct sort_key *order;	/* n */
	uint64_t *run;		/* n: run time of the subtree (fold_quiet) */
	uint64_t run_total;	/* of every task */
	bool fold;		/* quiet children share a lane */
	void *mem;
};

void lane_list_work__free(struct lane_list_work *w)
{
	free(w->mem);
	w->mem = NULL;
	w->cap = 0;
}

static int tree_alloc(struct tree *tr, size_t n, struct lane_list_work *work)
{
	size_t bytes = n * sizeof(struct tid_idx) + n * sizeof(struct sort_key) +
		       n * sizeof(uint64_t) + (7 * n + 2) * sizeof(uint32_t) + n + 1;
	char *p;

	if (work) {
		if (vec__reserve(&work->mem, &work->cap, bytes, 1))
			return -ENOMEM;
		p = work->mem;
		memset(p, 0, bytes);
		tr->mem = NULL;
	} else {
		p = calloc(1, bytes);
		if (!p)
			return -ENOMEM;
		tr->mem = p;
	}
	tr->by_tid = (struct tid_idx *)p;
	p += n * sizeof(struct tid_idx);
	tr->order = (struct sort_key *)p;
	p += n * sizeof(struct sort_key);
	tr->run = (uint64_t *)p;
	p += n * sizeof(uint64_t);
	tr->parent = (uint32_t *)p;
	tr->first = tr->parent + n;
	tr->kids = tr->first + n + 2;
	tr->stack = tr->kids + n;
	tr->lane_of = tr->stack + n;
	tr->size = tr->lane_of + n;
	tr->keep = (uint8_t *)(tr->size + n);
	return 0;
}

static int tree_build(const struct trace_task *const *tasks, size_t n,
		      const struct lane_list_opts *opts, struct lane_list_work *work,
		      struct tree *tr)
{
	int err = tree_alloc(tr, n, work);

	if (err)
		return err;
	tr->run_total = 0;
	for (size_t i = 0; i < n; i++) {
		tr->by_tid[i] = (struct tid_idx){ tasks[i]->tid, (uint32_t)i };
		tr->run[i] = 0;
		tr->order[i] = (struct sort_key){
			opts ? sort_key_of(tasks[i], opts, &tr->run[i]) : 0, (uint32_t)i };
		tr->run_total += tr->run[i];
	}
	qsort(tr->by_tid, n, sizeof(*tr->by_tid), cmp_tid_idx);
	qsort(tr->order, n, sizeof(*tr->order), cmp_key_desc);
	link_parents(tasks, n, tr->by_tid, tr->parent);

	/* children lists by counting sort: threads first, then processes, each in sort order */
	for (size_t i = 0; i < n; i++)
		tr->first[(tr->parent[i] == NO_PARENT ? n : tr->parent[i]) + 1]++;
	for (size_t p = 1; p <= n + 1; p++)
		tr->first[p] += tr->first[p - 1];
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < n; k++) {
			uint32_t i = tr->order[k].idx;
			size_t p = tr->parent[i] == NO_PARENT ? n : tr->parent[i];

			if (is_leader(tasks[i]) != (pass == 1))
				continue;
			tr->kids[tr->first[p]++] = i; /* first[p] walks to p's end... */
		}
	}
	for (size_t p = n + 1; p > 0; p--) /* ...which is p+1's start: shift back */
		tr->first[p] = tr->first[p - 1];
	tr->first[0] = 0;

	/* subtree sizes and run times: parents come before children */
	for (size_t i = 0; i < n; i++)
		tr->size[i] = 1;
	for (size_t i = n; i-- > 0;) {
		if (tr->parent[i] != NO_PARENT) {
			tr->size[tr->parent[i]] += tr->size[i];
			tr->run[tr->parent[i]] += tr->run[i];
		}
	}
	tr->fold = opts && opts->fold_quiet && !(opts->filter && *opts->filter) &&
		   tr->run_total > 0;
	return 0;
}

static bool is_quiet(const struct tree *tr, uint32_t i)
{
	return tr->fold && tr->run[i] < tr->run_total / 100;
}

/* The quiet children of p (n: the roots) share a lane: two or more of them. */
static bool quiet_grouped(const struct tree *tr, size_t p)
{
	unsigned quiet = 0;

	for (size_t k = tr->first[p]; tr->fold && k < tr->first[p + 1] && quiet < 2; k++)
		quiet += is_quiet(tr, tr->kids[k]);
	return quiet >= 2;
}

/* Depth and rails of a lane l hanging under p (NO_PARENT: a root). */
static void hang(struct lane *out, const struct tree *tr, uint32_t p, struct lane *l)
{
	const struct lane *pl;

	if (p == NO_PARENT)
		return;
	pl = &out[tr->lane_of[p]];
	l->depth = pl->depth < LANE_MAX_DEPTH ? pl->depth + 1 : pl->depth;
	l->rails = pl->rails;
	if (pl->depth >= 1 && !(pl->flags & LANE_LAST))
		l->rails |= 1u << (pl->depth - 1);
}

/* On the walk's stack, the quiet children of p, after their siblings. */
#define QUIET_MARK 0x80000000u

/* Push the children of p (tree size: the roots) to come out in order, quiet ones as one mark. */
static void push_kids(struct tree *tr, size_t p, size_t *sp)
{
	bool grouped = quiet_grouped(tr, p);

	if (grouped)
		tr->stack[(*sp)++] = QUIET_MARK | (uint32_t)p;
	for (size_t k = tr->first[p + 1]; k-- > tr->first[p];)
		if (!grouped || !is_quiet(tr, tr->kids[k]))
			tr->stack[(*sp)++] = tr->kids[k];
}

/* The lane of p's quiet children (p == n: the roots'). */
static void quiet_lane(struct lane *out, const struct tree *tr, size_t n, size_t p,
		       struct lane *l)
{
	memset(l, 0, sizeof(*l));
	l->flags = LANE_QUIET | LANE_LAST;
	l->task = NO_PARENT;
	for (size_t k = tr->first[p]; k < tr->first[p + 1]; k++) {
		uint32_t i = tr->kids[k];

		if (!is_quiet(tr, i))
			continue;
		if (l->task == NO_PARENT)
			l->task = i;
		l->hidden += tr->size[i];
	}
	hang(out, tr, p == n ? NO_PARENT : (uint32_t)p, l);
}

int lane_list__build(const struct trace_task *const *tasks, size_t n,
		     const struct lane_list_opts *opts, struct lane *out, size_t *n_out)
{
	const char *filter = opts->filter && *opts->filter ? opts->filter : NULL;
	struct tree tr;
	size_t sp = 0, shown = 0;
	int err = tree_build(tasks, n, opts, opts->work, &tr);

	*n_out = 0;
	if (err)
		return err;
	for (size_t i = n; i-- > 0;) {
		if (!filter || name_matches(tasks[i]->comm, filter))
			tr.keep[i] = 1;
		if (tr.keep[i] && tr.parent[i] != NO_PARENT && !tr.keep[tr.parent[i]])
			tr.keep[tr.parent[i]] = 2;
	}
	/* depth-first from the roots; children pushed in reverse to come out in order */
	push_kids(&tr, n, &sp);
	while (sp) {
		uint32_t i = tr.stack[--sp];
		uint32_t p;
		size_t ps;
		uint32_t last_kept = NO_PARENT;
		struct lane *l;

		if (i & QUIET_MARK) {
			quiet_lane(out, &tr, n, i & ~QUIET_MARK, &out[shown++]);
			continue;
		}
		p = tr.parent[i];
		ps = p == NO_PARENT ? n : p;
		if (!tr.keep[i])
			continue;
		tr.lane_of[i] = (uint32_t)shown;
		l = &out[shown++];
		memset(l, 0, sizeof(*l));
		l->task = i;
		if (!is_leader(tasks[i]))
			l->flags |= LANE_THREAD;
		if (tr.keep[i] == 2)
			l->flags |= LANE_CONTEXT;
		for (size_t k = tr.first[ps]; k < tr.first[ps + 1]; k++)
			if (tr.keep[tr.kids[k]])
				last_kept = tr.kids[k];
		if (last_kept == i && !quiet_grouped(&tr, ps))
			l->flags |= LANE_LAST;
		hang(out, &tr, p, l);
		if (is_folded(tasks[i], opts) && tr.size[i] > 1) {
			l->flags |= LANE_FOLDED;
			l->hidden = tr.size[i] - 1;
			continue;
		}
		push_kids(&tr, i, &sp);
	}
	*n_out = shown;
	free(tr.mem);
	return 0;
}

/*
 * The tasks on tr's stack (sp of them) and every task below them into
 * members (capacity cap); returns how many, cap or not. Frees tr.
 */
static size_t collect(struct tree *tr, size_t sp, uint32_t *members, size_t cap)
{
	size_t count = 0;

	while (sp) {
		uint32_t i = tr->stack[--sp];

		if (members && count < cap)
			members[count] = i;
		count++;
		for (size_t k = tr->first[i + 1]; k-- > tr->first[i];)
			tr->stack[sp++] = tr->kids[k];
	}
	free(tr->mem);
	return count;
}

size_t lane_list__subtree(struct lane_list_work *work, const struct trace_task *const *tasks,
			  size_t n, uint32_t root, uint32_t *members, size_t cap)
{
	struct tree tr;

	if (root >= n)
		return 0;
	if (tree_build(tasks, n, NULL, work, &tr)) {
		if (members && cap)
			members[0] = root;
		return 1;
	}
	tr.stack[0] = root;
	return collect(&tr, 1, members, cap);
}

size_t lane_list__quiet_members(const struct trace_task *const *tasks, size_t n,
				const struct lane_list_opts *opts, uint32_t first,
				uint32_t *members, size_t cap)
{
	struct tree tr;
	size_t sp = 0, p;

	if (first >= n)
		return 0;
	if (tree_build(tasks, n, opts, opts->work, &tr)) {
		if (members && cap)
			members[0] = first;
		return 1;
	}
	p = tr.parent[first] == NO_PARENT ? n : tr.parent[first];
	for (size_t k = tr.first[p]; k < tr.first[p + 1]; k++)
		if (is_quiet(&tr, tr.kids[k]))
			tr.stack[sp++] = tr.kids[k];
	return collect(&tr, sp, members, cap);
}

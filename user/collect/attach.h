/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * attach.h - tracing what already runs: the tasks of given processes
 * (-p), of the whole machine (--all) or of a cgroup v2 (--cgroup), found
 * in /proc and the cgroup tree when tracing begins. Each one found is
 * declared to the collector (collector__declare(): name, TGID, parent's
 * TGID, as /proc/<tid>/status shows them); for -p each thread is also
 * marked (collector__mark()). Tasks created later are followed by the BPF
 * programs (bpf/schedviz.bpf.c).
 */
#ifndef SCHEDVIZ_ATTACH_H
#define SCHEDVIZ_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "collector.h"

struct attach_spec {
	enum collect_source source;	/* COLLECT_PIDS, COLLECT_ALL or COLLECT_CGROUP */
	const int32_t *pids;		/* COLLECT_PIDS: npids process IDs */
	size_t npids;
	const char *cgroup;		/* COLLECT_CGROUP: the cgroup's directory */
	uint64_t cgroup_id;		/* COLLECT_CGROUP: its attach__cgroup_id() */
};

/*
 * The id of the cgroup v2 at path, as bpf_cgroup_from_id() wants it (the
 * directory's inode number: kernel/cgroup/cgroup.c: cgroup_id() is its
 * kernfs node id). Returns 0, -ENOENT / -ENOTDIR (no such directory),
 * -EMEDIUMTYPE (not on a cgroup v2 file system), other -errno.
 */
int attach__cgroup_id(const char *path, uint64_t *id);

/*
 * COLLECT_PIDS: is every PID a running process (a thread group leader in
 * /proc)? 0, or -ESRCH with *bad_pid the first that is not. Other sources: 0.
 */
int attach__check(const struct attach_spec *spec, int32_t *bad_pid);

/*
 * Find and declare the tasks of spec at ts_ns (the time tracing began);
 * with COLLECT_PIDS mark every thread too, listing them again until a pass
 * finds none unmarked (a thread created meanwhile by a marked one is marked
 * by the programs; one created by an unmarked one is found by the next
 * pass). The collector must be open (its programs attached) first, so no
 * task created during the listing is missed. Returns 0, -ESRCH (*bad_pid:
 * a PID that is not a running process, or that exited before any of its
 * threads was marked), other -errno.
 */
int attach__start(struct collector *c, const struct attach_spec *spec, uint64_t ts_ns,
		  int32_t *bad_pid);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * registry.h - the bundled scenarios: name, one-line summary, lesson.
 * The programs themselves are separate executables (scenarios/<name>.c),
 * runnable on their own; schedviz finds them next to itself.
 */
#ifndef SCHEDVIZ_SCENARIO_REGISTRY_H
#define SCHEDVIZ_SCENARIO_REGISTRY_H

#include <stddef.h>

struct scenario {
	const char *name;	/* "race_counter": also the executable's name */
	const char *summary;	/* one line, for `schedviz list` */
	const char *lesson;	/* a few sentences: what to watch, what it proves;
				   "{cpus}" stands for this machine's CPU count
				   (scenario__lesson() expands it) */
	const char *figures;	/* the live figures the lesson points at, in
				   order: comma-separated names that
				   tui/figures.h defines; NULL: the default set */
};

/* Number of scenarios and the i-th (stable order, as `schedviz list` shows). */
size_t scenario__count(void);
const struct scenario *scenario__at(size_t i);
/*
 * s's lesson for a machine of ncpus CPUs into buf (len bytes, NUL-terminated,
 * cut to fit): "{cpus}" becomes ncpus, or when ncpus < 1 the number of CPUs
 * this process may run on (sched_getaffinity(), as the scenarios count
 * them). Returns buf.
 */
char *scenario__lesson(const struct scenario *s, int ncpus, char *buf, size_t len);

/* Scenario by exact name, or NULL. */
const struct scenario *scenario__find(const char *name);

/*
 * Write the path of s's executable into buf (len bytes), the first that is
 * executable of: DESTDIR/SCHEDVIZ_LIBEXECDIR/<name> when /proc/self/exe is
 * DESTDIR/SCHEDVIZ_BINDIR/schedviz with a non-empty DESTDIR (an installed
 * copy staged by `meson install --destdir`); <directory of
 * /proc/self/exe>/scenarios/<name> (the build tree); SCHEDVIZ_LIBEXECDIR/<name>
 * (installed). Returns 0, -ENOENT when none is, -ENAMETOOLONG.
 */
int scenario__path(const struct scenario *s, char *buf, size_t len);

#endif

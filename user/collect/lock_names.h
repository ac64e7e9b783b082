/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lock_names.h - a name for a futex word, from the traced process's memory
 * map and the ELF symbol tables of what is mapped there, resolved while the
 * process lives (the trace keeps only the address).
 *
 * A word inside a mapped object's image (its file-backed pages, or the
 * anonymous .bss right after them) is named "symbol+0xOFF (object)" from
 * the object's .symtab, else its .dynsym (libelf), or "object+0xVADDR"
 * when no symbol covers it. A word inside CPython's `_PyRuntime` is the
 * GIL's (CPython 3.11 keeps the GIL's condition variables and mutexes in
 * `_PyRuntime.ceval.gil`; 3.12 and 3.13 in the main interpreter's state,
 * which `_PyRuntime` embeds; none of its other locks is waited on at an
 * address inside it): "GIL _PyRuntime+0x1b0 (python3.11)". Elsewhere:
 * "heap", "stack of TID", "anonymous".
 */
#ifndef SCHEDVIZ_COLLECT_LOCK_NAMES_H
#define SCHEDVIZ_COLLECT_LOCK_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "lock_table.h"

#define LOCK_NAME_LEN 96	/* with the NUL; longer names are cut */
#define LOCK_NAME_GIL LOCK_TABLE_GIL	/* prefix of a name that is CPython's GIL */

/*
 * Name the futex word at user address addr of process tgid into out
 * (LOCK_NAME_LEN bytes, NUL-terminated). Reads /proc/<tgid>/maps, the
 * mapped file through /proc/<tgid>/map_files (the file as mapped, even if
 * replaced since) or its path, and each thread's stack pointer from
 * /proc/<tgid>/task/<tid>/syscall. Returns 0, -ENOENT (the process or the
 * mapping is gone), -ENOMEM, or another -errno of the reads.
 */
int lock_names__resolve(int32_t tgid, uint64_t addr, char out[LOCK_NAME_LEN]);

/* A set of (tgid, address) pairs already named: each is resolved once. */
struct lock_names_seen;

/* Returns 0 or -ENOMEM; *out owned by the caller (lock_names__seen_free). */
int lock_names__seen_new(struct lock_names_seen **out);
void lock_names__seen_free(struct lock_names_seen *s);	/* NULL-safe */
/* Add (tgid, addr): 1 when new, 0 when already there, -ENOMEM. */
int lock_names__seen_add(struct lock_names_seen *s, int32_t tgid, uint64_t addr);

#endif

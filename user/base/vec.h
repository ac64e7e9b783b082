/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vec.h - one growable array for all of schedviz: a pointer, a count and a
 * capacity the caller keeps side by side, grown by doubling.
 *
 *   struct thing *v = NULL; size_t n = 0, cap = 0;
 *   if (vec__reserve((void **)&v, &cap, n + 1, sizeof(*v)))
 *           return -ENOMEM;
 *   v[n++] = x;
 *   ...
 *   free(v);
 *
 * The array is owned by whoever holds the pointer and freed with free().
 */
#ifndef SCHEDVIZ_BASE_VEC_H
#define SCHEDVIZ_BASE_VEC_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define VEC_MIN_CAP 16	/* elements in a first allocation */

/*
 * Make room for at least `want` elements of `elem` bytes at *p, whose
 * capacity (elements) is *cap: doubles *cap (at least VEC_MIN_CAP) until it
 * holds `want`, reallocating *p. Elements already there are kept; new room
 * is not zeroed. Returns 0 (also when nothing had to grow) or -ENOMEM, with
 * *p and *cap unchanged.
 */
static inline int vec__reserve(void **p, size_t *cap, size_t want, size_t elem)
{
	size_t c = *cap ? *cap : VEC_MIN_CAP;
	void *v;

	if (want <= *cap)
		return 0;
	while (c < want) {
		if (c > SIZE_MAX / 2)
			return -ENOMEM;
		c *= 2;
	}
	if (elem && c > SIZE_MAX / elem)
		return -ENOMEM;
	v = realloc(*p, c * elem);
	if (!v)
		return -ENOMEM;
	*p = v;
	*cap = c;
	return 0;
}

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tracedat_event.h - one ftrace event's binary record laid out from its
 * tracefs format text ("ID: N", then "field:TYPE NAME; offset:O; size:S;
 * signed:X;" lines), so the records match whichever format text the
 * trace.dat file carries (kernel/trace/trace_events.c: f_show() prints it).
 */
#ifndef SCHEDVIZ_TRACEDAT_EVENT_H
#define SCHEDVIZ_TRACEDAT_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACEDAT_MAX_FIELDS 24
#define TRACEDAT_RECORD_MAX 512	/* fixed fields plus __data_loc strings */

struct tracedat_field {
	char name[48];
	uint16_t offset, size;
	bool data_loc;		/* __data_loc: u32 (len << 16 | offset) to a string */
};

struct tracedat_event {
	const char *system, *name;	/* borrowed */
	const char *text;		/* borrowed format text */
	uint16_t id;			/* common_type */
	unsigned n_fields;
	struct tracedat_field fields[TRACEDAT_MAX_FIELDS];
	unsigned fixed_len;		/* end of the last fixed field */
};

/*
 * Parse a format text (borrowed; must outlive e). required: field names
 * that must be present, NULL-terminated. Returns 0, or -EINVAL when the
 * text does not parse, a field lies past TRACEDAT_RECORD_MAX, has a size
 * other than 1, 2, 4, 8 (or a char array), or a required one is missing.
 */
int tracedat_event__parse(struct tracedat_event *e, const char *system, const char *name,
			  const char *text, const char *const *required);

/* A record being built for e (borrowed). */
struct tracedat_record {
	const struct tracedat_event *e;
	uint8_t buf[TRACEDAT_RECORD_MAX];
	unsigned len;
};

/* Start a record: fixed part zeroed, common_type set to e->id. */
void tracedat_record__start(struct tracedat_record *r, const struct tracedat_event *e);

/* Store v little-endian into an integer field (cut to its size). Unknown names are ignored. */
void tracedat_record__set_int(struct tracedat_record *r, const char *field, int64_t v);

/*
 * Store a string of at most max bytes: into a char array field (cut to its
 * size - 1, NUL-padded) or appended for a __data_loc field. A string that
 * would overflow the record is stored empty.
 */
void tracedat_record__set_str(struct tracedat_record *r, const char *field, const char *s,
			      size_t max);

#endif

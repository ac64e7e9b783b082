// SPDX-License-Identifier: GPL-2.0-only
/* tracedat_event.c - ftrace binary records from format texts (see tracedat_event.h). */
#include "tracedat_event.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * One "\tfield:TYPE NAME[N];\toffset:O;\tsize:S;\tsigned:X;" line. The name
 * is the last identifier before ';' once any array suffix is dropped.
 */
static int parse_field(const char *line, struct tracedat_field *f)
{
	const char *semi = strchr(line, ';');
	const char *end, *start;
	unsigned off, size;
	const char *o = strstr(line, "offset:");
	const char *s = strstr(line, "size:");

	if (!semi || !o || !s || sscanf(o, "offset:%u;", &off) != 1 ||
	    sscanf(s, "size:%u;", &size) != 1)
		return -EINVAL;
	end = semi;
	if (end > line && end[-1] == ']')
		while (end > line && *end != '[')
			end--;
	start = end;
	while (start > line && (start[-1] == '_' || (start[-1] >= 'a' && start[-1] <= 'z') ||
				(start[-1] >= 'A' && start[-1] <= 'Z') ||
				(start[-1] >= '0' && start[-1] <= '9')))
		start--;
	if (start == end || (size_t)(end - start) >= sizeof(f->name))
		return -EINVAL;
	if (off + size > TRACEDAT_RECORD_MAX || !size)
		return -EINVAL;
	memcpy(f->name, start, (size_t)(end - start));
	f->name[end - start] = '\0';
	f->offset = (uint16_t)off;
	f->size = (uint16_t)size;
	f->data_loc = strstr(line, "__data_loc") && strstr(line, "__data_loc") < semi;
	if (f->data_loc && size != 4)
		return -EINVAL;
	return 0;
}

static const struct tracedat_field *find(const struct tracedat_event *e, const char *name)
{
	for (unsigned i = 0; i < e->n_fields; i++)
		if (!strcmp(e->fields[i].name, name))
			return &e->fields[i];
	return NULL;
}

int tracedat_event__parse(struct tracedat_event *e, const char *system, const char *name,
			  const char *text, const char *const *required)
{
	const char *p = text;
	unsigned id;
	const char *idl = strstr(text, "\nID: ");

	memset(e, 0, sizeof(*e));
	e->system = system;
	e->name = name;
	e->text = text;
	if (!idl || sscanf(idl, "\nID: %u", &id) != 1 || id > UINT16_MAX)
		return -EINVAL;
	e->id = (uint16_t)id;
	while ((p = strstr(p, "\tfield:"))) {
		struct tracedat_field *f = &e->fields[e->n_fields];

		if (e->n_fields == TRACEDAT_MAX_FIELDS || parse_field(p, f))
			return -EINVAL;
		if (f->offset + f->size > e->fixed_len)
			e->fixed_len = f->offset + f->size;
		e->n_fields++;
		p++;
	}
	for (const char *const *r = required; *r; r++)
		if (!find(e, *r))
			return -EINVAL;
	return 0;
}

void tracedat_record__start(struct tracedat_record *r, const struct tracedat_event *e)
{
	r->e = e;
	memset(r->buf, 0, e->fixed_len);
	r->len = e->fixed_len;
	tracedat_record__set_int(r, "common_type", e->id);
}

static void put_le(uint8_t *p, unsigned size, uint64_t v)
{
	for (unsigned i = 0; i < size && i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void tracedat_record__set_int(struct tracedat_record *r, const char *field, int64_t v)
{
	const struct tracedat_field *f = find(r->e, field);

	if (f && !f->data_loc)
		put_le(r->buf + f->offset, f->size, (uint64_t)v);
}

void tracedat_record__set_str(struct tracedat_record *r, const char *field, const char *s,
			      size_t max)
{
	const struct tracedat_field *f = find(r->e, field);
	size_t n = strnlen(s, max);

	if (!f)
		return;
	if (!f->data_loc) {
		if (n > (size_t)f->size - 1)
			n = (size_t)f->size - 1;
		memset(r->buf + f->offset, 0, f->size);
		memcpy(r->buf + f->offset, s, n);
		return;
	}
	if (r->len + n + 1 > TRACEDAT_RECORD_MAX)
		n = 0;
	if (r->len + 1 > TRACEDAT_RECORD_MAX)
		return;
	memcpy(r->buf + r->len, s, n);
	r->buf[r->len + n] = '\0';
	put_le(r->buf + f->offset, 4, (uint32_t)(n + 1) << 16 | r->len);
	r->len += (unsigned)n + 1;
}

// SPDX-License-Identifier: GPL-2.0-only
/* pb_writer.c - protobuf wire format appenders (see pb_writer.h). */
#include "pb_writer.h"

#include <errno.h>
#include <stdlib.h>

#include "vec.h"

int pb_buf__grow(struct pb_buf *b, size_t n)
{
	if (b->err)
		return b->err;
	if (b->len + n < b->len || vec__reserve((void **)&b->p, &b->cap, b->len + n, 1))
		b->err = -ENOMEM;
	return b->err;
}

void pb_buf__free(struct pb_buf *b)
{
	free(b->p);
	*b = (struct pb_buf){ 0 };
}

size_t pb__begin(struct pb_buf *b, uint32_t field)
{
	pb__key(b, field, PB_LEN);
	pb_buf__put(b, "", 1);
	return b->len;
}

void pb__end(struct pb_buf *b, size_t mark)
{
	size_t body, extra;
	uint8_t *q;

	if (b->err)
		return;
	body = b->len - mark;
	extra = pb__varint_len(body) - 1;
	if (extra) {
		if (pb_buf__grow(b, extra))
			return;
		memmove(b->p + mark + extra, b->p + mark, body);
		b->len += extra;
	}
	q = b->p + mark - 1;
	while (body >= 0x80) {
		*q++ = (uint8_t)(body | 0x80);
		body >>= 7;
	}
	*q = (uint8_t)body;
}

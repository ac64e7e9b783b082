// SPDX-License-Identifier: GPL-2.0-only
/* output_tail.c - the target's output, piped to the view and kept (see output_tail.h). */
#include "output_tail.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

void output_tail__init(struct output_tail *o)
{
	o->pipe[0] = o->pipe[1] = o->null_fd = -1;
	o->len = 0;
}

int output_tail__open(struct output_tail *o)
{
	if (pipe2(o->pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	o->null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return o->null_fd < 0 ? -errno : 0;
}

void output_tail__launched(struct output_tail *o)
{
	if (o->pipe[1] >= 0) {
		close(o->pipe[1]);
		o->pipe[1] = -1;
	}
}

static void keep(struct output_tail *o, const char *buf, size_t n)
{
	if (n >= OUTPUT_TAIL_BYTES) {
		buf += n - OUTPUT_TAIL_BYTES;
		n = OUTPUT_TAIL_BYTES;
	}
	if (o->len + n > OUTPUT_TAIL_BYTES) {
		size_t drop = o->len + n - OUTPUT_TAIL_BYTES;

		memmove(o->buf, o->buf + drop, o->len - drop);
		o->len -= drop;
	}
	memcpy(o->buf + o->len, buf, n);
	o->len += n;
}

void output_tail__read(struct output_tail *o, struct tui *t)
{
	char buf[4096];
	ssize_t k;

	if (o->pipe[0] < 0)
		return;
	while ((k = read(o->pipe[0], buf, sizeof(buf))) > 0) {
		if (t)
			tui__append_output(t, buf, (size_t)k);
		keep(o, buf, (size_t)k);
	}
}

void output_tail__print(const struct output_tail *o, FILE *f)
{
	if (o->len)
		fwrite(o->buf, 1, o->len, f);
}

void output_tail__close(struct output_tail *o)
{
	for (int i = 0; i < 2; i++) {
		if (o->pipe[i] >= 0)
			close(o->pipe[i]);
		o->pipe[i] = -1;
	}
	if (o->null_fd >= 0)
		close(o->null_fd);
	o->null_fd = -1;
}

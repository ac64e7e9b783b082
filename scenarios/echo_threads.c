// SPDX-License-Identifier: GPL-2.0-only
/*
 * echo_threads - an echo server with one thread per connection.
 *
 * The server process accepts --clients connections on a UNIX socket and
 * starts a conn-N thread for each, which reads a request and writes it back
 * until the client hangs up: blocking calls, one task per connection. The
 * clients run in a forked process (clients, threads client-N), each sending
 * --requests requests and waiting for every echo (echo_clients.h).
 *
 * Prints the requests served, the server process's rusage (its switches)
 * and the client side's request count and latency. Compare with echo_epoll.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "echo_clients.h"

struct conn {
	int fd;
	uint64_t bytes;		/* out: bytes echoed */
};

static void *conn_main(void *arg)
{
	struct conn *c = arg;
	char buf[ECHO_MSG_MAX];

	for (;;) {
		ssize_t n = read(c->fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t put = 0; put < n;) {
			ssize_t w = write(c->fd, buf + put, (size_t)(n - put));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				goto out;
			put += w;
		}
		c->bytes += (uint64_t)n;
	}
out:
	close(c->fd);
	return NULL;
}

int main(int argc, char **argv)
{
	struct echo_config cfg = ECHO_DEFAULTS;
	const struct common_opt opts[] = { ECHO_OPTIONS(cfg), { NULL } };
	const struct common_prog prog = {
		"echo_threads",
		"Echo server with one blocking thread per connection.",
		opts, 120,
	};
	struct conn *conns;
	pthread_t *tids;
	long accepted = 0;
	uint64_t t0, bytes = 0;
	pid_t clients;
	int lfd, gone;

	common__parse_args(&prog, argc, argv);
	conns = calloc((size_t)cfg.clients, sizeof(*conns));
	tids = calloc((size_t)cfg.clients, sizeof(*tids));
	if (!conns || !tids)
		common__die("out of memory");
	lfd = echo_clients__listen(0);
	if (lfd < 0)
		common__die("cannot listen on a UNIX socket: %s", strerror(-lfd));

	t0 = common__now_ns();
	clients = echo_clients__spawn(&cfg, &gone);
	while (accepted < cfg.clients) {
		struct pollfd p[2] = { { .fd = lfd, .events = POLLIN },
				       { .fd = gone, .events = POLLIN } };

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			common__die("poll: %s", strerror(errno));
		}
		if (p[0].revents & POLLIN) {
			int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

			if (fd < 0)
				continue;
			conns[accepted].fd = fd;
			common__thread_start(&tids[accepted], conn_main, &conns[accepted],
					     "conn-%ld", accepted + 1);
			accepted++;
		} else if (p[1].revents) {
			break;	/* the clients are gone before all connected */
		}
	}
	for (long i = 0; i < accepted; i++) {
		common__thread_join(tids[i]);
		bytes += conns[i].bytes;
	}
	close(lfd);
	close(gone);
	free(tids);
	free(conns);
	return echo_clients__finish(clients, (long)(bytes / (uint64_t)cfg.msg_bytes),
				    accepted, common__now_ns() - t0);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * echo_epoll - the same echo server as echo_threads, as one event loop.
 *
 * A single epoll-loop thread owns the listening socket and every
 * connection, all non-blocking: it sleeps only in epoll_wait(), and each
 * wakeup serves every connection that became readable meanwhile, as
 * asyncio's loop does under its coroutines. The clients are the same forked
 * process as in echo_threads (echo_clients.h).
 *
 * --stall-ms: halfway through, the loop calls something that blocks (a
 * sleep, standing in for a synchronous database call or time.sleep() in a
 * coroutine): no connection is served meanwhile, and every client's
 * longest request is about that long.
 *
 * Prints the requests served, the loop's epoll_wait() calls and events per
 * call, the stall, the server process's rusage and the client side's
 * figures (each client's longest request).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "echo_clients.h"

#define MAX_EVENTS 64

struct loop {
	int lfd, gone_fd;
	long expected;		/* connections the clients will make */
	long accepted, open;
	uint64_t bytes;		/* bytes echoed */
	uint64_t waits;		/* epoll_wait() calls */
	uint64_t events;	/* events those calls returned */
	uint64_t stall_ns;	/* --stall-ms: one blocking sleep in the loop */
	long stall_after;	/* ... once this many bytes were echoed */
	uint64_t stalled_ns;	/* out: how long it took */
	uint64_t stall_at_ns;	/* out: CLOCK_MONOTONIC when it began */
};

static void accept_all(struct loop *l, int ep)
{
	for (;;) {
		int fd = accept4(l->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct epoll_event ev = { .events = EPOLLIN };

		if (fd < 0)
			return;	/* EAGAIN: nothing more to accept now */
		ev.data.fd = fd;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
			common__die("epoll_ctl: %s", strerror(errno));
		l->accepted++;
		l->open++;
	}
}

/* Echo everything readable on fd; close it on EOF or error. */
static void serve(struct loop *l, int fd)
{
	char buf[ECHO_MSG_MAX];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			close(fd);	/* also removes it from the epoll set */
			l->open--;
			return;
		}
		/*
		 * A client has at most one request in flight, far less than
		 * the socket buffer, so this write never finds it full.
		 */
		if (write(fd, buf, (size_t)n) != n)
			common__die("echo write fell short: %s", strerror(errno));
		l->bytes += (uint64_t)n;
	}
}

static void *loop_main(void *arg)
{
	struct loop *l = arg;
	struct epoll_event ev = { .events = EPOLLIN }, events[MAX_EVENTS];
	int ep = epoll_create1(EPOLL_CLOEXEC), gone = 0;

	if (ep < 0)
		common__die("epoll_create1: %s", strerror(errno));
	ev.data.fd = l->lfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, l->lfd, &ev);
	ev.data.fd = l->gone_fd;
	epoll_ctl(ep, EPOLL_CTL_ADD, l->gone_fd, &ev);

	while (l->open > 0 || (l->accepted < l->expected && !gone)) {
		int n = epoll_wait(ep, events, MAX_EVENTS, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			common__die("epoll_wait: %s", strerror(errno));
		}
		l->waits++;
		l->events += (uint64_t)n;
		for (int i = 0; i < n; i++) {
			int fd = events[i].data.fd;

			if (fd == l->lfd) {
				accept_all(l, ep);
			} else if (fd == l->gone_fd) {
				gone = 1;	/* no more connections will come */
				epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
			} else {
				serve(l, fd);
			}
		}
		if (l->stall_ns && !l->stalled_ns && l->bytes >= (uint64_t)l->stall_after) {
			uint64_t t = common__now_ns();

			/* a blocking call in a handler: every connection waits */
			common__sleep_ns(l->stall_ns);
			l->stall_at_ns = t;
			l->stalled_ns = common__now_ns() - t;
		}
	}
	close(ep);
	return NULL;
}

int main(int argc, char **argv)
{
	struct echo_config cfg = ECHO_DEFAULTS;
	long stall_ms = 0;
	const struct common_opt opts[] = {
		ECHO_OPTIONS(cfg),
		{ "stall-ms", COMMON_OPT_LONG, &stall_ms, 0, 60000, NULL,
		  "halfway, the loop makes one blocking call (a sleep) this long, ms" },
		{ NULL },
	};
	const struct common_prog prog = {
		"echo_epoll",
		"Echo server as one epoll event loop over non-blocking sockets.",
		opts, 120,
	};
	struct loop l = { 0 };
	pthread_t tid;
	uint64_t t0;
	pid_t clients;

	common__parse_args(&prog, argc, argv);
	l.lfd = echo_clients__listen(1);
	if (l.lfd < 0)
		common__die("cannot listen on a UNIX socket: %s", strerror(-l.lfd));
	l.expected = cfg.clients;
	l.stall_ns = (uint64_t)stall_ms * 1000000ull;
	l.stall_after = cfg.clients * cfg.requests * cfg.msg_bytes / 2;

	t0 = common__now_ns();
	clients = echo_clients__spawn(&cfg, &l.gone_fd);
	common__thread_start(&tid, loop_main, &l, "epoll-loop");
	common__thread_join(tid);
	close(l.lfd);
	close(l.gone_fd);
	common__result("epoll_waits", "%llu", (unsigned long long)l.waits);
	common__result("events_per_wait", "%.2f",
		       l.waits ? (double)l.events / (double)l.waits : 0.0);
	common__result("stall_ms", "%.3f", l.stalled_ns / 1e6);
	common__result("stall_span_ns", "%llu %llu", (unsigned long long)l.stall_at_ns,
		       (unsigned long long)(l.stall_at_ns + l.stalled_ns));
	return echo_clients__finish(clients, (long)(l.bytes / (uint64_t)cfg.msg_bytes),
				    l.accepted, common__now_ns() - t0);
}

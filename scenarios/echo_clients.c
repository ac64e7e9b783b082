// SPDX-License-Identifier: GPL-2.0-only
/*
 * echo_clients.c - the echo workload's socket and client process (see
 * echo_clients.h).
 */
#include "echo_clients.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common.h"

static struct sockaddr_un server_addr;
static socklen_t server_addr_len;

int echo_clients__listen(int nonblock)
{
	int fd, n;

	memset(&server_addr, 0, sizeof(server_addr));
	server_addr.sun_family = AF_UNIX;
	/* sun_path[0] == '\0': the abstract namespace, no file to clean up */
	n = snprintf(server_addr.sun_path + 1, sizeof(server_addr.sun_path) - 1,
		     "schedviz-echo-%d", (int)getpid());
	server_addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0), 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&server_addr, server_addr_len) ||
	    listen(fd, 1024)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

struct client {
	const struct echo_config *cfg;
	uint64_t think_rounds;	/* common__burn rounds before each request */
	long id;		/* 1-based */
	uint64_t busy_ns;	/* out: time from first request to last echo */
	uint64_t max_ns;	/* out: the longest request, send to echo */
	uint64_t first_ns, last_ns;	/* out: CLOCK_MONOTONIC at its first send, last echo */
	int failed;		/* out */
	uint64_t sink;
};

/* All len bytes of buf read from fd (out NULL) or written from out to it: 0 or -1. */
static int io_full(int fd, char *in, const char *out, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = out ? write(fd, out + done, len - done)
				: read(fd, in + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static void *client_main(void *arg)
{
	struct client *c = arg;
	size_t len = (size_t)c->cfg->msg_bytes;
	char out[ECHO_MSG_MAX], in[ECHO_MSG_MAX];
	uint64_t t0;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&server_addr, server_addr_len)) {
		common__error("client-%ld: cannot connect to the echo server: %s",
			      c->id, strerror(errno));
		c->failed = 1;
		goto out;
	}
	t0 = common__now_ns();
	c->first_ns = t0;
	for (long r = 0; r < c->cfg->requests; r++) {
		uint64_t sent;

		c->sink += common__burn((uint64_t)r, c->think_rounds);
		for (size_t i = 0; i < len; i++)
			out[i] = (char)('a' + (c->id + r + (long)i) % 26);
		sent = common__now_ns();
		if (io_full(fd, NULL, out, len) || io_full(fd, in, NULL, len) ||
		    memcmp(in, out, len)) {
			common__error("client-%ld: request %ld: no or wrong echo", c->id, r);
			c->failed = 1;
			goto out;
		}
		if (common__now_ns() - sent > c->max_ns)
			c->max_ns = common__now_ns() - sent;
	}
	c->last_ns = common__now_ns();
	c->busy_ns = c->last_ns - t0;
out:
	if (fd >= 0)
		close(fd);
	return NULL;
}

static void run_clients(const struct echo_config *cfg)
{
	struct client *cl = calloc((size_t)cfg->clients, sizeof(*cl));
	pthread_t *tids = calloc((size_t)cfg->clients, sizeof(*tids));
	uint64_t busy = 0, think = common__burn_calibrate((uint64_t)cfg->think_us * 1000ull);
	int failed = 0;

	if (!cl || !tids)
		common__die("out of memory");
	for (long i = 0; i < cfg->clients; i++)
		cl[i] = (struct client){ .cfg = cfg, .id = i + 1, .think_rounds = think };
	common__threads_start(tids, cfg->clients, client_main, cl, sizeof(*cl), "client");
	for (long i = 0; i < cfg->clients; i++) {
		common__thread_join(tids[i]);
		busy += cl[i].busy_ns;
		failed |= cl[i].failed;
	}
	common__result("client_requests", "%ld", cfg->clients * cfg->requests);
	common__result("client_us_per_request", "%.2f",
		       busy / 1e3 / (double)(cfg->clients * cfg->requests));
	for (long i = 0; i < cfg->clients; i++) {
		common__result_nth("client", i + 1, "max_us", "%.1f", cl[i].max_ns / 1e3);
		/* when it was in touch with the server, CLOCK_MONOTONIC ns */
		common__result_nth("client", i + 1, "span_ns", "%llu %llu",
				   (unsigned long long)cl[i].first_ns,
				   (unsigned long long)cl[i].last_ns);
	}
	exit(failed ? COMMON_EXIT_FAIL : 0);
}

pid_t echo_clients__spawn(const struct echo_config *cfg, int *gone_fd)
{
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		common__die("pipe: %s (raise ulimit -n)", strerror(errno));
	pid = common__fork("clients");
	if (pid == 0) {
		close(fds[0]);	/* fds[1] stays open until this process exits */
		run_clients(cfg);
	}
	close(fds[1]);
	*gone_fd = fds[0];
	return pid;
}

int echo_clients__finish(pid_t clients, long served, long connections,
			 uint64_t wall_ns)
{
	int status = common__wait_child(clients);

	common__result("connections", "%ld", connections);
	common__result("requests_served", "%ld", served);
	common__result("wall_ms", "%.3f", wall_ns / 1e6);
	common__result_rusage("server_", RUSAGE_SELF);
	if (status) {
		common__error("the client process failed (status %d)", status);
		return COMMON_EXIT_FAIL;
	}
	return 0;
}

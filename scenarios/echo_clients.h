/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * echo_clients.h - the workload shared by echo_threads and echo_epoll: a
 * listening UNIX stream socket in the abstract namespace (no file, no
 * network), and a forked client process whose threads each send a fixed
 * number of fixed-size requests and wait for each echo before the next.
 */
#ifndef SCHEDVIZ_SCENARIO_ECHO_CLIENTS_H
#define SCHEDVIZ_SCENARIO_ECHO_CLIENTS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ECHO_MSG_MAX 4096	/* largest request, bytes */

struct echo_config {
	long clients;		/* connections, one client thread each */
	long requests;		/* requests per client */
	long msg_bytes;		/* bytes per request, 1..ECHO_MSG_MAX */
	long think_us;		/* client CPU work before each request, us */
};

/* The defaults both echo scenarios start from, so that their runs compare. */
#define ECHO_DEFAULTS { .clients = 8, .requests = 15000, .msg_bytes = 64, .think_us = 15 }

/* The options both echo scenarios take (--clients, --requests, --msg-bytes,
 * --think-us), bound to cfg, as entries of a struct common_opt array. */
#define ECHO_OPTIONS(cfg)                                                       \
	{ "clients", COMMON_OPT_LONG, &(cfg).clients, 1, 1000, NULL,            \
	  "client connections (one client thread each)" },                      \
	{ "requests", COMMON_OPT_LONG, &(cfg).requests, 1, 10000000, NULL,      \
	  "requests per client" },                                              \
	{ "msg-bytes", COMMON_OPT_LONG, &(cfg).msg_bytes, 1, ECHO_MSG_MAX, NULL, \
	  "bytes per request" },                                                \
	{ "think-us", COMMON_OPT_LONG, &(cfg).think_us, 0, 1000000, NULL,       \
	  "client CPU work before each request, us" }

/*
 * Create a listening UNIX stream socket at an abstract address unique to
 * this process; nonblock sets O_NONBLOCK on it. Returns the fd or -errno.
 */
int echo_clients__listen(int nonblock);

/*
 * Fork the client process ("clients"), which connects cfg->clients client
 * threads (client-N) to the socket made by echo_clients__listen(), runs the
 * requests (each after think_us of CPU work, a client preparing it), checks every echo byte for byte, prints its results (requests,
 * us per request) and exits 0, or COMMON_EXIT_FAIL on any error. Returns the
 * child's PID, and in *gone_fd (owned by the caller) the read end of a pipe
 * that only the client process holds open: it polls readable (EOF) once the
 * clients are gone, so a server never waits for a connection that will not
 * come. Exits the caller on fork or pipe failure.
 */
pid_t echo_clients__spawn(const struct echo_config *cfg, int *gone_fd);

/*
 * Wait for the client process and print the server side's results:
 * requests served, connections, wall time and the server process's rusage
 * (RUSAGE_SELF: the server's tasks only). Returns the exit status to use.
 */
int echo_clients__finish(pid_t clients, long served, long connections,
			 uint64_t wall_ns);

#endif

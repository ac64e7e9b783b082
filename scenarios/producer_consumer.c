// SPDX-License-Identifier: GPL-2.0-only
/*
 * producer_consumer - a bounded queue on a mutex and two condition variables.
 *
 * --producers producer-N threads make --items items in total (--produce-us
 * of CPU each) and put them into a queue of --capacity slots; --consumers
 * consumer-N threads take them out (--consume-us each). When the queue is
 * full producers wait on "not full"; when it is empty consumers wait on "not
 * empty" (queue.Queue(maxsize) in the notes). Consumers are slower by
 * default, so the queue stays full and producers spend their time waiting.
 *
 * Prints items made and used (and their checksums), how often each side
 * found the queue full or empty, and each thread's time blocked in the lock
 * and the condition waits.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	long *slots, capacity, head, len;
	long to_make, to_take;	/* items not yet put / not yet taken */
	uint64_t work_put, work_take;	/* common__burn rounds per item */
};

struct actor {
	struct queue *q;
	long waits;		/* out: times the queue was full/empty */
	long items;		/* out */
	uint64_t blocked_ns;	/* out: in mutex lock and condition waits */
	uint64_t checksum;	/* out: sum of item values */
};

static void lock_timed(struct actor *a)
{
	uint64_t t = common__now_ns();

	pthread_mutex_lock(&a->q->lock);
	a->blocked_ns += common__now_ns() - t;
}

static void wait_timed(struct actor *a, pthread_cond_t *cond)
{
	uint64_t t = common__now_ns();

	pthread_cond_wait(cond, &a->q->lock);
	a->blocked_ns += common__now_ns() - t;
}

/*
 * Lock the queue and claim one of the *left items still to do: returns
 * *left before the claim (1..) with the lock held, or 0 with it released
 * when nothing is left.
 */
static long claim_locked(struct actor *a, long *left)
{
	lock_timed(a);
	if (*left == 0) {
		pthread_mutex_unlock(&a->q->lock);
		return 0;
	}
	return (*left)--;
}

static void *producer(void *arg)
{
	struct actor *a = arg;
	struct queue *q = a->q;

	for (;;) {
		long value = claim_locked(a, &q->to_make);	/* an item number, */

		if (!value)
			return NULL;
		pthread_mutex_unlock(&q->lock);	/* then make it */
		common__burn((uint64_t)value, q->work_put);

		lock_timed(a);
		if (q->len == q->capacity)
			a->waits++;
		while (q->len == q->capacity)
			wait_timed(a, &q->not_full);
		q->slots[(q->head + q->len++) % q->capacity] = value;
		pthread_cond_signal(&q->not_empty);
		pthread_mutex_unlock(&q->lock);
		a->items++;
		a->checksum += (uint64_t)value;
	}
}

static void *consumer(void *arg)
{
	struct actor *a = arg;
	struct queue *q = a->q;

	for (;;) {
		long value;

		if (!claim_locked(a, &q->to_take))	/* this consumer will take one more item */
			return NULL;
		if (q->len == 0)
			a->waits++;
		while (q->len == 0)
			wait_timed(a, &q->not_empty);
		value = q->slots[q->head];
		q->head = (q->head + 1) % q->capacity;
		q->len--;
		pthread_cond_signal(&q->not_full);
		pthread_mutex_unlock(&q->lock);
		common__burn((uint64_t)value, q->work_take);
		a->items++;
		a->checksum += (uint64_t)value;
	}
}

static void report(const char *role, struct actor *a, long n, uint64_t *sum)
{
	long items = 0, waits = 0;
	char key[64];

	*sum = 0;
	for (long i = 0; i < n; i++) {
		common__result_nth(role, i + 1, "blocked_ms", "%.3f", a[i].blocked_ns / 1e6);
		items += a[i].items;
		waits += a[i].waits;
		*sum += a[i].checksum;
	}
	snprintf(key, sizeof(key), "%ss_items", role);
	common__result(key, "%ld", items);
	snprintf(key, sizeof(key), "%ss_waits", role);
	common__result(key, "%ld", waits);
}

int main(int argc, char **argv)
{
	long producers = 2, consumers = 2, items = 10000, capacity = 8;
	long produce_us = 50, consume_us = 150;
	const struct common_opt opts[] = {
		{ "producers", COMMON_OPT_LONG, &producers, 1, 256, NULL, "producer threads" },
		{ "consumers", COMMON_OPT_LONG, &consumers, 1, 256, NULL, "consumer threads" },
		{ "items", COMMON_OPT_LONG, &items, 1, 100000000, NULL, "items in total" },
		{ "capacity", COMMON_OPT_LONG, &capacity, 1, 1000000, NULL, "queue slots" },
		{ "produce-us", COMMON_OPT_LONG, &produce_us, 0, 1000000, NULL,
		  "CPU to make one item, us" },
		{ "consume-us", COMMON_OPT_LONG, &consume_us, 0, 1000000, NULL,
		  "CPU to use one item, us" },
		{ NULL },
	};
	const struct common_prog prog = {
		"producer_consumer",
		"Producers and consumers meet at a bounded queue (mutex + condition variables).",
		opts, 120,
	};
	struct queue q = { .lock = PTHREAD_MUTEX_INITIALIZER,
			   .not_full = PTHREAD_COND_INITIALIZER,
			   .not_empty = PTHREAD_COND_INITIALIZER };
	struct actor *prod, *cons;
	pthread_t *tids;
	uint64_t t0, wall, made_sum, used_sum;

	common__parse_args(&prog, argc, argv);
	q.capacity = capacity;
	q.to_make = q.to_take = items;
	q.work_put = common__burn_calibrate((uint64_t)produce_us * 1000ull);
	q.work_take = common__burn_calibrate((uint64_t)consume_us * 1000ull);
	q.slots = calloc((size_t)capacity, sizeof(*q.slots));
	prod = calloc((size_t)producers, sizeof(*prod));
	cons = calloc((size_t)consumers, sizeof(*cons));
	tids = calloc((size_t)(producers + consumers), sizeof(*tids));
	if (!q.slots || !prod || !cons || !tids)
		common__die("out of memory");

	for (long i = 0; i < consumers; i++)
		cons[i].q = &q;
	for (long i = 0; i < producers; i++)
		prod[i].q = &q;

	t0 = common__now_ns();
	common__threads_start(tids, consumers, consumer, cons, sizeof(*cons), "consumer");
	common__threads_start(tids + consumers, producers, producer, prod, sizeof(*prod),
			      "producer");
	common__threads_join(tids, producers + consumers);
	wall = common__now_ns() - t0;

	common__result("items", "%ld", items);
	common__result("capacity", "%ld", capacity);
	report("producer", prod, producers, &made_sum);
	report("consumer", cons, consumers, &used_sum);
	common__result("checksum_made", "%llu", (unsigned long long)made_sum);
	common__result("checksum_used", "%llu", (unsigned long long)used_sum);
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result_rusage("self_", RUSAGE_SELF);
	free(tids);
	free(cons);
	free(prod);
	free(q.slots);
	if (made_sum != used_sum) {
		common__error("items were lost or duplicated in the queue: a bug");
		return COMMON_EXIT_FAIL;
	}
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Decoding ring buffer records with the layout recorded in an object's meta,
 * and printing them as Tetragon-shaped JSON lines or compact human lines.
 */
#ifndef TPC_AGENT_EVENT_H
#define TPC_AGENT_EVENT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "jsonw.h"
#include "meta.h"

enum event_output {
	EVENT_OUT_JSON,
	EVENT_OUT_COMPACT,
};

struct event_printer {
	enum event_output mode;
	FILE *out;
	char node_name[256];
	int64_t boot_to_real_ns;	/* CLOCK_REALTIME - CLOCK_BOOTTIME at start */
	uint64_t limit;			/* stop after this many events, 0 = never */
	uint64_t n_events;
	uint64_t n_bad;
	bool done;			/* limit reached, or told to stop */
	/*
	 * When to stop, checked between events too: a policy that sees the
	 * agent's own writes produces events as fast as they are consumed, and
	 * then ring_buffer__poll() never returns to the caller's loop.
	 */
	volatile sig_atomic_t *stop;	/* non-zero: stop (a signal came) */
	double deadline;		/* CLOCK_MONOTONIC seconds; 0: none */
	unsigned int n_since_check;
	int write_err;			/* -errno once writing to out failed */
	struct jw w;
	/*
	 * spec.loader: the (pid, path) pairs already reported, as Tetragon's
	 * loader sensor reports each once (an LRU of 1024 there, a ring here)
	 */
	struct { uint32_t pid; uint64_t path_hash; } loader_seen[1024];
	size_t loader_next, loader_used;
};

/* The ring buffer callback context: one per object. */
struct event_src {
	const char *obj_name;
	const struct tpc_meta *meta;
	struct event_printer *pr;
};

int event_printer_init(struct event_printer *pr, enum event_output mode, FILE *out,
		       uint64_t limit);
void event_printer_fini(struct event_printer *pr);

/*
 * ring_buffer_sample_fn: decode and print one record. Malformed records are
 * reported on stderr and skipped. Returns -ECANCELED once the limit is
 * reached and -EIO when writing fails, which ends ring_buffer__poll().
 */
/* CLOCK_MONOTONIC in seconds: --timeout deadlines (main.c) and their checks here. */
double event_now_s(void);
int event_handle(void *ctx, void *data, size_t size);

#endif /* TPC_AGENT_EVENT_H */

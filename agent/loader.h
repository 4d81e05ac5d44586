/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One tpc object from file to attached links: read the file, validate its
 * meta, open it with libbpf, pick one attach variant per hook from what the
 * kernel supports, load, attach. Errors are printed to stderr, naming the
 * object, the policy, the hook and the program; functions return -errno.
 */
#ifndef TPC_AGENT_LOADER_H
#define TPC_AGENT_LOADER_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"
#include "meta.h"

struct bpf_object;
struct bpf_program;
struct bpf_link;

struct loader_obj {
	char *path;
	const char *name;		/* basename of path, for messages */
	void *image;			/* the file, kept for the life of obj */
	size_t image_len;
	struct tpc_meta *meta;
	struct bpf_object *obj;
	int *chosen;			/* per hook: index of the variant to attach */
	struct bpf_link **links;	/* per hook: the entry program */
	struct bpf_link **ret_links;	/* per hook: the exit program of a return probe */
	int ringbuf_fd;
	int *perf_fds;			/* spec.loader: the perf event opened on each CPU, -1 none */
	int n_perf_fds;
	struct event_src src;		/* ring buffer callback context */
};

/* Install the libbpf print callback; verbose shows debug output and every log. */
void loader_setup_libbpf(bool verbose);

int loader_open(struct loader_obj *o, const char *path);
/* Does any variant of this object attach to a tracepoint (so tracefs is needed)? */
bool loader_needs_tracefs(const struct loader_obj *o);
int loader_plan(struct loader_obj *o);
int loader_load(struct loader_obj *o);
int loader_attach(struct loader_obj *o);
void loader_close(struct loader_obj *o);

/* Mount tracefs at /sys/kernel/tracing unless it is mounted somewhere already. */
int loader_ensure_tracefs(bool verbose);

#endif /* TPC_AGENT_LOADER_H */

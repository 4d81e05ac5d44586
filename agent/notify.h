/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GetUrl and DnsLookup: the BPF program only sets TPC_ACT_GETURL /
 * TPC_ACT_DNSLOOKUP in the event; the agent performs the request on a worker
 * thread, off the ring-buffer loop, with a timeout, and logs the outcome.
 */
#ifndef TPC_AGENT_NOTIFY_H
#define TPC_AGENT_NOTIFY_H

#include "diag.h"

enum notify_kind {
	NOTIFY_GETURL,
	NOTIFY_DNSLOOKUP,
};

/* Start the worker (at most once; later calls do nothing). 0 or -errno. */
int notify_start(void);

/*
 * Queue one request; never blocks. d's strings must outlive notify_stop()
 * (they point into the object's meta). A full queue drops the request,
 * counted and reported.
 */
void notify_submit(enum notify_kind kind, const char *arg, const struct diag *d);

/* Finish what is queued (for at most a few seconds), stop the worker, report drops. */
void notify_stop(void);

#endif /* TPC_AGENT_NOTIFY_H */

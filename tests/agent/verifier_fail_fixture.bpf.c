// SPDX-License-Identifier: Apache-2.0
/*
 * A program the verifier rejects: it writes to a ring buffer record without
 * checking bpf_ringbuf_reserve() for NULL. Padded with enough harmless code
 * that the log is longer than the tail the agent prints.
 */
#include "fixture_common.h"

SEC("tracepoint/syscalls/sys_enter_lseek")
int tpc_bad_0_tp(struct tpc_sys_enter *ctx)
{
	struct tpc_event_hdr *e;
	volatile __u64 acc = 0;

#pragma unroll
	for (int i = 0; i < 30; i++)
		acc += ctx->args[i % 6] * (i + 1);
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	e->magic = acc;		/* missing NULL check */
	bpf_ringbuf_submit(e, 0);
	return 0;
}

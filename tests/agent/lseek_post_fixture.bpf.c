// SPDX-License-Identifier: Apache-2.0
/*
 * A second object for multi-object tests: a tracepoint hook on
 * syscalls/sys_enter_lseek that only posts (no enforcement) when fd == -3,
 * with int, int64, uint32 and size_t arguments. Its only variant is the
 * raw sys_enter tracepoint, filtered on the lseek syscall number.
 */
#include "fixture_common.h"

#define NR_LSEEK 8

struct bpf_raw_tracepoint_args;

struct tpc_event_lseekpost_0 {
	struct tpc_event_hdr hdr;
	__s64 fd;
	__s64 offset;
	__u64 whence;
	__u64 offset_sz;
};

/* x86-64 struct pt_regs offsets */
#define REG_DX 96
#define REG_SI 104
#define REG_DI 112

SEC("raw_tracepoint/sys_enter")
int tpc_lseekpost_0_rawtp(__u64 *ctx)
{
	struct tpc_event_lseekpost_0 *e;
	unsigned long regs = ctx[0], di = 0, si = 0, dx = 0;

	if (ctx[1] != NR_LSEEK)
		return 0;
	bpf_probe_read_kernel(&di, sizeof(di), (void *)regs + REG_DI);
	if ((int)di != -3)
		return 0;
	bpf_probe_read_kernel(&si, sizeof(si), (void *)regs + REG_SI);
	bpf_probe_read_kernel(&dx, sizeof(dx), (void *)regs + REG_DX);
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 0, 0, TPC_ACT_POST, 0, sizeof(*e));
	e->fd = (int)di;
	e->offset = (long)si;
	e->whence = (unsigned int)dx;
	e->offset_sz = si;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

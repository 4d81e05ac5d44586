// SPDX-License-Identifier: Apache-2.0
/*
 * Hand-written stand-in for what tpc will generate from the lseek-kill policy:
 * kprobe __x64_sys_lseek (syscall: true), arg 0 int, selector
 * matchArgs [0] Equal -1, matchActions Sigkill. Two variants of hook 0:
 * a kprobe (preferred) and the sys_enter_lseek tracepoint.
 */
#include "fixture_common.h"

struct pt_regs;

struct tpc_event_lseek_0 {
	struct tpc_event_hdr hdr;
	__s64 arg0;
};

static __always_inline int tpc_lseek_0(int fd)
{
	struct tpc_event_lseek_0 *e;
	long ret;

	if (fd != -1)
		return 0;
	ret = bpf_send_signal(9);
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 0, 0, TPC_ACT_POST | TPC_ACT_SIGKILL, (__s32)ret, sizeof(*e));
	e->arg0 = fd;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("kprobe/__x64_sys_lseek")
int tpc_lseek_0_kprobe(struct pt_regs *ctx)
{
	/* x86-64 syscall wrapper: the real registers are behind ctx->di */
	unsigned long regs, fd = 0;

	bpf_probe_read_kernel(&regs, sizeof(regs), (void *)ctx + 112 /* di */);
	bpf_probe_read_kernel(&fd, sizeof(fd), (void *)regs + 112 /* di */);
	return tpc_lseek_0((int)fd);
}

SEC("tracepoint/syscalls/sys_enter_lseek")
int tpc_lseek_0_tp(struct tpc_sys_enter *ctx)
{
	/* sys_enter args are zero-extended: compare at the declared width */
	return tpc_lseek_0((int)ctx->args[0]);
}

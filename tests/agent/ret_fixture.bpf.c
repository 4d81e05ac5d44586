// SPDX-License-Identifier: Apache-2.0
/*
 * Hand-written return probe, the shape tpc generates for `return: true`:
 * hook 0 is lseek with arg 0 (int fd) and an int return value. The entry
 * program parks the event per thread when fd == -7; the exit program posts
 * it once, with the return value (-EBADF). Two variant pairs: kprobe +
 * kretprobe (preferred) and sys_enter_lseek + sys_exit_lseek.
 */
#include "fixture_common.h"

struct pt_regs;

struct tpc_event_ret_0 {
	struct tpc_event_hdr hdr;
	__s64 arg0;
	__s64 ret;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct tpc_event_ret_0);
} tpc_ret_0_pending SEC(".maps");

/* syscalls/sys_exit_* tracepoint context */
struct tpc_sys_exit {
	__u64 common;
	__s64 nr;
	__s64 ret;
};

/* x86-64 struct pt_regs offsets */
#define REG_AX 80
#define REG_DI 112

static const struct tpc_event_ret_0 empty;

static __always_inline int tpc_ret_0_entry(int fd)
{
	__u64 key = bpf_get_current_pid_tgid();
	struct tpc_event_ret_0 *e;

	if (fd != -7)
		return 0;
	bpf_map_update_elem(&tpc_ret_0_pending, &key, &empty, BPF_ANY);
	e = bpf_map_lookup_elem(&tpc_ret_0_pending, &key);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 0, 0, TPC_ACT_POST, 0, sizeof(*e));
	e->arg0 = fd;
	return 0;
}

static __always_inline int tpc_ret_0_exit(long ret)
{
	__u64 key = bpf_get_current_pid_tgid();
	struct tpc_event_ret_0 *p, *e;

	p = bpf_map_lookup_elem(&tpc_ret_0_pending, &key);
	if (!p)
		return 0;
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (e) {
		__builtin_memcpy(e, p, sizeof(*e));
		e->ret = (int)ret;
		bpf_ringbuf_submit(e, 0);
	}
	bpf_map_delete_elem(&tpc_ret_0_pending, &key);
	return 0;
}

SEC("kprobe/__x64_sys_lseek")
int tpc_ret_0_kprobe(struct pt_regs *ctx)
{
	unsigned long regs, fd = 0;

	bpf_probe_read_kernel(&regs, sizeof(regs), (void *)ctx + REG_DI);
	bpf_probe_read_kernel(&fd, sizeof(fd), (void *)regs + REG_DI);
	return tpc_ret_0_entry((int)fd);
}

SEC("kretprobe/__x64_sys_lseek")
int tpc_ret_0_kprobe_ret(struct pt_regs *ctx)
{
	return tpc_ret_0_exit(*(long *)((void *)ctx + REG_AX));
}

SEC("tracepoint/syscalls/sys_enter_lseek")
int tpc_ret_0_tp(struct tpc_sys_enter *ctx)
{
	return tpc_ret_0_entry((int)ctx->args[0]);
}

SEC("tracepoint/syscalls/sys_exit_lseek")
int tpc_ret_0_tp_ret(struct tpc_sys_exit *ctx)
{
	return tpc_ret_0_exit(ctx->ret);
}

// SPDX-License-Identifier: Apache-2.0
/*
 * Uprobes on tpc_test_fn(int) of tests/agent/uprobe_target.c (x86-64):
 * hook 0 posts arg 0 at entry; hook 1 is a uprobe + uretprobe pair that
 * posts arg 0 and the return value once per call. The binary's path is
 * filled into the meta when the test runs.
 */
#include "fixture_common.h"

struct pt_regs;

/* x86-64 struct pt_regs offsets */
#define REG_AX 80
#define REG_DI 112

struct tpc_event_up {
	struct tpc_event_hdr hdr;
	__s64 arg0;
};

struct tpc_event_upret {
	struct tpc_event_hdr hdr;
	__s64 arg0;
	__s64 ret;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct tpc_event_upret);
} tpc_up_1_pending SEC(".maps");

static const struct tpc_event_upret empty;

SEC("uprobe")
int tpc_up_0_uprobe(struct pt_regs *ctx)
{
	struct tpc_event_up *e;

	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 0, TPC_NO_SELECTOR, TPC_ACT_POST, 0, sizeof(*e));
	e->arg0 = (int)*(unsigned long *)((void *)ctx + REG_DI);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("uprobe")
int tpc_up_1_uprobe(struct pt_regs *ctx)
{
	__u64 key = bpf_get_current_pid_tgid();
	struct tpc_event_upret *e;

	bpf_map_update_elem(&tpc_up_1_pending, &key, &empty, BPF_ANY);
	e = bpf_map_lookup_elem(&tpc_up_1_pending, &key);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 1, TPC_NO_SELECTOR, TPC_ACT_POST, 0, sizeof(*e));
	e->arg0 = (int)*(unsigned long *)((void *)ctx + REG_DI);
	return 0;
}

SEC("uretprobe")
int tpc_up_1_uretprobe(struct pt_regs *ctx)
{
	__u64 key = bpf_get_current_pid_tgid();
	struct tpc_event_upret *p, *e;

	p = bpf_map_lookup_elem(&tpc_up_1_pending, &key);
	if (!p)
		return 0;
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (e) {
		__builtin_memcpy(e, p, sizeof(*e));
		e->ret = (int)*(unsigned long *)((void *)ctx + REG_AX);
		bpf_ringbuf_submit(e, 0);
	}
	bpf_map_delete_elem(&tpc_up_1_pending, &key);
	return 0;
}

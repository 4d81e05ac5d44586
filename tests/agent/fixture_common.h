/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What tpc's generated code will share between hooks, written by hand until
 * the compiler exists: the ring buffer and the event header fill.
 */
#ifndef TPC_FIXTURE_COMMON_H
#define TPC_FIXTURE_COMMON_H

#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#include "tpc_event.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} tpc_events SEC(".maps");

/* syscalls/sys_enter_* tracepoint context */
struct tpc_sys_enter {
	__u64 common;
	__s64 nr;
	__u64 args[6];
};

static __always_inline void tpc_fill_hdr(struct tpc_event_hdr *h, __u16 hook, __u16 selector,
					 __u32 actions, __s32 action_ret, __u32 size)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();

	h->magic = TPC_EVENT_MAGIC;
	h->hook = hook;
	h->selector = selector;
	h->actions = actions;
	h->flags = action_ret < 0 ? TPC_EVF_ACTION_FAILED : 0;
	h->action_ret = action_ret;
	h->pid = pid_tgid >> 32;
	h->tid = (__u32)pid_tgid;
	h->uid = (__u32)uid_gid;
	h->gid = uid_gid >> 32;
	h->size = size;
	h->ktime_ns = bpf_ktime_get_boot_ns();
	h->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(h->comm, sizeof(h->comm));
}

#endif /* TPC_FIXTURE_COMMON_H */

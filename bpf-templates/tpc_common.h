/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Runtime pieces every policy object shares: its ring buffer, the drop
 * counter, the event header and the layout of a syscall tracepoint context.
 */
#ifndef TPC_COMMON_H
#define TPC_COMMON_H

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);	/* the agent may resize before load */
} tpc_events SEC(".maps");

/*
 * Events lost because the ring buffer was full. The agent reads and reports
 * it: a lost event is never silent.
 */
__u64 tpc_drops = 0;

/*
 * Submit flags: 0 wakes the agent for every event; the agent sets
 * BPF_RB_NO_WAKEUP before load when it polls on a timer instead.
 */
const volatile __u64 tpc_rb_flags = 0;

/*
 * tracepoint/syscalls/sys_enter_*: the fixed tracefs layout (common fields,
 * syscall number, then six 8-byte arguments, zero-extended by the kernel).
 */
struct tpc_sys_enter {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__u64 args[6];
};

/* tracepoint/syscalls/sys_exit_*: common fields, syscall number, return value. */
struct tpc_sys_exit {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__s64 ret;
};

static __always_inline void *tpc_event_reserve(__u32 size)
{
	void *e = bpf_ringbuf_reserve(&tpc_events, size, 0);

	if (!e)
		__sync_fetch_and_add(&tpc_drops, 1);
	return e;
}

static __always_inline void tpc_event_header(struct tpc_event_hdr *h, __u16 hook, __u16 selector,
					     __u32 actions, long action_ret, __u32 size)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();

	h->magic = TPC_EVENT_MAGIC;
	h->hook = hook;
	h->selector = selector;
	h->actions = actions;
	h->flags = action_ret < 0 ? TPC_EVF_ACTION_FAILED : 0;
	h->action_ret = (__s32)action_ret;
	h->pid = pid_tgid >> 32;
	h->tid = (__u32)pid_tgid;
	h->uid = (__u32)uid_gid;
	h->gid = uid_gid >> 32;
	h->size = size;
	h->ktime_ns = bpf_ktime_get_boot_ns();
	h->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(h->comm, sizeof(h->comm));
}

/* InMap/NotInMap with many values: is key in the hash map the agent filled (compiler/intmap.c)? */
static __always_inline bool tpc_in_hash(void *map, __u64 key)
{
	return bpf_map_lookup_elem(map, &key) != NULL;
}

#endif /* TPC_COMMON_H */

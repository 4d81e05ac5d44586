/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Layout of the events a tpc object writes to its ring buffer.
 *
 * This header is shared verbatim by the generated BPF C (it is embedded in
 * tpc and served to clang from memory) and by the agent. It therefore uses
 * only fixed-width kernel-style types and no libc.
 *
 * Every event is one struct tpc_event_hdr followed by the hook's argument
 * slots. Where each argument lives (offset, size, type) is not compiled into
 * the agent: the object's ".tpc.meta" section records it per hook (see
 * docs/object-format.md), so the agent decodes events without the compiler.
 */
#ifndef TPC_EVENT_H
#define TPC_EVENT_H

#define TPC_EVENT_MAGIC 0x31435054u /* "TPC1" little endian */

/* hdr.selector when no selector matched (hooks without selectors) */
#define TPC_NO_SELECTOR 0xffffu

/* Bits of hdr.actions: what the BPF program did for this event. */
#define TPC_ACT_POST (1u << 0)
#define TPC_ACT_SIGKILL (1u << 1)
#define TPC_ACT_SIGNAL (1u << 2)
#define TPC_ACT_OVERRIDE (1u << 3)

/* Bits of hdr.flags */
#define TPC_EVF_ACTION_FAILED (1u << 0) /* a helper behind an action returned < 0 */

struct tpc_event_hdr {
	__u32 magic;        /* TPC_EVENT_MAGIC */
	__u16 hook;         /* index into the object's meta "hooks" array */
	__u16 selector;     /* index of the first matching selector, or TPC_NO_SELECTOR */
	__u32 actions;      /* TPC_ACT_* bits performed */
	__u32 flags;        /* TPC_EVF_* */
	__s32 action_ret;   /* return value of the enforcement helper (0 on success) */
	__u32 pid;          /* tgid as seen from the root pid namespace */
	__u32 tid;
	__u32 uid;
	__u32 gid;
	__u32 size;         /* total size of the event, header included */
	__u64 ktime_ns;     /* bpf_ktime_get_boot_ns() */
	__u64 cgroup_id;    /* bpf_get_current_cgroup_id() */
	char comm[16];
};

#endif /* TPC_EVENT_H */

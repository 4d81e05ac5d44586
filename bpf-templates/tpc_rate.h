/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Post's rateLimit: at most one event per interval for each (selector,
 * scope) pair, the scope being the thread, the process or nothing
 * (rateLimitScope thread, process, global). The last post time is kept in an
 * LRU map, so forgotten threads age out. Two CPUs racing may both post once.
 * Unlike Tetragon, which also keys on the event's arguments, the key holds
 * no argument values: identical and different arguments are limited alike.
 */
#ifndef TPC_RATE_H
#define TPC_RATE_H

#define TPC_RATE_THREAD 0
#define TPC_RATE_PROCESS 1
#define TPC_RATE_GLOBAL 2

struct tpc_rate_key {
	__u32 selector;	/* hook << 16 | selector */
	__u32 id;	/* tid, tgid or 0 */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct tpc_rate_key);
	__type(value, __u64);
} tpc_rate SEC(".maps");

/* True when an event of this selector was posted less than interval_ns ago (in this scope). */
static __always_inline bool tpc_rate_limited(__u32 selector, __u64 interval_ns, const int scope)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct tpc_rate_key k = {
		.selector = selector,
		.id = scope == TPC_RATE_THREAD ? (__u32)pid_tgid : scope == TPC_RATE_PROCESS ? pid_tgid >> 32 : 0,
	};
	__u64 now = bpf_ktime_get_ns(), *last;

	last = bpf_map_lookup_elem(&tpc_rate, &k);
	if (last && now - *last < interval_ns)
		return true;
	bpf_map_update_elem(&tpc_rate, &k, &now, BPF_ANY);
	return false;
}

#endif /* TPC_RATE_H */

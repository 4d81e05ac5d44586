/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * TrackSock / UntrackSock: Tetragon's socktrack_map. A tracked struct sock
 * maps to the process that tracked it (matchActions TrackSock argSock, or
 * returnArgAction TrackSock on a function returning a sock); an event with a
 * sock or socket argument that is tracked reports that process instead of
 * the current one (pid, tid, uid, gid, cgroup, comm), as Tetragon's
 * update_pid_tid_from_sock() does for every sock and socket argument.
 *
 * One map per object: Tetragon keeps one socktrack_map per sensor, that is
 * per policy (MapBuilderSensor), and tpc compiles a policy into one object.
 * The map is not pinned; `bpftool map dump name tpc_socktrack` shows it.
 * Included by generated policies that use TrackSock or UntrackSock.
 */
#ifndef TPC_SOCKTRACK_H
#define TPC_SOCKTRACK_H

#define TPC_SOCKTRACK_MAX 32768	/* socks tracked; LRU: the oldest go first */

struct tpc_sock_owner {
	__u32 pid;	/* tgid, root pid namespace */
	__u32 tid;
	__u32 uid;
	__u32 gid;
	__u64 cgroup_id;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TPC_SOCKTRACK_MAX);
	__type(key, __u64);	/* the kernel address of the struct sock */
	__type(value, struct tpc_sock_owner);
} tpc_socktrack SEC(".maps");

/* TrackSock: sk now belongs to the current process. */
static __always_inline void tpc_sock_track(__u64 sk)
{
	struct tpc_sock_owner o = {};
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();

	if (!sk || sk >= (__u64)-4095)
		return;	/* NULL or an ERR_PTR: no sock */
	o.pid = pid_tgid >> 32;
	o.tid = (__u32)pid_tgid;
	o.uid = (__u32)uid_gid;
	o.gid = uid_gid >> 32;
	o.cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(o.comm, sizeof(o.comm));
	bpf_map_update_elem(&tpc_socktrack, &sk, &o, BPF_ANY);
}

/* UntrackSock */
static __always_inline void tpc_sock_untrack(__u64 sk)
{
	if (sk)
		bpf_map_delete_elem(&tpc_socktrack, &sk);
}

/* An event with sock sk: report its owner, when it is tracked. */
static __always_inline void tpc_sock_owner(__u64 sk, struct tpc_event_hdr *h)
{
	struct tpc_sock_owner *o;

	if (!sk)
		return;
	o = bpf_map_lookup_elem(&tpc_socktrack, &sk);
	if (!o)
		return;
	h->pid = o->pid;
	h->tid = o->tid;
	h->uid = o->uid;
	h->gid = o->gid;
	h->cgroup_id = o->cgroup_id;
	__builtin_memcpy(h->comm, o->comm, sizeof(h->comm));
}

#endif /* TPC_SOCKTRACK_H */

/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The process map: one entry per process (keyed by tgid), written by the
 * base object (runtime/tpc_base.bpf.c) on fork, exec and exit and filled
 * from /proc by tpc-agent at start-up. Every policy object that has
 * process selectors declares the same map pinned by name; the agent opens
 * them all with pin_root_path TPC_PIN_ROOT, so they share one map.
 *
 * This header is included by the base object, by generated policies (after
 * tpc_str.h) and by the agent (TPC_PROC_LAYOUT_ONLY: the layout, no maps).
 * A change to struct tpc_proc or to the map definition must change
 * TPC_PROC_MAP, so that objects of different layouts never share a map.
 */
#ifndef TPC_PROC_H
#define TPC_PROC_H

#define TPC_PROC_MAP "tpc_procs_v2"	/* the pinned name, under TPC_PIN_ROOT */
#define TPC_PIN_ROOT "/sys/fs/bpf/tpc"
#define TPC_PROC_MAX 32768		/* processes tracked */
#define TPC_PROC_PATH 256		/* bytes of the executable path kept, NUL excluded: at most 255 */
#define TPC_PROC_DEPTH 16		/* ancestors walked by followChildren / followForks */
#define TPC_PROC_NS 10			/* namespaces kept, in matchNamespaces order (compiler/lang.def) */

/* tpc_proc.flags */
#define TPC_PROCF_TRUNCATED (1u << 0)	/* the path is longer than TPC_PROC_PATH - 1: its first bytes */
#define TPC_PROCF_PROCFS (1u << 1)	/* filled from /proc by the agent, not seen at exec */
#define TPC_PROCF_EXITED (1u << 2)	/* exited at exit_ns; the agent removes it a little later */
#define TPC_PROCF_NO_EXEC (1u << 3)	/* forked, no exec seen: the path is the parent's */

struct tpc_proc {
	__u32 pid;		/* tgid, as seen from the root pid namespace */
	__u32 ppid;		/* tgid of the parent at fork */
	__u64 start_ns;		/* bpf_ktime_get_boot_ns() at fork (or from /proc) */
	__u64 exec_ns;		/* at the last exec, 0 if none was seen */
	__u64 exit_ns;		/* 0 while alive */
	__u64 update_ns;	/* last write by the base object or the agent */
	__u32 uid;		/* real uid and gid at the last exec */
	__u32 gid;
	__u32 flags;		/* TPC_PROCF_* */
	__u16 path_len;		/* bytes of path, at most TPC_PROC_PATH - 1 */
	__u16 pad;
	/*
	 * Credentials and namespaces at fork and at the last exec, which
	 * matchCapabilityChanges / matchNamespaceChanges compare with the
	 * task's current ones (a policy whose change selector matched
	 * records the current ones, as Tetragon does); 0: unknown.
	 */
	__u64 caps[3];		/* effective, inheritable, permitted */
	__u32 nspid;		/* the tgid in its own (innermost) pid namespace */
	__u32 ns[TPC_PROC_NS];	/* inode numbers: uts ipc mnt pid pid_for_children net time
				 * time_for_children cgroup user */
	__u32 pad2;
	/* the executable; the second half is slack so Postfix compares need only a mask */
	char path[2 * TPC_PROC_PATH];
};

#ifndef TPC_PROC_LAYOUT_ONLY

#define TPC_F_NO_PREALLOC 1	/* BPF_F_NO_PREALLOC: only live processes cost memory */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, TPC_PROC_MAX);
	__uint(map_flags, TPC_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct tpc_proc);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tpc_procs_v2 SEC(".maps");

static __always_inline struct tpc_proc *tpc_proc_lookup(__u32 tgid)
{
	return bpf_map_lookup_elem(&tpc_procs_v2, &tgid);
}

/* The calling process, or NULL when it is not tracked. */
static __always_inline struct tpc_proc *tpc_proc_current(void)
{
	return tpc_proc_lookup(bpf_get_current_pid_tgid() >> 32);
}

#ifdef TPC_STR_H
/* matchBinaries: the executable path against one literal of n bytes (n < TPC_PROC_PATH). */
static __always_inline bool tpc_proc_eq(const struct tpc_proc *p, const char *lit, const __u32 n)
{
	return !(p->flags & TPC_PROCF_TRUNCATED) && tpc_str_eq(p->path, p->path_len, lit, n);
}

static __always_inline bool tpc_proc_prefix(const struct tpc_proc *p, const char *lit, const __u32 n)
{
	return tpc_str_prefix(p->path, p->path_len, lit, n);
}

static __always_inline bool tpc_proc_postfix(const struct tpc_proc *p, const char *lit, const __u32 n)
{
	__u32 len = p->path_len;

	if (p->flags & TPC_PROCF_TRUNCATED || len < n)
		return false;
	return tpc_str_tail(p->path + ((len - n) & (TPC_PROC_PATH - 1)), len, lit, n);
}
#endif /* TPC_STR_H */

#endif /* TPC_PROC_LAYOUT_ONLY */

#endif /* TPC_PROC_H */

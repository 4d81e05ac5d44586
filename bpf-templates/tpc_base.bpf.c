// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The base object: process tracking for every policy object.
 *
 * Loaded once by tpc-agent (embedded in it, compiled at build time), before
 * any policy. It keeps the pinned process map of tpc_proc.h up to date:
 * fork copies the parent's entry to the child, exec records the executable
 * (the path of bprm->file, rebuilt from the dentry chain, so relative and
 * symlinked exec paths give the real file); both record the task's
 * capabilities, namespaces and namespace pid. Exit marks the entry; the agent
 * removes exited entries a few seconds later, so that events of a killed
 * process still find its binary.
 *
 * BTF-typed tracepoints (tp_btf) give the task and bprm pointers directly.
 */
#include "tpc_prelude.h"

/* CO-RE shadows: only the fields used */
struct qstr {
	__u32 len;
	const unsigned char *name;
} __attribute__((preserve_access_index));

struct dentry {
	struct dentry *d_parent;
	struct qstr d_name;
} __attribute__((preserve_access_index));

struct vfsmount {
	struct dentry *mnt_root;
} __attribute__((preserve_access_index));

struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
} __attribute__((preserve_access_index));

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
} __attribute__((preserve_access_index));

struct file {
	struct path f_path;
} __attribute__((preserve_access_index));

struct linux_binprm {
	struct file *file;
} __attribute__((preserve_access_index));

typedef struct {
	int counter;
} atomic_t;

struct signal_struct {
	atomic_t live;
} __attribute__((preserve_access_index));

struct ns_common {
	unsigned int inum;
} __attribute__((preserve_access_index));

struct uts_namespace { struct ns_common ns; } __attribute__((preserve_access_index));
struct ipc_namespace { struct ns_common ns; } __attribute__((preserve_access_index));
struct mnt_namespace { struct ns_common ns; } __attribute__((preserve_access_index));
struct pid_namespace { struct ns_common ns; } __attribute__((preserve_access_index));
struct net { struct ns_common ns; } __attribute__((preserve_access_index));
struct time_namespace { struct ns_common ns; } __attribute__((preserve_access_index));
struct cgroup_namespace { struct ns_common ns; } __attribute__((preserve_access_index));
struct user_namespace { struct ns_common ns; } __attribute__((preserve_access_index));

struct nsproxy {
	struct uts_namespace *uts_ns;
	struct ipc_namespace *ipc_ns;
	struct mnt_namespace *mnt_ns;
	struct pid_namespace *pid_ns_for_children;
	struct net *net_ns;
	struct time_namespace *time_ns;
	struct time_namespace *time_ns_for_children;
	struct cgroup_namespace *cgroup_ns;
} __attribute__((preserve_access_index));

struct upid {
	int nr;
	struct pid_namespace *ns;
} __attribute__((preserve_access_index));

struct pid {
	unsigned int level;
	struct upid numbers[1];
} __attribute__((preserve_access_index));

/* kernel_cap_t: one __u64 since 6.3, two __u32 before: the same 8 bytes */
struct tpc_kcap {
	__u64 val;
};

struct cred {
	struct tpc_kcap cap_inheritable;
	struct tpc_kcap cap_permitted;
	struct tpc_kcap cap_effective;
	struct user_namespace *user_ns;
} __attribute__((preserve_access_index));

struct task_struct {
	int pid;
	int tgid;
	struct task_struct *real_parent;
	struct signal_struct *signal;
	const struct cred *cred;
	struct nsproxy *nsproxy;
	struct pid *thread_pid;
} __attribute__((preserve_access_index));

#include "tpc_str.h"
#include "tpc_path.h"
#include "tpc_proc.h"

struct tpc_base_scratch {
	char r[TPC_SCRATCH];
	struct tpc_proc p;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tpc_base_scratch);
} tpc_base_scratch SEC(".maps");

static __always_inline struct tpc_base_scratch *scratch(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&tpc_base_scratch, &zero);
}

/*
 * The task's credentials and namespaces, for matchCapabilityChanges and
 * matchNamespaceChanges (the same reads as the generated code of
 * compiler/cgen_proc.c), and its pid in its own pid namespace.
 */
static __always_inline void task_creds(struct task_struct *t, struct tpc_proc *p)
{
	const struct cred *cred = BPF_CORE_READ(t, cred);
	struct nsproxy *nsp = BPF_CORE_READ(t, nsproxy);
	struct pid *pid = BPF_CORE_READ(t, thread_pid);
	unsigned int level = BPF_CORE_READ(pid, level);
	struct upid *up = &pid->numbers[level & 31];

	p->caps[0] = p->caps[1] = p->caps[2] = 0;
	bpf_core_read(&p->caps[0], sizeof(p->caps[0]), &cred->cap_effective);
	bpf_core_read(&p->caps[1], sizeof(p->caps[1]), &cred->cap_inheritable);
	bpf_core_read(&p->caps[2], sizeof(p->caps[2]), &cred->cap_permitted);
	p->nspid = BPF_CORE_READ(up, nr);
	p->ns[0] = BPF_CORE_READ(nsp, uts_ns, ns.inum);
	p->ns[1] = BPF_CORE_READ(nsp, ipc_ns, ns.inum);
	p->ns[2] = BPF_CORE_READ(nsp, mnt_ns, ns.inum);
	p->ns[3] = BPF_CORE_READ(up, ns, ns.inum);
	p->ns[4] = BPF_CORE_READ(nsp, pid_ns_for_children, ns.inum);
	p->ns[5] = BPF_CORE_READ(nsp, net_ns, ns.inum);
	p->ns[6] = p->ns[7] = p->ns[8] = 0;
	if (bpf_core_field_exists(nsp->time_ns)) {
		p->ns[6] = BPF_CORE_READ(nsp, time_ns, ns.inum);
		p->ns[7] = BPF_CORE_READ(nsp, time_ns_for_children, ns.inum);
	}
	if (bpf_core_field_exists(nsp->cgroup_ns))
		p->ns[8] = BPF_CORE_READ(nsp, cgroup_ns, ns.inum);
	p->ns[9] = BPF_CORE_READ(cred, user_ns, ns.inum);
}

/* A new process: the child gets its parent's entry (same executable until it execs). */
SEC("tp_btf/sched_process_fork")
int tpc_base_fork(__u64 *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx[0];
	struct task_struct *child = (struct task_struct *)ctx[1];
	struct tpc_base_scratch *s;
	struct tpc_proc *pp;
	__u32 pid, ppid;

	pid = BPF_CORE_READ(child, tgid);
	if (pid != (__u32)BPF_CORE_READ(child, pid))
		return 0;	/* a new thread, not a new process */
	ppid = BPF_CORE_READ(parent, tgid);
	s = scratch();
	if (!s)
		return 0;
	pp = tpc_proc_lookup(ppid);
	if (pp) {
		__builtin_memcpy(&s->p, pp, sizeof(s->p));
	} else {
		__builtin_memset(&s->p, 0, sizeof(s->p));
	}
	s->p.pid = pid;
	s->p.ppid = ppid;
	s->p.start_ns = bpf_ktime_get_boot_ns();
	s->p.update_ns = s->p.start_ns;
	s->p.exec_ns = 0;
	s->p.exit_ns = 0;
	s->p.flags = (s->p.flags & TPC_PROCF_TRUNCATED) | TPC_PROCF_NO_EXEC;
	task_creds(child, &s->p);
	bpf_map_update_elem(&tpc_procs_v2, &pid, &s->p, BPF_ANY);
	return 0;
}

/* exec: the executable and credentials change; pid, parent and start time stay. */
SEC("tp_btf/sched_process_exec")
int tpc_base_exec(__u64 *ctx)
{
	struct linux_binprm *bprm = (struct linux_binprm *)ctx[2];
	struct file *f = BPF_CORE_READ(bprm, file);
	struct tpc_base_scratch *s;
	struct tpc_strval v = {};
	__u64 uid_gid = bpf_get_current_uid_gid();
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct tpc_proc *old;
	__u32 n;

	s = scratch();
	if (!s)
		return 0;
	old = tpc_proc_lookup(pid);
	if (old) {
		__builtin_memcpy(&s->p, old, sizeof(s->p));
	} else {
		__builtin_memset(&s->p, 0, sizeof(s->p));
		s->p.pid = pid;
		s->p.ppid = BPF_CORE_READ((struct task_struct *)bpf_get_current_task(), real_parent, tgid);
	}
	s->p.exec_ns = bpf_ktime_get_boot_ns();
	if (!s->p.start_ns)
		s->p.start_ns = s->p.exec_ns;
	s->p.update_ns = s->p.exec_ns;
	s->p.exit_ns = 0;
	s->p.uid = (__u32)uid_gid;
	s->p.gid = uid_gid >> 32;
	s->p.flags = 0;
	tpc_path_read(BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt), s->r, &v);
	n = v.len;
	if (n > TPC_PROC_PATH - 1) {
		n = TPC_PROC_PATH - 1;
		s->p.flags |= TPC_PROCF_TRUNCATED;
	}
	barrier_var(n);
	n &= TPC_PROC_PATH - 1;
	s->p.path_len = (__u16)n;
	if (n)
		bpf_probe_read_kernel(s->p.path, n, v.s);
	s->p.path[n & (TPC_PROC_PATH - 1)] = '\0';
	task_creds((struct task_struct *)bpf_get_current_task(), &s->p);
	bpf_map_update_elem(&tpc_procs_v2, &pid, &s->p, BPF_ANY);
	return 0;
}

/* exit of the last thread: mark the entry; the agent deletes it later. */
SEC("tp_btf/sched_process_exit")
int tpc_base_exit(__u64 *ctx)
{
	struct task_struct *t = (struct task_struct *)ctx[0];
	struct tpc_proc *p;
	__u32 pid;

	if (BPF_CORE_READ(t, signal, live.counter) != 0)
		return 0;	/* other threads of the process live on */
	pid = BPF_CORE_READ(t, tgid);
	p = tpc_proc_lookup(pid);
	if (!p)
		return 0;
	p->exit_ns = bpf_ktime_get_boot_ns();
	p->update_ns = p->exit_ns;
	p->flags |= TPC_PROCF_EXITED;
	return 0;
}

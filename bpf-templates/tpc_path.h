/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Paths of files, paths and dentries, rebuilt from the dentry chain.
 * Needs the CO-RE shadows of dentry, qstr, vfsmount and mount (cgen emits
 * them before including this file) and tpc_str.h.
 */
#ifndef TPC_PATH_H
#define TPC_PATH_H

#define TPC_PATH_DEPTH 32	/* dentries walked before a path is flagged partial */

struct tpc_walk {
	struct dentry *d;
	struct dentry *root;	/* of the current mount */
	struct mount *mnt;
	char *region;
	__u32 off;		/* the path so far is region[off..TPC_STR_MAX) */
	__u16 flags;
};

/*
 * One step up the dentry chain. A bpf_loop callback is verified once,
 * whatever the number of iterations; an open-coded loop made the verifier
 * walk every iteration's states and hit its 1M instruction limit.
 */
static long tpc_path_step(__u32 i, void *arg)
{
	/*
	 * Only plain locals go into BPF_CORE_READ: its access-index builtin
	 * would otherwise relocate w->... against the kernel too.
	 */
	struct tpc_walk *w = arg;
	struct dentry *d = w->d;
	struct mount *mnt = w->mnt;
	struct dentry *parent = BPF_CORE_READ(d, d_parent);
	const unsigned char *name;
	__u32 len, off;

	if (d == w->root || d == parent) {
		struct mount *up;

		if (d != w->root || !mnt) {
			w->flags = 0;	/* the root of the file system */
			return 1;
		}
		up = BPF_CORE_READ(mnt, mnt_parent);
		if (up == mnt) {
			w->flags = 0;	/* the root of the mount namespace */
			return 1;
		}
		w->d = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = up;
		w->root = BPF_CORE_READ(up, mnt.mnt_root);
		return 0;
	}
	len = BPF_CORE_READ(d, d_name.len) & 255;
	name = BPF_CORE_READ(d, d_name.name);
	off = w->off;
	if (len + 1 > off) {
		w->flags = TPC_STRF_TRUNCATED;
		return 1;
	}
	off -= len;
	bpf_probe_read_kernel(w->region + (off & TPC_STR_MASK), len, name);
	off -= 1;
	w->region[off & TPC_STR_MASK] = '/';
	w->off = off;
	w->d = parent;
	return 0;
}

/*
 * The path of (dentry, vfsmount) as the mount namespace's root sees it,
 * rebuilt by walking d_parent and crossing mounts upwards, written so that
 * it ends at region[TPC_STR_MAX]. vfs may be NULL (a bare dentry: the path
 * within its file system). A walk that hits TPC_PATH_DEPTH yields the last
 * components only, flagged TPC_STRF_PARTIAL_PATH.
 */
static __always_inline void tpc_path_read(struct dentry *d, struct vfsmount *vfs, char *region,
					  struct tpc_strval *v)
{
	struct tpc_walk w = { .d = d, .region = region, .off = TPC_STR_MAX, .flags = TPC_STRF_PARTIAL_PATH };
	__u32 off;

	v->have = 1;
	if (!d) {
		v->s = region + TPC_STR_MAX;
		v->len = 0;
		v->flags = TPC_STRF_FAULT;
		return;
	}
	if (vfs) {
		w.mnt = (struct mount *)((char *)vfs - bpf_core_field_offset(struct mount, mnt));
		w.root = BPF_CORE_READ(vfs, mnt_root);
	}
	bpf_loop(TPC_PATH_DEPTH, tpc_path_step, &w, 0);
	off = w.off;
	if (off == TPC_STR_MAX) {
		off--;
		region[off & TPC_STR_MASK] = '/';
	}
	off &= TPC_STR_MASK;
	v->s = region + off;
	v->len = TPC_STR_MAX - off;
	v->flags = w.flags;
}

#endif /* TPC_PATH_H */

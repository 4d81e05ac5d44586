/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The other argument types: each reads a kernel object into its event slot
 * (runtime/tpc_event.h), as Tetragon's generic kprobe reports it. cgen
 * defines TPC_ARGS_<TYPE> for the types a policy uses, after the CO-RE
 * shadows of the structs that type touches, then includes this file once.
 * task_struct, cred and user_namespace are flavored (___args: the same
 * kernel structs to CO-RE) so that they do not clash with the process
 * selectors' shadows of the same structs (cgen_proc.c).
 */
#ifndef TPC_ARGS_H
#define TPC_ARGS_H

#ifdef TPC_ARGS_FD
/*
 * fd: the struct file behind descriptor fd of the current task,
 * current->files->fdt->fd[fd]; NULL when fd is not open. The caller
 * rebuilds its path with tpc_path_read() (tpc_path.h).
 */
static __always_inline struct file *tpc_fd_file(long fd)
{
	struct task_struct___args *task = (struct task_struct___args *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds;
	struct file *f = NULL;

	if (!fdt || fd < 0 || fd >= (long)BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}
#endif

#ifdef TPC_ARGS_USERNS
static __always_inline void tpc_userns_read(struct user_namespace___args *ns, struct tpc_userns_slot *o)
{
	__builtin_memset(o, 0, sizeof(*o));
	if (!ns)
		return;
	o->level = BPF_CORE_READ(ns, level);
	o->uid = BPF_CORE_READ(ns, owner.val);
	o->gid = BPF_CORE_READ(ns, group.val);
	o->inum = BPF_CORE_READ(ns, ns.inum);
}
#endif

#ifdef TPC_ARGS_CRED
/*
 * kernel_cap_t is { u32 cap[2] } before Linux 6.3 and { u64 val } since:
 * both are the same 8 bytes on little-endian x86-64.
 */
static __always_inline void tpc_cred_read(struct cred___args *c, struct tpc_cred_slot *o)
{
	__builtin_memset(o, 0, sizeof(*o));
	if (!c)
		return;
	o->uid = BPF_CORE_READ(c, uid.val);
	o->gid = BPF_CORE_READ(c, gid.val);
	o->euid = BPF_CORE_READ(c, euid.val);
	o->egid = BPF_CORE_READ(c, egid.val);
	o->suid = BPF_CORE_READ(c, suid.val);
	o->sgid = BPF_CORE_READ(c, sgid.val);
	o->fsuid = BPF_CORE_READ(c, fsuid.val);
	o->fsgid = BPF_CORE_READ(c, fsgid.val);
	o->securebits = BPF_CORE_READ(c, securebits);
	bpf_core_read(&o->cap_permitted, 8, &c->cap_permitted);
	bpf_core_read(&o->cap_effective, 8, &c->cap_effective);
	bpf_core_read(&o->cap_inheritable, 8, &c->cap_inheritable);
	tpc_userns_read(BPF_CORE_READ(c, user_ns), &o->user_ns);
}
#endif

#ifdef TPC_ARGS_CAPS
/* kernel_cap_t *, cap_*: the 64-bit mask the pointer points to, 0 when it cannot be read */
static __always_inline __u64 tpc_caps_read(const void *p)
{
	__u64 v = 0;

	if (p)
		bpf_probe_read_kernel(&v, sizeof(v), p);
	return v;
}
#endif

#ifdef TPC_ARGS_BPF_ATTR
static __always_inline void tpc_bpf_attr_read(union bpf_attr *a, struct tpc_bpf_attr_slot *o)
{
	__builtin_memset(o, 0, sizeof(*o));
	if (!a)
		return;
	o->prog_type = BPF_CORE_READ(a, prog_type);
	o->insn_cnt = BPF_CORE_READ(a, insn_cnt);
	bpf_core_read(o->prog_name, sizeof(o->prog_name), &a->prog_name);
}
#endif

#ifdef TPC_ARGS_BPF_MAP
static __always_inline void tpc_bpf_map_read(struct bpf_map *m, struct tpc_bpf_map_slot *o)
{
	__builtin_memset(o, 0, sizeof(*o));
	if (!m)
		return;
	o->map_type = BPF_CORE_READ(m, map_type);
	o->key_size = BPF_CORE_READ(m, key_size);
	o->value_size = BPF_CORE_READ(m, value_size);
	o->max_entries = BPF_CORE_READ(m, max_entries);
	bpf_core_read(o->name, sizeof(o->name), &m->name);
}
#endif

#ifdef TPC_ARGS_PERF_EVENT
static __always_inline void tpc_perf_event_read(struct perf_event *e, struct tpc_perf_event_slot *o)
{
	__builtin_memset(o, 0, sizeof(*o));
	if (!e)
		return;
	o->type = BPF_CORE_READ(e, attr.type);
	o->config = BPF_CORE_READ(e, attr.config);
	o->probe_offset = BPF_CORE_READ(e, attr.probe_offset);
}
#endif

#ifdef TPC_ARGS_MODULE
static __always_inline void tpc_module_read(struct module *m, struct tpc_module_slot *o)
{
	__builtin_memset(o, 0, sizeof(*o));
	if (!m) {
		o->flags = TPC_MODF_FAULT;
		return;
	}
	if (bpf_probe_read_kernel_str(o->name, sizeof(o->name), &m->name) < 0)
		o->flags = TPC_MODF_FAULT;
	o->taints = BPF_CORE_READ(m, taints);
}
#endif

#ifdef TPC_ARGS_LOAD_INFO
/* load_info: the module being loaded; mod->taints is known only once its ELF was laid out */
static __always_inline void tpc_load_info_read(struct load_info *info, struct tpc_module_slot *o)
{
	struct module *mod;

	__builtin_memset(o, 0, sizeof(*o));
	if (!info || bpf_probe_read_kernel_str(o->name, sizeof(o->name), BPF_CORE_READ(info, name)) < 0)
		o->flags = TPC_MODF_FAULT;
	if (!info)
		return;
	if (bpf_core_field_exists(info->sig_ok)) {
		o->sig_ok = BPF_CORE_READ(info, sig_ok);
		o->flags |= TPC_MODF_SIG_KNOWN;
	}
	mod = BPF_CORE_READ(info, mod);
	if (mod)
		o->taints = BPF_CORE_READ(mod, taints);
}
#endif

#ifdef TPC_ARGS_NET_DEVICE
static __always_inline void tpc_netdev_read(struct net_device *d, struct tpc_netdev_slot *o)
{
	__builtin_memset(o, 0, sizeof(*o));
	if (d)
		bpf_probe_read_kernel_str(o->name, sizeof(o->name), &d->name);
}
#endif

#ifdef TPC_ARGS_BYTES
/*
 * char_buf: `size` bytes at p (size is the sizeArgIndex argument, read at
 * entry), at most cap of them into buf, the slot's buffer. As Tetragon:
 * orig_size is the size asked for, a shorter copy is flagged truncated, a
 * read that faults leaves no bytes. The copy length is either the constant
 * cap or masked below it, so the verifier needs no more.
 */
static __always_inline void tpc_bytes_read(struct tpc_bytes_slot *o, __u8 *buf, const __u32 cap, const void *p,
					   __u64 size, const bool user)
{
	__u32 n;
	long err;

	o->len = 0;
	o->flags = 0;
	o->orig_size = size;
	if (!size)
		return;
	if (!p) {
		o->flags = TPC_BYTESF_FAULT;
		return;
	}
	if (size >= cap) {
		n = cap;
		err = user ? bpf_probe_read_user(buf, cap, p) : bpf_probe_read_kernel(buf, cap, p);
	} else {
		n = (__u32)size;
		barrier_var(n);
		n &= cap - 1;
		err = user ? bpf_probe_read_user(buf, n, p) : bpf_probe_read_kernel(buf, n, p);
	}
	if (err < 0) {
		o->flags = TPC_BYTESF_FAULT;
		return;
	}
	o->len = n;
	if (size > n)
		o->flags = TPC_BYTESF_TRUNCATED;
}
#endif

#ifdef TPC_ARGS_IOV_ITER
/* relocated by name: ITER_UBUF is 6 in Linux 6.1 and 0 since 6.7, and older kernels lack it */
enum iter_type { ITER_IOVEC, ITER_UBUF };

/*
 * iov_iter, as Tetragon's copy_iov_iter: the bytes of the first user buffer
 * of an ITER_UBUF (ubuf, count) or ITER_IOVEC (the first iovec's base and
 * length) iterator, as a char_buf; other iterator types, and kernels
 * before 5.14 (no iter_type), give no bytes.
 */
static __always_inline void tpc_iov_iter_read(struct tpc_bytes_slot *o, __u8 *buf, const __u32 cap,
					      struct iov_iter *it)
{
	long t_iovec = -1, t_ubuf = -1;
	const struct kvec *kv;
	const void *p = NULL;
	__u64 n = 0;
	__u8 type;

	if (!it || !bpf_core_field_exists(it->iter_type)) {
		tpc_bytes_read(o, buf, cap, NULL, 0, true);
		return;
	}
	type = BPF_CORE_READ(it, iter_type);
	if (bpf_core_enum_value_exists(enum iter_type, ITER_IOVEC))
		t_iovec = bpf_core_enum_value(enum iter_type, ITER_IOVEC);
	if (bpf_core_enum_value_exists(enum iter_type, ITER_UBUF))
		t_ubuf = bpf_core_enum_value(enum iter_type, ITER_UBUF);
	if (type == t_iovec) {
		kv = BPF_CORE_READ(it, kvec);	/* iovec and kvec have the same layout */
		p = BPF_CORE_READ(kv, iov_base);
		n = BPF_CORE_READ(kv, iov_len);
	} else if (type == t_ubuf && bpf_core_field_exists(it->ubuf)) {
		p = BPF_CORE_READ(it, ubuf);
		n = BPF_CORE_READ(it, count);
	}
	tpc_bytes_read(o, buf, cap, p, n, true);
}
#endif

#ifdef TPC_ARGS_IOVEC
#define TPC_IOVEC_MAX 7	/* Tetragon's PARSE_IOVEC_ENTRIES: the iovecs past the 7th are left out */

struct tpc_iovec_user {	/* the uapi struct iovec, in user memory */
	__u64 base;
	__u64 len;
};

/* per-CPU: the iovecs laid end to end, each at an offset below TPC_BYTES_SLOT_MAX and at most that long */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[2 * TPC_BYTES_SLOT_MAX]);
} tpc_iovec_scratch SEC(".maps");

/*
 * char_iovec, as Tetragon's copy_char_iovec: the bytes of the first cnt
 * (at most TPC_IOVEC_MAX) iovecs of the user array iov, one after the other,
 * and of those the first `limit` (returnCopy: what the call returned), as a
 * char_buf: at most cap of them, orig_size their total, a shorter copy
 * flagged truncated, a read that faults leaves no bytes. Each iovec is read
 * into the scratch buffer at a masked offset, then the first cap bytes of it
 * into buf (tpc_bytes_read).
 */
static __always_inline void tpc_iovec_read(struct tpc_bytes_slot *o, __u8 *buf, const __u32 cap, const void *iov,
					   __u64 cnt, __u64 limit)
{
	struct tpc_iovec_user v;
	__u64 total = 0;
	__u32 zero = 0, off = 0, n;
	__u8 *s;
	int i;

	s = bpf_map_lookup_elem(&tpc_iovec_scratch, &zero);
	if (!cnt || !iov || !s) {
		tpc_bytes_read(o, buf, cap, NULL, cnt, true);	/* no bytes; a fault unless cnt is 0 */
		return;
	}
#pragma unroll
	for (i = 0; i < TPC_IOVEC_MAX; i++) {
		if (i >= cnt)
			break;
		if (bpf_probe_read_user(&v, sizeof(v), (const __u8 *)iov + i * sizeof(v)) < 0) {
			tpc_bytes_read(o, buf, cap, NULL, 1, true);
			return;
		}
		if (v.len > limit - total)	/* total <= limit */
			v.len = limit - total;
		total += v.len;
		if (off >= cap || !v.len)
			continue;
		n = v.len > TPC_BYTES_SLOT_MAX ? TPC_BYTES_SLOT_MAX : (__u32)v.len;
		barrier_var(n);
		if (n > TPC_BYTES_SLOT_MAX)
			n = TPC_BYTES_SLOT_MAX;
		barrier_var(off);	/* the mask stays: 6.1's verifier does not carry off < cap to the pointer */
		off &= TPC_BYTES_SLOT_MAX - 1;
		if (bpf_probe_read_user(s + off, n, (const void *)v.base) < 0) {
			tpc_bytes_read(o, buf, cap, NULL, 1, true);
			return;
		}
		off += n;
	}
	tpc_bytes_read(o, buf, cap, s, off, false);
	o->orig_size = total;
	if (total > o->len)
		o->flags |= TPC_BYTESF_TRUNCATED;
}
#endif

#if defined(TPC_STR_H) && (defined(TPC_ARGS_IOVEC) || defined(TPC_ARGS_IOV_ITER))
/*
 * A buffer's bytes as a value for the string compares (matchArgs on
 * char_iovec, iov_iter): read as the event reads them, into region, at most
 * TPC_STR_MAX of them (flagged when cut). Only the slot header is written:
 * buf is the region.
 */
struct tpc_bytes_hdr {
	__u32 len;
	__u32 flags;
	__u64 orig_size;
};

static __always_inline void tpc_bytes_strval(const struct tpc_bytes_hdr *o, char *region, struct tpc_strval *v)
{
	v->s = region;
	v->have = 1;
	v->len = o->len > TPC_STR_MAX ? TPC_STR_MAX : o->len;
	v->orig_size = o->orig_size;
	v->flags = (o->flags & TPC_BYTESF_FAULT ? TPC_STRF_FAULT : 0) |
		   (o->flags & TPC_BYTESF_TRUNCATED ? TPC_STRF_TRUNCATED : 0);
}
#endif

#if defined(TPC_STR_H) && defined(TPC_ARGS_BYTES)
/*
 * A buffer's slot from the value a selector compared (cgen.c gen_post): the
 * same bytes, at most cap of them, not a second read of memory another
 * thread may have changed since. As tpc_bytes_read: orig_size the size
 * asked for, a shorter copy flagged truncated, a fault no bytes.
 */
static __always_inline void tpc_bytes_slot_fill(struct tpc_bytes_slot *o, __u8 *buf, const __u32 cap,
						const struct tpc_strval *v)
{
	__u32 n = v->len;

	o->orig_size = v->orig_size;
	o->len = 0;
	o->flags = 0;
	if (v->flags & TPC_STRF_FAULT) {
		o->flags = TPC_BYTESF_FAULT;
		return;
	}
	if (n >= cap) {
		n = cap;
		bpf_probe_read_kernel(buf, cap, v->s);
	} else {
		barrier_var(n);
		n &= cap - 1;
		if (n)
			bpf_probe_read_kernel(buf, n, v->s);
	}
	o->len = n;
	if (o->orig_size > n)
		o->flags = TPC_BYTESF_TRUNCATED;
}
#endif

#if defined(TPC_STR_H) && defined(TPC_ARGS_IOVEC)
static __always_inline void tpc_iovec_strval(const void *iov, __u64 cnt, char *region, struct tpc_strval *v)
{
	struct tpc_bytes_hdr o;

	tpc_iovec_read((struct tpc_bytes_slot *)&o, (__u8 *)region, TPC_STR_MAX, iov, cnt, ~0ULL);
	tpc_bytes_strval(&o, region, v);
}
#endif

#if defined(TPC_STR_H) && defined(TPC_ARGS_IOV_ITER)
static __always_inline void tpc_iov_iter_strval(struct iov_iter *it, char *region, struct tpc_strval *v)
{
	struct tpc_bytes_hdr o;

	tpc_iov_iter_read((struct tpc_bytes_slot *)&o, (__u8 *)region, TPC_STR_MAX, it);
	tpc_bytes_strval(&o, region, v);
}
#endif

#endif /* TPC_ARGS_H */

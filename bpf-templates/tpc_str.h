/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Strings and paths for predicates and events.
 *
 * A value is read into a per-CPU scratch region of TPC_SCRATCH bytes: up to
 * TPC_STR_MAX bytes of text plus 256 bytes of slack, so that a compare of a
 * literal (at most 255 bytes) at any offset below TPC_STR_MAX stays inside
 * the region without the verifier needing more than a mask.
 *
 * Paths are rebuilt from the dentry chain, backwards, so they end exactly at
 * TPC_STR_MAX; strings from memory start at offset 0.
 */
#ifndef TPC_STR_H
#define TPC_STR_H

#define TPC_STR_MASK (TPC_STR_MAX - 1)
#define TPC_SCRATCH (TPC_STR_MAX + 256)

struct tpc_strval {
	const char *s;	/* into a scratch region */
	__u32 len;
	__u16 flags;	/* TPC_STRF_* */
	__u16 have;	/* already extracted for this event */
	__u64 orig_size;	/* buffers: the size asked for (char_buf) or the iovecs' total (tpc_args.h) */
};

/* n bytes of s against a literal; n is a constant, so clang unrolls it into compares */
static __always_inline bool tpc_mem_eq(const char *s, const char *lit, const __u32 n)
{
	__u32 i;

#pragma unroll
	for (i = 0; i < n; i++)
		if (s[i] != lit[i])
			return false;
	return true;
}

static __always_inline bool tpc_str_eq(const char *s, __u32 len, const char *lit, const __u32 n)
{
	return len == n && tpc_mem_eq(s, lit, n);
}

static __always_inline bool tpc_str_prefix(const char *s, __u32 len, const char *lit, const __u32 n)
{
	return len >= n && tpc_mem_eq(s, lit, n);
}

/* t points at the last n bytes of the value */
static __always_inline bool tpc_str_tail(const char *t, __u32 len, const char *lit, const __u32 n)
{
	return len >= n && tpc_mem_eq(t, lit, n);
}

/* ASCII case folding: the literal of SubStringIgnCase is folded by tpc, the value here */
static __always_inline char tpc_fold(char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* as tpc_mem_eq, with s folded; lit is lowercase already */
static __always_inline bool tpc_mem_eq_fold(const char *s, const char *lit, const __u32 n)
{
	__u32 i;

#pragma unroll
	for (i = 0; i < n; i++)
		if (tpc_fold(s[i]) != lit[i])
			return false;
	return true;
}

/*
 * SubString: does the value region[start..end) contain the literal? One
 * bpf_loop iteration per start position (verified once, like the path walk),
 * each an unrolled compare of the literal. The callback is generated per
 * literal with TPC_SUBSTR_FN, so that the literal and its length stay
 * constants. Offsets are masked positions in the region, so a compare of
 * up to 255 bytes stays inside its TPC_SCRATCH bytes.
 */
struct tpc_substr {
	const char *region;
	__u32 start;	/* the value is region[start..end), end <= TPC_STR_MAX */
	__u32 end;
	__u32 found;
};

#define TPC_SUBSTR_FN(name, lit, n, eq)							\
	static long name(__u32 i, void *arg)						\
	{										\
		struct tpc_substr *w = arg;						\
		const char *region = w->region;					\
		__u32 pos = w->start + i;						\
											\
		if (pos + (n) > w->end)							\
			return 1;							\
		if (eq(region + (pos & TPC_STR_MASK), lit, n)) {			\
			w->found = 1;							\
			return 1;							\
		}									\
		return 0;								\
	}

static __always_inline bool tpc_str_sub(const char *region, __u32 start, __u32 len, const __u32 n, void *fn)
{
	struct tpc_substr w = { .region = region, .start = start, .end = start + len };

	if (len < n)
		return false;
	bpf_loop(len - n + 1, fn, &w, 0);
	return w.found;
}

/* A NUL-terminated string in user or kernel memory, at the start of region. */
static __always_inline void tpc_str_read(const void *p, bool user, char *region, struct tpc_strval *v)
{
	long n;

	v->s = region;
	v->have = 1;
	v->flags = 0;
	if (!p) {
		v->len = 0;
		v->flags = TPC_STRF_FAULT;
		return;
	}
	n = user ? bpf_probe_read_user_str(region, TPC_STR_MAX, p) : bpf_probe_read_kernel_str(region, TPC_STR_MAX, p);
	if (n <= 0) {
		v->len = 0;
		v->flags = TPC_STRF_FAULT;
		return;
	}
	v->len = (__u32)(n - 1) & TPC_STR_MASK;
	if (n >= TPC_STR_MAX)
		v->flags = TPC_STRF_TRUNCATED;
}

/*
 * A buffer of `size` bytes (char_buf) at the start of region, as a value for
 * the string compares: its bytes, NULs included, at most TPC_STR_MAX of them
 * (flagged when cut). size 0 (no sizeArgIndex) is the empty value.
 */
static __always_inline void tpc_buf_read(const void *p, __u64 size, bool user, char *region, struct tpc_strval *v)
{
	__u32 n;
	long err;

	v->s = region;
	v->have = 1;
	v->flags = 0;
	v->len = 0;
	v->orig_size = size;
	if (!size)
		return;
	if (!p) {
		v->flags = TPC_STRF_FAULT;
		return;
	}
	if (size >= TPC_STR_MAX) {
		n = TPC_STR_MAX;
		err = user ? bpf_probe_read_user(region, TPC_STR_MAX, p) : bpf_probe_read_kernel(region, TPC_STR_MAX, p);
		if (size > TPC_STR_MAX)
			v->flags = TPC_STRF_TRUNCATED;
	} else {
		n = (__u32)size;
		barrier_var(n);
		n &= TPC_STR_MASK;
		err = user ? bpf_probe_read_user(region, n, p) : bpf_probe_read_kernel(region, n, p);
	}
	if (err < 0) {
		v->flags = TPC_STRF_FAULT;
		return;
	}
	v->len = n;
}

/*
 * Copy a value into an event slot: at most TPC_STR_SLOT - 1 bytes (so that
 * a mask bounds the copy for the verifier), flagged when cut.
 */
static __always_inline void tpc_str_slot_fill(struct tpc_str_slot *slot, const struct tpc_strval *v)
{
	__u32 n = v->len;

	slot->flags = v->flags;
	/* a value cut at TPC_STR_MAX has an unknown length: 0 says so */
	slot->full_len = v->flags & TPC_STRF_TRUNCATED ? 0 : v->len;
	if (n > TPC_STR_SLOT - 1) {
		n = TPC_STR_SLOT - 1;
		slot->flags |= TPC_STRF_TRUNCATED;
	}
	/* keep the compiler from folding the mask into the compare above */
	barrier_var(n);
	n &= TPC_STR_SLOT - 1;
	slot->len = (__u16)n;
	if (n)
		bpf_probe_read_kernel(slot->buf, n, v->s);
}

/*
 * A NUL-terminated string straight into an event slot (a string return
 * value: the exit program has no scratch region): at most TPC_STR_SLOT - 1
 * bytes, flagged when cut; a string of exactly that many bytes is whole when
 * the byte after it is its NUL.
 */
static __always_inline void tpc_str_slot_read(struct tpc_str_slot *slot, const void *p, const bool user)
{
	long n;
	char c = 1;

	slot->flags = 0;
	slot->len = 0;
	slot->full_len = 0;
	n = !p ? -1 : user ? bpf_probe_read_user_str(slot->buf, TPC_STR_SLOT, p)
			   : bpf_probe_read_kernel_str(slot->buf, TPC_STR_SLOT, p);
	if (n <= 0) {
		slot->flags = TPC_STRF_FAULT;
		return;
	}
	slot->len = (__u16)(n - 1);
	if (n == TPC_STR_SLOT) {
		if (user)
			bpf_probe_read_user(&c, 1, (const char *)p + TPC_STR_SLOT - 1);
		else
			bpf_probe_read_kernel(&c, 1, (const char *)p + TPC_STR_SLOT - 1);
	}
	if (n == TPC_STR_SLOT && c)
		slot->flags = TPC_STRF_TRUNCATED;	/* full_len 0: unknown */
	else
		slot->full_len = slot->len;
}

#ifdef TPC_STRMAP
/*
 * Many values through a map (compiler/strmap.h): the key is the value's
 * length (bytes for a hash, bits for an LPM trie's prefixlen), then its
 * bytes; each map's key is the first 4 + klen bytes of this struct. Built in
 * a per-CPU scratch: the BPF stack is too small for it.
 */
#define TPC_STR_NO_PREALLOC 1	/* BPF_F_NO_PREALLOC, required by LPM tries */

struct tpc_strkey {
	__u32 len;
	__u8 s[512];	/* klen is at most 256; a mask of 511 bounds the copy */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tpc_strkey);
} tpc_strkey_scratch SEC(".maps");

/* Equal: the value is one of the map's, which are at most klen bytes long (zero-padded to klen). */
static __always_inline bool tpc_str_in_hash(void *map, const char *s, __u32 len, const __u32 klen)
{
	struct tpc_strkey *k;
	__u32 zero = 0, n;

	if (len > klen)
		return false;
	k = bpf_map_lookup_elem(&tpc_strkey_scratch, &zero);
	if (!k)
		return false;
	__builtin_memset(k, 0, 4 + klen);	/* klen is a constant: plain stores */
	k->len = len;
	n = len;
	barrier_var(n);
	n &= 511;
	if (n && bpf_probe_read_kernel(k->s, n, s) < 0)
		return false;
	return bpf_map_lookup_elem(map, k) != NULL;
}

/* Prefix: one of the map's values starts the value; only its first klen bytes can tell. */
static __always_inline bool tpc_str_in_lpm(void *map, const char *s, __u32 len, const __u32 klen)
{
	struct tpc_strkey *k;
	__u32 zero = 0, n;

	k = bpf_map_lookup_elem(&tpc_strkey_scratch, &zero);
	if (!k)
		return false;
	n = len > klen ? klen : len;
	k->len = n * 8;
	barrier_var(n);
	n &= 511;
	if (n && bpf_probe_read_kernel(k->s, n, s) < 0)
		return false;
	return bpf_map_lookup_elem(map, k) != NULL;
}

struct tpc_strrev {
	const char *region;
	__u32 end;	/* the value ends at region[end - 1] */
	struct tpc_strkey *k;
};

static long tpc_strrev_fn(__u32 i, void *arg)
{
	struct tpc_strrev *r = arg;

	r->k->s[i & 511] = r->region[(r->end - 1 - i) & TPC_STR_MASK];
	return 0;
}

/*
 * Postfix: one of the map's values, stored reversed, ends the value: the
 * lookup is its last klen bytes, last first (a bpf_loop copies them).
 */
static __always_inline bool tpc_str_in_lpm_rev(void *map, const char *region, __u32 end, __u32 len,
					       const __u32 klen)
{
	struct tpc_strrev r = { .region = region, .end = end };
	__u32 zero = 0, n;

	r.k = bpf_map_lookup_elem(&tpc_strkey_scratch, &zero);
	if (!r.k)
		return false;
	n = len > klen ? klen : len;
	r.k->len = n * 8;
	if (n)
		bpf_loop(n, tpc_strrev_fn, &r, 0);
	return bpf_map_lookup_elem(map, r.k) != NULL;
}
#endif

#endif /* TPC_STR_H */

// SPDX-License-Identifier: Apache-2.0
/*
 * The slots of bpf-templates/tpc_args.h, printed as Tetragon prints them
 * (pkg/grpc/tracing and protojson with proto field names): wrapper values
 * (UInt32Value, Int32Value, BoolValue) always, plain numbers and strings
 * only when not zero or empty, 64-bit numbers as strings, enums by name.
 * Names a table does not know are printed as their number.
 */
#include <inttypes.h>
#include <stddef.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "tpc_event.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Tetragon's CapabilitiesType: the kernel's names, except DAC_OVERRIDE */
static const char *const cap_names[] = {
	"CAP_CHOWN", "DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

/* Tetragon's SecureBitsType, bit i */
static const char *const securebit_names[] = {
	"SecBitNoRoot", "SecBitNoRootLocked", "SecBitNoSetUidFixup", "SecBitNoSetUidFixupLocked",
	"SecBitKeepCaps", "SecBitKeepCapsLocked", "SecBitNoCapAmbientRaise",
	"SecBitNoCapAmbientRaiseLocked",
};

/* Tetragon's TaintedBitsType by kernel taint bit (include/linux/panic.h) */
static const struct {
	unsigned bit;
	const char *name;
} taint_names[] = {
	{ 0, "TAINT_PROPRIETARY_MODULE" }, { 1, "TAINT_FORCED_MODULE" },
	{ 3, "TAINT_FORCED_UNLOAD_MODULE" }, { 10, "TAINT_STAGED_MODULE" },
	{ 12, "TAINT_OUT_OF_TREE_MODULE" }, { 13, "TAINT_UNSIGNED_MODULE" },
	{ 15, "TAINT_KERNEL_LIVE_PATCH_MODULE" }, { 18, "TAINT_TEST_MODULE" },
};

/* enum bpf_prog_type (uapi/linux/bpf.h) */
static const char *const prog_types[] = {
	"UNSPEC", "SOCKET_FILTER", "KPROBE", "SCHED_CLS", "SCHED_ACT", "TRACEPOINT", "XDP",
	"PERF_EVENT", "CGROUP_SKB", "CGROUP_SOCK", "LWT_IN", "LWT_OUT", "LWT_XMIT", "SOCK_OPS",
	"SK_SKB", "CGROUP_DEVICE", "SK_MSG", "RAW_TRACEPOINT", "CGROUP_SOCK_ADDR",
	"LWT_SEG6LOCAL", "LIRC_MODE2", "SK_REUSEPORT", "FLOW_DISSECTOR", "CGROUP_SYSCTL",
	"RAW_TRACEPOINT_WRITABLE", "CGROUP_SOCKOPT", "TRACING", "STRUCT_OPS", "EXT", "LSM",
	"SK_LOOKUP", "SYSCALL", "NETFILTER",
};

/* enum bpf_map_type */
static const char *const map_types[] = {
	"UNSPEC", "HASH", "ARRAY", "PROG_ARRAY", "PERF_EVENT_ARRAY", "PERCPU_HASH",
	"PERCPU_ARRAY", "STACK_TRACE", "CGROUP_ARRAY", "LRU_HASH", "LRU_PERCPU_HASH",
	"LPM_TRIE", "ARRAY_OF_MAPS", "HASH_OF_MAPS", "DEVMAP", "SOCKMAP", "CPUMAP", "XSKMAP",
	"SOCKHASH", "CGROUP_STORAGE", "REUSEPORT_SOCKARRAY", "PERCPU_CGROUP_STORAGE", "QUEUE",
	"STACK", "SK_STORAGE", "DEVMAP_HASH", "STRUCT_OPS", "RINGBUF", "INODE_STORAGE",
	"TASK_STORAGE", "BLOOM_FILTER", "USER_RINGBUF", "CGRP_STORAGE", "ARENA",
};

/* enum perf_type_id */
static const char *const perf_types[] = {
	"PERF_TYPE_HARDWARE", "PERF_TYPE_SOFTWARE", "PERF_TYPE_TRACEPOINT",
	"PERF_TYPE_HW_CACHE", "PERF_TYPE_RAW", "PERF_TYPE_BREAKPOINT",
};

/* syscall64: bit 31 marks a compat (i386) syscall, as in Tetragon */
#define SYSCALL_I386 0x80000000u

bool args_handles(enum meta_slot s)
{
	return s >= META_SLOT_CAP && s <= META_SLOT_BYTES;
}

static uint64_t slot_u64(const struct meta_arg *a, const uint8_t *ev)
{
	uint64_t v;

	memcpy(&v, ev + a->offset, sizeof(v));
	return v;
}

/* "PREFIX" + names[v], or v as a number */
static void enum_text(const char *const *names, size_t n, const char *prefix, unsigned v, char *buf,
		      size_t len)
{
	if (v < n && names[v])
		snprintf(buf, len, "%s%s", prefix, names[v]);
	else
		snprintf(buf, len, "%u", v);
}

/* NUL-padded fixed-size text from a slot, never past n bytes */
static void kv_fixed(struct jw *w, const char *key, const char *s, size_t n)
{
	size_t len = strnlen(s, n);

	if (!len)
		return;
	jw_key(w, key);
	jw_strn(w, s, len);
}

static void kv_u64_str(struct jw *w, const char *key, uint64_t v)
{
	char num[24];

	if (!v)
		return;
	snprintf(num, sizeof(num), "%" PRIu64, v);
	jw_kv_str(w, key, num);
}

/* a repeated CapabilitiesType: the names of the bits set, left out when empty */
static void json_cap_list(struct jw *w, const char *key, uint64_t mask)
{
	unsigned i;

	if (!mask)
		return;
	jw_key(w, key);
	jw_arr_open(w);
	for (i = 0; i < 64; i++) {
		char num[8];

		if (!(mask & (1ull << i)))
			continue;
		if (i < ARRAY_SIZE(cap_names)) {
			jw_str(w, cap_names[i]);
		} else {
			snprintf(num, sizeof(num), "%u", i);
			jw_str(w, num);
		}
	}
	jw_arr_close(w);
}

static void json_userns(struct jw *w, const struct tpc_userns_slot *u)
{
	jw_obj_open(w);
	jw_kv_int(w, "level", u->level);
	jw_kv_uint(w, "uid", u->uid);
	jw_kv_uint(w, "gid", u->gid);
	jw_key(w, "ns");
	jw_obj_open(w);
	if (u->inum)
		jw_kv_uint(w, "inum", u->inum);
	if (u->level == 0) {	/* as Tetragon decides it */
		jw_key(w, "is_host");
		jw_bool(w, true);
	}
	jw_obj_close(w);
	jw_obj_close(w);
}

static void json_cred(struct jw *w, const struct tpc_cred_slot *c)
{
	unsigned i;

	jw_obj_open(w);
	jw_kv_uint(w, "uid", c->uid);
	jw_kv_uint(w, "gid", c->gid);
	jw_kv_uint(w, "euid", c->euid);
	jw_kv_uint(w, "egid", c->egid);
	jw_kv_uint(w, "suid", c->suid);
	jw_kv_uint(w, "sgid", c->sgid);
	jw_kv_uint(w, "fsuid", c->fsuid);
	jw_kv_uint(w, "fsgid", c->fsgid);
	if (c->securebits) {
		jw_key(w, "securebits");
		jw_arr_open(w);
		for (i = 0; i < ARRAY_SIZE(securebit_names); i++)
			if (c->securebits & (1u << i))
				jw_str(w, securebit_names[i]);
		jw_arr_close(w);
	}
	jw_key(w, "caps");
	jw_obj_open(w);
	json_cap_list(w, "permitted", c->cap_permitted);
	json_cap_list(w, "effective", c->cap_effective);
	json_cap_list(w, "inheritable", c->cap_inheritable);
	jw_obj_close(w);
	jw_key(w, "user_ns");
	json_userns(w, &c->user_ns);
	jw_obj_close(w);
}

static void json_module(struct jw *w, const struct tpc_module_slot *m)
{
	size_t i;

	jw_obj_open(w);
	kv_fixed(w, "name", m->name, sizeof(m->name));
	if (m->flags & TPC_MODF_SIG_KNOWN) {
		jw_key(w, "signature_ok");
		jw_bool(w, m->sig_ok != 0);
	}
	if (m->taints) {
		jw_key(w, "tainted");
		jw_arr_open(w);
		for (i = 0; i < ARRAY_SIZE(taint_names); i++)
			if (m->taints & (1ull << taint_names[i].bit))
				jw_str(w, taint_names[i].name);
		jw_arr_close(w);
	}
	jw_obj_close(w);
}

/*
 * The header of a bytes slot and its bytes, never past the slot: meta.c
 * checked that the slot is a tpc_bytes_slot or a tpc_bytes_max_slot.
 */
static void bytes_slot(const struct meta_arg *a, const uint8_t *ev, struct tpc_bytes_slot *h, const uint8_t **buf)
{
	size_t cap = a->size - offsetof(struct tpc_bytes_slot, buf);

	memcpy(h, ev + a->offset, offsetof(struct tpc_bytes_slot, buf));
	if (h->len > cap)
		h->len = (uint32_t)cap;
	*buf = ev + a->offset + offsetof(struct tpc_bytes_slot, buf);
}

static void jw_base64(struct jw *w, const uint8_t *s, size_t n)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[4 * (TPC_BYTES_SLOT_MAX / 3 + 1) + 1];
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		out[o++] = b64[s[i] >> 2];
		out[o++] = b64[(s[i] & 3) << 4 | s[i + 1] >> 4];
		out[o++] = b64[(s[i + 1] & 15) << 2 | s[i + 2] >> 6];
		out[o++] = b64[s[i + 2] & 63];
	}
	if (i < n) {
		out[o++] = b64[s[i] >> 2];
		if (i + 1 < n) {
			out[o++] = b64[(s[i] & 3) << 4 | s[i + 1] >> 4];
			out[o++] = b64[(s[i + 1] & 15) << 2];
		} else {
			out[o++] = b64[(s[i] & 3) << 4];
			out[o++] = '=';
		}
		out[o++] = '=';
	}
	jw_strn(w, out, o);
}

/*
 * char_buf as Tetragon: {"bytes_arg":"<base64>"} (protojson bytes), a cut
 * copy {"truncated_bytes_arg":{"bytes_arg":"...","orig_size":"N"}}, a read
 * that faulted the string Tetragon reports, {"string_arg":"CharBufErrorPageFault"}.
 */
static void json_bytes(struct jw *w, const struct meta_arg *a, const uint8_t *ev)
{
	struct tpc_bytes_slot h;
	const uint8_t *buf;
	char num[24];

	bytes_slot(a, ev, &h, &buf);
	if (h.flags & TPC_BYTESF_FAULT) {
		jw_kv_str(w, "string_arg", "CharBufErrorPageFault");
		return;
	}
	if (!(h.flags & TPC_BYTESF_TRUNCATED)) {
		jw_key(w, "bytes_arg");
		jw_base64(w, buf, h.len);
		return;
	}
	jw_key(w, "truncated_bytes_arg");
	jw_obj_open(w);
	jw_key(w, "bytes_arg");
	jw_base64(w, buf, h.len);
	snprintf(num, sizeof(num), "%" PRIu64, (uint64_t)h.orig_size);
	jw_kv_str(w, "orig_size", num);
	jw_obj_close(w);
}

/* "hello\n" (printable ASCII, the rest \xNN), at most 64 bytes, then "...", and the size when cut */
static void compact_bytes(const struct meta_arg *a, const uint8_t *ev, char *out, size_t len)
{
	struct tpc_bytes_slot h;
	const uint8_t *buf;
	size_t i, o = 0;

	bytes_slot(a, ev, &h, &buf);
	if (h.flags & TPC_BYTESF_FAULT) {
		snprintf(out, len, "(fault)");
		return;
	}
	o += (size_t)snprintf(out, len, "\"");
	for (i = 0; i < h.len && i < 64 && o + 8 < len; i++) {
		if (buf[i] >= 0x20 && buf[i] < 0x7f && buf[i] != '"' && buf[i] != '\\')
			out[o++] = (char)buf[i];
		else
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", buf[i]);
	}
	o += (size_t)snprintf(out + o, len - o, "%s\"", i < h.len ? "..." : "");
	if (h.flags & TPC_BYTESF_TRUNCATED && o < len)
		snprintf(out + o, len - o, " (truncated, %" PRIu64 " bytes)", (uint64_t)h.orig_size);
}

bool args_json(struct jw *w, const struct meta_arg *a, const uint8_t *ev)
{
	const uint8_t *p = ev + a->offset;
	char buf[48];
	uint64_t v;

	if (!args_handles(a->slot))
		return false;
	if (a->slot == META_SLOT_BYTES) {
		json_bytes(w, a, ev);
		return true;
	}
	jw_key(w, a->type->json_key);
	switch (a->slot) {
	case META_SLOT_CAP:
		/* KprobeCapability: value (Int32Value), name ("" when unknown: left out) */
		v = slot_u64(a, ev);
		jw_obj_open(w);
		jw_kv_int(w, "value", (int32_t)v);
		if ((uint32_t)v < ARRAY_SIZE(cap_names))
			jw_kv_str(w, "name", cap_names[(uint32_t)v]);
		jw_obj_close(w);
		break;
	case META_SLOT_CAPS:
		/* a string of 16 hex digits (caps.GetCapabilitiesHex) */
		snprintf(buf, sizeof(buf), "%016" PRIx64, slot_u64(a, ev));
		jw_str(w, buf);
		break;
	case META_SLOT_SYSCALL:
		v = slot_u64(a, ev);
		jw_obj_open(w);
		if ((uint32_t)v & ~SYSCALL_I386)
			jw_kv_uint(w, "id", (uint32_t)v & ~SYSCALL_I386);
		jw_kv_str(w, "abi", (uint32_t)v & SYSCALL_I386 ? "i386" : "x64");
		jw_obj_close(w);
		break;
	case META_SLOT_CRED: {
		struct tpc_cred_slot c;

		memcpy(&c, p, sizeof(c));
		json_cred(w, &c);
		break;
	}
	case META_SLOT_USERNS: {
		struct tpc_userns_slot u;

		memcpy(&u, p, sizeof(u));
		json_userns(w, &u);
		break;
	}
	case META_SLOT_BPF_ATTR: {
		struct tpc_bpf_attr_slot b;

		memcpy(&b, p, sizeof(b));
		jw_obj_open(w);
		enum_text(prog_types, ARRAY_SIZE(prog_types), "BPF_PROG_TYPE_", b.prog_type, buf, sizeof(buf));
		jw_kv_str(w, "ProgType", buf);
		if (b.insn_cnt)
			jw_kv_uint(w, "InsnCnt", b.insn_cnt);
		kv_fixed(w, "ProgName", b.prog_name, sizeof(b.prog_name));
		jw_obj_close(w);
		break;
	}
	case META_SLOT_BPF_MAP: {
		struct tpc_bpf_map_slot m;

		memcpy(&m, p, sizeof(m));
		jw_obj_open(w);
		enum_text(map_types, ARRAY_SIZE(map_types), "BPF_MAP_TYPE_", m.map_type, buf, sizeof(buf));
		jw_kv_str(w, "MapType", buf);
		if (m.key_size)
			jw_kv_uint(w, "KeySize", m.key_size);
		if (m.value_size)
			jw_kv_uint(w, "ValueSize", m.value_size);
		if (m.max_entries)
			jw_kv_uint(w, "MaxEntries", m.max_entries);
		kv_fixed(w, "MapName", m.name, sizeof(m.name));
		jw_obj_close(w);
		break;
	}
	case META_SLOT_PERF_EVENT: {
		struct tpc_perf_event_slot e;

		memcpy(&e, p, sizeof(e));
		jw_obj_open(w);
		enum_text(perf_types, ARRAY_SIZE(perf_types), "", e.type, buf, sizeof(buf));
		jw_kv_str(w, "Type", buf);
		kv_u64_str(w, "Config", e.config);
		kv_u64_str(w, "ProbeOffset", e.probe_offset);
		jw_obj_close(w);
		break;
	}
	case META_SLOT_MODULE: {
		struct tpc_module_slot m;

		memcpy(&m, p, sizeof(m));
		json_module(w, &m);
		break;
	}
	case META_SLOT_NETDEV: {
		struct tpc_netdev_slot d;

		memcpy(&d, p, sizeof(d));
		jw_obj_open(w);
		kv_fixed(w, "name", d.name, sizeof(d.name));
		jw_obj_close(w);
		break;
	}
	default:
		break;
	}
	return true;
}

/* printable ASCII of a fixed-size field, anything else as '?' */
static void fixed_text(const char *s, size_t n, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < n && i + 1 < len && s[i]; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	buf[i] = '\0';
}

/* "{CAP_CHOWN CAP_KILL}" */
static void caps_text(uint64_t mask, char *buf, size_t len)
{
	size_t n = 0;
	unsigned i;

	n += (size_t)snprintf(buf, len, "{");
	for (i = 0; i < 64 && n < len; i++) {
		if (!(mask & (1ull << i)))
			continue;
		if (i < ARRAY_SIZE(cap_names))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n > 1 ? " " : "", cap_names[i]);
		else
			n += (size_t)snprintf(buf + n, len - n, "%s%u", n > 1 ? " " : "", i);
	}
	if (n < len)
		snprintf(buf + n, len - n, "}");
}

bool args_compact(struct jw *w, const struct meta_arg *a, const uint8_t *ev)
{
	const uint8_t *p = ev + a->offset;
	char buf[1024], t1[48], t2[64];
	uint64_t v;

	if (!args_handles(a->slot))
		return false;
	switch (a->slot) {
	case META_SLOT_CAP:
		v = slot_u64(a, ev);
		enum_text(cap_names, ARRAY_SIZE(cap_names), "", (uint32_t)v, buf, sizeof(buf));
		break;
	case META_SLOT_CAPS:
		caps_text(slot_u64(a, ev), buf, sizeof(buf));
		break;
	case META_SLOT_SYSCALL:
		v = slot_u64(a, ev);
		snprintf(buf, sizeof(buf), "%s %u", (uint32_t)v & SYSCALL_I386 ? "i386" : "x64",
			 (uint32_t)v & ~SYSCALL_I386);
		break;
	case META_SLOT_CRED: {
		struct tpc_cred_slot c;

		memcpy(&c, p, sizeof(c));
		snprintf(buf, sizeof(buf), "cred(uid=%u euid=%u suid=%u fsuid=%u gid=%u egid=%u "
			 "sgid=%u fsgid=%u caps=%" PRIx64 " userns=%d:%u)", c.uid, c.euid, c.suid,
			 c.fsuid, c.gid, c.egid, c.sgid, c.fsgid, (uint64_t)c.cap_effective,
			 c.user_ns.level, c.user_ns.inum);
		break;
	}
	case META_SLOT_USERNS: {
		struct tpc_userns_slot u;

		memcpy(&u, p, sizeof(u));
		snprintf(buf, sizeof(buf), "userns(level=%d owner=%u:%u inum=%u)", u.level, u.uid,
			 u.gid, u.inum);
		break;
	}
	case META_SLOT_BPF_ATTR: {
		struct tpc_bpf_attr_slot b;

		memcpy(&b, p, sizeof(b));
		enum_text(prog_types, ARRAY_SIZE(prog_types), "", b.prog_type, t1, sizeof(t1));
		fixed_text(b.prog_name, sizeof(b.prog_name), t2, sizeof(t2));
		snprintf(buf, sizeof(buf), "bpf_attr(%s insns=%u name=%s)", t1, b.insn_cnt, t2);
		break;
	}
	case META_SLOT_BPF_MAP: {
		struct tpc_bpf_map_slot m;

		memcpy(&m, p, sizeof(m));
		enum_text(map_types, ARRAY_SIZE(map_types), "", m.map_type, t1, sizeof(t1));
		fixed_text(m.name, sizeof(m.name), t2, sizeof(t2));
		snprintf(buf, sizeof(buf), "bpf_map(%s key=%u value=%u max=%u name=%s)", t1,
			 m.key_size, m.value_size, m.max_entries, t2);
		break;
	}
	case META_SLOT_PERF_EVENT: {
		struct tpc_perf_event_slot e;

		memcpy(&e, p, sizeof(e));
		enum_text(perf_types, ARRAY_SIZE(perf_types), "", e.type, t1, sizeof(t1));
		snprintf(buf, sizeof(buf), "perf_event(%s config=%" PRIu64 " offset=%" PRIu64 ")", t1,
			 (uint64_t)e.config, (uint64_t)e.probe_offset);
		break;
	}
	case META_SLOT_MODULE: {
		struct tpc_module_slot m;

		memcpy(&m, p, sizeof(m));
		fixed_text(m.name, sizeof(m.name), t2, sizeof(t2));
		snprintf(buf, sizeof(buf), "module(%s taints=0x%" PRIx64 "%s)", t2, (uint64_t)m.taints,
			 !(m.flags & TPC_MODF_SIG_KNOWN) ? "" : m.sig_ok ? " signed" : " unsigned");
		break;
	}
	case META_SLOT_NETDEV: {
		struct tpc_netdev_slot d;

		memcpy(&d, p, sizeof(d));
		fixed_text(d.name, sizeof(d.name), t2, sizeof(t2));
		snprintf(buf, sizeof(buf), "net_dev(%s)", t2);
		break;
	}
	case META_SLOT_BYTES:
		compact_bytes(a, ev, buf, sizeof(buf));
		break;
	default:
		buf[0] = '\0';
		break;
	}
	jw_raw(w, buf, strlen(buf));
	return true;
}

// SPDX-License-Identifier: Apache-2.0
/*
 * Event decoding and printing.
 *
 * JSON is written with runtime/jsonw.c rather than json-c: each line is built
 * in one reused buffer and written with one fwrite (no per-field allocation,
 * lines never interleave), numbers get exactly Tetragon's protojson form
 * (64-bit integers as strings), and strings from the kernel or /proc are
 * escaped so that the output is always valid UTF-8 - json-c passes bytes
 * >= 0x80 through unchecked. json-c is only used to parse the meta.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/types.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "diag.h"
#include "event.h"
#include "notify.h"
#include "process.h"
#include "stack.h"
#include "tpc_event.h"

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int event_printer_init(struct event_printer *pr, enum event_output mode, FILE *out,
		       uint64_t limit)
{
	int64_t boot, real;

	memset(pr, 0, sizeof(*pr));
	pr->mode = mode;
	pr->out = out;
	pr->limit = limit;
	jw_init(&pr->w);
	if (gethostname(pr->node_name, sizeof(pr->node_name) - 1))
		snprintf(pr->node_name, sizeof(pr->node_name), "unknown");
	/* the offset between the clocks, measured between two boot-time reads */
	boot = clock_ns(CLOCK_BOOTTIME);
	real = clock_ns(CLOCK_REALTIME);
	boot = (boot + clock_ns(CLOCK_BOOTTIME)) / 2;
	pr->boot_to_real_ns = real - boot;
	return 0;
}

void event_printer_fini(struct event_printer *pr)
{
	jw_free(&pr->w);
}

/* --- pieces --------------------------------------------------------------- */

struct decoded_proc {
	char comm[17];
	/*
	 * The binary is read from /proc/<pid>/exe when the event is decoded, not
	 * when it happened: a process that already exited (for example because
	 * the policy killed it) or exec'd something else in between gives a
	 * wrong or no answer, and then comm is used. With process tracking on
	 * (agent/process.c) the process map answers first: it records the
	 * executable at exec and keeps exited processes for a few seconds.
	 */
	char binary[PATH_MAX];
};

static void decode_proc(const struct tpc_event_hdr *h, struct decoded_proc *p)
{
	char path[64];
	ssize_t n;

	memcpy(p->comm, h->comm, sizeof(h->comm));
	p->comm[sizeof(h->comm)] = '\0';
	/* the process map first: it still knows processes that exited (or were killed) */
	if (process_binary(h->pid, p->binary, sizeof(p->binary)))
		return;
	snprintf(path, sizeof(path), "/proc/%u/exe", h->pid);
	n = readlink(path, p->binary, sizeof(p->binary) - 1);
	if (n <= 0)
		snprintf(p->binary, sizeof(p->binary), "%s", p->comm);
	else
		p->binary[n] = '\0';
}

/*
 * Tetragon's exec_id: base64 of "node:ktime:pid", ktime the process's exec
 * (or fork) time from the process map (process_start_time), in boot-time ns.
 */
static void exec_id(const char *node, uint64_t ktime, uint32_t pid, char *out, size_t len)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char raw[320];
	size_t i, n, o = 0;
	int k;

	k = snprintf(raw, sizeof(raw), "%s:%" PRIu64 ":%u", node, ktime, pid);
	n = k < 0 ? 0 : (size_t)k < sizeof(raw) ? (size_t)k : sizeof(raw) - 1;
	for (i = 0; i < n && o + 5 <= len; i += 3) {
		uint32_t v = (uint32_t)(uint8_t)raw[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)(uint8_t)raw[i + 1] << 8;
		if (i + 2 < n)
			v |= (uint8_t)raw[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	out[o] = '\0';
}

static void json_exec_id(struct jw *w, const struct event_printer *pr, const char *key, uint32_t pid,
			 uint32_t *ppid)
{
	char id[448];
	uint64_t kt;
	uint32_t pp;

	if (!pid || !process_start_time(pid, &kt, &pp))
		return;
	exec_id(pr->node_name, kt, pid, id, sizeof(id));
	jw_kv_str(w, key, id);
	if (ppid)
		*ppid = pp;
}

/* Tetragon's KprobeAction names, most severe action first. */
static const char *action_name(uint32_t actions, bool short_form)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} acts[] = {
		{ TPC_ACT_OVERRIDE, "KPROBE_ACTION_OVERRIDE" },
		{ TPC_ACT_SIGKILL, "KPROBE_ACTION_SIGKILL" },
		{ TPC_ACT_SIGNAL, "KPROBE_ACTION_SIGNAL" },
		{ TPC_ACT_GETURL, "KPROBE_ACTION_GETURL" },
		{ TPC_ACT_DNSLOOKUP, "KPROBE_ACTION_DNSLOOKUP" },
		{ TPC_ACT_NOTIFY_ENFORCER, "KPROBE_ACTION_NOTIFYENFORCER" },
		{ TPC_ACT_SET, "KPROBE_ACTION_SET" },
	};
	size_t i;

	for (i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (actions & acts[i].bit)
			return short_form ? acts[i].name + 14 : acts[i].name;
	return short_form ? "POST" : "KPROBE_ACTION_POST";
}

struct arg_value {
	bool is_signed;
	bool as_string;		/* protojson prints 64-bit integers as strings */
	int64_t s;
	uint64_t u;
};

/* Narrow the 8-byte slot to the declared width, then widen by sign. */
static void decode_int(const struct meta_arg *a, const uint8_t *ev, struct arg_value *v)
{
	unsigned bits = a->type->width * 8;
	uint64_t raw;

	memcpy(&raw, ev + a->offset, sizeof(raw));
	v->is_signed = a->type->is_signed;
	v->as_string = a->type->width == 8;
	if (bits < 64) {
		raw &= (1ull << bits) - 1;
		if (v->is_signed && (raw & (1ull << (bits - 1))))
			raw |= ~((1ull << bits) - 1);
	}
	v->u = raw;
	v->s = (int64_t)raw;
}

static void format_time_rfc3339(int64_t ns, char *buf, size_t len)
{
	time_t sec = (time_t)(ns / 1000000000);
	long frac = (long)(ns % 1000000000);
	struct tm tm;
	size_t n;

	if (frac < 0) {
		frac += 1000000000;
		sec--;
	}
	gmtime_r(&sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%09ldZ", frac);
}

/* --- string and socket slots -------------------------------------------- */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A str slot, checked by check_args(): len <= TPC_STR_SLOT. */
static void decode_str(const struct meta_arg *a, const uint8_t *ev, struct tpc_str_slot *s)
{
	memcpy(s, ev + a->offset, sizeof(*s));
}

/*
 * tpc_str_slot.flags as words, space-separated like Tetragon's flags
 * strings: its own word for a partial dentry walk, tpc's for the others,
 * unknown bits in hex so that nothing is dropped. "" when no flag is set.
 */
static void str_flags_words(uint16_t flags, char *buf, size_t len)
{
	static const struct {
		uint16_t bit;
		const char *word;
	} words[] = {
		{ TPC_STRF_PARTIAL_PATH, "unresolvedPathComponents" },
		{ TPC_STRF_TRUNCATED, "truncated" },
		{ TPC_STRF_FAULT, "fault" },
	};
	uint16_t rest = flags;
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		if (!(flags & words[i].bit))
			continue;
		rest &= (uint16_t)~words[i].bit;
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", words[i].word);
	}
	if (rest && n < len)
		snprintf(buf + n, len - n, "%s0x%x", n ? " " : "", rest);
}

static const char *name_of(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : NULL;
}

static const char *const sock_families[] = {
	[0] = "AF_UNSPEC", [1] = "AF_UNIX", [2] = "AF_INET", [4] = "AF_IPX",
	[5] = "AF_APPLETALK", [9] = "AF_X25", [10] = "AF_INET6", [16] = "AF_NETLINK",
	[17] = "AF_PACKET", [29] = "AF_CAN", [31] = "AF_BLUETOOTH", [38] = "AF_ALG",
	[40] = "AF_VSOCK", [44] = "AF_XDP", [45] = "AF_MCTP",
};

static const char *const sock_types[] = {
	[1] = "SOCK_STREAM", [2] = "SOCK_DGRAM", [3] = "SOCK_RAW", [4] = "SOCK_RDM",
	[5] = "SOCK_SEQPACKET", [6] = "SOCK_DCCP", [10] = "SOCK_PACKET",
};

/* IPPROTO_* names, with the short form the compact output uses */
static const struct {
	uint16_t proto;
	const char *name;
} sock_protos[] = {
	{ 0, "IPPROTO_IP" }, { 1, "IPPROTO_ICMP" }, { 2, "IPPROTO_IGMP" },
	{ 4, "IPPROTO_IPIP" }, { 6, "IPPROTO_TCP" }, { 8, "IPPROTO_EGP" },
	{ 12, "IPPROTO_PUP" }, { 17, "IPPROTO_UDP" }, { 22, "IPPROTO_IDP" },
	{ 29, "IPPROTO_TP" }, { 33, "IPPROTO_DCCP" }, { 41, "IPPROTO_IPV6" },
	{ 46, "IPPROTO_RSVP" }, { 47, "IPPROTO_GRE" }, { 50, "IPPROTO_ESP" },
	{ 51, "IPPROTO_AH" }, { 58, "IPPROTO_ICMPV6" }, { 92, "IPPROTO_MTP" },
	{ 94, "IPPROTO_BEETPH" }, { 98, "IPPROTO_ENCAP" }, { 103, "IPPROTO_PIM" },
	{ 108, "IPPROTO_COMP" }, { 115, "IPPROTO_L2TP" }, { 132, "IPPROTO_SCTP" },
	{ 136, "IPPROTO_UDPLITE" }, { 137, "IPPROTO_MPLS" }, { 143, "IPPROTO_ETHERNET" },
	{ 255, "IPPROTO_RAW" }, { 262, "IPPROTO_MPTCP" },
};

/* include/net/tcp_states.h */
static const char *const tcp_states[] = {
	[1] = "TCP_ESTABLISHED", [2] = "TCP_SYN_SENT", [3] = "TCP_SYN_RECV",
	[4] = "TCP_FIN_WAIT1", [5] = "TCP_FIN_WAIT2", [6] = "TCP_TIME_WAIT",
	[7] = "TCP_CLOSE", [8] = "TCP_CLOSE_WAIT", [9] = "TCP_LAST_ACK",
	[10] = "TCP_LISTEN", [11] = "TCP_CLOSING", [12] = "TCP_NEW_SYN_RECV",
	[13] = "TCP_BOUND_INACTIVE",
};

struct sock_text {
	char family[24];
	char type[24];
	char protocol[24];
	char state[24];
	char saddr[INET6_ADDRSTRLEN];
	char daddr[INET6_ADDRSTRLEN];
	bool inet;		/* AF_INET or AF_INET6: addresses and ports mean something */
};

/* Names as Tetragon prints them; an unknown value is its number, as a string. */
static void sock_to_text(const struct tpc_sock_slot *k, struct sock_text *t)
{
	const char *n;
	size_t i;

	n = name_of(sock_families, ARRAY_SIZE(sock_families), k->family);
	if (n)
		snprintf(t->family, sizeof(t->family), "%s", n);
	else
		snprintf(t->family, sizeof(t->family), "%u", k->family);
	n = name_of(sock_types, ARRAY_SIZE(sock_types), k->type);
	if (n)
		snprintf(t->type, sizeof(t->type), "%s", n);
	else
		snprintf(t->type, sizeof(t->type), "%u", k->type);
	n = NULL;
	for (i = 0; i < ARRAY_SIZE(sock_protos); i++)
		if (sock_protos[i].proto == k->protocol)
			n = sock_protos[i].name;
	if (n)
		snprintf(t->protocol, sizeof(t->protocol), "%s", n);
	else
		snprintf(t->protocol, sizeof(t->protocol), "%u", k->protocol);
	n = name_of(tcp_states, ARRAY_SIZE(tcp_states), k->state);
	if (n)
		snprintf(t->state, sizeof(t->state), "%s", n);
	else
		snprintf(t->state, sizeof(t->state), "%u", k->state);

	t->inet = k->family == AF_INET || k->family == AF_INET6;
	t->saddr[0] = t->daddr[0] = '\0';
	if (t->inet) {
		inet_ntop(k->family, k->saddr, t->saddr, sizeof(t->saddr));
		inet_ntop(k->family, k->daddr, t->daddr, sizeof(t->daddr));
	}
}

/*
 * Slots whose content could make us read or print nonsense are checked
 * before anything is printed; the event is then dropped as malformed.
 */
static int check_args(const struct meta_hook *hk, const uint8_t *ev, char *why, size_t len)
{
	struct tpc_str_slot s;
	size_t i;

	/* the args, then a string return value (i == n_args) */
	for (i = 0; i <= hk->n_args; i++) {
		const struct meta_arg *a = i < hk->n_args ? &hk->args[i] : hk->has_return ? &hk->ret : NULL;
		int n;

		if (!a || a->slot != META_SLOT_STR)
			continue;
		/* the header and len first: never copy more than the slot */
		memcpy(&s, ev + a->offset, offsetof(struct tpc_str_slot, buf));
		if (s.len <= TPC_STR_SLOT && (!s.full_len || s.full_len >= s.len))
			continue;
		/* a malformed event: say which slot, then how */
		if (i < hk->n_args)
			n = snprintf(why, len, "args[%zu] (arg %u, %s): ", i, a->index, a->type->name);
		else
			n = snprintf(why, len, "the return value (%s): ", a->type->name);
		if (n < 0 || (size_t)n >= len)
			return -EINVAL;
		if (s.len > TPC_STR_SLOT)
			snprintf(why + n, len - (size_t)n, "len %u is larger than the %d-byte slot", s.len, TPC_STR_SLOT);
		else
			snprintf(why + n, len - (size_t)n, "full_len %u is smaller than len %u", s.full_len, s.len);
		return -EINVAL;
	}
	return 0;
}

/* --- JSON ----------------------------------------------------------------- */

static void json_int_arg(struct jw *w, const struct meta_arg *a, const uint8_t *ev)
{
	struct arg_value v;
	char num[32];

	decode_int(a, ev, &v);
	jw_key(w, a->type->json_key);
	if (v.as_string) {
		if (v.is_signed)
			snprintf(num, sizeof(num), "%" PRId64, v.s);
		else
			snprintf(num, sizeof(num), "%" PRIu64, v.u);
		jw_str(w, num);
	} else if (v.is_signed) {
		jw_int(w, v.s);
	} else {
		jw_uint(w, v.u);
	}
}

/* "flags" (words) and, when the whole value's length is known, "orig_size" */
static void json_str_flags(struct jw *w, const struct tpc_str_slot *s)
{
	char words[128], num[24];

	if (!s->flags)
		return;
	str_flags_words(s->flags, words, sizeof(words));
	jw_kv_str(w, "flags", words);
	/*
	 * A value that filled the TPC_STR_MAX read buffer has an unknown length:
	 * full_len is then where the read stopped, not the value's size.
	 */
	if ((s->flags & TPC_STRF_TRUNCATED) && s->full_len > s->len &&
	    s->full_len < TPC_STR_MAX - 1) {
		/* Tetragon's name (KprobeTruncatedBytes); uint64 -> string in protojson */
		snprintf(num, sizeof(num), "%u", s->full_len);
		jw_kv_str(w, "orig_size", num);
	}
}

/*
 * string/filename: {"string_arg":"..."} with "flags" next to it (string_arg
 * is a scalar); file: {"file_arg":{"path":"...","flags":"..."}}; path and
 * dentry: {"path_arg":{...}}, the fields of Tetragon's KprobeFile/KprobePath.
 */
static void json_str_arg(struct jw *w, const struct meta_arg *a, const uint8_t *ev)
{
	struct tpc_str_slot s;

	decode_str(a, ev, &s);
	jw_key(w, a->type->json_key);
	if (a->type->cls == META_ARG_STRING) {
		jw_strn(w, s.buf, s.len);
		json_str_flags(w, &s);
		return;
	}
	jw_obj_open(w);
	jw_key(w, "path");
	jw_strn(w, s.buf, s.len);
	json_str_flags(w, &s);
	jw_obj_close(w);
}

/* Tetragon's KprobeSock; protojson leaves out zero numbers (mark, priority) */
static void json_sock_arg(struct jw *w, const struct meta_arg *a, const uint8_t *ev)
{
	struct tpc_sock_slot k;
	struct sock_text t;
	char num[24];

	memcpy(&k, ev + a->offset, sizeof(k));
	sock_to_text(&k, &t);
	jw_key(w, a->type->json_key);
	jw_obj_open(w);
	jw_kv_str(w, "family", t.family);
	jw_kv_str(w, "type", t.type);
	jw_kv_str(w, "protocol", t.protocol);
	if (t.inet) {
		jw_kv_str(w, "saddr", t.saddr);
		jw_kv_str(w, "daddr", t.daddr);
	}
	if (k.sport)
		jw_kv_uint(w, "sport", k.sport);
	if (k.dport)
		jw_kv_uint(w, "dport", k.dport);
	if (k.cookie) {
		snprintf(num, sizeof(num), "%" PRIu64, (uint64_t)k.cookie);
		jw_kv_str(w, "cookie", num);
	}
	jw_kv_str(w, "state", t.state);
	jw_obj_close(w);
}

/* An address of family fam (AF_INET: the first 4 bytes) as text; "" for other families. */
static void net_addr_text(unsigned fam, const uint8_t *a, char *buf, size_t len)
{
	buf[0] = '\0';
	if (fam == AF_INET || fam == AF_INET6)
		inet_ntop((int)fam, a, buf, (socklen_t)len);
}

static void net_family_text(unsigned fam, char *buf, size_t len)
{
	const char *n = name_of(sock_families, ARRAY_SIZE(sock_families), fam);

	if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "%u", fam);
}

static void net_proto_text(unsigned proto, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%u", proto);
	for (i = 0; i < ARRAY_SIZE(sock_protos); i++)
		if (sock_protos[i].proto == proto)
			snprintf(buf, len, "%s", sock_protos[i].name);
}

/* Tetragon's KprobeSkb; protojson leaves out zero numbers */
static void json_skb_arg(struct jw *w, const struct meta_arg *a, const uint8_t *ev)
{
	struct tpc_skb_slot k;
	char txt[INET6_ADDRSTRLEN + 24];

	memcpy(&k, ev + a->offset, sizeof(k));
	jw_key(w, a->type->json_key);
	jw_obj_open(w);
	if (k.hash)
		jw_kv_uint(w, "hash", k.hash);
	if (k.len)
		jw_kv_uint(w, "len", k.len);
	if (k.priority)
		jw_kv_uint(w, "priority", k.priority);
	if (k.mark)
		jw_kv_uint(w, "mark", k.mark);
	net_addr_text(k.family, k.saddr, txt, sizeof(txt));
	if (txt[0])
		jw_kv_str(w, "saddr", txt);
	net_addr_text(k.family, k.daddr, txt, sizeof(txt));
	if (txt[0])
		jw_kv_str(w, "daddr", txt);
	if (k.sport)
		jw_kv_uint(w, "sport", k.sport);
	if (k.dport)
		jw_kv_uint(w, "dport", k.dport);
	if (k.protocol)
		jw_kv_uint(w, "proto", k.protocol);
	net_proto_text(k.protocol, txt, sizeof(txt));
	jw_kv_str(w, "protocol", txt);
	net_family_text(k.family, txt, sizeof(txt));
	jw_kv_str(w, "family", txt);
	jw_obj_close(w);
}

/* Tetragon's KprobeSockaddr */
static void json_sockaddr_arg(struct jw *w, const struct meta_arg *a, const uint8_t *ev)
{
	struct tpc_sockaddr_slot k;
	char txt[INET6_ADDRSTRLEN + 24];

	memcpy(&k, ev + a->offset, sizeof(k));
	jw_key(w, a->type->json_key);
	jw_obj_open(w);
	net_family_text(k.family, txt, sizeof(txt));
	jw_kv_str(w, "family", txt);
	net_addr_text(k.family, k.addr, txt, sizeof(txt));
	if (txt[0])
		jw_kv_str(w, "addr", txt);
	if (k.port)
		jw_kv_uint(w, "port", k.port);
	jw_obj_close(w);
}

/* "skb(tcp 10.0.0.1:80 -> 10.0.0.2:4000 len=60)", "sockaddr([::1]:53)" */
static void compact_net_arg(struct jw *w, const struct meta_arg *a, const uint8_t *ev)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], proto[24], buf[200], *p;
	struct tpc_sockaddr_slot sa;
	struct tpc_skb_slot k;
	bool v6;

	if (a->slot == META_SLOT_SOCKADDR) {
		memcpy(&sa, ev + a->offset, sizeof(sa));
		net_addr_text(sa.family, sa.addr, s, sizeof(s));
		v6 = sa.family == AF_INET6;
		if (s[0])
			snprintf(buf, sizeof(buf), "sockaddr(%s%s%s:%u)", v6 ? "[" : "", s, v6 ? "]" : "", sa.port);
		else
			snprintf(buf, sizeof(buf), "sockaddr(family %u)", sa.family);
		jw_raw(w, buf, strlen(buf));
		return;
	}
	memcpy(&k, ev + a->offset, sizeof(k));
	net_addr_text(k.family, k.saddr, s, sizeof(s));
	net_addr_text(k.family, k.daddr, d, sizeof(d));
	net_proto_text(k.protocol, proto, sizeof(proto));
	for (p = proto; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	v6 = k.family == AF_INET6;
	p = strncmp(proto, "ipproto_", 8) ? proto : proto + 8;
	if (s[0])
		snprintf(buf, sizeof(buf), "skb(%s %s%s%s:%u -> %s%s%s:%u len=%u)", p, v6 ? "[" : "", s, v6 ? "]" : "",
			 k.sport, v6 ? "[" : "", d, v6 ? "]" : "", k.dport, k.len);
	else
		snprintf(buf, sizeof(buf), "skb(len=%u)", k.len);
	jw_raw(w, buf, strlen(buf));
}

/* The args (index below 64), or the 'data' entries (64 + their index), as Tetragon's "args" and "data" */
static void json_arg_list(struct jw *w, const struct meta_hook *hk, const uint8_t *ev, bool data)
{
	bool open = false;
	size_t i;

	for (i = 0; i < hk->n_args; i++) {
		const struct meta_arg *a = &hk->args[i];

		if ((a->index >= META_DATA_INDEX) != data)
			continue;
		if (!open) {
			jw_key(w, data ? "data" : "args");
			jw_arr_open(w);
			open = true;
		}
		jw_obj_open(w);
		switch (a->slot) {
		case META_SLOT_STR:
			json_str_arg(w, a, ev);
			break;
		case META_SLOT_SOCK:
			json_sock_arg(w, a, ev);
			break;
		case META_SLOT_SKB:
			json_skb_arg(w, a, ev);
			break;
		case META_SLOT_SOCKADDR:
			json_sockaddr_arg(w, a, ev);
			break;
		default:	/* meta.c lets only decodable slots through */
			if (!args_json(w, a, ev))	/* agent/args.c */
				json_int_arg(w, a, ev);
			break;
		}
		if (a->label[0])
			jw_kv_str(w, "label", a->label);
		jw_obj_close(w);
	}
	if (open)
		jw_arr_close(w);
}

static void json_args(struct jw *w, const struct meta_hook *hk, const uint8_t *ev)
{
	json_arg_list(w, hk, ev, false);
	json_arg_list(w, hk, ev, true);
}

static void json_tags(struct jw *w, const struct meta_hook *hk)
{
	size_t i;

	if (!hk->n_tags)
		return;
	jw_key(w, "tags");
	jw_arr_open(w);
	for (i = 0; i < hk->n_tags; i++)
		jw_str(w, hk->tags[i]);
	jw_arr_close(w);
}

/* Tetragon's "return": one KprobeArgument, e.g. {"int_arg":-2} or {"sock_arg":{...}} */
static void json_return(struct jw *w, const struct meta_hook *hk, const uint8_t *ev)
{
	if (!hk->has_return)
		return;
	jw_key(w, "return");
	jw_obj_open(w);
	if (hk->ret.slot == META_SLOT_SOCK)	/* meta.c lets only integer, string and sock slots through */
		json_sock_arg(w, &hk->ret, ev);
	else if (hk->ret.slot == META_SLOT_STR)
		json_str_arg(w, &hk->ret, ev);
	else
		json_int_arg(w, &hk->ret, ev);
	if (hk->ret.label[0])
		jw_kv_str(w, "label", hk->ret.label);
	jw_obj_close(w);
}

/* Post kernelStackTrace / userStackTrace: the slot's stacks, when the selector asked */
static void json_stack(struct jw *w, const struct meta_hook *hk, const struct tpc_event_hdr *h, const uint8_t *ev,
		       bool user)
{
	const uint8_t *slot = ev + hk->stack_offset;
	struct tpc_stack_slot st;

	if (!hk->has_stack)
		return;
	memcpy(&st, slot, offsetof(struct tpc_stack_slot, kernel));	/* the header; the addresses stay in ev */
	if (!user && st.flags & TPC_STACKF_KERNEL)
		stack_json(w, "kernel_stack_trace", slot + offsetof(struct tpc_stack_slot, kernel), st.kernel_len,
			   false, h->pid);
	if (user && st.flags & TPC_STACKF_USER)
		stack_json(w, "user_stack_trace", slot + offsetof(struct tpc_stack_slot, user), st.user_len, true,
			   h->pid);
}

static void json_policy_fields(struct jw *w, const struct event_src *src,
			       const struct meta_hook *hk, const struct tpc_event_hdr *h, const uint8_t *ev)
{
	jw_kv_str(w, "action", action_name(h->actions, false));
	json_stack(w, hk, h, ev, false);	/* Tetragon's field order: after action */
	jw_kv_str(w, "policy_name", src->meta->policy_name);
	/*
	 * No matchReturnActions yet: the exit program only posts, which
	 * Tetragon reports as KPROBE_ACTION_POST.
	 */
	if (hk->has_return)
		jw_kv_str(w, "return_action", "KPROBE_ACTION_POST");
	if (hk->message[0])
		jw_kv_str(w, "message", hk->message);
	json_tags(w, hk);
	json_stack(w, hk, h, ev, true);	/* after tags */
}

/*
 * imaHash: "ima_hash":"sha256:<hex>", as Tetragon's ProcessLsm: only for the
 * algorithms it names (enum hash_algo), nothing when the helper failed.
 */
static void json_ima(struct jw *w, const struct meta_hook *hk, const uint8_t *ev)
{
	static const struct {
		int algo;
		const char *name;
		size_t len;
	} algos[] = { { 1, "md5", 16 }, { 2, "sha1", 20 }, { 4, "sha256", 32 }, { 6, "sha512", 64 },
		      { 13, "wp512", 64 }, { 17, "sm3", 32 } };
	struct tpc_ima_slot s;
	char text[8 + 2 * TPC_IMA_HASH_MAX + 1];
	size_t i, j, n;

	if (!hk->has_ima)
		return;
	memcpy(&s, ev + hk->ima_offset, sizeof(s));
	for (i = 0; i < sizeof(algos) / sizeof(algos[0]); i++) {
		if (algos[i].algo != s.algo)
			continue;
		n = (size_t)snprintf(text, sizeof(text), "%s:", algos[i].name);
		for (j = 0; j < algos[i].len; j++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%02x", s.hash[j]);
		jw_kv_str(w, "ima_hash", text);
		return;
	}
}

/* not in Tetragon: the enforcement helper failed */
static void json_action_error(struct jw *w, const struct tpc_event_hdr *h)
{
	if (h->flags & TPC_EVF_ACTION_FAILED)
		jw_kv_int(w, "action_error", h->action_ret);
}

/* --- spec.loader ---------------------------------------------------------- */

static void loader_fields(const uint8_t *ev, struct tpc_loader_event *l, size_t *path_len)
{
	memcpy(l, ev, offsetof(struct tpc_loader_event, path));
	*path_len = strnlen((const char *)ev + offsetof(struct tpc_loader_event, path),
			    l->path_size && l->path_size <= TPC_LOADER_PATH_MAX ? l->path_size : 0);
	if (l->buildid_size > TPC_BUILD_ID_MAX)
		l->buildid_size = TPC_BUILD_ID_MAX;
}

/* Seen this (pid, path) before? Records it if not. */
static bool loader_seen(struct event_printer *pr, uint32_t pid, const char *path, size_t len)
{
	const size_t n = sizeof(pr->loader_seen) / sizeof(pr->loader_seen[0]);
	uint64_t hash = 0xcbf29ce484222325ull;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++)
		hash = (hash ^ (unsigned char)path[i]) * 0x100000001b3ull;
	for (i = 0; i < pr->loader_used; i++)
		if (pr->loader_seen[i].pid == pid && pr->loader_seen[i].path_hash == hash)
			return true;
	pr->loader_seen[pr->loader_next].pid = pid;
	pr->loader_seen[pr->loader_next].path_hash = hash;
	pr->loader_next = (pr->loader_next + 1) % n;
	if (pr->loader_used < n)
		pr->loader_used++;
	return false;
}

static void json_loader(struct jw *w, const uint8_t *ev)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct tpc_loader_event l;
	char text[4 * ((TPC_BUILD_ID_MAX + 2) / 3) + 1];
	size_t len, i, n = 0;
	uint32_t v;

	loader_fields(ev, &l, &len);
	jw_key(w, "path");
	jw_strn(w, (const char *)ev + offsetof(struct tpc_loader_event, path), len);
	/* protojson encodes bytes as standard base64 with padding */
	for (i = 0; i < l.buildid_size; i += 3) {
		v = (uint32_t)l.buildid[i] << 16;
		if (i + 1 < l.buildid_size)
			v |= (uint32_t)l.buildid[i + 1] << 8;
		if (i + 2 < l.buildid_size)
			v |= l.buildid[i + 2];
		text[n++] = b64[v >> 18 & 63];
		text[n++] = b64[v >> 12 & 63];
		text[n++] = i + 1 < l.buildid_size ? b64[v >> 6 & 63] : '=';
		text[n++] = i + 2 < l.buildid_size ? b64[v & 63] : '=';
	}
	text[n] = '\0';
	if (n)
		jw_kv_str(w, "buildid", text);
}

static void print_json(struct event_printer *pr, const struct event_src *src,
		       const struct meta_hook *hk, const struct tpc_event_hdr *h,
		       const uint8_t *ev)
{
	static const char *const event_keys[] = {
		[META_HOOK_KPROBE] = "process_kprobe",
		[META_HOOK_TRACEPOINT] = "process_tracepoint",
		[META_HOOK_LSM] = "process_lsm",
		[META_HOOK_UPROBE] = "process_uprobe",
		[META_HOOK_USDT] = "process_usdt",
		[META_HOOK_LOADER] = "process_loader",
	};
	struct jw *w = &pr->w;
	struct decoded_proc p;
	uint32_t ppid = 0;
	const char *sep;
	char tbuf[64], num[24];

	decode_proc(h, &p);
	jw_reset(w);
	jw_obj_open(w);
	jw_key(w, event_keys[hk->kind]);
	jw_obj_open(w);

	jw_key(w, "process");
	jw_obj_open(w);
	json_exec_id(w, pr, "exec_id", h->pid, &ppid);
	jw_kv_uint(w, "pid", h->pid);
	jw_kv_uint(w, "tid", h->tid);
	jw_kv_uint(w, "uid", h->uid);
	jw_kv_str(w, "binary", p.binary);
	jw_kv_str(w, "comm", p.comm);
	json_exec_id(w, pr, "parent_exec_id", ppid, NULL);
	jw_obj_close(w);

	switch (hk->kind) {
	case META_HOOK_LOADER:
		/* Tetragon's ProcessLoader: path, buildid (bytes, so base64 in its JSON) */
		json_loader(w, ev);
		goto out_close;
	case META_HOOK_TRACEPOINT:
		/* "category/name" as the meta records it */
		sep = strchr(hk->function, '/');
		if (sep) {
			jw_key(w, "subsys");
			jw_strn(w, hk->function, (size_t)(sep - hk->function));
			jw_kv_str(w, "event", sep + 1);
		} else {
			jw_kv_str(w, "event", hk->function);
		}
		break;
	case META_HOOK_UPROBE:
		/*
		 * Tetragon's ProcessUprobe, in its field order: path, symbol,
		 * policy_name, message, args, tags, offset, ref_ctr_offset,
		 * action. "return" (a uretprobe pair, return: true) follows
		 * args, as in process_kprobe. A hook on a file offset (spec
		 * offsets, function "+0x<hex>") has no symbol but its offset:
		 * Tetragon leaves the one it lacks empty (zero), which its JSON
		 * omits; a uint64 is a string there.
		 */
		jw_kv_str(w, "path", hk->path);
		if (hk->function[0] != '+')
			jw_kv_str(w, "symbol", hk->function);
		jw_kv_str(w, "policy_name", src->meta->policy_name);
		if (hk->message[0])
			jw_kv_str(w, "message", hk->message);
		json_args(w, hk, ev);
		json_return(w, hk, ev);
		json_tags(w, hk);
		if (hk->function[0] == '+') {
			snprintf(num, sizeof(num), "%llu", strtoull(hk->function + 1, NULL, 16));
			jw_kv_str(w, "offset", num);
		}
		if (hk->ref_ctr_offset) {
			snprintf(num, sizeof(num), "%llu", (unsigned long long)hk->ref_ctr_offset);
			jw_kv_str(w, "ref_ctr_offset", num);
		}
		jw_kv_str(w, "action", action_name(h->actions, false));
		json_stack(w, hk, h, ev, false);
		json_stack(w, hk, h, ev, true);
		json_action_error(w, h);
		goto out_close;
	case META_HOOK_USDT:
		/*
		 * process_usdt, shaped as process_uprobe (docs/object-format.md):
		 * path, provider, name, policy_name, message, args, tags, action.
		 */
		sep = strchr(hk->function, ':');	/* "provider:name" */
		jw_kv_str(w, "path", hk->path);
		jw_key(w, "provider");
		jw_strn(w, hk->function, sep ? (size_t)(sep - hk->function) : strlen(hk->function));
		jw_kv_str(w, "name", sep ? sep + 1 : "");
		jw_kv_str(w, "policy_name", src->meta->policy_name);
		if (hk->message[0])
			jw_kv_str(w, "message", hk->message);
		json_args(w, hk, ev);
		json_tags(w, hk);
		jw_kv_str(w, "action", action_name(h->actions, false));
		json_action_error(w, h);
		goto out_close;
	default:
		jw_kv_str(w, "function_name", hk->function);
		break;
	}
	json_args(w, hk, ev);
	json_return(w, hk, ev);
	json_policy_fields(w, src, hk, h, ev);
	json_ima(w, hk, ev);
	json_action_error(w, h);
out_close:
	jw_obj_close(w);

	jw_kv_str(w, "node_name", pr->node_name);
	format_time_rfc3339((int64_t)h->ktime_ns + pr->boot_to_real_ns, tbuf, sizeof(tbuf));
	jw_kv_str(w, "time", tbuf);
	jw_obj_close(w);
	jw_raw(w, "\n", 1);
}

/* --- compact -------------------------------------------------------------- */

/* printable ASCII as is, anything else as \xNN, so a line stays one line */
static void compact_strn(struct jw *w, const char *s, size_t n)
{
	char tmp[8];
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '\\') {
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			jw_raw(w, tmp, 4);
		} else {
			jw_raw(w, s + i, 1);
		}
	}
}

static void compact_str(struct jw *w, const char *s)
{
	compact_strn(w, s, strlen(s));
}

/* "file=/tmp/x", "path=/a/b (truncated)", "sock(tcp 1.2.3.4:5 -> 6.7.8.9:80 SYN_SENT)" */
static void compact_arg(struct jw *w, const struct meta_arg *a, const uint8_t *ev)
{
	struct tpc_str_slot s;
	struct tpc_sock_slot k;
	struct sock_text t;
	struct arg_value v;
	char buf[320], words[128], proto[sizeof(t.protocol)], *p;
	bool v6;

	if (a->label[0]) {
		compact_str(w, a->label);
		jw_raw(w, "=", 1);
	} else if (a->slot == META_SLOT_STR || args_handles(a->slot)) {
		/* unlabeled non-integers are named by their type */
		snprintf(buf, sizeof(buf), "%s=", a->type->name);
		jw_raw(w, buf, strlen(buf));
	} else if (a->slot != META_SLOT_SOCK && a->slot != META_SLOT_SKB && a->slot != META_SLOT_SOCKADDR) {
		snprintf(buf, sizeof(buf), "arg%u=", a->index);
		jw_raw(w, buf, strlen(buf));
	}
	switch (a->slot) {
	case META_SLOT_STR:
		decode_str(a, ev, &s);
		compact_strn(w, s.buf, s.len);
		if (s.flags) {
			str_flags_words(s.flags, words, sizeof(words));
			snprintf(buf, sizeof(buf), " (%s)", words);
			jw_raw(w, buf, strlen(buf));
		}
		break;
	case META_SLOT_SOCK:
		memcpy(&k, ev + a->offset, sizeof(k));
		sock_to_text(&k, &t);
		jw_raw(w, "sock(", 5);
		if (!t.inet) {
			snprintf(buf, sizeof(buf), "%s %s", t.family, t.type);
			jw_raw(w, buf, strlen(buf));
			jw_raw(w, ")", 1);
			break;
		}
		/* "IPPROTO_TCP" -> "tcp", "TCP_SYN_SENT" -> "SYN_SENT" */
		memcpy(proto, strncmp(t.protocol, "IPPROTO_", 8) ? t.protocol : t.protocol + 8,
		       sizeof(proto) - 8);
		proto[sizeof(proto) - 8] = '\0';
		for (p = proto; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		v6 = k.family == AF_INET6;
		snprintf(buf, sizeof(buf), "%s %s%s%s:%u -> %s%s%s:%u %s", proto, v6 ? "[" : "",
			 t.saddr, v6 ? "]" : "", k.sport, v6 ? "[" : "", t.daddr, v6 ? "]" : "",
			 k.dport, strncmp(t.state, "TCP_", 4) ? t.state : t.state + 4);
		jw_raw(w, buf, strlen(buf));
		jw_raw(w, ")", 1);
		break;
	case META_SLOT_SKB:
	case META_SLOT_SOCKADDR:
		compact_net_arg(w, a, ev);
		break;
	default:
		if (args_compact(w, a, ev))	/* agent/args.c */
			break;
		decode_int(a, ev, &v);
		if (v.is_signed)
			snprintf(buf, sizeof(buf), "%" PRId64, v.s);
		else
			snprintf(buf, sizeof(buf), "%" PRIu64, v.u);
		jw_raw(w, buf, strlen(buf));
		break;
	}
}

static void print_compact(struct event_printer *pr, const struct event_src *src,
			  const struct meta_hook *hk, const struct tpc_event_hdr *h,
			  const uint8_t *ev)
{
	int64_t ns = (int64_t)h->ktime_ns + pr->boot_to_real_ns;
	time_t sec = (time_t)(ns / 1000000000);
	struct jw *w = &pr->w;
	struct decoded_proc p;
	struct arg_value v;
	char buf[128];
	struct tm tm;
	size_t i, n;

	decode_proc(h, &p);
	jw_reset(w);
	localtime_r(&sec, &tm);
	n = strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
	snprintf(buf + n, sizeof(buf) - n, ".%03ld ", (long)((ns % 1000000000) / 1000000));
	jw_raw(w, buf, strlen(buf));
	compact_str(w, src->meta->policy_name);
	snprintf(buf, sizeof(buf), "  %-8s pid=%u ", action_name(h->actions, true), h->pid);
	jw_raw(w, buf, strlen(buf));
	compact_str(w, p.binary);
	jw_raw(w, "  ", 2);
	if (hk->kind == META_HOOK_LOADER) {
		/* "loader /usr/lib/x/libc.so.6 buildid=<hex>" */
		struct tpc_loader_event l;
		size_t len;

		loader_fields(ev, &l, &len);
		jw_raw(w, "loader ", 7);
		compact_strn(w, (const char *)ev + offsetof(struct tpc_loader_event, path), len);
		jw_raw(w, " buildid=", 9);
		for (i = 0; i < l.buildid_size; i++) {
			snprintf(buf, sizeof(buf), "%02x", l.buildid[i]);
			jw_raw(w, buf, 2);
		}
		jw_raw(w, "\n", 1);
		return;
	}
	if (hk->kind == META_HOOK_UPROBE || hk->kind == META_HOOK_USDT) {
		compact_str(w, hk->path);
		jw_raw(w, ":", 1);
	}
	compact_str(w, hk->function);
	jw_raw(w, "(", 1);
	for (i = 0; i < hk->n_args; i++) {
		const struct meta_arg *a = &hk->args[i];

		if (i)
			jw_raw(w, ", ", 2);
		compact_arg(w, a, ev);
	}
	jw_raw(w, ")", 1);
	if (hk->has_return && (hk->ret.slot == META_SLOT_SOCK || hk->ret.slot == META_SLOT_STR)) {
		/* "sk_alloc(...) = sock(tcp ...)", "readline(...) = ls -l" */
		jw_raw(w, " = ", 3);
		compact_arg(w, &hk->ret, ev);
	} else if (hk->has_return) {
		/* "__x64_sys_openat(...) = -2" */
		decode_int(&hk->ret, ev, &v);
		if (v.is_signed)
			snprintf(buf, sizeof(buf), " = %" PRId64, v.s);
		else
			snprintf(buf, sizeof(buf), " = %" PRIu64, v.u);
		jw_raw(w, buf, strlen(buf));
	}
	if (h->flags & TPC_EVF_ACTION_FAILED) {
		snprintf(buf, sizeof(buf), " action failed: %d", h->action_ret);
		jw_raw(w, buf, strlen(buf));
	}
	jw_raw(w, "\n", 1);
}

/* --- entry point ---------------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static void bad_event(const struct event_src *src, int hook, const char *fmt, ...)
{
	struct diag d = DIAG_NONE;
	char msg[512];
	va_list ap;

	src->pr->n_bad++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d.object = src->obj_name;
	d.policy = src->meta->policy_name;
	if (hook >= 0) {
		d.hook_id = hook;
		d.hook = src->meta->hooks[hook].function;
	}
	diag_error(&d, "dropped malformed event: %s", msg);
}

/* GetUrl / DnsLookup: queued for agent/notify.c, never performed here */
static void notify_event(const struct event_src *src, const struct meta_hook *hk, const struct tpc_event_hdr *h)
{
	const struct meta_selector *s = &hk->selectors[h->selector];
	struct diag d = DIAG_NONE;

	d.object = src->obj_name;
	d.policy = src->meta->policy_name;
	d.hook_id = (int)h->hook;
	d.hook = hk->function;
	if (h->actions & TPC_ACT_GETURL && s->url)
		notify_submit(NOTIFY_GETURL, s->url, &d);
	if (h->actions & TPC_ACT_DNSLOOKUP && s->fqdn)
		notify_submit(NOTIFY_DNSLOOKUP, s->fqdn, &d);
}

double event_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int event_handle(void *ctx, void *data, size_t size)
{
	const struct event_src *src = ctx;
	struct event_printer *pr = src->pr;
	const struct meta_hook *hk;
	struct tpc_event_hdr h;
	char why[256];

	if (pr->done)
		return -ECANCELED;
	if ((pr->stop && *pr->stop) || (pr->deadline > 0 && !(++pr->n_since_check & 127) && event_now_s() >= pr->deadline)) {
		pr->done = true;
		return -ECANCELED;
	}
	if (size < sizeof(h)) {
		bad_event(src, -1, "%zu bytes, shorter than the %zu-byte header", size, sizeof(h));
		return 0;
	}
	memcpy(&h, data, sizeof(h));
	if (h.magic != TPC_EVENT_MAGIC) {
		bad_event(src, -1, "magic 0x%08x, expected 0x%08x", h.magic, TPC_EVENT_MAGIC);
		return 0;
	}
	if (h.hook >= src->meta->n_hooks) {
		bad_event(src, -1, "hook %u, but the object has %zu hooks", h.hook, src->meta->n_hooks);
		return 0;
	}
	hk = &src->meta->hooks[h.hook];
	if (h.size != hk->event_size || size < h.size) {
		bad_event(src, h.hook, "size %u in header, %zu in ring buffer, meta says %u",
			  h.size, size, hk->event_size);
		return 0;
	}
	if (h.selector != TPC_NO_SELECTOR && h.selector >= hk->n_selectors) {
		bad_event(src, h.hook, "selector %u, but the hook has %zu selectors",
			  h.selector, hk->n_selectors);
		return 0;
	}
	if (check_args(hk, data, why, sizeof(why))) {
		bad_event(src, h.hook, "%s", why);
		return 0;
	}
	if (hk->kind == META_HOOK_LOADER) {
		struct tpc_loader_event l;
		size_t len;

		loader_fields(data, &l, &len);
		if (loader_seen(pr, h.pid, (const char *)data + offsetof(struct tpc_loader_event, path), len))
			return 0;	/* Tetragon reports a (pid, path) once */
	}

	if (pr->mode == EVENT_OUT_JSON)
		print_json(pr, src, hk, &h, data);
	else
		print_compact(pr, src, hk, &h, data);
	if (pr->w.oom) {
		diag_error(&DIAG_NONE, "out of memory formatting an event");
		return 0;
	}
	if (fwrite(pr->w.buf, 1, pr->w.len, pr->out) != pr->w.len || fflush(pr->out)) {
		pr->write_err = -(errno ? errno : EIO);
		return -EIO;
	}
	if (h.actions & (TPC_ACT_GETURL | TPC_ACT_DNSLOOKUP) && h.selector != TPC_NO_SELECTOR)
		notify_event(src, hk, &h);
	pr->n_events++;
	if (pr->limit && pr->n_events >= pr->limit) {
		pr->done = true;
		return -ECANCELED;
	}
	return 0;
}

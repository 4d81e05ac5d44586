// SPDX-License-Identifier: Apache-2.0
/*
 * cgen_net: C for network arguments. A hook reads each sock, socket, skb
 * or sockaddr argument a predicate tests once, into a stack slot of the
 * same layout as its event slot (runtime/tpc_event.h), and every predicate
 * becomes straight-line compares on that slot's fields: addresses as masked
 * compares of 4 or 2x8 bytes, or one LPM trie lookup when a predicate has
 * more than NET_INLINE_ADDRS addresses; ports as ranges.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/types.h>

#include "net.h"
#include "tpc_event.h"

const char *cgen_net_slot(const struct ir_read *r)
{
	switch (r->extract) {
	case IR_X_SKB:
		return "struct tpc_skb_slot";
	case IR_X_SOCKADDR:
	case IR_X_SOCKADDR_USER:
		return "struct tpc_sockaddr_slot";
	default:
		return "struct tpc_sock_slot";
	}
}

const char *cgen_net_fill(struct arena *a, const struct ir_read *r, const char *raw, const char *dst)
{
	switch (r->extract) {
	case IR_X_SOCKET:
		return arena_printf(a, "tpc_sock_read(BPF_CORE_READ((struct socket *)%s, sk), %s);", raw, dst);
	case IR_X_SKB:
		return arena_printf(a, "tpc_skb_read((struct sk_buff *)%s, %s);", raw, dst);
	case IR_X_SOCKADDR:
	case IR_X_SOCKADDR_USER:
		return arena_printf(a, "tpc_sockaddr_read((const void *)%s, %s, %s);", raw,
				    r->extract == IR_X_SOCKADDR_USER ? "true" : "false", dst);
	default:
		return arena_printf(a, "tpc_sock_read((struct sock *)%s, %s);", raw, dst);
	}
}

/* The slot field an operator tests: a sockaddr has one address and one port. */
static const char *field(const struct ir_read *r, enum op op)
{
	bool sa = r->extract == IR_X_SOCKADDR || r->extract == IR_X_SOCKADDR_USER;

	switch (op) {
	case OP_SADDR:
	case OP_NOT_SADDR:
		return sa ? "addr" : "saddr";
	case OP_DADDR:
	case OP_NOT_DADDR:
		return "daddr";
	case OP_SPORT:
	case OP_NOT_SPORT:
	case OP_SPORT_PRIV:
	case OP_NOT_SPORT_PRIV:
		return sa ? "port" : "sport";
	case OP_DPORT:
	case OP_NOT_DPORT:
	case OP_DPORT_PRIV:
	case OP_NOT_DPORT_PRIV:
		return "dport";
	case OP_PROTOCOL:
		return "protocol";
	case OP_FAMILY:
		return "family";
	default:
		return "state";
	}
}

static bool is_negated(enum op op)
{
	return op == OP_NOT_SADDR || op == OP_NOT_DADDR || op == OP_NOT_SPORT || op == OP_NOT_DPORT;
}

/* Address value i of p as masked compares; bytes are loaded little-endian, as BPF does. */
static void addr_cmp(struct strbuf *sb, const struct ir_pred *p, int i, const char *var, const char *f)
{
	int fam = (int)p->values[2 * i], plen = (int)p->values[2 * i + 1];
	unsigned char b[16] = { 0 }, m[16] = { 0 };
	int k;

	inet_pton(fam == 10 ? AF_INET6 : AF_INET, p->strs[i], b);
	for (k = 0; k < 16; k++) {
		int keep = plen - 8 * k;

		m[k] = keep >= 8 ? 0xff : keep <= 0 ? 0 : (unsigned char)(0xff << (8 - keep));
	}
	sb_printf(sb, "(%s.family == %d", var, fam);
	if (fam == 2) {
		__u32 v, mk;

		memcpy(&v, b, 4);
		memcpy(&mk, m, 4);
		if (mk == 0xffffffffu)
			sb_printf(sb, " && tpc_net_a4(%s.%s) == 0x%08xU", var, f, v);
		else if (mk)
			sb_printf(sb, " && (tpc_net_a4(%s.%s) & 0x%08xU) == 0x%08xU", var, f, mk, v);
	} else {
		for (k = 0; k < 2; k++) {
			__u64 v, mk;

			memcpy(&v, b + 8 * k, 8);
			memcpy(&mk, m + 8 * k, 8);
			if (mk == ~0ULL)
				sb_printf(sb, " && tpc_net_a6(%s.%s, %d) == 0x%016llxULL", var, f, k,
					  (unsigned long long)v);
			else if (mk)
				sb_printf(sb, " && (tpc_net_a6(%s.%s, %d) & 0x%016llxULL) == 0x%016llxULL", var, f, k,
					  (unsigned long long)mk, (unsigned long long)v);
		}
	}
	sb_puts(sb, ")");
}

const char *cgen_net_expr(struct arena *a, const struct ir_hook *h, int sel, int pred, const struct ir_pred *p,
			  const char *var)
{
	const struct ir_read *r = &h->reads[p->read];
	const char *f = field(r, p->op);
	struct strbuf sb;
	int i;

	sb_init(&sb, a);
	switch (p->op) {
	case OP_SPORT_PRIV:
	case OP_DPORT_PRIV:
		sb_printf(&sb, "%s.%s < 1024", var, f);
		return sb.buf;
	case OP_NOT_SPORT_PRIV:
	case OP_NOT_DPORT_PRIV:
		sb_printf(&sb, "%s.%s >= 1024", var, f);
		return sb.buf;
	default:
		break;
	}
	if (is_negated(p->op))
		sb_puts(&sb, "!(");
	if (net_is_addr_op(p->op) && p->shape == IR_SHAPE_LPM) {
		sb_printf(&sb, "tpc_net_lpm(&%s, %s.family, %s.%s)", net_lpm_name(a, h, sel, pred), var, var, f);
	} else if (net_is_addr_op(p->op)) {
		for (i = 0; i < p->n_strs && 2 * i + 1 < p->n_values; i++) {
			if (i)
				sb_puts(&sb, " || ");
			addr_cmp(&sb, p, i, var, f);
		}
	} else if (net_is_port_op(p->op)) {
		for (i = 0; i + 1 < p->n_values; i += 2) {
			if (i)
				sb_puts(&sb, " || ");
			if (p->values[i] == p->values[i + 1])
				sb_printf(&sb, "%s.%s == %lld", var, f, p->values[i]);
			else
				sb_printf(&sb, "(%s.%s >= %lld && %s.%s <= %lld)", var, f, p->values[i], var, f,
					  p->values[i + 1]);
		}
	} else {
		for (i = 0; i < p->n_values; i++)
			sb_printf(&sb, "%s%s.%s == %lld", i ? " || " : "", var, f, p->values[i]);
	}
	if (is_negated(p->op))
		sb_puts(&sb, ")");
	if (!sb.buf)
		sb_puts(&sb, "0");
	return sb.buf;
}

void cgen_net_maps(struct strbuf *sb, const struct ir_policy *ir)
{
	int h, s, k;

	for (h = 0; h < ir->n_hooks; h++) {
		const struct ir_hook *hk = &ir->hooks[h];

		for (s = 0; s < hk->n_sels; s++) {
			for (k = 0; k < hk->sels[s].n_preds; k++) {
				const struct ir_pred *p = &hk->sels[s].preds[k];

				if (p->shape != IR_SHAPE_LPM || !net_is_addr_op(p->op))	/* strmap.c has string LPMs */
					continue;
				sb_printf(sb, "/* %s:%d:%d: %s, %d addresses: filled by the agent from .tpc.meta */\n",
					  ir->source_base, p->loc.line, p->loc.col, op_name(p->op), p->n_strs);
				sb_puts(sb, "struct {\n");
				sb_puts(sb, "\t__uint(type, BPF_MAP_TYPE_LPM_TRIE);\n");
				sb_printf(sb, "\t__uint(max_entries, %d);\n", p->n_strs);
				sb_puts(sb, "\t__uint(map_flags, TPC_NET_NO_PREALLOC);\n");
				sb_puts(sb, "\t__type(key, struct tpc_net_lpm_key);\n");
				sb_puts(sb, "\t__type(value, __u8);\n");
				sb_printf(sb, "} %s SEC(\".maps\");\n\n", net_lpm_name(sb->arena, hk, s, k));
			}
		}
	}
}

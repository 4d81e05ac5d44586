// SPDX-License-Identifier: Apache-2.0
/*
 * lower_net: the values of network operators into ir_pred (see net.h for
 * the IR they become), and the LPM tries that address operators with many
 * values are given: their names, key bytes and the ".tpc.meta" entries the
 * agent writes into them before it attaches.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/types.h>

#include "net.h"
#include "tpc_event.h"

bool net_is_addr_op(enum op op)
{
	return op == OP_SADDR || op == OP_DADDR || op == OP_NOT_SADDR || op == OP_NOT_DADDR;
}

bool net_is_port_op(enum op op)
{
	return op == OP_SPORT || op == OP_DPORT || op == OP_NOT_SPORT || op == OP_NOT_DPORT;
}

bool net_is_op(enum op op)
{
	return net_is_addr_op(op) || net_is_port_op(op) || op == OP_SPORT_PRIV || op == OP_DPORT_PRIV ||
	       op == OP_NOT_SPORT_PRIV || op == OP_NOT_DPORT_PRIV || op == OP_PROTOCOL || op == OP_FAMILY ||
	       op == OP_STATE;
}

bool net_is_read(const struct ir_read *r)
{
	switch (r->extract) {
	case IR_X_SOCK:
	case IR_X_SOCKET:
	case IR_X_SKB:
	case IR_X_SOCKADDR:
	case IR_X_SOCKADDR_USER:
		return true;
	default:
		return false;
	}
}

/* Tetragon's names (pkg/selectors: protocol, family and TCP state tables) and the kernel's numbers. */
static const struct {
	const char *name;
	int nr;
} net_names[] = {
	{ "IPPROTO_IP", 0 }, { "IPPROTO_ICMP", 1 }, { "IPPROTO_IGMP", 2 }, { "IPPROTO_TCP", 6 },
	{ "IPPROTO_UDP", 17 }, { "IPPROTO_IPV6", 41 }, { "IPPROTO_GRE", 47 }, { "IPPROTO_ICMPV6", 58 },
	{ "IPPROTO_SCTP", 132 }, { "IPPROTO_UDPLITE", 136 }, { "IPPROTO_RAW", 255 }, { "IPPROTO_MPTCP", 262 },
	{ "AF_UNSPEC", 0 }, { "AF_UNIX", 1 }, { "AF_LOCAL", 1 }, { "AF_INET", 2 }, { "AF_INET6", 10 },
	{ "AF_NETLINK", 16 }, { "AF_PACKET", 17 }, { "AF_BLUETOOTH", 31 }, { "AF_VSOCK", 40 }, { "AF_XDP", 44 },
	{ "TCP_ESTABLISHED", 1 }, { "TCP_SYN_SENT", 2 }, { "TCP_SYN_RECV", 3 }, { "TCP_FIN_WAIT1", 4 },
	{ "TCP_FIN_WAIT2", 5 }, { "TCP_TIME_WAIT", 6 }, { "TCP_CLOSE", 7 }, { "TCP_CLOSE_WAIT", 8 },
	{ "TCP_LAST_ACK", 9 }, { "TCP_LISTEN", 10 }, { "TCP_CLOSING", 11 }, { "TCP_NEW_SYN_RECV", 12 },
};

static long long named_value(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(net_names) / sizeof(net_names[0]); i++)
		if (!strcmp(net_names[i].name, s))
			return net_names[i].nr;
	return strtoll(s, NULL, 0);
}

/* "10.0.0.0/8", "::1": family, prefix length and the network address as text, host bits cleared. */
static void lower_addr(struct tpc_ctx *ctx, const char *s, long long *fam, long long *plen, const char **text)
{
	const char *slash = strchr(s, '/');
	char *a = arena_strndup(&ctx->arena, s, slash ? (size_t)(slash - s) : strlen(s));
	unsigned char b[16] = { 0 };
	char buf[INET6_ADDRSTRLEN];
	int af = strchr(a, ':') ? AF_INET6 : AF_INET, bits = af == AF_INET6 ? 128 : 32, i;

	if (inet_pton(af, a, b) != 1)
		abort();	/* check_addr_value() let an invalid address through */
	*fam = af == AF_INET6 ? 10 : 2;
	*plen = slash ? strtoll(slash + 1, NULL, 10) : bits;
	for (i = 0; i < bits / 8; i++) {
		int keep = (int)*plen - 8 * i;

		if (keep <= 0)
			b[i] = 0;
		else if (keep < 8)
			b[i] &= (unsigned char)(0xff << (8 - keep));
	}
	inet_ntop(af, b, buf, sizeof(buf));
	*text = arena_strdup(&ctx->arena, buf);
}

void lower_net_pred(struct tpc_ctx *ctx, struct ir_pred *p, const struct ast_match *m)
{
	int n = m->values.n, j;

	p->shape = IR_SHAPE_INLINE;
	if (net_is_addr_op(m->op)) {
		p->n_values = 2 * n;
		p->values = arena_alloc(&ctx->arena, sizeof(long long) * (size_t)p->n_values);
		p->n_strs = n;
		p->strs = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)n);
		p->str_lens = arena_alloc(&ctx->arena, sizeof(int) * (size_t)n);
		for (j = 0; j < n; j++) {
			lower_addr(ctx, m->values.v[j].s, &p->values[2 * j], &p->values[2 * j + 1], &p->strs[j]);
			p->str_lens[j] = (int)strlen(p->strs[j]);
		}
		if (n > NET_INLINE_ADDRS)
			p->shape = IR_SHAPE_LPM;
		return;
	}
	if (net_is_port_op(m->op)) {
		p->n_values = 2 * n;
		p->values = arena_alloc(&ctx->arena, sizeof(long long) * (size_t)p->n_values);
		for (j = 0; j < n; j++) {
			const char *v = m->values.v[j].s, *colon = strchr(v, ':');

			p->values[2 * j] = strtoll(v, NULL, 0);
			p->values[2 * j + 1] = colon ? strtoll(colon + 1, NULL, 0) : p->values[2 * j];
		}
		return;
	}
	/* Protocol, Family, State: numbers; the Priv forms take no values */
	if (op_values(m->op) == OPV_NONE)
		return;
	p->n_values = n;
	p->values = arena_alloc(&ctx->arena, sizeof(long long) * (size_t)n);
	for (j = 0; j < n; j++)
		p->values[j] = named_value(m->values.v[j].s);
}

const char *net_lpm_name(struct arena *a, const struct ir_hook *h, int sel, int pred)
{
	return arena_printf(a, "tpc_%s_%d_s%d_p%d_lpm", h->name, h->id, sel, pred);
}

int net_lpm_key(const struct ir_pred *p, int i, unsigned char key[NET_LPM_KEY_SIZE])
{
	unsigned int prefixlen;
	int af = p->values[2 * i] == 10 ? AF_INET6 : AF_INET;

	memset(key, 0, NET_LPM_KEY_SIZE);
	prefixlen = 32 + (unsigned int)p->values[2 * i + 1];
	memcpy(key, &prefixlen, 4);	/* host order: BPF and the agent's host are both little-endian */
	key[4] = (unsigned char)p->values[2 * i];
	if (inet_pton(af, p->strs[i], key + 8) != 1)
		return -EINVAL;
	return 0;
}

void meta_net_maps(struct strbuf *sb, const struct ir_policy *ir)
{
	unsigned char key[NET_LPM_KEY_SIZE];
	int h, s, k, i, j, n = 0;

	for (h = 0; h < ir->n_hooks; h++) {
		const struct ir_hook *hk = &ir->hooks[h];

		for (s = 0; s < hk->n_sels; s++) {
			for (k = 0; k < hk->sels[s].n_preds; k++) {
				const struct ir_pred *p = &hk->sels[s].preds[k];

				if (p->shape != IR_SHAPE_LPM || !net_is_addr_op(p->op))	/* strmap.c has string LPMs */
					continue;
				sb_printf(sb, "%s{\"name\":\"%s\",\"type\":\"lpm_trie\",\"key_size\":%d,\"value_size\":1,"
					  "\"entries\":[", n++ ? "," : "", net_lpm_name(sb->arena, hk, s, k), NET_LPM_KEY_SIZE);
				for (i = 0; i < p->n_strs && 2 * i + 1 < p->n_values; i++) {
					if (net_lpm_key(p, i, key))
						abort();	/* the IR reader checks addresses */
					sb_printf(sb, "%s{\"key\":\"", i ? "," : "");
					for (j = 0; j < NET_LPM_KEY_SIZE; j++)
						sb_printf(sb, "%02x", key[j]);
					sb_puts(sb, "\",\"value\":\"01\"}");
				}
				sb_puts(sb, "]}");
			}
		}
	}
}

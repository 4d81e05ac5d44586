/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Network arguments (sock, socket, skb, sockaddr) and their operators
 * (SAddr, DAddr, SPort, DPort, the Priv forms, Protocol, Family, State):
 * lower_net.c parses the values into ir_pred, cgen_net.c writes the C.
 *
 * IR of a net predicate (docs/ir.md):
 *   SAddr/DAddr/NotSAddr/NotDAddr  values: (family, prefix length) pairs;
 *                                  strs: the network address, host bits cleared, as text;
 *                                  shape inline (masked compares) or lpm (more than
 *                                  NET_INLINE_ADDRS values: an LPM trie the agent fills)
 *   SPort/DPort/NotSPort/NotDPort  values: (min, max) pairs (a single port is p:p)
 *   *PortPriv                      no values (privileged: port < 1024)
 *   Protocol/Family/State          values: numbers (names resolved here)
 */
#ifndef TPC_NET_IR_H
#define TPC_NET_IR_H

#include "ir.h"

/* SAddr/DAddr with more values than this go to an LPM trie. */
#define NET_INLINE_ADDRS 8
/* LPM key: struct tpc_net_lpm_key (bpf-templates/tpc_net.h) */
#define NET_LPM_KEY_SIZE 24

bool net_is_op(enum op op);
bool net_is_addr_op(enum op op);
bool net_is_port_op(enum op op);
bool net_is_read(const struct ir_read *r);

/* lower_net.c: one net matchArgs entry; values were validated by check. */
void lower_net_pred(struct tpc_ctx *ctx, struct ir_pred *p, const struct ast_match *m);
/* The name of the LPM trie of pred `pred` of selector `sel`. */
const char *net_lpm_name(struct arena *a, const struct ir_hook *h, int sel, int pred);
/* Key bytes of the LPM trie entry for address value i of p; 0 or -EINVAL. */
int net_lpm_key(const struct ir_pred *p, int i, unsigned char key[NET_LPM_KEY_SIZE]);
/* The ".tpc.meta" "maps" array contents (the LPM tries and their entries), "" when none. */
void meta_net_maps(struct strbuf *sb, const struct ir_policy *ir);

/* cgen_net.c */
const char *cgen_net_slot(const struct ir_read *r);
/* A statement reading the raw argument `raw` of r into the slot at `dst` (a pointer). */
const char *cgen_net_fill(struct arena *a, const struct ir_read *r, const char *raw, const char *dst);
/* The C condition of p on the slot variable `var`; sel/pred name its LPM trie. */
const char *cgen_net_expr(struct arena *a, const struct ir_hook *h, int sel, int pred, const struct ir_pred *p,
			  const char *var);
/* Map definitions for every LPM-shaped predicate of the policy. */
void cgen_net_maps(struct strbuf *sb, const struct ir_policy *ir);

#endif /* TPC_NET_IR_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Many string values through a map (compiler/strmap.c): Equal, NotEqual,
 * Prefix, NotPrefix, Postfix and NotPostfix on strings, paths and buffers
 * with more than
 * STRMAP_INLINE values compare with one map lookup instead of one inline
 * compare per value.
 *
 * IR of the predicate (docs/ir.md): the strings as for inline compares;
 * shape
 *   hash  Equal, NotEqual: a BPF_MAP_TYPE_HASH whose key is struct
 *         tpc_strkey cut to 4 + klen bytes: the value's length (__u32),
 *         then its bytes, zero-padded; a value longer than klen is equal
 *         to none
 *   lpm   Prefix, NotPrefix: a BPF_MAP_TYPE_LPM_TRIE keyed the same way,
 *         the length in bits (the trie's prefixlen), each entry a literal;
 *         the lookup is the value's first klen bytes. Postfix, NotPostfix:
 *         the same with the literals and the value's last klen bytes
 *         reversed
 * klen is the longest literal rounded up to 8 bytes. The entries are in
 * ".tpc.meta" "maps"; the agent writes them before attach.
 */
#ifndef TPC_STRMAP_H
#define TPC_STRMAP_H

#include "ir.h"

/*
 * values compared inline at most: measured (docs/performance.md), a hash
 * lookup costs as much as 16 inline compares of literals that all share the
 * value's length and all but its last byte, and far more than 32 that
 * differ early or in length
 */
#define STRMAP_INLINE 16

/* lower.c: the shape of a string predicate p, from its op and values */
enum ir_shape strmap_shape(const struct ir_pred *p);
/* The key bytes after the length: the longest literal, rounded up to 8 */
int strmap_klen(const struct ir_pred *p);
/* cgen.c: the C condition of map-shaped p on the value v[reg] */
const char *cgen_strmap_expr(struct arena *a, const struct ir_hook *h, const struct ir_pred *p, int reg, bool path);
/*
 * Whether the value at s, len bytes long (kernel memory), is in the map of
 * an Equal or Prefix predicate p or its Not: membership only, the caller
 * negates a Not
 */
const char *cgen_strmap_in(struct arena *a, const struct ir_hook *h, const struct ir_pred *p, const char *s,
			   const char *len);
/* Map definitions for every map-shaped string predicate of the policy. */
void cgen_strmap_maps(struct strbuf *sb, const struct ir_policy *ir);
/* ".tpc.meta" "maps" elements of those maps; *n counts the elements written so far (commas). */
void meta_strmap_maps(struct strbuf *sb, const struct ir_policy *ir, int *n);
/* Whether the policy has one: cgen.c defines TPC_STRMAP for tpc_str.h */
bool strmap_used(const struct ir_policy *ir);

#endif /* TPC_STRMAP_H */

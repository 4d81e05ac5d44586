/* SPDX-License-Identifier: Apache-2.0 */
/*
 * InMap / NotInMap on integer arguments: lower, C and metadata in one place
 * (compiler/intmap.c).
 *
 * IR of the predicate (docs/ir.md): values are (min, max) pairs, printed
 * `min:max` (a single value v is v:v): integers, ranges "a:b", and the
 * x86-64 numbers of the members of a "list:NAME" of type syscalls. Shape:
 *   inline  compares written out in C (up to INTMAP_INLINE pairs, or when
 *           the ranges hold more than INTMAP_MAX_ENTRIES values)
 *   hash    one lookup in a BPF_MAP_TYPE_HASH (key __u64: the value as read,
 *           sign- or zero-extended; value __u8 1) whose entries the object
 *           carries in ".tpc.meta" "maps" and the agent writes before attach
 */
#ifndef TPC_INTMAP_H
#define TPC_INTMAP_H

#include "ir.h"

#define INTMAP_INLINE 8		/* pairs compared inline at most */
#define INTMAP_MAX_ENTRIES 4096	/* values a hash map holds at most */

/* Where p sits among h's selectors: selector, index, and whether it is a matchReturnArgs pred. */
void ir_pred_place(const struct ir_hook *h, const struct ir_pred *p, int *sel, int *idx, bool *ret);
typedef void (*ir_pred_fn)(struct strbuf *, const struct ir_policy *, const struct ir_hook *, const struct ir_pred *,
			   int *);
/* Calls fn for every matchArgs and matchReturnArgs pred of the policy that want() accepts. */
void ir_each_pred(const struct ir_policy *ir, struct strbuf *sb, int *n, bool (*want)(const struct ir_pred *),
		  ir_pred_fn fn);

bool intmap_is_op(enum op op);
/* lower.c: one InMap/NotInMap entry on integer read r; values were validated by check. */
void lower_intmap_pred(struct tpc_ctx *ctx, struct ir_pred *p, const struct ir_read *r, const struct ast_match *m);
/* How many values the (min, max) pairs of p hold; INTMAP_MAX_ENTRIES + 1 when more, or min > max. */
unsigned long long intmap_entries(const struct ir_pred *p, bool sgn);
/* The name of the hash map of p, a matchArgs or matchReturnArgs pred of one of h's selectors. */
const char *intmap_name(struct arena *a, const struct ir_hook *h, const struct ir_pred *p);
/* The C condition of p on the integer variable `x` (signed: sgn). */
const char *cgen_intmap_expr(struct arena *a, const struct ir_hook *h, const struct ir_pred *p, const char *x,
			     bool sgn);
/* Map definitions for every hash-shaped InMap/NotInMap predicate of the policy. */
void cgen_intmap_maps(struct strbuf *sb, const struct ir_policy *ir);
/* ".tpc.meta" "maps" elements of those maps; *n counts the elements written so far (commas). */
void meta_intmap_maps(struct strbuf *sb, const struct ir_policy *ir, int *n);

#endif /* TPC_INTMAP_H */

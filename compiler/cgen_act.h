/* SPDX-License-Identifier: Apache-2.0 */
/* Code generation for action parameters (cgen_act.c), called by cgen.c. */
#ifndef TPC_CGEN_ACT_H
#define TPC_CGEN_ACT_H

#include "ir.h"

/* Does any selector rate-limit its posts (so tpc_rate.h is included)? */
bool cgen_act_used(const struct ir_policy *ir);
/*
 * Selector s has a rateLimit: write the `if (!tpc_rate_limited(...))` line
 * that guards its post and return true; the caller indents the post.
 */
bool cgen_act_rate(struct strbuf *sb, int indent, const char *source_base, const struct ir_hook *h,
		   const struct ir_selector *s);

/* The BPF_MAP_TYPE_STACK_TRACE map TPC_STACK_MAP, when a hook has a stack slot. */
void cgen_act_stack_map(struct strbuf *sb, const struct ir_policy *ir);
/* In the hook's post function: fill e->stack for the selectors that ask (nothing without a slot). */
void cgen_act_stack_fill(struct strbuf *sb, int indent, const char *source_base, const struct ir_hook *h);

#endif /* TPC_CGEN_ACT_H */

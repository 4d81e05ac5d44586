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

/*
 * Does a selector TrackSock or UntrackSock, or a hook have a returnArgAction?
 * Then the object has the tpc_socktrack map (bpf-templates/tpc_socktrack.h)
 * and every post looks its sock and socket arguments up in it.
 */
bool cgen_act_socktrack_used(const struct ir_policy *ir);
/* In the hook's post function: fill e->stack for the selectors that ask (nothing without a slot). */
void cgen_act_stack_fill(struct strbuf *sb, int indent, const char *source_base, const struct ir_hook *h);

/*
 * In the hook's post function, after every other slot: fill e->ima with
 * bpf_ima_file_hash() of the hook's file for the selectors whose Post has
 * imaHash (nothing without an IMA slot). The helper may sleep: lower made
 * the program sleepable (lsm.s/).
 */
/* The CO-RE shadow of struct linux_binprm that cgen_act_ima_fill() reads, when a bprm hook asks. */
void cgen_act_ima_shadow(struct strbuf *sb, const struct ir_policy *ir);
void cgen_act_ima_fill(struct strbuf *sb, int indent, const char *source_base, const struct ir_hook *h);

#endif /* TPC_CGEN_ACT_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spec.enforcers and NotifyEnforcer (cgen_enforce.c), called by cgen.c; see
 * lower_enforce.c for what they mean.
 */
#ifndef TPC_CGEN_ENFORCE_H
#define TPC_CGEN_ENFORCE_H

#include "ir.h"

/* The per-thread map of notifications and its two helpers, before any hook, when the policy has enforcers. */
void cgen_enforce_map(struct strbuf *sb, const struct ir_policy *ir);
/* The programs of an enforcer hook (h->enforcer): fmod_ret and kprobe + bpf_override_return. */
void cgen_enforce_hook(struct strbuf *sb, const struct ir_hook *h);
/* tpc_usdt_set(), when a selector has action Set (after usdt.bpf.h). */
void cgen_usdt_set_helper(struct strbuf *sb, const struct ir_policy *ir);
/* A NotifyEnforcer or Set action of a selector, indented by `indent` tabs. */
void cgen_enforce_notify(struct strbuf *sb, int indent, const char *source_base, const struct ir_action *a);

#endif /* TPC_CGEN_ENFORCE_H */

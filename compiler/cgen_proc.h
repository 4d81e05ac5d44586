/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Code generation for process selectors (cgen_proc.c), called by cgen.c.
 * Each function appends lines to sb, indented by `indent` tabs.
 */
#ifndef TPC_CGEN_PROC_H
#define TPC_CGEN_PROC_H

#include "ir.h"

/* Does any selector of the policy read the process map (so tpc_proc.h is included)? */
bool cgen_proc_used(const struct ir_policy *ir);
/*
 * The CO-RE shadows (task, nsproxy, namespaces, cred) and the host_ns knob
 * that matchNamespaces and matchCapabilities need, each member checked in
 * the target's BTF. Returns 0, or -1 with diagnostics in ctx.
 */
int cgen_proc_shadows(struct strbuf *sb, struct arena *a, struct tpc_ctx *ctx, const struct tpc_target *t,
		      const struct ir_policy *ir);
/* The test functions of every process selector of hook h, before the hook's function. */
void cgen_proc_funcs(struct strbuf *sb, struct arena *a, const char *source_base, const struct ir_hook *h);
/* Locals of the hook's function, when some selector of h has process selectors. */
void cgen_proc_decls(struct strbuf *sb, struct arena *a, int indent, const struct ir_hook *h);
/* The early exits of selector s (inside its do { } while (0)). */
void cgen_proc_sel(struct strbuf *sb, struct arena *a, int indent, const char *source_base, const struct ir_hook *h,
		   const struct ir_selector *s);
/* After selector s matched: the *Changes selectors record the current namespaces or capabilities. */
void cgen_proc_accept(struct strbuf *sb, struct arena *a, int indent, const char *source_base,
		      const struct ir_selector *s);

#endif /* TPC_CGEN_PROC_H */

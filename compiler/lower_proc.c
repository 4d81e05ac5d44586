// SPDX-License-Identifier: Apache-2.0
/*
 * lower_proc: the process selectors of a selector (matchBinaries,
 * matchPIDs, matchNamespaces, matchCapabilities and their *Changes)
 * -> ir_proc_pred. check.c validated operators and values.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ir.h"

static bool is_true(const struct ast_scalar *s)
{
	return ast_has(s) && !strcasecmp(s->s, "true");
}

static struct ir_proc_pred *add(struct tpc_ctx *ctx, struct ir_selector *sel, enum ir_proc_kind kind,
				const struct ast_match *m)
{
	struct ir_proc_pred *pp = ARENA_PUSH(&ctx->arena, sel->procs, sel->n_procs, sel->cap_procs);
	int op = op_lookup(m->operator.s);

	pp->kind = kind;
	pp->p.op = op < 0 ? OP_IN : (enum op)op;
	pp->p.loc = m->loc;
	pp->p.shape = IR_SHAPE_INLINE;
	pp->p.read = -1;
	return pp;
}

/* "CAP_SYS_ADMIN" -> 21; check.c accepted only known names */
static long long cap_nr(const char *s)
{
	int i;

	for (i = 0; i < tpc_n_capabilities; i++)
		if (!strcmp(tpc_capabilities[i].name, s))
			return tpc_capabilities[i].nr;
	return 0;
}

/* matchCapabilities / matchCapabilityChanges: the kind of the set `type` names, and the capability numbers */
static void lower_caps(struct tpc_ctx *ctx, struct ir_selector *sel, const struct ast_match *m,
		       enum ir_proc_kind eff, enum ir_proc_kind inh, enum ir_proc_kind prm)
{
	const char *type = ast_has(&m->type) ? m->type.s : "Effective";
	struct ir_proc_pred *pp = add(ctx, sel, !strcmp(type, "Inheritable") ? inh :
				      !strcmp(type, "Permitted") ? prm : eff, m);
	int j;

	if (is_true(&m->is_ns_cap))
		pp->flags |= IR_PROCF_NS_CAP;
	pp->p.n_values = m->values.n;
	pp->p.values = arena_alloc(&ctx->arena, sizeof(long long) * (size_t)m->values.n);
	for (j = 0; j < m->values.n; j++)
		pp->p.values[j] = cap_nr(m->values.v[j].s);
}

void lower_proc_selector(struct tpc_ctx *ctx, struct ir_selector *sel, const struct ast_selector *s)
{
	int i, j;

	for (i = 0; i < s->match_pids.n; i++) {
		const struct ast_match *m = &s->match_pids.v[i];
		struct ir_proc_pred *pp = add(ctx, sel, IR_PROC_PID, m);

		if (is_true(&m->follow_forks))
			pp->flags |= IR_PROCF_FOLLOW;
		if (is_true(&m->is_ns_pid))
			pp->flags |= IR_PROCF_NS_PID;
		pp->p.n_values = m->values.n;
		pp->p.values = arena_alloc(&ctx->arena, sizeof(long long) * (size_t)m->values.n);
		for (j = 0; j < m->values.n; j++)
			pp->p.values[j] = (long long)(__UINT32_TYPE__)strtoull(m->values.v[j].s, NULL, 0);
	}
	for (i = 0; i < s->match_namespaces.n; i++) {
		const struct ast_match *m = &s->match_namespaces.v[i];
		struct ir_proc_pred *pp = add(ctx, sel, IR_PROC_NS_UTS, m);

		for (j = 0; j < tpc_n_namespaces; j++)
			if (!strcmp(m->namespace.s, tpc_namespaces[j]))
				pp->kind = (enum ir_proc_kind)(IR_PROC_NS_UTS + j);
		pp->p.n_values = m->values.n;
		pp->p.values = arena_alloc(&ctx->arena, sizeof(long long) * (size_t)m->values.n);
		for (j = 0; j < m->values.n; j++)
			pp->p.values[j] = !strcmp(m->values.v[j].s, "host_ns") ? IR_NS_HOST :
					  (long long)(__UINT32_TYPE__)strtoull(m->values.v[j].s, NULL, 0);
	}
	for (i = 0; i < s->match_caps.n; i++)
		lower_caps(ctx, sel, &s->match_caps.v[i], IR_PROC_CAP_EFFECTIVE, IR_PROC_CAP_INHERITABLE,
			   IR_PROC_CAP_PERMITTED);
	for (i = 0; i < s->match_ns_changes.n; i++) {
		const struct ast_match *m = &s->match_ns_changes.v[i];
		struct ir_proc_pred *pp = add(ctx, sel, IR_PROC_NS_CHANGE, m);

		pp->p.n_values = m->values.n;
		pp->p.values = arena_alloc(&ctx->arena, sizeof(long long) * (size_t)m->values.n);
		for (j = 0; j < m->values.n; j++) {
			int k;

			for (k = 0; k < tpc_n_namespaces; k++)
				if (!strcmp(m->values.v[j].s, tpc_namespaces[k]))
					pp->p.values[j] = k;
		}
	}
	for (i = 0; i < s->match_cap_changes.n; i++)
		lower_caps(ctx, sel, &s->match_cap_changes.v[i], IR_PROC_CAP_CHANGE_EFFECTIVE,
			   IR_PROC_CAP_CHANGE_INHERITABLE, IR_PROC_CAP_CHANGE_PERMITTED);
	for (i = 0; i < s->match_binaries.n; i++) {
		const struct ast_match *m = &s->match_binaries.v[i];
		struct ir_proc_pred *pp = add(ctx, sel, IR_PROC_BINARY, m);

		if (is_true(&m->follow_children))
			pp->flags |= IR_PROCF_FOLLOW;
		pp->p.n_strs = m->values.n;
		pp->p.strs = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)m->values.n);
		pp->p.str_lens = arena_alloc(&ctx->arena, sizeof(int) * (size_t)m->values.n);
		for (j = 0; j < m->values.n; j++) {
			pp->p.strs[j] = m->values.v[j].s;
			pp->p.str_lens[j] = (int)strlen(m->values.v[j].s);
		}
	}
}

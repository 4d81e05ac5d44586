// SPDX-License-Identifier: Apache-2.0
/*
 * cgen_act: code for action parameters, called by cgen.c.
 * Post's rateLimit: the post is guarded by tpc_rate_limited() (tpc_rate.h).
 */
#include <stdarg.h>

#include "cgen_act.h"

bool cgen_act_used(const struct ir_policy *ir)
{
	int i, j;

	for (i = 0; i < ir->n_hooks; i++)
		for (j = 0; j < ir->hooks[i].n_sels; j++)
			if (ir->hooks[i].sels[j].rate_ns)
				return true;
	return false;
}

static const char *const scopes[] = { "TPC_RATE_THREAD", "TPC_RATE_PROCESS", "TPC_RATE_GLOBAL" };

bool cgen_act_rate(struct strbuf *sb, int indent, const char *source_base, const struct ir_hook *h,
		   const struct ir_selector *s)
{
	int i;

	if (!s->rate_ns)
		return false;
	for (i = 0; i < indent; i++)
		sb_putn(sb, "\t", 1);
	sb_printf(sb, "/* %s:%d:%d: Post rateLimit: one event per %llu ns per %s */\n", source_base, s->rate_loc.line,
		  s->rate_loc.col, (unsigned long long)s->rate_ns, ir_rate_scope_names[s->rate_scope]);
	for (i = 0; i < indent; i++)
		sb_putn(sb, "\t", 1);
	sb_printf(sb, "if (!tpc_rate_limited(0x%x, %lluULL, %s))\n", (unsigned int)(h->id << 16 | s->id),
		  (unsigned long long)s->rate_ns, scopes[s->rate_scope]);
	return true;
}

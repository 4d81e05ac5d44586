// SPDX-License-Identifier: Apache-2.0
/*
 * The prefix gate: a cheap early exit for hooks whose every selector needs
 * the same string argument to start with one of a few literals.
 *
 * Reading a user string costs a bpf_probe_read_user_str of up to
 * TPC_STR_MAX bytes on every call, matching or not (docs/performance.md:
 * most of what a Prefix policy on openat costs). When no selector can match
 * unless the first bytes of the string are one of the Prefix literals, the
 * hook first reads just those bytes with a fixed-size read and returns at
 * once when none of the literals is there. A fixed-size read fails where a
 * short string ends within those bytes right before an unmapped page: then
 * the gate lets the call through to the whole read, so it never changes
 * what matches, only what a non-matching call costs.
 */
#include "cgen_gate.h"
#include "cgen.h"

#define GATE_MAX_LEN 32		/* longest literal worth a fixed-size read */
#define GATE_MAX_VALUES 8	/* compares in the gate, all inline */

/* The selector's Prefix predicate on a string in memory, or NULL. */
static const struct ir_pred *sel_prefix(const struct ir_hook *h, const struct ir_selector *s)
{
	int i, j;

	for (i = 0; i < s->n_preds; i++) {
		const struct ir_pred *p = &s->preds[i];
		const struct ir_read *r;

		if (p->op != OP_PREFIX || p->read < 0 || p->shape != IR_SHAPE_INLINE || !p->n_strs)
			continue;
		r = &h->reads[p->read];
		if (r->extract != IR_X_STR_USER && r->extract != IR_X_STR_KERNEL)
			continue;
		for (j = 0; j < p->n_strs; j++)
			if (p->str_lens[j] <= 0 || p->str_lens[j] > GATE_MAX_LEN)
				break;
		if (j == p->n_strs)
			return p;
	}
	return NULL;
}

int cgen_gate_read(const struct ir_hook *h)
{
	int i, read = -1, n = 0;

	if (!h->n_sels || h->is_return)
		return -1;
	for (i = 0; i < h->n_sels; i++) {
		const struct ir_pred *p = sel_prefix(h, &h->sels[i]);

		if (!p || (read >= 0 && p->read != read))
			return -1;
		read = p->read;
		n += p->n_strs;
	}
	return n <= GATE_MAX_VALUES ? read : -1;
}

void cgen_gate_fn(struct strbuf *sb, struct arena *a, const struct ir_hook *h)
{
	int read = cgen_gate_read(h), len = 0, i, j;
	const struct ir_read *r;

	if (read < 0)
		return;
	r = &h->reads[read];
	for (i = 0; i < h->n_sels; i++) {
		const struct ir_pred *p = sel_prefix(h, &h->sels[i]);

		for (j = 0; j < p->n_strs; j++)
			len = p->str_lens[j] > len ? p->str_lens[j] : len;
	}
	sb_printf(sb, "/*\n * Every selector needs arg %d to start with one of these: read %d bytes and\n"
		      " * return unless one is there (a failed read lets the call through).\n */\n",
		  r->arg, len);
	sb_printf(sb, "static __always_inline bool tpc_%s_%d_gate(void *ctx, const int variant)\n{\n", h->name, h->id);
	sb_printf(sb, "\tchar b[%d];\n\n", len);
	sb_printf(sb, "\tif (bpf_probe_read_%s(b, %d, (const void *)tpc_%s_%d_arg%d(ctx, variant)))\n",
		  r->extract == IR_X_STR_USER ? "user" : "kernel", len, h->name, h->id, r->arg);
	sb_puts(sb, "\t\treturn true;\n\treturn ");
	for (i = 0, len = 0; i < h->n_sels; i++) {
		const struct ir_pred *p = sel_prefix(h, &h->sels[i]);

		for (j = 0; j < p->n_strs; j++, len++)
			sb_printf(sb, "%stpc_mem_eq(b, %s, %d)", len ? " ||\n\t       " : "",
				  cgen_c_string(a, p->strs[j], p->str_lens[j]), p->str_lens[j]);
	}
	sb_puts(sb, ";\n}\n\n");
}

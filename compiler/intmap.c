// SPDX-License-Identifier: Apache-2.0
/*
 * InMap / NotInMap on integer arguments (see intmap.h): the values as
 * (min, max) pairs, the inline or hash shape, the C condition, the map
 * definitions and their initial contents in ".tpc.meta".
 */
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "btf.h"
#include "intmap.h"

bool intmap_is_op(enum op op)
{
	return op == OP_IN_MAP || op == OP_NOT_IN_MAP;
}

/* ir_narrow(), ir_value_of(): lower.c, declared in ir.h */
/* "lseek", "sys_lseek", "__x64_sys_lseek" -> "lseek" */
/* syscall_base(): compiler/btf.h */
static void push_pair(struct tpc_ctx *ctx, struct ir_pred *p, int *cap, long long lo, long long hi)
{
	if (p->n_values + 2 > *cap) {
		long long *v;

		*cap = *cap ? 2 * *cap : 16;
		v = arena_alloc(&ctx->arena, sizeof(long long) * (size_t)*cap);
		if (p->n_values)
			memcpy(v, p->values, sizeof(long long) * (size_t)p->n_values);
		p->values = v;
	}
	p->values[p->n_values++] = lo;
	p->values[p->n_values++] = hi;
}

unsigned long long intmap_entries(const struct ir_pred *p, bool sgn)
{
	unsigned long long n = 0;
	int i;

	for (i = 0; i + 1 < p->n_values; i += 2) {
		unsigned long long w = (unsigned long long)p->values[i + 1] - (unsigned long long)p->values[i];

		if ((sgn ? p->values[i] > p->values[i + 1]
			 : (unsigned long long)p->values[i] > (unsigned long long)p->values[i + 1]) ||
		    w >= INTMAP_MAX_ENTRIES)
			return INTMAP_MAX_ENTRIES + 1;
		n += w + 1;
		if (n > INTMAP_MAX_ENTRIES)
			return INTMAP_MAX_ENTRIES + 1;
	}
	return n;
}

void lower_intmap_pred(struct tpc_ctx *ctx, struct ir_pred *p, const struct ir_read *r, const struct ast_match *m)
{
	int j, k, cap = 0;

	p->shape = IR_SHAPE_INLINE;
	for (j = 0; j < m->values.n; j++) {
		const char *v = m->values.v[j].s, *colon = strchr(v, ':');
		const struct ast_list *l = m->lists ? m->lists[j] : NULL;

		if (l) {
			/* check: a list of type syscalls whose members all have numbers */
			for (k = 0; k < l->values.n; k++) {
				long long nr = ir_narrow(syscall_id(l->values.v[k].s), r->width, r->is_signed);

				push_pair(ctx, p, &cap, nr, nr);
			}
		} else if (colon) {
			push_pair(ctx, p, &cap,
				  ir_narrow(ir_value_of(arena_strndup(&ctx->arena, v, (size_t)(colon - v))), r->width,
					 r->is_signed),
				  ir_narrow(ir_value_of(colon + 1), r->width, r->is_signed));
		} else {
			long long x = ir_narrow(ir_value_of(v), r->width, r->is_signed);

			push_pair(ctx, p, &cap, x, x);
		}
	}
	if (p->n_values / 2 > INTMAP_INLINE && intmap_entries(p, r->is_signed) <= INTMAP_MAX_ENTRIES)
		p->shape = IR_SHAPE_HASH;
}

void ir_pred_place(const struct ir_hook *h, const struct ir_pred *p, int *sel, int *idx, bool *ret)
{
	int s;

	for (s = 0; s < h->n_sels; s++) {
		const struct ir_selector *x = &h->sels[s];

		if (p >= x->preds && p < x->preds + x->n_preds) {
			*sel = s, *idx = (int)(p - x->preds), *ret = false;
			return;
		}
		if (p >= x->ret_preds && p < x->ret_preds + x->n_ret_preds) {
			*sel = s, *idx = (int)(p - x->ret_preds), *ret = true;
			return;
		}
	}
	abort();	/* p is not a pred of h */
}

const char *intmap_name(struct arena *a, const struct ir_hook *h, const struct ir_pred *p)
{
	int sel, idx;
	bool ret;

	ir_pred_place(h, p, &sel, &idx, &ret);
	return arena_printf(a, "tpc_%s_%d_s%d_%c%d_hash", h->name, h->id, sel, ret ? 'r' : 'p', idx);
}

static const char *literal(struct arena *a, long long v, bool sgn)
{
	if (!sgn)
		return arena_printf(a, "%lluULL", (unsigned long long)v);
	if (v == (-9223372036854775807LL - 1))
		return "(-9223372036854775807LL - 1)";
	return arena_printf(a, "%lldLL", v);
}

const char *cgen_intmap_expr(struct arena *a, const struct ir_hook *h, const struct ir_pred *p, const char *x,
			     bool sgn)
{
	struct strbuf sb;
	int i;

	sb_init(&sb, a);
	if (p->op == OP_NOT_IN_MAP)
		sb_puts(&sb, "!(");
	if (p->shape == IR_SHAPE_HASH) {
		sb_printf(&sb, "tpc_in_hash(&%s, (__u64)%s)", intmap_name(a, h, p), x);
	} else {
		for (i = 0; i + 1 < p->n_values; i += 2) {
			if (i)
				sb_puts(&sb, " || ");
			if (p->values[i] == p->values[i + 1])
				sb_printf(&sb, "%s == %s", x, literal(a, p->values[i], sgn));
			else
				sb_printf(&sb, "(%s >= %s && %s <= %s)", x, literal(a, p->values[i], sgn), x,
					  literal(a, p->values[i + 1], sgn));
		}
		if (!p->n_values)
			sb_puts(&sb, "0");
	}
	if (p->op == OP_NOT_IN_MAP)
		sb_puts(&sb, ")");
	return sb.buf;
}

void ir_each_pred(const struct ir_policy *ir, struct strbuf *sb, int *n, bool (*want)(const struct ir_pred *),
		  ir_pred_fn fn)
{
	int h, s, k;

	for (h = 0; h < ir->n_hooks; h++) {
		const struct ir_hook *hk = &ir->hooks[h];

		for (s = 0; s < hk->n_sels; s++) {
			const struct ir_selector *sel = &hk->sels[s];

			for (k = 0; k < sel->n_preds; k++)
				if (want(&sel->preds[k]))
					fn(sb, ir, hk, &sel->preds[k], n);
			for (k = 0; k < sel->n_ret_preds; k++)
				if (want(&sel->ret_preds[k]))
					fn(sb, ir, hk, &sel->ret_preds[k], n);
		}
	}
}

static bool is_hash(const struct ir_pred *p)
{
	return intmap_is_op(p->op) && p->shape == IR_SHAPE_HASH;
}

/* Calls fn for every hash-shaped InMap/NotInMap pred of the policy. */
static void each_hash(const struct ir_policy *ir, struct strbuf *sb, int *n, ir_pred_fn fn)
{
	ir_each_pred(ir, sb, n, is_hash, fn);
}

static int hash_entries(const struct ir_pred *p)
{
	int i, n = 0;

	for (i = 0; i + 1 < p->n_values; i += 2)
		n += (int)((unsigned long long)p->values[i + 1] - (unsigned long long)p->values[i]) + 1;
	return n;
}

static void map_def(struct strbuf *sb, const struct ir_policy *ir, const struct ir_hook *h, const struct ir_pred *p,
		    int *n)
{
	(void)n;
	sb_printf(sb, "/* %s:%d:%d: %s, %d values: filled by the agent from .tpc.meta */\n", ir->source_base,
		  p->loc.line, p->loc.col, op_name(p->op), hash_entries(p));
	sb_puts(sb, "struct {\n");
	sb_puts(sb, "\t__uint(type, BPF_MAP_TYPE_HASH);\n");
	sb_printf(sb, "\t__uint(max_entries, %d);\n", hash_entries(p));
	sb_puts(sb, "\t__type(key, __u64);\n");
	sb_puts(sb, "\t__type(value, __u8);\n");
	sb_printf(sb, "} %s SEC(\".maps\");\n\n", intmap_name(sb->arena, h, p));
}

void cgen_intmap_maps(struct strbuf *sb, const struct ir_policy *ir)
{
	int n = 0;

	each_hash(ir, sb, &n, map_def);
}

static void meta_map(struct strbuf *sb, const struct ir_policy *ir, const struct ir_hook *h, const struct ir_pred *p,
		     int *n)
{
	int i, j, e = 0;

	(void)ir;
	sb_printf(sb, "%s{\"name\":\"%s\",\"type\":\"hash\",\"key_size\":8,\"value_size\":1,\"entries\":[",
		  (*n)++ ? "," : "", intmap_name(sb->arena, h, p));
	for (i = 0; i + 1 < p->n_values; i += 2) {
		unsigned long long v = (unsigned long long)p->values[i];

		for (;; v++) {
			sb_printf(sb, "%s{\"key\":\"", e++ ? "," : "");
			for (j = 0; j < 8; j++)	/* little-endian, as the BPF target and the agent's host */
				sb_printf(sb, "%02x", (unsigned int)((v >> (8 * j)) & 0xff));
			sb_puts(sb, "\",\"value\":\"01\"}");
			if (v == (unsigned long long)p->values[i + 1])
				break;
		}
	}
	sb_puts(sb, "]}");
}

void meta_intmap_maps(struct strbuf *sb, const struct ir_policy *ir, int *n)
{
	each_hash(ir, sb, n, meta_map);
}

// SPDX-License-Identifier: Apache-2.0
/*
 * Many string values through a map (see strmap.h): the shape, the C
 * condition, the map definitions and their entries in ".tpc.meta".
 *
 * Tetragon compares string values through maps too (string_maps_* hashed
 * by padded length, string_prefix_maps LPM tries); here each predicate
 * gets its own map, keyed by the value's length and bytes.
 */
#include <string.h>

#include "intmap.h"
#include "strmap.h"

static bool is_hash_op(enum op op)
{
	return op == OP_EQUAL || op == OP_NOT_EQUAL;
}

static bool is_lpm_op(enum op op)
{
	return op == OP_PREFIX || op == OP_NOT_PREFIX || op == OP_POSTFIX || op == OP_NOT_POSTFIX;
}

static bool is_postfix(enum op op)
{
	return op == OP_POSTFIX || op == OP_NOT_POSTFIX;
}

enum ir_shape strmap_shape(const struct ir_pred *p)
{
	if (p->n_strs <= STRMAP_INLINE)
		return IR_SHAPE_INLINE;
	return is_hash_op(p->op) ? IR_SHAPE_HASH : is_lpm_op(p->op) ? IR_SHAPE_LPM : IR_SHAPE_INLINE;
}

int strmap_klen(const struct ir_pred *p)
{
	int i, n = 8;

	for (i = 0; i < p->n_strs; i++)
		if (p->str_lens[i] > n)
			n = p->str_lens[i];
	return (n + 7) & ~7;
}

static bool is_strmap(const struct ir_pred *p)
{
	return p->n_strs && p->shape != IR_SHAPE_INLINE && (is_hash_op(p->op) || is_lpm_op(p->op));
}

static const char *map_name(struct arena *a, const struct ir_hook *h, const struct ir_pred *p)
{
	int sel, idx;
	bool ret;

	ir_pred_place(h, p, &sel, &idx, &ret);
	return arena_printf(a, "tpc_%s_%d_s%d_%c%d_%s", h->name, h->id, sel, ret ? 'r' : 'p', idx,
			    p->shape == IR_SHAPE_HASH ? "strhash" : "strlpm");
}

const char *cgen_strmap_expr(struct arena *a, const struct ir_hook *h, const struct ir_pred *p, int reg, bool path)
{
	bool neg = p->op == OP_NOT_EQUAL || p->op == OP_NOT_PREFIX || p->op == OP_NOT_POSTFIX;

	if (is_postfix(p->op))	/* the value ends at the region's TPC_STR_MAX (a path) or at its length */
		return arena_printf(a, "%stpc_str_in_lpm_rev(&%s, scr->r[%d], %s, v[%d].len, %d)", neg ? "!" : "",
				    map_name(a, h, p), reg, path ? "TPC_STR_MAX" : arena_printf(a, "v[%d].len", reg), reg,
				    strmap_klen(p));
	return arena_printf(a, "%s%s", neg ? "!" : "",
			    cgen_strmap_in(a, h, p, arena_printf(a, "v[%d].s", reg), arena_printf(a, "v[%d].len", reg)));
}

const char *cgen_strmap_in(struct arena *a, const struct ir_hook *h, const struct ir_pred *p, const char *s,
			   const char *len)
{
	return arena_printf(a, "%s(&%s, %s, %s, %d)", p->shape == IR_SHAPE_HASH ? "tpc_str_in_hash" : "tpc_str_in_lpm",
			    map_name(a, h, p), s, len, strmap_klen(p));
}

static void map_def(struct strbuf *sb, const struct ir_policy *ir, const struct ir_hook *h, const struct ir_pred *p,
		    int *n)
{
	(void)n;
	sb_printf(sb, "/* %s:%d:%d: %s, %d values: filled by the agent from .tpc.meta */\n", ir->source_base,
		  p->loc.line, p->loc.col, op_name(p->op), p->n_strs);
	sb_puts(sb, "struct {\n");
	if (p->shape == IR_SHAPE_HASH) {
		sb_puts(sb, "\t__uint(type, BPF_MAP_TYPE_HASH);\n");
	} else {
		sb_puts(sb, "\t__uint(type, BPF_MAP_TYPE_LPM_TRIE);\n");
		sb_puts(sb, "\t__uint(map_flags, TPC_STR_NO_PREALLOC);\n");
	}
	sb_printf(sb, "\t__uint(max_entries, %d);\n", p->n_strs);
	sb_printf(sb, "\t__uint(key_size, %d); /* struct tpc_strkey: 4 + %d bytes */\n", 4 + strmap_klen(p),
		  strmap_klen(p));
	sb_puts(sb, "\t__uint(value_size, 1);\n");
	sb_printf(sb, "} %s SEC(\".maps\");\n\n", map_name(sb->arena, h, p));
}

void cgen_strmap_maps(struct strbuf *sb, const struct ir_policy *ir)
{
	int n = 0;

	ir_each_pred(ir, sb, &n, is_strmap, map_def);
}

static void meta_map(struct strbuf *sb, const struct ir_policy *ir, const struct ir_hook *h, const struct ir_pred *p,
		     int *n)
{
	int klen = strmap_klen(p), i, j;

	(void)ir;
	sb_printf(sb, "%s{\"name\":\"%s\",\"type\":\"%s\",\"key_size\":%d,\"value_size\":1,\"entries\":[",
		  (*n)++ ? "," : "", map_name(sb->arena, h, p), p->shape == IR_SHAPE_HASH ? "hash" : "lpm_trie",
		  4 + klen);
	for (i = 0; i < p->n_strs; i++) {
		/* the length (bytes for the hash, bits for the trie), little-endian as BPF and the agent's host */
		unsigned int len = (unsigned int)p->str_lens[i] * (p->shape == IR_SHAPE_HASH ? 1 : 8);

		sb_printf(sb, "%s{\"key\":\"%02x%02x%02x%02x", i ? "," : "", len & 0xff, (len >> 8) & 0xff,
			  (len >> 16) & 0xff, len >> 24);
		/* a Postfix literal reversed, as the program reads the value's tail */
		for (j = 0; j < klen; j++)
			sb_printf(sb, "%02x", j >= p->str_lens[i] ? 0 : (unsigned char)p->strs[i][is_postfix(p->op) ?
										      p->str_lens[i] - 1 - j : j]);
		sb_puts(sb, "\",\"value\":\"01\"}");
	}
	sb_puts(sb, "]}");
}

void meta_strmap_maps(struct strbuf *sb, const struct ir_policy *ir, int *n)
{
	ir_each_pred(ir, sb, n, is_strmap, meta_map);
}

static void count(struct strbuf *sb, const struct ir_policy *ir, const struct ir_hook *h, const struct ir_pred *p,
		  int *n)
{
	(void)sb, (void)ir, (void)h, (void)p;
	(*n)++;
}

bool strmap_used(const struct ir_policy *ir)
{
	int n = 0;

	ir_each_pred(ir, NULL, &n, is_strmap, count);
	return n > 0;
}

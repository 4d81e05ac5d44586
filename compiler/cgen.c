// SPDX-License-Identifier: Apache-2.0
/*
 * cgen: IR -> BPF C.
 *
 * Every selector becomes straight-line compares on arguments narrowed to
 * their declared C type; no interpreter, no tail calls, no maps the policy
 * does not use. A hook's logic is written once, as an always-inline
 * function taking the attach variant as a constant; each variant is a tiny
 * program calling it, so clang folds the variant's argument access in.
 * Kernel types are CO-RE shadow structs with only the fields used, checked
 * against the target's BTF.
 */
#include <errno.h>
#include <string.h>
#include <linux/types.h>

#include "btf.h"
#include "ir.h"
#include "tpc_event.h"

struct cgen {
	struct tpc_ctx *ctx;
	const struct ir_policy *ir;
	const struct tpc_target *t;
	struct strbuf sb;
	int indent;
};

/* The one emitter: indentation is handled here so the output is stable. */
static void out(struct cgen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(struct cgen *g, const char *fmt, ...)
{
	va_list ap;
	char *line;
	int i;

	va_start(ap, fmt);
	line = arena_vprintf(&g->ctx->arena, fmt, ap);
	va_end(ap);
	if (line[0])
		for (i = 0; i < g->indent; i++)
			sb_putn(&g->sb, "\t", 1);
	sb_puts(&g->sb, line);
	sb_putn(&g->sb, "\n", 1);
}

static void out_loc(struct cgen *g, struct loc l, const char *what)
{
	out(g, "/* %s:%d:%d: %s */", g->ir->source_base, l.line, l.col, what);
}

static const char *ctype(int width, bool sgn)
{
	switch (width) {
	case 1:
		return sgn ? "__s8" : "__u8";
	case 2:
		return sgn ? "__s16" : "__u16";
	case 4:
		return sgn ? "__s32" : "__u32";
	default:
		return sgn ? "__s64" : "__u64";
	}
}

static const char *literal(struct cgen *g, long long v, bool sgn)
{
	if (!sgn)
		return arena_printf(&g->ctx->arena, "%lluULL", (unsigned long long)v);
	if (v == (-9223372036854775807LL - 1))
		return "(-9223372036854775807LL - 1)";
	return arena_printf(&g->ctx->arena, "%lldLL", v);
}

/* x86-64 registers of the C calling convention and of the syscall ABI. */
static const char *const call_regs[] = { "di", "si", "dx", "cx", "r8", "r9" };
static const char *const syscall_regs[] = { "di", "si", "dx", "r10", "r8", "r9" };

static void shadow_pt_regs(struct cgen *g)
{
	bool used[16] = { 0 };
	const char *names[16];
	int n = 0, i, j, k;

	for (i = 0; i < g->ir->n_hooks; i++) {
		const struct ir_hook *h = &g->ir->hooks[i];

		for (j = 0; j < h->n_variants; j++) {
			const struct ir_variant *v = &h->variants[j];

			if (v->src == IR_SRC_TP_SYSCALL)
				continue;
			used[0] = true; /* di: the ctx register, or the syscall wrapper's regs */
			for (k = 0; k < h->n_reads; k++) {
				const char *r = (v->src == IR_SRC_SYSCALL_REGS ? syscall_regs : call_regs)[h->reads[k].arg];
				int m;

				for (m = 0; m < 6; m++)
					if (!strcmp(r, call_regs[m]))
						used[m] = true;
				if (!strcmp(r, "r10"))
					used[6] = true;
			}
		}
	}
	for (i = 0; i < 6; i++)
		if (used[i])
			names[n++] = call_regs[i];
	if (used[6])
		names[n++] = "r10";
	if (!n)
		return;
	out(g, "/* CO-RE shadow of the kernel's struct pt_regs: only the fields used */");
	out(g, "struct pt_regs {");
	g->indent++;
	for (i = 0; i < n; i++) {
		int sz = btf_member_size(g->t, "pt_regs", names[i]);

		out(g, "%s %s;", sz == 4 ? "unsigned int" : "unsigned long", names[i]);
	}
	g->indent--;
	out(g, "} __attribute__((preserve_access_index));");
	out(g, "%s", "");
}

static int check_shadow_fields(struct cgen *g)
{
	static const char *const all[] = { "di", "si", "dx", "cx", "r8", "r9", "r10" };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (btf_member_size(g->t, "pt_regs", all[i]) < 0) {
			diag_error(g->ctx, (struct loc){ 0 }, "target BTF '%s' has no 'struct pt_regs' member '%s': "
				   "only x86-64 kernels are supported", g->t->path, all[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* The raw 64-bit value of argument `arg` as variant v delivers it. */
static const char *raw_arg(struct cgen *g, const struct ir_variant *v, int arg)
{
	switch (v->src) {
	case IR_SRC_TP_SYSCALL:
		return arena_printf(&g->ctx->arena, "((struct tpc_sys_enter *)ctx)->args[%d]", arg);
	case IR_SRC_SYSCALL_REGS:
		return arena_printf(&g->ctx->arena,
				    "BPF_CORE_READ((struct pt_regs *)((struct pt_regs *)ctx)->di, %s)",
				    syscall_regs[arg]);
	case IR_SRC_REGS:
	default:
		return arena_printf(&g->ctx->arena, "((struct pt_regs *)ctx)->%s", call_regs[arg]);
	}
}

static void gen_arg_reader(struct cgen *g, const struct ir_hook *h, const struct ir_read *r)
{
	int j;

	out(g, "/* arg %d of %s as each attach variant delivers it, narrowed to '%s' */", r->arg, h->function,
	    argtype_name(r->type));
	out(g, "static __always_inline %s tpc_%s_%d_arg%d(void *ctx, const int variant)", ctype(r->width, r->is_signed),
	    h->name, h->id, r->arg);
	out(g, "{");
	g->indent++;
	for (j = 0; j < h->n_variants; j++) {
		const char *cast = ctype(r->width, r->is_signed);

		if (j < h->n_variants - 1) {
			out(g, "if (variant == %d) /* %s */", j, h->variants[j].suffix);
			g->indent++;
		} else if (h->n_variants > 1) {
			out(g, "/* %s */", h->variants[j].suffix);
		}
		out(g, "return (%s)%s;", cast, raw_arg(g, &h->variants[j], r->arg));
		if (j < h->n_variants - 1)
			g->indent--;
	}
	g->indent--;
	out(g, "}");
	out(g, "%s", "");
}

static void gen_event(struct cgen *g, const struct ir_hook *h)
{
	int i;

	out(g, "struct tpc_%s_%d_event {", h->name, h->id);
	g->indent++;
	out(g, "struct tpc_event_hdr hdr;");
	for (i = 0; i < h->n_reads; i++)
		out(g, "%s arg%d; /* %s, sign/zero-extended to 8 bytes */", h->reads[i].is_signed ? "__s64" : "__u64",
		    h->reads[i].arg, argtype_name(h->reads[i].type));
	g->indent--;
	out(g, "};");
	for (i = 0; i < h->n_reads; i++)
		out(g, "_Static_assert(__builtin_offsetof(struct tpc_%s_%d_event, arg%d) == %d, \"event layout\");",
		    h->name, h->id, h->reads[i].arg, h->reads[i].offset);
	out(g, "_Static_assert(sizeof(struct tpc_%s_%d_event) == %d, \"event layout\");", h->name, h->id, h->event_size);
	out(g, "%s", "");
}

static void gen_post(struct cgen *g, const struct ir_hook *h)
{
	int i;

	out(g, "static __always_inline int tpc_%s_%d_post(void *ctx, const int variant, __u16 selector, __u32 actions,",
	    h->name, h->id);
	out(g, "\t\t\t\t\tlong action_ret)");
	out(g, "{");
	g->indent++;
	out(g, "struct tpc_%s_%d_event *e = tpc_event_reserve(sizeof(*e));", h->name, h->id);
	out(g, "%s", "");
	out(g, "if (!e)");
	out(g, "\treturn 0;");
	out(g, "tpc_event_header(&e->hdr, %d, selector, actions, action_ret, sizeof(*e));", h->id);
	for (i = 0; i < h->n_reads; i++)
		out(g, "e->arg%d = tpc_%s_%d_arg%d(ctx, variant);", h->reads[i].arg, h->name, h->id, h->reads[i].arg);
	out(g, "bpf_ringbuf_submit(e, tpc_rb_flags);");
	out(g, "return 0;");
	g->indent--;
	out(g, "}");
	out(g, "%s", "");
}

static const char *pred_expr(struct cgen *g, const struct ir_hook *h, const struct ir_pred *p)
{
	const struct ir_read *r = &h->reads[p->read];
	struct strbuf sb;
	const char *x = arena_printf(&g->ctx->arena, "arg%d", r->arg);
	bool neg = p->op == OP_NOT_EQUAL || p->op == OP_NOT_IN_RANGE;
	int i, step = (p->op == OP_IN_RANGE || p->op == OP_NOT_IN_RANGE) ? 2 : 1;

	sb_init(&sb, &g->ctx->arena);
	if (neg)
		sb_puts(&sb, "!(");
	for (i = 0; i < p->n_values; i += step) {
		const char *v = literal(g, p->values[i], r->is_signed);

		if (i)
			sb_puts(&sb, " || ");
		switch (p->op) {
		case OP_EQUAL:
		case OP_NOT_EQUAL:
			sb_printf(&sb, "%s == %s", x, v);
			break;
		case OP_GT:
			sb_printf(&sb, "%s > %s", x, v);
			break;
		case OP_LT:
			sb_printf(&sb, "%s < %s", x, v);
			break;
		case OP_MASK:
			sb_printf(&sb, "(%s & %s) != 0", x, v);
			break;
		case OP_IN_RANGE:
		case OP_NOT_IN_RANGE:
			sb_printf(&sb, "(%s >= %s && %s <= %s)", x, v, x, literal(g, p->values[i + 1], r->is_signed));
			break;
		default:
			sb_puts(&sb, "0 /* unsupported */");
		}
	}
	if (neg)
		sb_puts(&sb, ")");
	return sb.buf;
}

static void gen_selector(struct cgen *g, const struct ir_hook *h, const struct ir_selector *s)
{
	int i;

	out_loc(g, s->loc, arena_printf(&g->ctx->arena, "selector %d", s->id));
	if (!s->n_preds) {
		out(g, "{");
	} else {
		for (i = 0; i < s->n_preds; i++) {
			const char *e = pred_expr(g, h, &s->preds[i]);

			out(g, "%s%s%s", i ? "    " : "if (", e, i == s->n_preds - 1 ? ") {" : " &&");
		}
	}
	g->indent++;
	out(g, "long ret = 0;");
	out(g, "%s", "");
	for (i = 0; i < s->n_acts; i++) {
		const struct ir_action *a = &s->acts[i];

		switch (a->act) {
		case ACT_SIGKILL:
		case ACT_SIGNAL:
			out_loc(g, a->loc, action_name(a->act));
			out(g, "ret = bpf_send_signal(%lld);", a->arg);
			break;
		default:
			break;
		}
	}
	if (s->post)
		out(g, "return tpc_%s_%d_post(ctx, variant, %d, 0x%x, ret);", h->name, h->id, s->id, s->act_bits);
	else
		out(g, "return 0; /* NoPost */");
	g->indent--;
	out(g, "}");
}

static void gen_hook(struct cgen *g, const struct ir_hook *h)
{
	int i, j;
	bool used[8] = { 0 };

	out_loc(g, h->loc, arena_printf(&g->ctx->arena, "kprobe '%s'%s", h->function, h->syscall ? " (syscall)" : ""));
	gen_event(g, h);
	for (i = 0; i < h->n_reads; i++)
		gen_arg_reader(g, h, &h->reads[i]);
	gen_post(g, h);
	out(g, "static __always_inline int tpc_%s_%d(void *ctx, const int variant)", h->name, h->id);
	out(g, "{");
	g->indent++;
	for (i = 0; i < h->n_sels; i++)
		for (j = 0; j < h->sels[i].n_preds; j++)
			used[h->sels[i].preds[j].read] = true;
	for (i = 0; i < h->n_reads; i++) {
		if (!used[i])
			continue;
		out_loc(g, h->reads[i].loc, arena_printf(&g->ctx->arena, "arg %d, %s", h->reads[i].arg,
							  argtype_name(h->reads[i].type)));
		out(g, "%s arg%d = tpc_%s_%d_arg%d(ctx, variant);", ctype(h->reads[i].width, h->reads[i].is_signed),
		    h->reads[i].arg, h->name, h->id, h->reads[i].arg);
	}
	if (!h->n_sels) {
		out(g, "/* no selectors: every call is reported */");
		out(g, "return tpc_%s_%d_post(ctx, variant, TPC_NO_SELECTOR, TPC_ACT_POST, 0);", h->name, h->id);
	} else {
		out(g, "%s", "");
		for (i = 0; i < h->n_sels; i++)
			gen_selector(g, h, &h->sels[i]);
		out(g, "return 0; /* no selector matched */");
	}
	g->indent--;
	out(g, "}");
	out(g, "%s", "");
	for (j = 0; j < h->n_variants; j++) {
		const struct ir_variant *v = &h->variants[j];

		out(g, "SEC(\"%s\")", v->section);
		out(g, "int %s(void *ctx)", v->prog);
		out(g, "{");
		out(g, "\treturn tpc_%s_%d(ctx, %d);", h->name, h->id, j);
		out(g, "}");
		out(g, "%s", "");
	}
}

int cgen_policy(struct tpc_ctx *ctx, const struct ir_policy *ir, const struct tpc_target *t, char **result)
{
	struct cgen g = { .ctx = ctx, .ir = ir, .t = t };
	int i;

	sb_init(&g.sb, &ctx->arena);
	if (check_shadow_fields(&g))
		return -EINVAL;
	out(&g, "/* generated by tpc from %s; do not edit */", ir->source_base);
	out(&g, "/* policy '%s' */", ir->name);
	out(&g, "#include \"tpc_prelude.h\"");
	out(&g, "#include \"tpc_common.h\"");
	out(&g, "%s", "");
	shadow_pt_regs(&g);
	for (i = 0; i < ir->n_hooks; i++)
		gen_hook(&g, &ir->hooks[i]);
	*result = g.sb.buf;
	return 0;
}

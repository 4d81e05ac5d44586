// SPDX-License-Identifier: Apache-2.0
/*
 * cgen_act: code for action parameters, called by cgen.c.
 * Post's rateLimit: the post is guarded by tpc_rate_limited() (tpc_rate.h).
 * Post's kernelStackTrace / userStackTrace: bpf_get_stack() into the
 * event's struct tpc_stack_slot (runtime/tpc_event.h), which the agent
 * symbolizes.
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

bool cgen_act_socktrack_used(const struct ir_policy *ir)
{
	int i, j, k;

	for (i = 0; i < ir->n_hooks; i++) {
		if (ir->hooks[i].ret_action == ACT_TRACKSOCK || ir->hooks[i].ret_action == ACT_UNTRACKSOCK)
			return true;
		for (j = 0; j < ir->hooks[i].n_sels; j++)
			for (k = 0; k < ir->hooks[i].sels[j].n_acts; k++)
				if (ir->hooks[i].sels[j].acts[k].act == ACT_TRACKSOCK ||
				    ir->hooks[i].sels[j].acts[k].act == ACT_UNTRACKSOCK)
					return true;
	}
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

static void put_indent(struct strbuf *sb, int indent)
{
	int i;

	for (i = 0; i < indent; i++)
		sb_putn(sb, "\t", 1);
}

void cgen_act_stack_fill(struct strbuf *sb, int indent, const char *source_base, const struct ir_hook *h)
{
	int i;

	if (!h->stack_offset)
		return;
	put_indent(sb, indent);
	sb_puts(sb, "e->stack.flags = 0;\n");
	put_indent(sb, indent);
	sb_puts(sb, "e->stack.pad = 0;\n");
	for (i = 0; i < h->n_sels; i++) {
		const struct ir_selector *s = &h->sels[i];

		if (!s->post || !s->stacks)
			continue;
		put_indent(sb, indent);
		sb_printf(sb, "/* %s:%d:%d: Post %s stack trace */\n", source_base, s->stack_loc.line, s->stack_loc.col,
			  ir_stack_names[s->stacks & 3]);
		put_indent(sb, indent);
		sb_printf(sb, "if (selector == %d)\n", s->id);
		put_indent(sb, indent + 1);
		sb_printf(sb, "e->stack.flags = 0x%x;\n", s->stacks);
	}
	put_indent(sb, indent);
	sb_puts(sb, "if (e->stack.flags & TPC_STACKF_KERNEL)\n");
	put_indent(sb, indent + 1);
	sb_puts(sb, "e->stack.kernel_len = bpf_get_stack(ctx, e->stack.kernel, sizeof(e->stack.kernel), 0);\n");
	put_indent(sb, indent);
	sb_puts(sb, "if (e->stack.flags & TPC_STACKF_USER)\n");
	put_indent(sb, indent + 1);
	sb_puts(sb, "e->stack.user_len = bpf_get_stack(ctx, e->stack.user, sizeof(e->stack.user), BPF_F_USER_STACK);\n");
}

void cgen_act_ima_fill(struct strbuf *sb, int indent, const char *source_base, const struct ir_hook *h)
{
	bool first = true;
	int i;

	if (!h->ima_offset)
		return;
	put_indent(sb, indent);
	sb_puts(sb, "e->ima.algo = 0;\n");
	put_indent(sb, indent);
	sb_puts(sb, "e->ima.pad = 0;\n");
	put_indent(sb, indent);
	sb_printf(sb, "/* %s:%d:%d: Post imaHash, of %s, as Tetragon's bpf_generic_lsm_ima_%s */\n", source_base,
		  h->loc.line, h->loc.col, ir_ima_source(h->function) == IR_IMA_BPRM ? "bprm->file" : "arg 0",
		  ir_ima_source(h->function) == IR_IMA_BPRM ? "bprm" : "file");
	put_indent(sb, indent);
	sb_puts(sb, "if (");
	for (i = 0; i < h->n_sels; i++) {
		if (!h->sels[i].post || !h->sels[i].ima)
			continue;
		sb_printf(sb, "%sselector == %d", first ? "" : " || ", h->sels[i].id);
		first = false;
	}
	sb_puts(sb, ") {\n");
	put_indent(sb, indent + 1);
	/* a BTF pointer from the context: the helper takes only a struct file the verifier knows */
	if (ir_ima_source(h->function) == IR_IMA_BPRM)
		sb_puts(sb, "struct file *f = ((struct linux_binprm___ima *)((__u64 *)ctx)[0])->file;\n");
	else
		sb_puts(sb, "struct file *f = (struct file *)((__u64 *)ctx)[0];\n");
	sb_puts(sb, "\n");
	put_indent(sb, indent + 1);
	sb_puts(sb, "e->ima.algo = f ? bpf_ima_file_hash(f, e->ima.hash, sizeof(e->ima.hash)) : -2 /* ENOENT */;\n");
	put_indent(sb, indent);
	sb_puts(sb, "}\n");
}

void cgen_act_ima_shadow(struct strbuf *sb, const struct ir_policy *ir)
{
	int i;

	for (i = 0; i < ir->n_hooks; i++)
		if (ir->hooks[i].ima_offset && ir_ima_source(ir->hooks[i].function) == IR_IMA_BPRM)
			break;
	if (i == ir->n_hooks)
		return;
	sb_puts(sb, "/* imaHash: bprm->file, loaded directly so that the verifier types it (a BTF struct file) */\n");
	sb_puts(sb, "struct linux_binprm___ima {\n\tstruct file *file;\n} __attribute__((preserve_access_index));\n\n");
}

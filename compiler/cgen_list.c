// SPDX-License-Identifier: Apache-2.0
/*
 * Shared programs of list hooks (lower.c lower_list_multi): one program for
 * the hooks a "list:NAME" call expanded to, attached once. kprobe.multi gets
 * the hook id as its attach cookie (tpc-agent sets it, agent/loader.c);
 * raw_tp/sys_enter gets the syscall number and leaves out 32-bit syscalls,
 * which number another table.
 */
#include <string.h>

#include "btf.h"
#include "cgen_list.h"

bool cgen_is_shared_variant(const struct ir_variant *v)
{
	return v->attach == IR_ATTACH_KPROBE_MULTI || v->attach == IR_ATTACH_RAW_TP_SYSCALLS;
}

/* Was program `prog` generated for an earlier (hook, variant)? */
static bool seen_before(const struct ir_policy *ir, int hi, int vi, const char *prog)
{
	int i, j;

	for (i = 0; i <= hi; i++)
		for (j = 0; j < ir->hooks[i].n_variants && (i < hi || j < vi); j++)
			if (cgen_is_shared_variant(&ir->hooks[i].variants[j]) &&
			    !strcmp(ir->hooks[i].variants[j].prog, prog))
				return true;
	return false;
}

int cgen_list_leader(const struct ir_policy *ir, const struct ir_hook *h)
{
	int i, j, k;

	for (j = 0; j < h->n_variants; j++) {
		if (!cgen_is_shared_variant(&h->variants[j]))
			continue;
		for (i = 0; i <= h->id && i < ir->n_hooks; i++)
			for (k = 0; k < ir->hooks[i].n_variants; k++)
				if (cgen_is_shared_variant(&ir->hooks[i].variants[k]) &&
				    !strcmp(ir->hooks[i].variants[k].prog, h->variants[j].prog))
					return i;
	}
	return -1;
}

void cgen_list_cur(struct strbuf *sb, const struct ir_policy *ir)
{
	int i;

	for (i = 0; i < ir->n_hooks && cgen_list_leader(ir, &ir->hooks[i]) < 0; i++)
		;
	if (i == ir->n_hooks)
		return;
	sb_puts(sb, "/*\n * The hook id of the list member a shared program runs for: its members share the\n"
		    " * first member's code. Per CPU, set by the program before that code runs (a program\n"
		    " * does not nest on a CPU).\n */\n");
	sb_puts(sb, "struct {\n\t__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);\n\t__uint(max_entries, 1);\n"
		    "\t__type(key, __u32);\n\t__type(value, __u32);\n} tpc_list_cur SEC(\".maps\");\n\n");
	sb_puts(sb, "static __always_inline __u16 tpc_list_hook(void)\n{\n\t__u32 zero = 0, *cur = "
		    "bpf_map_lookup_elem(&tpc_list_cur, &zero);\n\n\treturn cur ? (__u16)*cur : 0;\n}\n\n");
}

static void gen_shared(struct strbuf *sb, const struct ir_policy *ir, const struct ir_variant *v, int leader,
		       int vi)
{
	const struct ir_hook *l = &ir->hooks[leader];
	bool rawtp = v->attach == IR_ATTACH_RAW_TP_SYSCALLS;
	int i, j;

	sb_printf(sb, "SEC(\"%s\")\n", v->section);
	sb_printf(sb, "int %s(void *ctx)\n{\n", v->prog);
	sb_puts(sb, "\t__u32 zero = 0, *cur = bpf_map_lookup_elem(&tpc_list_cur, &zero);\n\n");
	sb_puts(sb, "\tif (!cur)\n\t\treturn 0;\n");
	if (!rawtp) {
		sb_puts(sb, "\t/* the agent attaches each member's function with its hook id as cookie */\n");
		sb_puts(sb, "\t*cur = bpf_get_attach_cookie(ctx);\n");
	} else {
		sb_puts(sb, "\t/* a 32-bit syscall numbers another table */\n");
		sb_puts(sb, "\tif (tpc_in_compat())\n\t\treturn 0;\n");
		sb_puts(sb, "\t/* raw_tp sys_enter(struct pt_regs *regs, long id): the member of syscall id */\n");
		sb_puts(sb, "\tswitch (((__u64 *)ctx)[1]) {\n");
		for (i = 0; i < ir->n_hooks; i++) {
			const struct ir_hook *h = &ir->hooks[i];

			for (j = 0; j < h->n_variants; j++)
				if (h->variants[j].attach == v->attach && !strcmp(h->variants[j].prog, v->prog))
					sb_printf(sb, "\tcase %d: /* %s */\n\t\t*cur = %d;\n\t\tbreak;\n",
						  syscall_nr(syscall_base(h->function)), h->function, h->id);
		}
		sb_puts(sb, "\tdefault:\n\t\treturn 0;\n\t}\n");
	}
	sb_printf(sb, "\ttpc_%s_%d(ctx, %d); /* the code of every member */\n\treturn 0;\n}\n\n", l->name, l->id, vi);
}

void cgen_list_member_progs(struct strbuf *sb, const struct ir_policy *ir, const struct ir_hook *h)
{
	const struct ir_hook *l = &ir->hooks[cgen_list_leader(ir, h)];
	int j;

	for (j = 0; j < h->n_variants; j++) {
		const struct ir_variant *v = &h->variants[j];

		if (cgen_is_shared_variant(v))
			continue;
		sb_printf(sb, "SEC(\"%s\")\nint %s(void *ctx)\n{\n", v->section, v->prog);
		sb_puts(sb, "\t__u32 zero = 0, *cur = bpf_map_lookup_elem(&tpc_list_cur, &zero);\n\n");
		sb_puts(sb, "\tif (!cur)\n\t\treturn 0;\n");
		sb_printf(sb, "\t*cur = %d; /* %s */\n", h->id, h->function);
		sb_printf(sb, "\ttpc_%s_%d(ctx, %d);\n\treturn 0;\n}\n\n", l->name, l->id, j);
	}
}

void cgen_compat_helpers(struct strbuf *sb, const struct ir_policy *ir)
{
	bool need = false;
	int i, j;

	for (i = 0; i < ir->n_hooks; i++) {
		for (j = 0; j < ir->hooks[i].n_reads; j++)
			need |= ir->hooks[i].reads[j].type == ARG_SYSCALL64;
		for (j = 0; j < ir->hooks[i].n_variants; j++)
			need |= ir->hooks[i].variants[j].attach == IR_ATTACH_RAW_TP_SYSCALLS;
	}
	if (!need)
		return;
	sb_puts(sb, "/* x86: thread_info.status has TS_COMPAT during a 32-bit syscall */\n");
	sb_puts(sb, "struct thread_info___compat {\n\t__u32 status;\n} __attribute__((preserve_access_index));\n\n");
	sb_puts(sb, "struct task_struct___compat {\n\tstruct thread_info___compat thread_info;\n} "
		    "__attribute__((preserve_access_index));\n\n");
	sb_puts(sb, "static __always_inline bool tpc_in_compat(void)\n{\n"
		    "\tstruct task_struct___compat *task = (void *)bpf_get_current_task();\n\n"
		    "\treturn BPF_CORE_READ(task, thread_info.status) & 0x0002;\n}\n\n");
	sb_puts(sb, "/* syscall64: a 32-bit syscall's number has bit 31 set, as in Tetragon */\n");
	sb_puts(sb, "static __always_inline __u64 tpc_syscall64(__u64 id)\n{\n"
		    "\treturn tpc_in_compat() ? id | 0x80000000ULL : id;\n}\n\n");
}

void cgen_list_programs(struct strbuf *sb, const struct ir_policy *ir)
{
	int i, j;

	for (i = 0; i < ir->n_hooks; i++) {
		for (j = 0; j < ir->hooks[i].n_variants; j++) {
			const struct ir_variant *v = &ir->hooks[i].variants[j];

			if (!cgen_is_shared_variant(v) || seen_before(ir, i, j, v->prog))
				continue;
			gen_shared(sb, ir, v, i, j);
		}
	}
}

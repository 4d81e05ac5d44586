// SPDX-License-Identifier: Apache-2.0
/*
 * ir_print: IR -> its text form (docs/ir.md), read back by grammar/ir.y.
 *
 * One fact per line, in the order cgen and meta walk the IR. Every field
 * that cgen_policy() or meta_policy() reads is printed, exactly: integers in
 * decimal (values in the signedness of their read), strings with C escapes
 * and their explicit lengths, every YAML location as @line:col. Comment
 * lines (';') point back to the YAML and are ignored by the reader. Compile
 * targets are not part of the text: they come from the compile's --btf.
 */
#include <stdlib.h>
#include <string.h>

#include "intmap.h"
#include "irtext.h"
#include "net.h"

/* Adding an enum value to ir.h is one line here. */
const char *const ir_attach_names[] = {
	[IR_ATTACH_KPROBE] = "kprobe",
	[IR_ATTACH_TP_SYSCALL] = "tp_syscall",
	[IR_ATTACH_LSM] = "lsm",
	[IR_ATTACH_KRETPROBE] = "kretprobe",
	[IR_ATTACH_TP_SYSCALL_EXIT] = "tp_syscall_exit",
	[IR_ATTACH_UPROBE] = "uprobe",
	[IR_ATTACH_TRACEPOINT] = "tracepoint",
	[IR_ATTACH_FMOD_RET] = "fmod_ret",
	[IR_ATTACH_RAW_TP] = "raw_tp",
	[IR_ATTACH_USDT] = "usdt",
	[IR_ATTACH_URETPROBE] = "uretprobe",
	[IR_ATTACH_KPROBE_MULTI] = "kprobe_multi",
	[IR_ATTACH_RAW_TP_SYSCALLS] = "raw_tp_syscalls",
};
const char *const ir_argsrc_names[] = {
	[IR_SRC_REGS] = "regs",
	[IR_SRC_SYSCALL_REGS] = "syscall_regs",
	[IR_SRC_TP_SYSCALL] = "tp_syscall",
	[IR_SRC_BTF_ARGS] = "btf_args",
	[IR_SRC_TP_FIELD] = "tp_field",
	[IR_SRC_SYSCALL_BTF_REGS] = "syscall_btf_regs",
	[IR_SRC_USDT] = "usdt",
};
const char *const ir_retsrc_names[] = {
	[IR_RET_REGS] = "regs",
	[IR_RET_TP_SYSCALL] = "tp_syscall",
};
const char *const ir_extract_names[] = {
	[IR_X_INT] = "int",
	[IR_X_FILE] = "file",
	[IR_X_PATH] = "path",
	[IR_X_DENTRY] = "dentry",
	[IR_X_SOCK] = "sock",
	[IR_X_SOCKET] = "socket",
	[IR_X_STR_USER] = "str_user",
	[IR_X_STR_KERNEL] = "str_kernel",
	[IR_X_SKB] = "skb",
	[IR_X_SOCKADDR] = "sockaddr",
	[IR_X_SOCKADDR_USER] = "sockaddr_user",
	[IR_X_FD] = "fd",
	[IR_X_BPRM] = "linux_binprm",
	[IR_X_CRED] = "cred",
	[IR_X_CAPS] = "caps",
	[IR_X_USER_NS] = "user_namespace",
	[IR_X_BPF_ATTR] = "bpf_attr",
	[IR_X_BPF_MAP] = "bpf_map",
	[IR_X_PERF_EVENT] = "perf_event",
	[IR_X_MODULE] = "module",
	[IR_X_LOAD_INFO] = "load_info",
	[IR_X_NET_DEVICE] = "net_device",
	[IR_X_BUF_USER] = "buf_user",
	[IR_X_BUF_KERNEL] = "buf_kernel",
	[IR_X_IOVEC_USER] = "iovec_user",
	[IR_X_KIOCB] = "kiocb",
	[IR_X_IOV_ITER] = "iov_iter",
};
const char *const ir_shape_names[] = {
	[IR_SHAPE_INLINE] = "inline",
	[IR_SHAPE_HASH] = "hash",
	[IR_SHAPE_LPM] = "lpm",
};
const char *const ir_proc_kind_names[] = {
	[IR_PROC_BINARY] = "binary",
	[IR_PROC_PID] = "pid",
	[IR_PROC_NS_UTS] = "ns_uts",
	[IR_PROC_NS_IPC] = "ns_ipc",
	[IR_PROC_NS_MNT] = "ns_mnt",
	[IR_PROC_NS_PID] = "ns_pid",
	[IR_PROC_NS_PID_FOR_CHILDREN] = "ns_pid_for_children",
	[IR_PROC_NS_NET] = "ns_net",
	[IR_PROC_NS_TIME] = "ns_time",
	[IR_PROC_NS_TIME_FOR_CHILDREN] = "ns_time_for_children",
	[IR_PROC_NS_CGROUP] = "ns_cgroup",
	[IR_PROC_NS_USER] = "ns_user",
	[IR_PROC_CAP_EFFECTIVE] = "cap_effective",
	[IR_PROC_CAP_INHERITABLE] = "cap_inheritable",
	[IR_PROC_CAP_PERMITTED] = "cap_permitted",
	[IR_PROC_NS_CHANGE] = "ns_change",
	[IR_PROC_CAP_CHANGE_EFFECTIVE] = "cap_change_effective",
	[IR_PROC_CAP_CHANGE_INHERITABLE] = "cap_change_inheritable",
	[IR_PROC_CAP_CHANGE_PERMITTED] = "cap_change_permitted",
};
const char *const ir_hook_kind_names[] = {
	[HOOK_KPROBE] = "kprobe",
	[HOOK_TRACEPOINT] = "tracepoint",
	[HOOK_UPROBE] = "uprobe",
	[HOOK_USDT] = "usdt",
	[HOOK_LSM] = "lsm",
};

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))
const int ir_n_attach_names = N_OF(ir_attach_names);
const int ir_n_argsrc_names = N_OF(ir_argsrc_names);
const int ir_n_retsrc_names = N_OF(ir_retsrc_names);
const int ir_n_extract_names = N_OF(ir_extract_names);
const int ir_n_shape_names = N_OF(ir_shape_names);
const int ir_n_hook_kind_names = N_OF(ir_hook_kind_names);
const int ir_n_proc_kind_names = N_OF(ir_proc_kind_names);

int ir_name_lookup(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}

/* An enum value without a name is a tpc bug (ir.h grew, this table did not). */
static const char *name_of(const char *const *names, int n, int v, const char *what)
{
	if (v < 0 || v >= n || !names[v]) {
		fprintf(stderr, "tpc: internal error: ir_print: %s %d has no name (update compiler/ir_print.c)\n",
			what, v);
		abort();
	}
	return names[v];
}

static void put_str(struct strbuf *sb, const char *s, int len)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	if (!s)
		s = "";
	if (len < 0)
		len = (int)strlen(s);
	sb_putn(sb, "\"", 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[4] = { '\\', 0, 0, 0 };

		switch (c) {
		case '"':
		case '\\':
			e[1] = (char)c;
			sb_putn(sb, e, 2);
			break;
		case '\n':
			sb_puts(sb, "\\n");
			break;
		case '\t':
			sb_puts(sb, "\\t");
			break;
		case '\r':
			sb_puts(sb, "\\r");
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				e[1] = 'x';
				e[2] = hex[c >> 4];
				e[3] = hex[c & 15];
				sb_putn(sb, e, 4);
			} else {
				sb_putn(sb, (const char *)&c, 1);
			}
		}
	}
	sb_putn(sb, "\"", 1);
}

/* Text inside a ';' comment: control bytes would end it early. */
static void put_comment(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++)
		sb_putn(sb, (unsigned char)*s < 0x20 ? "?" : s, 1);
}

static void put_loc(struct strbuf *sb, struct loc l)
{
	sb_printf(sb, " @%d:%d\n", l.line, l.col);
}

static void put_value(struct strbuf *sb, long long v, bool sgn)
{
	if (sgn)
		sb_printf(sb, " %lld", v);
	else
		sb_printf(sb, " %llu", (unsigned long long)v);
}

/* A pred of matchArgs ("pred") or matchReturnArgs ("retpred", read -1: the return value). */
static void print_pred(struct strbuf *sb, const struct ir_hook *h, const struct ir_pred *p, const char *kw)
{
	bool sgn = true, range = p->op == OP_IN_RANGE || p->op == OP_NOT_IN_RANGE || net_is_port_op(p->op) ||
				  intmap_is_op(p->op);
	int i;

	if (p->read >= 0 && p->read < h->n_reads)
		sgn = h->reads[p->read].is_signed;
	else if (p->read == -1)
		sgn = h->ret_read.is_signed;
	sb_printf(sb, "\t\t%s %s read %d shape %s", kw, op_name(p->op), p->read,
		  name_of(ir_shape_names, ir_n_shape_names, p->shape, "shape"));
	if (p->n_values) {
		sb_puts(sb, " values");
		for (i = 0; i < p->n_values; i++) {
			if (range && !(p->n_values & 1) && (i & 1)) {
				if (sgn)
					sb_printf(sb, ":%lld", p->values[i]);
				else
					sb_printf(sb, ":%llu", (unsigned long long)p->values[i]);
				continue;
			}
			put_value(sb, p->values[i], sgn);
		}
	}
	if (p->n_strs) {
		sb_puts(sb, " strs");
		for (i = 0; i < p->n_strs; i++) {
			sb_puts(sb, " ");
			put_str(sb, p->strs[i], p->str_lens ? p->str_lens[i] : -1);
		}
	}
	put_loc(sb, p->loc);
}

/* A process selector: "proc KIND OP flags 0xF [values PID...] [strs PATH...] @L:C". */
static void print_proc(struct strbuf *sb, const struct ir_proc_pred *pp)
{
	int i;

	sb_printf(sb, "\t\tproc %s %s flags 0x%x",
		  name_of(ir_proc_kind_names, ir_n_proc_kind_names, pp->kind, "proc kind"), op_name(pp->p.op),
		  pp->flags);
	if (pp->p.n_values) {
		sb_puts(sb, " values");
		for (i = 0; i < pp->p.n_values; i++)
			put_value(sb, pp->p.values[i], true);	/* -1: host_ns */
	}
	if (pp->p.n_strs) {
		sb_puts(sb, " strs");
		for (i = 0; i < pp->p.n_strs; i++) {
			sb_puts(sb, " ");
			put_str(sb, pp->p.strs[i], pp->p.str_lens ? pp->p.str_lens[i] : -1);
		}
	}
	put_loc(sb, pp->p.loc);
}

static void print_read(struct strbuf *sb, const struct ir_read *r)
{
	sb_printf(sb, "arg %d type %s extract %s width %d %s offset %d size %d label ", r->arg, argtype_name(r->type),
		  name_of(ir_extract_names, ir_n_extract_names, r->extract, "extract"), r->width,
		  r->is_signed ? "signed" : "unsigned", r->offset, r->size);
	put_str(sb, r->label, -1);
	put_loc(sb, r->loc);
	if (r->tp_size)
		sb_printf(sb, "\t\tfield offset %d size %d %s\n", r->tp_offset, r->tp_size,
			  r->tp_signed ? "signed" : "unsigned");
	if (r->size_arg_index)
		sb_printf(sb, "\t\tbytes sizearg %d\n", r->size_arg_index);
	if (r->return_copy)
		sb_puts(sb, "\t\tbytes return\n");
	if (r->reg) {
		sb_puts(sb, "\t\tregister ");
		put_str(sb, r->reg, -1);
		sb_printf(sb, " %d\n", r->reg_size);
	}
	if (r->resolve) {
		sb_puts(sb, "\t\tresolve ");
		put_str(sb, r->resolve_root, -1);
		sb_puts(sb, " ");
		put_str(sb, r->resolve, -1);
		sb_puts(sb, "\n");
	}
}

static void print_hook(struct strbuf *sb, const struct ir_policy *ir, const struct ir_hook *h)
{
	int i, j;

	sb_puts(sb, "\n; ");
	put_comment(sb, ir->source_base);
	sb_printf(sb, ":%d:%d: %s\n", h->loc.line, h->loc.col,
		  name_of(ir_hook_kind_names, ir_n_hook_kind_names, h->kind, "hook kind"));
	sb_printf(sb, "hook %d %s ", h->id, ir_hook_kind_names[h->kind]);
	put_str(sb, h->function, -1);
	put_loc(sb, h->loc);
	sb_puts(sb, "\tname ");
	put_str(sb, h->name, -1);
	sb_printf(sb, "\n\tsyscall %s\n\tmessage ", h->syscall ? "true" : "false");
	put_str(sb, h->message, -1);
	sb_puts(sb, "\n");
	if (h->optional)
		sb_puts(sb, "\toptional true\n");
	if (h->enforcer)
		sb_puts(sb, "\tenforcer true\n");
	if (h->path) {
		sb_puts(sb, "\tuprobe_path ");
		put_str(sb, h->path, -1);
		sb_puts(sb, "\n");
	}
	if (h->ref_ctr_offset)
		sb_printf(sb, "\tref_ctr_offset 0x%llx\n", h->ref_ctr_offset);
	for (i = 0; i < h->n_tags; i++) {
		sb_puts(sb, "\ttag ");
		put_str(sb, h->tags[i], -1);
		sb_puts(sb, "\n");
	}
	sb_printf(sb, "\tevent_size %d\n", h->event_size);
	if (h->stack_offset)
		sb_printf(sb, "\tstackslot offset %d\n", h->stack_offset);
	if (h->ima_offset)
		sb_printf(sb, "\timaslot offset %d\n", h->ima_offset);
	for (i = 0; i < h->n_variants; i++) {
		const struct ir_variant *v = &h->variants[i];

		sb_printf(sb, "\tvariant %s src %s target ", name_of(ir_attach_names, ir_n_attach_names, v->attach, "attach"),
			  name_of(ir_argsrc_names, ir_n_argsrc_names, v->src, "argsrc"));
		put_str(sb, v->target, -1);
		sb_puts(sb, " section ");
		put_str(sb, v->section, -1);
		sb_puts(sb, " prog ");
		put_str(sb, v->prog, -1);
		sb_puts(sb, " suffix ");
		put_str(sb, v->suffix, -1);
		if (v->exit_prog) {
			sb_printf(sb, " exit %s src %s target ",
				  name_of(ir_attach_names, ir_n_attach_names, v->exit_attach, "attach"),
				  name_of(ir_retsrc_names, ir_n_retsrc_names, v->exit_src, "retsrc"));
			put_str(sb, v->exit_target, -1);
			sb_puts(sb, " section ");
			put_str(sb, v->exit_section, -1);
			sb_puts(sb, " prog ");
			put_str(sb, v->exit_prog, -1);
		}
		sb_puts(sb, "\n");
	}
	for (i = 0; i < h->n_reads; i++) {
		sb_printf(sb, "\tread %d ", i);
		print_read(sb, &h->reads[i]);
	}
	if (h->is_return) {
		sb_printf(sb, "\treturn pending %d", h->pending_entries);
		if (h->ret_action != ACT_POST)	/* returnArgAction */
			sb_printf(sb, " action %s", action_name(h->ret_action));
		sb_puts(sb, "\n\tretread ");
		print_read(sb, &h->ret_read);
	}
	for (i = 0; i < h->n_sels; i++) {
		const struct ir_selector *s = &h->sels[i];

		sb_puts(sb, "\t; ");
		put_comment(sb, ir->source_base);
		sb_printf(sb, ":%d:%d: selector %d\n", s->loc.line, s->loc.col, s->id);
		sb_printf(sb, "\tselector %d %s bits 0x%x", s->id, s->post ? "post" : "nopost", s->act_bits);
		put_loc(sb, s->loc);
		if (s->rate_ns) {
			sb_printf(sb, "\t\tratelimit %lld %s", s->rate_ns, ir_rate_scope_names[s->rate_scope]);
			put_loc(sb, s->rate_loc);
		}
		if (s->stacks) {
			sb_printf(sb, "\t\tstacktrace %s", ir_stack_names[s->stacks & 3]);
			put_loc(sb, s->stack_loc);
		}
		if (s->ima) {
			sb_puts(sb, "\t\timahash");
			put_loc(sb, s->ima_loc);
		}
		for (j = 0; j < s->n_preds; j++)
			print_pred(sb, h, &s->preds[j], "pred");
		for (j = 0; j < s->n_procs; j++)
			print_proc(sb, &s->procs[j]);
		for (j = 0; j < s->n_ret_preds; j++)
			print_pred(sb, h, &s->ret_preds[j], "retpred");
		for (j = 0; j < s->n_acts; j++) {
			sb_printf(sb, "\t\taction %s arg %lld", action_name(s->acts[j].act), s->acts[j].arg);
			if (s->acts[j].str) {
				sb_puts(sb, " strs ");
				put_str(sb, s->acts[j].str, -1);
			}
			put_loc(sb, s->acts[j].loc);
		}
	}
}

void ir_print(struct strbuf *sb, const struct ir_policy *ir)
{
	int i;

	sb_puts(sb, "; tpc IR (docs/ir.md); @line:col are positions in ");
	put_comment(sb, ir->source_base);
	sb_puts(sb, "\npolicy ");
	put_str(sb, ir->name, -1);
	sb_puts(sb, "\nkind ");
	put_str(sb, ir->kind, -1);
	sb_puts(sb, "\nnamespace ");
	put_str(sb, ir->namespace, -1);
	sb_puts(sb, "\nsource ");
	put_str(sb, ir->source, -1);
	sb_puts(sb, "\nsource_base ");
	put_str(sb, ir->source_base, -1);
	sb_puts(sb, "\nsha256 ");
	put_str(sb, ir->source_sha256, -1);
	sb_puts(sb, "\n");
	if (ir->monitor)	/* the default, enforce, is not printed */
		sb_puts(sb, "mode \"monitor\"\n");
	if (ir->loader)		/* spec.loader: its hook is not in the IR, cgen_loader.c adds it */
		sb_puts(sb, "loader \"true\"\n");
	for (i = 0; i < ir->n_hooks; i++)
		print_hook(sb, ir, &ir->hooks[i]);
}

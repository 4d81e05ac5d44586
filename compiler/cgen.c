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
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "btf.h"
#include "cgen.h"
#include "cgen_act.h"
#include "cgen_enforce.h"
#include "cgen_gate.h"
#include "cgen_list.h"
#include "cgen_loader.h"
#include "cgen_proc.h"
#include "cgen_resolve.h"
#include "intmap.h"
#include "strmap.h"
#include "ir.h"
#include "net.h"
#include "tpc_event.h"
#include "tpc_event.h"

struct cgen {
	struct tpc_ctx *ctx;
	const struct ir_policy *ir;
	const struct tpc_target *t;
	struct strbuf sb;
	int indent;
	bool has_strings;	/* some read needs a scratch region */
	int n_regions;		/* scratch regions per CPU: the most string reads of one hook */
};

static bool is_str(const struct ir_read *r)
{
	switch (r->extract) {
	case IR_X_FILE:
	case IR_X_PATH:
	case IR_X_DENTRY:
	case IR_X_STR_USER:
	case IR_X_STR_KERNEL:
	case IR_X_FD:
	case IR_X_BPRM:
	case IR_X_KIOCB:
		return true;
	default:
		return false;
	}
}

/* A path rebuilt from a dentry chain (ends at TPC_STR_MAX in its region), not a copied string. */
static bool is_path(const struct ir_read *r)
{
	return r->extract == IR_X_FILE || r->extract == IR_X_PATH || r->extract == IR_X_DENTRY ||
	       r->extract == IR_X_FD || r->extract == IR_X_BPRM || r->extract == IR_X_KIOCB;
}

static bool is_filetype_op(enum op op)
{
	return op == OP_FILE_TYPE || op == OP_NOT_FILE_TYPE;
}

static bool is_substr_op(enum op op)
{
	return op == OP_SUBSTRING || op == OP_SUBSTRING_IC;
}

/* Some matchArgs predicate of the hook tests read i. */
static bool read_has_pred(const struct ir_hook *h, int i)
{
	int j, k;

	for (j = 0; j < h->n_sels; j++)
		for (k = 0; k < h->sels[j].n_preds; k++)
			if (h->sels[j].preds[k].read == i)
				return true;
	return false;
}

/*
 * Read i has a scratch region: strings and paths, and a net_device whose
 * name a predicate compares (its event slot is filled apart, tpc_args.h).
 */
/* A buffer: its bytes in a struct tpc_bytes_slot (char_buf, char_iovec, iov_iter) */
static bool is_bytes(const struct ir_read *r)
{
	return r->extract == IR_X_BUF_USER || r->extract == IR_X_BUF_KERNEL || r->extract == IR_X_IOVEC_USER ||
	       r->extract == IR_X_IOV_ITER;
}

static bool has_region(const struct ir_hook *h, int i)
{
	const struct ir_read *r = &h->reads[i];

	/* net_device (its name) and buffers (their bytes) need a region only when a predicate compares them */
	return is_str(r) || ((r->extract == IR_X_NET_DEVICE || is_bytes(r)) && read_has_pred(h, i));
}

/* The scratch region of read i: reads with a region are numbered in order. */
static int region_of(const struct ir_hook *h, int i)
{
	int k, n = 0;

	for (k = 0; k < i; k++)
		n += has_region(h, k);
	return n;
}

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

const char *cgen_int_ctype(int width, bool sgn)
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

/*
 * CO-RE shadow structs: the kernel types the generated code touches, with
 * only the fields it uses. libbpf relocates every access against the
 * target's BTF at load time; cgen checks here that each field exists in the
 * target it compiles for, so a missing field is a compile error, not a load
 * failure on a node.
 */
struct shadow_field {
	const char *decl;	/* local declaration */
	const char *name;	/* member name looked up in BTF (may sit in an anonymous member) */
};

struct shadow {
	const char *name;
	unsigned int need;	/* NEED_* bits that pull it in */
	struct shadow_field fields[16];
};

#define SHADOW_UNION (1u << 31)	/* in shadow.need: a union (bpf_attr), not a struct */

enum {
	NEED_REGS = 1 << 0,	/* kprobes: struct pt_regs */
	NEED_PATH = 1 << 1,	/* file, path, dentry */
	NEED_SOCK = 1 << 2,	/* sock, socket */
	NEED_SOCKET = 1 << 3,
	NEED_SKB = 1 << 4,	/* skb */
	NEED_NET = 1 << 5,	/* tpc_net.h: skb, sockaddr, net predicates (cgen_net.c) */
	NEED_MODE = 1 << 6,	/* FileType: dentry->d_inode->i_mode */
	/* tpc_args.h: one bit per type (TPC_ARGS_<type>), see args_defines below */
	NEED_FD = 1 << 8,
	NEED_BPRM = 1 << 9,
	NEED_CRED = 1 << 10,
	NEED_USERNS = 1 << 11,
	NEED_CAPS = 1 << 12,
	NEED_BPF_ATTR = 1 << 13,
	NEED_BPF_MAP = 1 << 14,
	NEED_PERF_EVENT = 1 << 15,
	NEED_MODULE = 1 << 16,
	NEED_LOAD_INFO = 1 << 17,
	NEED_NET_DEVICE = 1 << 18,
	NEED_BYTES = 1 << 19,	/* char_buf, char_iovec */
	NEED_KIOCB = 1 << 20,
	NEED_IOV_ITER = 1 << 21,
	NEED_IOVEC = 1 << 22,	/* char_iovec */
	NEED_ARGS = NEED_FD | NEED_BPRM | NEED_CRED | NEED_USERNS | NEED_CAPS | NEED_BPF_ATTR | NEED_BPF_MAP |
		    NEED_PERF_EVENT | NEED_MODULE | NEED_LOAD_INFO | NEED_NET_DEVICE | NEED_BYTES | NEED_IOV_ITER |
		    NEED_IOVEC,
};

/* Order matters: a struct used by value comes before its user. */
static const struct shadow shadows[] = {
	{ "qstr", NEED_PATH, { { "__u32 len", "len" }, { "const unsigned char *name", "name" } } },
	{ "dentry", NEED_PATH, { { "struct dentry *d_parent", "d_parent" }, { "struct qstr d_name", "d_name" } } },
	{ "vfsmount", NEED_PATH, { { "struct dentry *mnt_root", "mnt_root" } } },
	{ "mount", NEED_PATH, { { "struct mount *mnt_parent", "mnt_parent" },
				 { "struct dentry *mnt_mountpoint", "mnt_mountpoint" },
				 { "struct vfsmount mnt", "mnt" } } },
	{ "path", NEED_PATH, { { "struct vfsmount *mnt", "mnt" }, { "struct dentry *dentry", "dentry" } } },
	{ "file", NEED_PATH, { { "struct path f_path", "f_path" } } },
	{ "kiocb", NEED_KIOCB, { { "struct file *ki_filp", "ki_filp" } } },
	/* FileType (flavored: struct dentry above has no d_inode unless a policy needs it) */
	{ "inode___mode", NEED_MODE, { { "unsigned short i_mode", "i_mode" } } },
	{ "dentry___mode", NEED_MODE, { { "struct inode___mode *d_inode", "d_inode" } } },
	/* tpc_args.h */
	{ "fdtable", NEED_FD, { { "unsigned int max_fds", "max_fds" }, { "struct file **fd", "fd" } } },
	{ "files_struct", NEED_FD, { { "struct fdtable *fdt", "fdt" } } },
	/* flavored (___args): cgen_proc.c declares its own task_struct, cred, user_namespace */
	{ "task_struct___args", NEED_FD, { { "struct files_struct *files", "files" } } },
	{ "linux_binprm", NEED_BPRM, { { "struct file *file", "file" } } },
	/* kuid_t, kgid_t and kernel_cap_t are typedefs of anonymous structs: any struct name matches */
	{ "tpc_kid", NEED_USERNS, { { "__u32 val", NULL } } },
	{ "tpc_kcap", NEED_CRED, { { "__u64 val", NULL } } },
	{ "ns_common___args", NEED_USERNS, { { "unsigned int inum", "inum" } } },
	{ "user_namespace___args", NEED_USERNS, { { "int level", "level" }, { "struct tpc_kid owner", "owner" },
						  { "struct tpc_kid group", "group" },
						  { "struct ns_common___args ns", "ns" } } },
	{ "cred___args", NEED_CRED, { { "struct tpc_kid uid", "uid" }, { "struct tpc_kid gid", "gid" },
				{ "struct tpc_kid suid", "suid" }, { "struct tpc_kid sgid", "sgid" },
				{ "struct tpc_kid euid", "euid" }, { "struct tpc_kid egid", "egid" },
				{ "struct tpc_kid fsuid", "fsuid" }, { "struct tpc_kid fsgid", "fsgid" },
				{ "unsigned int securebits", "securebits" },
				{ "struct tpc_kcap cap_inheritable", "cap_inheritable" },
				{ "struct tpc_kcap cap_permitted", "cap_permitted" },
				{ "struct tpc_kcap cap_effective", "cap_effective" },
				{ "struct user_namespace___args *user_ns", "user_ns" } } },
	{ "bpf_attr", NEED_BPF_ATTR | SHADOW_UNION, { { "__u32 prog_type", "prog_type" },
						      { "__u32 insn_cnt", "insn_cnt" },
						      { "char prog_name[16]", "prog_name" } } },
	/* an anonymous enum matches the kernel's enum bpf_map_type */
	{ "bpf_map", NEED_BPF_MAP, { { "enum { TPC_BPF_MAP_TYPE_ANY } map_type", "map_type" },
				     { "__u32 key_size", "key_size" }, { "__u32 value_size", "value_size" },
				     { "__u32 max_entries", "max_entries" }, { "char name[16]", "name" } } },
	{ "perf_event_attr", NEED_PERF_EVENT, { { "__u32 type", "type" }, { "__u64 config", "config" },
						{ "__u64 probe_offset", "probe_offset" } } },
	{ "perf_event", NEED_PERF_EVENT, { { "struct perf_event_attr attr", "attr" } } },
	{ "module", NEED_MODULE | NEED_LOAD_INFO, { { "char name[56]", "name" }, { "unsigned long taints", "taints" } } },
	/* sig_ok exists only with CONFIG_MODULE_SIG: tpc_args.h tests bpf_core_field_exists */
	{ "load_info", NEED_LOAD_INFO, { { "const char *name", "name" }, { "struct module *mod", "mod" },
					 { "bool sig_ok", NULL } } },
	{ "net_device", NEED_NET_DEVICE, { { "char name[16]", "name" } } },
	/* iter_type since Linux 5.14, ubuf since 6.0: tpc_args.h tests bpf_core_field_exists */
	{ "kvec", NEED_IOV_ITER, { { "void *iov_base", "iov_base" }, { "__u64 iov_len", "iov_len" } } },
	{ "iov_iter", NEED_IOV_ITER, { { "__u8 iter_type", NULL }, { "const struct kvec *kvec", "kvec" },
				       { "void *ubuf", NULL }, { "__u64 count", "count" } } },
	{ "in6_addr", NEED_SOCK, { { "__u8 u6_addr8[16]", NULL } } },
	{ "sock_common", NEED_SOCK, { { "__be32 skc_daddr", "skc_daddr" }, { "__be32 skc_rcv_saddr", "skc_rcv_saddr" },
				       { "__be16 skc_dport", "skc_dport" }, { "__u16 skc_num", "skc_num" },
				       { "unsigned short skc_family", "skc_family" },
				       { "volatile unsigned char skc_state", "skc_state" },
				       { "struct in6_addr skc_v6_daddr", "skc_v6_daddr" },
				       { "struct in6_addr skc_v6_rcv_saddr", "skc_v6_rcv_saddr" } } },
	{ "sock", NEED_SOCK, { { "struct sock_common __sk_common", "__sk_common" }, { "__u16 sk_type", "sk_type" },
				{ "__u16 sk_protocol", "sk_protocol" } } },
	{ "socket", NEED_SOCKET, { { "struct sock *sk", "sk" } } },
	{ "sk_buff", NEED_SKB, { { "unsigned char *head", "head" }, { "__u16 network_header", "network_header" },
				  { "unsigned int len", "len" }, { "__u32 hash", "hash" },
				  { "__u32 priority", "priority" }, { "__u32 mark", "mark" } } },
};

/* x86-64 registers of the C calling convention and of the syscall ABI. */
static const char *const call_regs[] = { "di", "si", "dx", "cx", "r8", "r9" };
static const char *const syscall_regs[] = { "di", "si", "dx", "r10", "r8", "r9" };

static unsigned int policy_needs(const struct ir_policy *ir)
{
	unsigned int need = 0;
	int i, j;

	for (i = 0; i < ir->n_hooks; i++) {
		const struct ir_hook *h = &ir->hooks[i];

		for (j = 0; j < h->n_variants; j++)
			if (h->variants[j].src == IR_SRC_REGS || h->variants[j].src == IR_SRC_SYSCALL_REGS ||
			    h->variants[j].src == IR_SRC_SYSCALL_BTF_REGS || h->variants[j].src == IR_SRC_USDT)
				need |= NEED_REGS;
		for (j = 0; j < h->n_reads; j++) {
			switch (h->reads[j].extract) {
			case IR_X_FILE:
			case IR_X_PATH:
			case IR_X_DENTRY:
				need |= NEED_PATH;
				break;
			case IR_X_SOCKET:
				need |= NEED_SOCKET | NEED_SOCK;
				break;
			case IR_X_SOCK:
				need |= NEED_SOCK;
				break;
			case IR_X_SKB:
				need |= NEED_SKB | NEED_NET;
				break;
			case IR_X_SOCKADDR:
			case IR_X_SOCKADDR_USER:
				need |= NEED_NET;
				break;
			case IR_X_FD:
				need |= NEED_FD | NEED_PATH;
				break;
			case IR_X_BPRM:
				need |= NEED_BPRM | NEED_PATH;
				break;
			case IR_X_CRED:
				need |= NEED_CRED | NEED_USERNS;
				break;
			case IR_X_USER_NS:
				need |= NEED_USERNS;
				break;
			case IR_X_CAPS:
				need |= NEED_CAPS;
				break;
			case IR_X_BPF_ATTR:
				need |= NEED_BPF_ATTR;
				break;
			case IR_X_BPF_MAP:
				need |= NEED_BPF_MAP;
				break;
			case IR_X_PERF_EVENT:
				need |= NEED_PERF_EVENT;
				break;
			case IR_X_MODULE:
				need |= NEED_MODULE;
				break;
			case IR_X_LOAD_INFO:
				need |= NEED_LOAD_INFO;
				break;
			case IR_X_NET_DEVICE:
				need |= NEED_NET_DEVICE;
				break;
			case IR_X_BUF_USER:
			case IR_X_BUF_KERNEL:
				need |= NEED_BYTES;
				break;
			case IR_X_IOVEC_USER:
				need |= NEED_BYTES | NEED_IOVEC;
				break;
			case IR_X_KIOCB:
				need |= NEED_PATH | NEED_KIOCB;
				break;
			case IR_X_IOV_ITER:
				need |= NEED_BYTES | NEED_IOV_ITER;
				break;
			default:
				break;
			}
		}
		if (h->is_return && h->ret_read.extract == IR_X_SOCK)
			need |= NEED_SOCK;	/* returnArg sock (TrackSock) */
		for (j = 0; j < h->n_sels; j++) {
			int k;

			for (k = 0; k < h->sels[j].n_preds; k++) {
				if (net_is_op(h->sels[j].preds[k].op))
					need |= NEED_NET;
				if (is_filetype_op(h->sels[j].preds[k].op))
					need |= NEED_MODE;
			}
		}
	}
	return need;
}

static bool uses_reg(const struct ir_policy *ir, const char *reg)
{
	int i, j, k;

	for (i = 0; i < ir->n_hooks; i++)
		for (k = 0; k < ir->hooks[i].n_reads; k++)
			if (ir->hooks[i].reads[k].reg && !strcmp(ir->hooks[i].reads[k].reg, reg))
				return true;	/* a 'pt_regs' data entry */
	if (!strcmp(reg, "di"))
		return true;	/* the ctx register, or the syscall wrapper's regs */
	if (!strcmp(reg, "ip")) {
		/* usdt.bpf.h: PT_REGS_IP(ctx) finds the probe site's arg spec */
		for (i = 0; i < ir->n_hooks; i++)
			for (j = 0; j < ir->hooks[i].n_variants; j++)
				if (ir->hooks[i].variants[j].src == IR_SRC_USDT)
					return true;
		return false;
	}
	if (!strcmp(reg, "ax")) {
		for (i = 0; i < ir->n_hooks; i++)
			for (j = 0; j < ir->hooks[i].n_variants; j++)
				if (ir->hooks[i].variants[j].exit_prog && ir->hooks[i].variants[j].exit_src == IR_RET_REGS)
					return true;
		return false;
	}
	for (i = 0; i < ir->n_hooks; i++) {
		const struct ir_hook *h = &ir->hooks[i];

		for (j = 0; j < h->n_variants; j++) {
			const char *const *regs = h->variants[j].src == IR_SRC_SYSCALL_REGS ||
						  h->variants[j].src == IR_SRC_SYSCALL_BTF_REGS ? syscall_regs :
						  h->variants[j].src == IR_SRC_REGS ? call_regs : NULL;

			for (k = 0; regs && k < h->n_reads; k++) {
				const struct ir_read *r = &h->reads[k];

				if (r->arg < IR_DATA_ARG && !strcmp(regs[r->arg], reg))
					return true;
				/* sizeArgIndex (1-based) names an argument the policy need not declare */
				if (r->size_arg_index && !strcmp(regs[r->size_arg_index - 1], reg))
					return true;
			}
		}
	}
	return false;
}

/* Some hook returns a string (tpc_str_slot_read in its exit program). */
static bool returns_str(const struct ir_policy *ir)
{
	int i;

	for (i = 0; i < ir->n_hooks; i++)
		if (ir->hooks[i].is_return && is_str(&ir->hooks[i].ret_read))
			return true;
	return false;
}

static int emit_shadows(struct cgen *g)
{
	static const char *const regs[] = { "di", "si", "dx", "cx", "r8", "r9", "r10", "ax", "ip", "bx", "bp", "sp",
					    "r11", "r12", "r13", "r14", "r15" };
	unsigned int need = policy_needs(g->ir);
	bool str_h = g->has_strings || returns_str(g->ir);	/* tpc_str.h */
	size_t i, j;
	int err = 0;

	if (need & NEED_REGS) {
		out(g, "/* CO-RE shadow of struct pt_regs: only the registers used */");
		out(g, "struct pt_regs {");
		for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
			if (!uses_reg(g->ir, regs[i]))
				continue;
			if (btf_member_size(g->t, "pt_regs", regs[i]) < 0) {
				diag_error(g->ctx, (struct loc){ 0 }, "target BTF '%s' has no 'struct pt_regs' member '%s': "
					   "only x86-64 kernels are supported", g->t->path, regs[i]);
				err = -EINVAL;
			}
			out(g, "\tunsigned long %s;", regs[i]);
		}
		out(g, "} __attribute__((preserve_access_index));");
		out(g, "%s", "");
	}
	for (i = 0; i < sizeof(shadows) / sizeof(shadows[0]); i++) {
		const struct shadow *sh = &shadows[i];

		if (!(need & sh->need))
			continue;
		out(g, "%s %s {", sh->need & SHADOW_UNION ? "union" : "struct", sh->name);
		for (j = 0; j < sizeof(sh->fields) / sizeof(sh->fields[0]) && sh->fields[j].decl; j++) {
			const char *f = sh->fields[j].name;

			if (f && btf_member_size(g->t, sh->name, f) < 0) {
				diag_error(g->ctx, (struct loc){ 0 }, "target BTF '%s' has no member '%s' in 'struct %s'",
					   g->t->path, f, sh->name);
				err = -EINVAL;
			}
			out(g, "\t%s;", sh->fields[j].decl);
		}
		out(g, "} __attribute__((preserve_access_index));");
		out(g, "%s", "");
	}
	if (str_h && strmap_used(g->ir))	/* string maps: also a string return value's (ret_str_pred_expr) */
		out(g, "#define TPC_STRMAP");
	if (str_h)
		out(g, "#include \"tpc_str.h\"");
	if (need & NEED_PATH)
		out(g, "#include \"tpc_path.h\"");
	if (need & NEED_SOCK)
		out(g, "#include \"tpc_sock.h\"");
	if (need & NEED_SKB)
		out(g, "#define TPC_NET_SKB");
	if (need & NEED_NET)
		out(g, "#include \"tpc_net.h\"");
	if (need & NEED_ARGS) {
		static const struct {
			unsigned int bit;
			const char *def;
		} args_defines[] = {
			{ NEED_FD, "TPC_ARGS_FD" }, { NEED_BPRM, "TPC_ARGS_BPRM" }, { NEED_CRED, "TPC_ARGS_CRED" },
			{ NEED_USERNS, "TPC_ARGS_USERNS" }, { NEED_CAPS, "TPC_ARGS_CAPS" },
			{ NEED_BPF_ATTR, "TPC_ARGS_BPF_ATTR" }, { NEED_BPF_MAP, "TPC_ARGS_BPF_MAP" },
			{ NEED_PERF_EVENT, "TPC_ARGS_PERF_EVENT" }, { NEED_MODULE, "TPC_ARGS_MODULE" },
			{ NEED_LOAD_INFO, "TPC_ARGS_LOAD_INFO" }, { NEED_NET_DEVICE, "TPC_ARGS_NET_DEVICE" },
			{ NEED_BYTES, "TPC_ARGS_BYTES" }, { NEED_IOV_ITER, "TPC_ARGS_IOV_ITER" },
			{ NEED_IOVEC, "TPC_ARGS_IOVEC" },
		};

		for (i = 0; i < sizeof(args_defines) / sizeof(args_defines[0]); i++)
			if (need & args_defines[i].bit)
				out(g, "#define %s", args_defines[i].def);
		out(g, "#include \"tpc_args.h\"");
	}
	if (need & (NEED_PATH | NEED_SOCK | NEED_NET | NEED_ARGS) || str_h)
		out(g, "%s", "");
	if (cgen_proc_shadows(&g->sb, &g->ctx->arena, g->ctx, g->t, g->ir))
		err = -EINVAL;
	if (cgen_act_used(g->ir)) {
		out(g, "#include \"tpc_rate.h\"");
		out(g, "%s", "");
	}
	cgen_act_ima_shadow(&g->sb, g->ir);	/* imaHash on a bprm hook: bprm->file */
	if (cgen_act_socktrack_used(g->ir)) {
		out(g, "#include \"tpc_socktrack.h\" /* TrackSock, UntrackSock */");
		out(g, "%s", "");
	}
	if (cgen_proc_used(g->ir)) {
		/* the shared process map and its compares (cgen_proc.c) */
		if (!g->has_strings)
			out(g, "#include \"tpc_str.h\"");
		out(g, "#include \"tpc_proc.h\"");
		out(g, "%s", "");
	}
	return err;
}

/* The raw 64-bit value of argument `arg` as variant v delivers it. */
static const char *raw_arg(struct cgen *g, const struct ir_variant *v, const struct ir_read *r)
{
	int arg = r->arg;

	if (arg >= IR_DATA_ARG && r->reg)	/* a 'data' entry, source pt_regs: lower.c kept the pt_regs variants */
		return arena_printf(&g->ctx->arena, "%s((struct pt_regs *)ctx)->%s", r->reg_size == 4 ? "(__u32)" :
				    r->reg_size == 2 ? "(__u16)" : r->reg_size == 1 ? "(__u8)" : "", r->reg);
	if (arg >= IR_DATA_ARG)	/* a 'data' entry (source current_task): its resolve path starts at the task */
		return "bpf_get_current_task()";
	switch (v->src) {
	case IR_SRC_TP_FIELD:
		/* the record's layout is fixed per kernel: the offset came from the target at compile time */
		return arena_printf(&g->ctx->arena, "*(const %s *)((const char *)ctx + %d)",
				    cgen_int_ctype(r->tp_size, r->tp_signed), r->tp_offset);
	case IR_SRC_TP_SYSCALL:
		return arena_printf(&g->ctx->arena, "((struct tpc_sys_enter *)ctx)->args[%d]", arg);
	case IR_SRC_SYSCALL_REGS:
		return arena_printf(&g->ctx->arena,
				    "BPF_CORE_READ((struct pt_regs *)((struct pt_regs *)ctx)->di, %s)",
				    syscall_regs[arg]);
	case IR_SRC_SYSCALL_BTF_REGS:
		/* fmod_ret on __x64_sys_<name>(const struct pt_regs *regs) */
		return arena_printf(&g->ctx->arena, "BPF_CORE_READ((struct pt_regs *)((__u64 *)ctx)[0], %s)",
				    syscall_regs[arg]);
	case IR_SRC_BTF_ARGS:
		return arena_printf(&g->ctx->arena, "((__u64 *)ctx)[%d]", arg);
	case IR_SRC_USDT:
		/* usdt.bpf.h: the arg spec libbpf stored for this probe site at attach */
		return arena_printf(&g->ctx->arena, "({ long __v = 0; bpf_usdt_arg(ctx, %d, &__v); (__u64)__v; })", arg);
	case IR_SRC_REGS:
	default:
		return arena_printf(&g->ctx->arena, "((struct pt_regs *)ctx)->%s", call_regs[arg]);
	}
}

static const char *read_ctype(const struct ir_read *r)
{
	return r->extract == IR_X_INT ? cgen_int_ctype(r->width, r->is_signed) : "__u64";
}

static void gen_arg_reader(struct cgen *g, const struct ir_hook *h, const struct ir_read *r)
{
	int j;

	if (r->extract == IR_X_INT)
		out(g, "/* arg %d of %s as each attach variant delivers it, narrowed to '%s' */", r->arg, h->function,
		    argtype_name(r->type));
	else
		out(g, "/* arg %d of %s as each attach variant delivers it: a pointer ('%s') */", r->arg, h->function,
		    argtype_name(r->type));
	out(g, "static __always_inline %s tpc_%s_%d_arg%d(void *ctx, const int variant)", read_ctype(r), h->name, h->id,
	    r->arg);
	out(g, "{");
	g->indent++;
	for (j = 0; j < h->n_variants; j++) {
		if (j < h->n_variants - 1) {
			out(g, "if (variant == %d) /* %s */", j, h->variants[j].suffix);
			g->indent++;
		} else if (h->n_variants > 1) {
			out(g, "/* %s */", h->variants[j].suffix);
		}
		if (r->resolve)	/* the field path, from the pointer the variant delivers (cgen_resolve.c) */
			out(g, "return (%s)tpc_%s_%d_res%d((__u64)%s);", read_ctype(r), h->name, h->id, r->arg,
			    raw_arg(g, &h->variants[j], r));
		else if (r->type == ARG_SYSCALL64)	/* bit 31 for a 32-bit syscall (cgen_list.c) */
			out(g, "return (%s)tpc_syscall64(%s);", read_ctype(r), raw_arg(g, &h->variants[j], r));
		else
			out(g, "return (%s)%s;", read_ctype(r), raw_arg(g, &h->variants[j], r));
		if (j < h->n_variants - 1)
			g->indent--;
	}
	g->indent--;
	out(g, "}");
	out(g, "%s", "");
}

/* The length of a char_buf or char_iovec: argument sizeArgIndex - 1, as each variant delivers it. */
static void gen_size_reader(struct cgen *g, const struct ir_hook *h, const struct ir_read *r)
{
	struct ir_read sr = *r;
	int j;

	if (!r->size_arg_index)
		return;
	sr.arg = r->size_arg_index - 1;
	sr.tp_size = 0;
	out(g, "/* the length of arg %d of %s: arg %d (sizeArgIndex %d) */", r->arg, h->function, sr.arg,
	    r->size_arg_index);
	out(g, "static __always_inline __u64 tpc_%s_%d_size%d(void *ctx, const int variant)", h->name, h->id, r->arg);
	out(g, "{");
	g->indent++;
	for (j = 0; j < h->n_variants; j++) {
		if (j < h->n_variants - 1) {
			out(g, "if (variant == %d) /* %s */", j, h->variants[j].suffix);
			g->indent++;
		} else if (h->n_variants > 1) {
			out(g, "/* %s */", h->variants[j].suffix);
		}
		out(g, "return (__u64)%s;", raw_arg(g, &h->variants[j], &sr));
		if (j < h->n_variants - 1)
			g->indent--;
	}
	g->indent--;
	out(g, "}");
	out(g, "%s", "");
}

/*
 * The body of a path getter: declare the object (decl), an empty faulted
 * value when the pointer `var` is NULL, else walk the (dentry, vfsmount)
 * pair `walk` names.
 */
static void gen_path_of(struct cgen *g, const char *decl, const char *var, const char *walk)
{
	out(g, "%s", decl);
	out(g, "%s", "");
	out(g, "if (!%s) {", var);
	out(g, "\ttpc_path_read(NULL, NULL, region, v);");
	out(g, "\treturn;");
	out(g, "}");
	out(g, "tpc_path_read(%s, region, v);", walk);
}

/* Extraction of a string or path read into its scratch region, done at most once per event. */
static void gen_getter(struct cgen *g, const struct ir_hook *h, const struct ir_read *r)
{
	const char *raw = arena_printf(&g->ctx->arena, "tpc_%s_%d_arg%d(ctx, variant)", h->name, h->id, r->arg);

	out(g, "static __always_inline void tpc_%s_%d_get%d(void *ctx, const int variant, char *region,",
	    h->name, h->id, r->arg);
	out(g, "\t\t\t\t\tstruct tpc_strval *v)");
	out(g, "{");
	g->indent++;
	switch (r->extract) {
	case IR_X_FILE:
		gen_path_of(g, arena_printf(&g->ctx->arena, "struct file *f = (struct file *)%s;", raw), "f",
			    "BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt)");
		break;
	case IR_X_PATH:
		gen_path_of(g, arena_printf(&g->ctx->arena, "struct path *p = (struct path *)%s;", raw), "p",
			    "BPF_CORE_READ(p, dentry), BPF_CORE_READ(p, mnt)");
		break;
	case IR_X_DENTRY:
		out(g, "tpc_path_read((struct dentry *)%s, NULL, region, v);", raw);
		break;
	case IR_X_FD:
		gen_path_of(g, arena_printf(&g->ctx->arena, "struct file *f = tpc_fd_file((int)%s);", raw), "f",
			    "BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt)");
		break;
	case IR_X_BPRM:
		gen_path_of(g, arena_printf(&g->ctx->arena, "struct file *f = BPF_CORE_READ((struct linux_binprm *)%s, file);",
					    raw),
			    "f", "BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt)");
		break;
	case IR_X_KIOCB:
		/* Tetragon: the file of kiocb->ki_filp, reported as a file_arg */
		gen_path_of(g, arena_printf(&g->ctx->arena, "struct file *f = BPF_CORE_READ((struct kiocb *)%s, ki_filp);", raw),
			    "f", "BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt)");
		break;
	case IR_X_NET_DEVICE:
		/* Tetragon compares dev->name, as a string (copy_strings of IFNAMSIZ bytes) */
		out(g, "struct net_device *d = (struct net_device *)%s;", raw);
		out(g, "%s", "");
		out(g, "tpc_str_read(d ? (const void *)d->name : NULL, false, region, v);");
		break;
	case IR_X_STR_USER:
		out(g, "tpc_str_read((const void *)%s, true, region, v);", raw);
		break;
	case IR_X_BUF_USER:
	case IR_X_BUF_KERNEL:
		/* Tetragon compares a char_buf's bytes, sizeArgIndex of them; none without it */
		out(g, "tpc_buf_read((const void *)%s, %s, %s, region, v);", raw,
		    r->size_arg_index ? arena_printf(&g->ctx->arena, "tpc_%s_%d_size%d(ctx, variant)", h->name, h->id, r->arg)
				      : "0",
		    r->extract == IR_X_BUF_USER ? "true" : "false");
		break;
	case IR_X_IOVEC_USER:
		/* the bytes of the iovecs end to end, as the event reports them; none without sizeArgIndex */
		out(g, "tpc_iovec_strval((const void *)%s, %s, region, v);", raw,
		    r->size_arg_index ? arena_printf(&g->ctx->arena, "tpc_%s_%d_size%d(ctx, variant)", h->name, h->id, r->arg)
				      : "0");
		break;
	case IR_X_IOV_ITER:
		out(g, "tpc_iov_iter_strval((struct iov_iter *)%s, region, v);", raw);
		break;
	default:
		out(g, "tpc_str_read((const void *)%s, false, region, v);", raw);
		break;
	}
	g->indent--;
	out(g, "}");
	out(g, "%s", "");
}

/* The slot of a tpc_args.h read other than a path (runtime/tpc_event.h), NULL for the rest. */
static const char *args_slot(const struct ir_read *r)
{
	switch (r->extract) {
	case IR_X_CRED:
		return "struct tpc_cred_slot";
	case IR_X_CAPS:
		return "__u64";
	case IR_X_USER_NS:
		return "struct tpc_userns_slot";
	case IR_X_BPF_ATTR:
		return "struct tpc_bpf_attr_slot";
	case IR_X_BPF_MAP:
		return "struct tpc_bpf_map_slot";
	case IR_X_PERF_EVENT:
		return "struct tpc_perf_event_slot";
	case IR_X_MODULE:
	case IR_X_LOAD_INFO:
		return "struct tpc_module_slot";
	case IR_X_NET_DEVICE:
		return "struct tpc_netdev_slot";
	case IR_X_BUF_USER:
	case IR_X_BUF_KERNEL:
	case IR_X_IOVEC_USER:
	case IR_X_IOV_ITER:
		return r->size == (int)sizeof(struct tpc_bytes_max_slot) ? "struct tpc_bytes_max_slot" :
									   "struct tpc_bytes_slot";
	default:
		return NULL;
	}
}

/* The statement filling the slot `dst` of a tpc_args.h read from the raw argument `raw`. */
static const char *args_fill(struct cgen *g, const struct ir_read *r, const char *raw, const char *dst)
{
	static const struct {
		enum ir_extract x;
		const char *fn, *type;
	} fills[] = {
		{ IR_X_CRED, "tpc_cred_read", "struct cred___args *" },
		{ IR_X_USER_NS, "tpc_userns_read", "struct user_namespace___args *" },
		{ IR_X_BPF_ATTR, "tpc_bpf_attr_read", "union bpf_attr *" },
		{ IR_X_BPF_MAP, "tpc_bpf_map_read", "struct bpf_map *" },
		{ IR_X_PERF_EVENT, "tpc_perf_event_read", "struct perf_event *" },
		{ IR_X_MODULE, "tpc_module_read", "struct module *" },
		{ IR_X_LOAD_INFO, "tpc_load_info_read", "struct load_info *" },
		{ IR_X_NET_DEVICE, "tpc_netdev_read", "struct net_device *" },
	};
	size_t i;

	if (r->extract == IR_X_CAPS)
		return arena_printf(&g->ctx->arena, "*%s = tpc_caps_read((const void *)%s);", dst, raw);
	for (i = 0; i < sizeof(fills) / sizeof(fills[0]); i++)
		if (fills[i].x == r->extract)
			return arena_printf(&g->ctx->arena, "%s((%s)%s, %s);", fills[i].fn, fills[i].type, raw, dst);
	abort();	/* args_slot() and this table disagree */
}

static void gen_event(struct cgen *g, const struct ir_hook *h)
{
	int i;

	out(g, "struct tpc_%s_%d_event {", h->name, h->id);
	g->indent++;
	out(g, "struct tpc_event_hdr hdr;");
	for (i = 0; i < h->n_reads; i++) {
		const struct ir_read *r = &h->reads[i];

		if (r->extract == IR_X_INT)
			out(g, "%s arg%d; /* %s, sign/zero-extended to 8 bytes */", r->is_signed ? "__s64" : "__u64", r->arg,
			    argtype_name(r->type));
		else if (net_is_read(r))
			out(g, "%s arg%d; /* %s */", cgen_net_slot(r), r->arg, argtype_name(r->type));
		else if (args_slot(r))
			out(g, "%s arg%d; /* %s */", args_slot(r), r->arg, argtype_name(r->type));
		else
			out(g, "struct tpc_str_slot arg%d; /* %s */", r->arg, argtype_name(r->type));
	}
	if (h->is_return && h->ret_read.extract == IR_X_SOCK)
		out(g, "struct tpc_sock_slot ret; /* return value, %s */", argtype_name(h->ret_read.type));
	else if (h->is_return && is_str(&h->ret_read))
		out(g, "struct tpc_str_slot ret; /* return value, %s */", argtype_name(h->ret_read.type));
	else if (h->is_return)
		out(g, "%s ret; /* return value, %s */", h->ret_read.is_signed ? "__s64" : "__u64",
		    argtype_name(h->ret_read.type));
	if (h->stack_offset)
		out(g, "struct tpc_stack_slot stack; /* kernelStackTrace / userStackTrace */");
	if (h->ima_offset)
		out(g, "struct tpc_ima_slot ima; /* imaHash */");
	g->indent--;
	out(g, "};");
	for (i = 0; i < h->n_reads; i++)
		out(g, "_Static_assert(__builtin_offsetof(struct tpc_%s_%d_event, arg%d) == %d, \"event layout\");",
		    h->name, h->id, h->reads[i].arg, h->reads[i].offset);
	if (h->is_return)
		out(g, "_Static_assert(__builtin_offsetof(struct tpc_%s_%d_event, ret) == %d, \"event layout\");",
		    h->name, h->id, h->ret_read.offset);
	if (h->stack_offset)
		out(g, "_Static_assert(__builtin_offsetof(struct tpc_%s_%d_event, stack) == %d, \"event layout\");",
		    h->name, h->id, h->stack_offset);
	if (h->ima_offset)
		out(g, "_Static_assert(__builtin_offsetof(struct tpc_%s_%d_event, ima) == %d, \"event layout\");",
		    h->name, h->id, h->ima_offset);
	out(g, "_Static_assert(sizeof(struct tpc_%s_%d_event) == %d, \"event layout\");", h->name, h->id, h->event_size);
	out(g, "%s", "");
	if (h->is_return) {
		out(g, "/* events parked between entry and return, per thread; LRU so threads that never return age out */");
		out(g, "struct {");
		out(g, "	__uint(type, BPF_MAP_TYPE_LRU_HASH);");
		out(g, "	__uint(max_entries, %d);", h->pending_entries);
		out(g, "	__type(key, __u64);");
		out(g, "	__type(value, struct tpc_%s_%d_event);", h->name, h->id);
		out(g, "} tpc_%s_%d_pending SEC(\".maps\");", h->name, h->id);
		out(g, "%s", "");
		out(g, "static const struct tpc_%s_%d_event tpc_%s_%d_empty;", h->name, h->id, h->name, h->id);
		out(g, "%s", "");
	}
}

static int hook_regions(const struct ir_hook *h)
{
	return region_of(h, h->n_reads);
}

static void gen_post(struct cgen *g, const struct ir_hook *h)
{
	bool strs = hook_regions(h) > 0;
	int i;

	out(g, "static __always_inline void tpc_%s_%d_post(void *ctx, const int variant, __u16 selector, __u32 actions,",
	    h->name, h->id);
	out(g, "\t\t\t\t\tlong action_ret%s)", strs ? ", struct tpc_scratch *scr, struct tpc_strval *sv" : "");
	out(g, "{");
	g->indent++;
	if (h->is_return) {
		out(g, "__u64 key = bpf_get_current_pid_tgid();");
		out(g, "struct tpc_%s_%d_event *e;", h->name, h->id);
		out(g, "%s", "");
		out(g, "/* park the event until the function returns */");
		out(g, "bpf_map_update_elem(&tpc_%s_%d_pending, &key, &tpc_%s_%d_empty, BPF_ANY);", h->name, h->id, h->name,
		    h->id);
		out(g, "e = bpf_map_lookup_elem(&tpc_%s_%d_pending, &key);", h->name, h->id);
	} else {
		out(g, "struct tpc_%s_%d_event *e = tpc_event_reserve(sizeof(*e));", h->name, h->id);
		out(g, "%s", "");
	}
	out(g, "if (!e)");
	out(g, "\treturn;");
	if (cgen_list_leader(g->ir, h) >= 0)	/* the member the shared program runs for */
		out(g, "tpc_event_header(&e->hdr, tpc_list_hook(), selector, actions, action_ret, sizeof(*e));");
	else
		out(g, "tpc_event_header(&e->hdr, %d, selector, actions, action_ret, sizeof(*e));", h->id);
	for (i = 0; i < h->n_reads; i++) {
		const struct ir_read *r = &h->reads[i];
		int reg = region_of(h, i);

		if (has_region(h, i) && is_bytes(r)) {
			/* compared by a selector: the event reports the bytes compared, not a second read of them */
			out(g, "if (!sv[%d].have)", reg);
			out(g, "	tpc_%s_%d_get%d(ctx, variant, scr->r[%d], &sv[%d]);", h->name, h->id, r->arg, reg, reg);
			out(g, "tpc_bytes_slot_fill((struct tpc_bytes_slot *)&e->arg%d, e->arg%d.buf, sizeof(e->arg%d.buf), "
			    "&sv[%d]);", r->arg, r->arg, r->arg, reg);
			continue;
		}
		switch (r->extract) {
		case IR_X_INT:
			out(g, "e->arg%d = tpc_%s_%d_arg%d(ctx, variant);", r->arg, h->name, h->id, r->arg);
			break;
		case IR_X_SOCK:
			out(g, "tpc_sock_read((struct sock *)tpc_%s_%d_arg%d(ctx, variant), &e->arg%d);", h->name, h->id,
			    r->arg, r->arg);
			break;
		case IR_X_SOCKET:
			out(g, "tpc_sock_read(BPF_CORE_READ((struct socket *)tpc_%s_%d_arg%d(ctx, variant), sk), &e->arg%d);",
			    h->name, h->id, r->arg, r->arg);
			break;
		case IR_X_SKB:
		case IR_X_SOCKADDR:
		case IR_X_SOCKADDR_USER:
			out(g, "%s", cgen_net_fill(&g->ctx->arena, r, arena_printf(&g->ctx->arena, "tpc_%s_%d_arg%d(ctx, variant)",
			    h->name, h->id, r->arg), arena_printf(&g->ctx->arena, "&e->arg%d", r->arg)));
			break;
		case IR_X_CRED:
		case IR_X_CAPS:
		case IR_X_USER_NS:
		case IR_X_BPF_ATTR:
		case IR_X_BPF_MAP:
		case IR_X_PERF_EVENT:
		case IR_X_MODULE:
		case IR_X_LOAD_INFO:
		case IR_X_NET_DEVICE:
			out(g, "%s", args_fill(g, r, arena_printf(&g->ctx->arena, "tpc_%s_%d_arg%d(ctx, variant)", h->name, h->id,
								   r->arg), arena_printf(&g->ctx->arena, "&e->arg%d", r->arg)));
			break;
		case IR_X_BUF_USER:
		case IR_X_BUF_KERNEL:
			if (r->return_copy) {	/* as Tetragon's CharBufSavedForRetprobe: the copy is made at return */
				out(g, "e->arg%d.len = 0;", r->arg);
				out(g, "e->arg%d.flags = 0;", r->arg);
				out(g, "e->arg%d.orig_size = (__u64)tpc_%s_%d_arg%d(ctx, variant); /* returnCopy: the pointer, "
				    "for tpc_%s_%d_exit */", r->arg, h->name, h->id, r->arg, h->name, h->id);
				break;
			}
			out(g, "tpc_bytes_read((struct tpc_bytes_slot *)&e->arg%d, e->arg%d.buf, sizeof(e->arg%d.buf),", r->arg,
			    r->arg, r->arg);
			out(g, "	       (const void *)tpc_%s_%d_arg%d(ctx, variant), %s, %s);", h->name, h->id, r->arg,
			    r->size_arg_index ? arena_printf(&g->ctx->arena, "tpc_%s_%d_size%d(ctx, variant)", h->name, h->id,
							     r->arg) : "0 /* no sizeArgIndex: nothing, as Tetragon */",
			    r->extract == IR_X_BUF_USER ? "true" : "false");
			break;
		case IR_X_IOVEC_USER:
			if (r->return_copy) {	/* as char_buf's: the iovecs and their count, copied at return */
				out(g, "e->arg%d.flags = 0;", r->arg);
				out(g, "e->arg%d.orig_size = (__u64)tpc_%s_%d_arg%d(ctx, variant); /* returnCopy: the iovecs, "
				    "for tpc_%s_%d_exit */", r->arg, h->name, h->id, r->arg, h->name, h->id);
				out(g, "e->arg%d.len = (__u32)%s; /* and their count */", r->arg, r->size_arg_index ?
				    arena_printf(&g->ctx->arena, "tpc_%s_%d_size%d(ctx, variant)", h->name, h->id, r->arg) :
				    "0 /* no sizeArgIndex: nothing, as Tetragon */");
				break;
			}
			out(g, "tpc_iovec_read((struct tpc_bytes_slot *)&e->arg%d, e->arg%d.buf, sizeof(e->arg%d.buf),", r->arg,
			    r->arg, r->arg);
			out(g, "	       (const void *)tpc_%s_%d_arg%d(ctx, variant), %s, ~0ULL);", h->name, h->id, r->arg,
			    r->size_arg_index ? arena_printf(&g->ctx->arena, "tpc_%s_%d_size%d(ctx, variant)", h->name, h->id,
							     r->arg) : "0 /* no sizeArgIndex: nothing, as Tetragon */");
			break;
		case IR_X_IOV_ITER:
			out(g, "tpc_iov_iter_read((struct tpc_bytes_slot *)&e->arg%d, e->arg%d.buf, sizeof(e->arg%d.buf),", r->arg,
			    r->arg, r->arg);
			out(g, "		  (struct iov_iter *)tpc_%s_%d_arg%d(ctx, variant));", h->name, h->id, r->arg);
			break;
		default:
			out(g, "if (!sv[%d].have)", reg);
			out(g, "\ttpc_%s_%d_get%d(ctx, variant, scr->r[%d], &sv[%d]);", h->name, h->id, r->arg, reg, reg);
			out(g, "tpc_str_slot_fill(&e->arg%d, &sv[%d]);", r->arg, reg);
			break;
		}
	}
	if (cgen_act_socktrack_used(g->ir))
		for (i = 0; i < h->n_reads; i++)
			if (h->reads[i].extract == IR_X_SOCK || h->reads[i].extract == IR_X_SOCKET)
				out(g, "tpc_sock_owner(e->arg%d.cookie, &e->hdr); /* a tracked sock: its process */",
				    h->reads[i].arg);
	cgen_act_stack_fill(&g->sb, g->indent, g->ir->source_base, h);	/* kernelStackTrace, userStackTrace */
	cgen_act_ima_fill(&g->sb, g->indent, g->ir->source_base, h);	/* imaHash, last: it may sleep */
	if (!h->is_return)
		out(g, "bpf_ringbuf_submit(e, tpc_rb_flags);");
	g->indent--;
	out(g, "}");
	out(g, "%s", "");
}

static const char *ret_raw(const struct ir_variant *v)
{
	return v->exit_src == IR_RET_TP_SYSCALL ? "((struct tpc_sys_exit *)ctx)->ret" : "((struct pt_regs *)ctx)->ax";
}

static const char *pred_expr(struct cgen *g, const struct ir_hook *h, const struct ir_pred *p);

/*
 * The exit half of a return probe: take the parked event, add the return
 * value, apply the matched selector's matchReturnArgs, post.
 */
static void gen_exit(struct cgen *g, const struct ir_hook *h)
{
	const struct ir_read *r = &h->ret_read;
	int i, j;

	out(g, "static __always_inline void tpc_%s_%d_exit(void *ctx, const int variant)", h->name, h->id);
	out(g, "{");
	g->indent++;
	out(g, "__u64 key = bpf_get_current_pid_tgid();");
	out(g, "struct tpc_%s_%d_event *p, *e;", h->name, h->id);
	out(g, "%s ret;", cgen_int_ctype(r->width, r->is_signed));
	out(g, "%s", "");
	if (h->ret_action == ACT_POST) {
		out(g, "p = bpf_map_lookup_elem(&tpc_%s_%d_pending, &key);", h->name, h->id);
		out(g, "if (!p)");
		out(g, "	return;");
	}
	for (j = 0; j < h->n_variants; j++) {
		if (j < h->n_variants - 1) {
			out(g, "if (variant == %d) /* %s */", j, h->variants[j].suffix);
			out(g, "	ret = (%s)%s;", cgen_int_ctype(r->width, r->is_signed), ret_raw(&h->variants[j]));
			out(g, "else");
		} else {
			out(g, "%sret = (%s)%s;", h->n_variants > 1 ? "	" : "", cgen_int_ctype(r->width, r->is_signed),
			    ret_raw(&h->variants[j]));
		}
	}
	if (h->ret_action != ACT_POST) {
		/* as Tetragon's return probe: on every return, whatever the selectors decided at entry */
		out_loc(g, r->loc, arena_printf(&g->ctx->arena, "returnArgAction %s", action_name(h->ret_action)));
		out(g, "%s((__u64)ret);", h->ret_action == ACT_TRACKSOCK ? "tpc_sock_track" : "tpc_sock_untrack");
		out(g, "p = bpf_map_lookup_elem(&tpc_%s_%d_pending, &key);", h->name, h->id);
		out(g, "if (!p)");
		out(g, "	return;");
	}
	if (is_str(r))	/* the string the returned pointer points to, into the parked event: compared there */
		out(g, "tpc_str_slot_read(&p->ret, (const void *)ret, %s);", r->extract == IR_X_STR_USER ? "true" : "false");
	for (i = 0; i < h->n_sels; i++) {
		const struct ir_selector *s = &h->sels[i];

		for (j = 0; j < s->n_ret_preds; j++) {
			out_loc(g, s->ret_preds[j].loc, arena_printf(&g->ctx->arena, "selector %d: return %s", s->id,
								     op_name(s->ret_preds[j].op)));
			out(g, "if (p->hdr.selector == %d && !(%s))", s->id, pred_expr(g, h, &s->ret_preds[j]));
			out(g, "	goto out;");
		}
	}
	out(g, "e = tpc_event_reserve(sizeof(*e));");
	out(g, "if (e) {");
	out(g, "	bpf_probe_read_kernel(e, sizeof(*e), p);");
	for (i = 0; i < h->n_reads; i++) {
		const struct ir_read *b = &h->reads[i];

		if (!b->return_copy)
			continue;
		/* returnCopy, as Tetragon's retprobe: the bytes the call returned (none on an error) */
		if (b->extract == IR_X_IOVEC_USER) {
			out(g, "	tpc_iovec_read((struct tpc_bytes_slot *)&e->arg%d, e->arg%d.buf, sizeof(e->arg%d.buf),",
			    b->arg, b->arg, b->arg);
			out(g, "		       (const void *)p->arg%d.orig_size, p->arg%d.len, (long long)ret > 0 ? "
			    "(__u64)ret : 0);", b->arg, b->arg);
			continue;
		}
		out(g, "	tpc_bytes_read((struct tpc_bytes_slot *)&e->arg%d, e->arg%d.buf, sizeof(e->arg%d.buf),", b->arg,
		    b->arg, b->arg);
		out(g, "		       (const void *)p->arg%d.orig_size, (long long)ret > 0 ? (__u64)ret : 0, %s);",
		    b->arg, b->extract == IR_X_BUF_USER ? "true" : "false");
	}
	if (r->extract == IR_X_SOCK)
		out(g, "	tpc_sock_read((struct sock *)ret, &e->ret);");
	else if (is_str(r))
		;	/* read into p->ret above, copied with it */
	else
		out(g, "	e->ret = ret;");
	out(g, "	bpf_ringbuf_submit(e, tpc_rb_flags);");
	out(g, "}");
	g->indent--;
	out(g, "out:");
	out(g, "	bpf_map_delete_elem(&tpc_%s_%d_pending, &key);", h->name, h->id);
	out(g, "}");
	out(g, "%s", "");
}

const char *cgen_c_string(struct arena *a, const char *s, int n)
{
	struct strbuf sb;
	int i;

	sb_init(&sb, a);
	sb_putn(&sb, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			sb_printf(&sb, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			sb_printf(&sb, "\\%03o", c);
		else
			sb_putn(&sb, (const char *)&c, 1);
	}
	sb_putn(&sb, "\"", 1);
	return sb.buf;
}

/* The bpf_loop callback testing value k of SubString predicate p: named after its selector and place. */
static const char *substr_fn(struct cgen *g, const struct ir_hook *h, const struct ir_pred *p, int k)
{
	int i;

	for (i = 0; i < h->n_sels; i++)
		if (p >= h->sels[i].preds && p < h->sels[i].preds + h->sels[i].n_preds)
			return arena_printf(&g->ctx->arena, "tpc_%s_%d_sub%d_%d_%d", h->name, h->id, h->sels[i].id,
					    (int)(p - h->sels[i].preds), k);
	abort();	/* p is not a predicate of h */
}

/* The callbacks of the hook's SubString predicates, one per literal (TPC_SUBSTR_FN, tpc_str.h). */
static void gen_substr_fns(struct cgen *g, const struct ir_hook *h)
{
	int i, j, k;

	for (i = 0; i < h->n_sels; i++) {
		for (j = 0; j < h->sels[i].n_preds; j++) {
			const struct ir_pred *p = &h->sels[i].preds[j];
			bool fold = p->op == OP_SUBSTRING_IC;

			if (!is_substr_op(p->op))
				continue;
			out_loc(g, p->loc, arena_printf(&g->ctx->arena, "selector %d: %s", h->sels[i].id, op_name(p->op)));
			for (k = 0; k < p->n_strs; k++) {
				char *lit = arena_strndup(&g->ctx->arena, p->strs[k], (size_t)p->str_lens[k]);
				int c;

				for (c = 0; fold && c < p->str_lens[k]; c++)
					if (lit[c] >= 'A' && lit[c] <= 'Z')
						lit[c] = (char)(lit[c] + ('a' - 'A'));
				out(g, "TPC_SUBSTR_FN(%s, %s, %d, %s)", substr_fn(g, h, p, k), cgen_c_string(&g->ctx->arena, lit, p->str_lens[k]),
				    p->str_lens[k], fold ? "tpc_mem_eq_fold" : "tpc_mem_eq");
			}
			out(g, "%s", "");
		}
	}
}

/* FileType: i_mode & S_IFMT of the inode behind read r (0 when there is none). */
static void gen_mode_getter(struct cgen *g, const struct ir_hook *h, const struct ir_read *r)
{
	const char *raw = arena_printf(&g->ctx->arena, "tpc_%s_%d_arg%d(ctx, variant)", h->name, h->id, r->arg);

	out(g, "static __always_inline __u32 tpc_%s_%d_mode%d(void *ctx, const int variant)", h->name, h->id, r->arg);
	out(g, "{");
	g->indent++;
	switch (r->extract) {
	case IR_X_FILE:
		out(g, "struct dentry *d = BPF_CORE_READ((struct file *)%s, f_path.dentry);", raw);
		break;
	case IR_X_PATH:
		out(g, "struct dentry *d = BPF_CORE_READ((struct path *)%s, dentry);", raw);
		break;
	case IR_X_FD:
		out(g, "struct dentry *d = BPF_CORE_READ(tpc_fd_file((int)%s), f_path.dentry);", raw);
		break;
	default:
		out(g, "struct dentry *d = (struct dentry *)%s;", raw);
		break;
	}
	out(g, "%s", "");
	out(g, "if (!d)");
	out(g, "\treturn 0;");
	out(g, "return BPF_CORE_READ((struct dentry___mode *)d, d_inode, i_mode) & 0170000;");
	g->indent--;
	out(g, "}");
	out(g, "%s", "");
}

static const char *filetype_expr(struct cgen *g, const struct ir_pred *p)
{
	struct strbuf sb;
	int i;

	sb_init(&sb, &g->ctx->arena);
	if (p->op == OP_NOT_FILE_TYPE)
		sb_puts(&sb, "!(");
	for (i = 0; i < p->n_values; i++)
		sb_printf(&sb, "%smode == 0%llo", i ? " || " : "", (unsigned long long)p->values[i]);
	if (p->op == OP_NOT_FILE_TYPE)
		sb_puts(&sb, ")");
	return sb.buf;
}

static const char *str_pred_expr(struct cgen *g, const struct ir_hook *h, const struct ir_pred *p)
{
	const struct ir_read *r = &h->reads[p->read];
	int reg = region_of(h, p->read);
	bool path = is_path(r);
	bool neg = p->op == OP_NOT_EQUAL || p->op == OP_NOT_PREFIX || p->op == OP_NOT_POSTFIX;
	struct strbuf sb;
	int i;

	if (p->shape != IR_SHAPE_INLINE)
		return cgen_strmap_expr(&g->ctx->arena, h, p, reg, path);	/* strmap.c */
	sb_init(&sb, &g->ctx->arena);
	if (neg)
		sb_puts(&sb, "!(");
	for (i = 0; i < p->n_strs; i++) {
		const char *lit = cgen_c_string(&g->ctx->arena, p->strs[i], p->str_lens[i]);
		int n = p->str_lens[i];

		if (i)
			sb_puts(&sb, " || ");
		switch (p->op) {
		case OP_EQUAL:
		case OP_NOT_EQUAL:
			sb_printf(&sb, "tpc_str_eq(v[%d].s, v[%d].len, %s, %d)", reg, reg, lit, n);
			break;
		case OP_PREFIX:
		case OP_NOT_PREFIX:
			sb_printf(&sb, "tpc_str_prefix(v[%d].s, v[%d].len, %s, %d)", reg, reg, lit, n);
			break;
		case OP_POSTFIX:
		case OP_NOT_POSTFIX:
			/* paths end at TPC_STR_MAX: their tail is at a constant offset */
			if (path)
				sb_printf(&sb, "tpc_str_tail(scr->r[%d] + TPC_STR_MAX - %d, v[%d].len, %s, %d)", reg, n, reg,
					  lit, n);
			else
				sb_printf(&sb, "tpc_str_tail(v[%d].s + ((v[%d].len - %d) & TPC_STR_MASK), v[%d].len, %s, %d)", reg,
					  reg, n, reg, lit, n);
			break;
		case OP_SUBSTRING:
		case OP_SUBSTRING_IC:
			/* a bpf_loop over start positions (tpc_str.h); paths end at TPC_STR_MAX */
			sb_printf(&sb, "tpc_str_sub(scr->r[%d], %s, v[%d].len, %d, %s)", reg,
				  path ? arena_printf(&g->ctx->arena, "TPC_STR_MAX - v[%d].len", reg) : "0", reg, n,
				  substr_fn(g, h, p, i));
			break;
		default:
			sb_puts(&sb, "0 /* unsupported */");
		}
	}
	if (neg)
		sb_puts(&sb, ")");
	return sb.buf;
}

/*
 * matchReturnArgs on a string return value (check.c: Equal, Prefix and their
 * Nots): compared in the parked event's slot, p->ret, which holds its first
 * TPC_STR_SLOT - 1 bytes; a value cut there equals no literal.
 */
static const char *ret_str_pred_expr(struct cgen *g, const struct ir_hook *h, const struct ir_pred *p)
{
	bool eq = p->op == OP_EQUAL || p->op == OP_NOT_EQUAL;
	bool neg = p->op == OP_NOT_EQUAL || p->op == OP_NOT_PREFIX;
	struct strbuf sb;
	int i;

	sb_init(&sb, &g->ctx->arena);
	sb_puts(&sb, neg ? "!(" : "(");
	if (eq)
		sb_puts(&sb, "!(p->ret.flags & TPC_STRF_TRUNCATED) && (");
	if (p->shape != IR_SHAPE_INLINE) {
		sb_puts(&sb, cgen_strmap_in(&g->ctx->arena, h, p, "p->ret.buf", "p->ret.len"));
	} else {
		for (i = 0; i < p->n_strs; i++)
			sb_printf(&sb, "%s%s(p->ret.buf, p->ret.len, %s, %d)", i ? " || " : "",
				  eq ? "tpc_str_eq" : "tpc_str_prefix",
				  cgen_c_string(&g->ctx->arena, p->strs[i], p->str_lens[i]), p->str_lens[i]);
	}
	if (eq)
		sb_puts(&sb, ")");
	sb_puts(&sb, ")");
	return sb.buf;
}

static const char *pred_expr(struct cgen *g, const struct ir_hook *h, const struct ir_pred *p)
{
	const struct ir_read *r = p->read < 0 ? &h->ret_read : &h->reads[p->read];
	struct strbuf sb;
	const char *x = p->read < 0 ? "ret" : arena_printf(&g->ctx->arena, "arg%d", r->arg);
	bool neg = p->op == OP_NOT_EQUAL || p->op == OP_NOT_IN_RANGE;
	int i, step = (p->op == OP_IN_RANGE || p->op == OP_NOT_IN_RANGE) ? 2 : 1;

	if (r->extract != IR_X_INT && p->read >= 0)
		return str_pred_expr(g, h, p);
	if (p->read < 0 && is_str(r))
		return ret_str_pred_expr(g, h, p);
	if (intmap_is_op(p->op))
		return cgen_intmap_expr(&g->ctx->arena, h, p, x, r->is_signed);	/* intmap.c */
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

static bool hook_is_lsm(const struct ir_hook *h)
{
	return h->kind == HOOK_LSM;
}

/* Some selector performs Override: kprobe variants call bpf_override_return (lower.c). */
static bool hook_overrides(const struct ir_hook *h)
{
	int i;

	for (i = 0; i < h->n_sels; i++)
		if (h->sels[i].act_bits & TPC_ACT_OVERRIDE)
			return true;
	return false;
}

/*
 * One selector: its predicates as a chain of early exits, integer compares
 * first (a register and a compare), string and path compares last (a read
 * into the scratch region, done once per event), then its actions.
 */
/* TrackSock / UntrackSock of a selector: the sock of the read of argument `arg` (bpf-templates/tpc_socktrack.h) */
static void gen_sock_actions(struct cgen *g, const struct ir_hook *h, const struct ir_selector *s)
{
	int i, j;

	for (i = 0; i < s->n_acts; i++) {
		const struct ir_action *a = &s->acts[i];
		const struct ir_read *r = NULL;
		const char *raw;

		if (a->act != ACT_TRACKSOCK && a->act != ACT_UNTRACKSOCK)
			continue;
		for (j = 0; j < h->n_reads; j++)
			if (h->reads[j].arg == a->arg &&
			    (h->reads[j].extract == IR_X_SOCK || h->reads[j].extract == IR_X_SOCKET))
				r = &h->reads[j];
		if (!r) {	/* check.c rejects it; an edited .tpir may not */
			diag_error(g->ctx, a->loc, "%s: argument %lld of '%s' is not a sock or socket read",
				   action_name(a->act), a->arg, h->function);
			continue;
		}
		raw = arena_printf(&g->ctx->arena, "tpc_%s_%d_arg%d(ctx, variant)", h->name, h->id, r->arg);
		if (r->extract == IR_X_SOCKET)
			raw = arena_printf(&g->ctx->arena, "BPF_CORE_READ((struct socket *)%s, sk)", raw);
		out_loc(g, a->loc, arena_printf(&g->ctx->arena, "%s argSock %lld", action_name(a->act), a->arg));
		out(g, "%s((__u64)(unsigned long)%s);", a->act == ACT_TRACKSOCK ? "tpc_sock_track" : "tpc_sock_untrack",
		    raw);
	}
}

static void gen_selector(struct cgen *g, const struct ir_hook *h, const struct ir_selector *s)
{
	bool strs = hook_regions(h) > 0;
	long long override = 0;
	bool has_override = false;
	int i, pass;

	out_loc(g, s->loc, arena_printf(&g->ctx->arena, "selector %d", s->id));
	out(g, "do {");
	g->indent++;
	/* pass 0: integers, 1: network slots (cgen_net.c), 2: strings and paths */
	for (pass = 0; pass < 3; pass++) {
		if (pass == 1)	/* process selectors (cgen_proc.c): after register compares */
			cgen_proc_sel(&g->sb, &g->ctx->arena, g->indent, g->ir->source_base, h, s);
		for (i = 0; i < s->n_preds; i++) {
			const struct ir_pred *p = &s->preds[i];
			const struct ir_read *r = &h->reads[p->read];

			if ((r->extract == IR_X_INT || is_filetype_op(p->op) || p->op == OP_CAPS_GAINED ? 0 :
			     net_is_read(r) ? 1 : 2) != pass)
				continue;
			out_loc(g, p->loc, arena_printf(&g->ctx->arena, "arg %d %s", r->arg, op_name(p->op)));
			if (p->op == OP_CAPS_GAINED) {
				/* as Tetragon: the second set has a bit the first lacks */
				const struct ir_read *r2;

				if (p->n_values < 1 || p->values[0] < 0 || p->values[0] >= h->n_reads) {	/* an edited .tpir */
					diag_error(g->ctx, p->loc, "CapabilitiesGained: no second read");
					continue;
				}
				r2 = &h->reads[p->values[0]];
				out(g, "if (!(tpc_caps_read((const void *)tpc_%s_%d_arg%d(ctx, variant)) &", h->name, h->id, r2->arg);
				out(g, "      ~tpc_caps_read((const void *)tpc_%s_%d_arg%d(ctx, variant))))", h->name, h->id, r->arg);
				out(g, "\tbreak;");
				continue;
			}
			if (is_filetype_op(p->op)) {
				out(g, "{");
				out(g, "\t__u32 mode = tpc_%s_%d_mode%d(ctx, variant);", h->name, h->id, r->arg);
				out(g, "%s", "");
				out(g, "\tif (!(%s))", filetype_expr(g, p));
				out(g, "\t\tbreak;");
				out(g, "}");
				continue;
			}
			if (pass == 1) {
				const char *raw = arena_printf(&g->ctx->arena, "tpc_%s_%d_arg%d(ctx, variant)", h->name,
							       h->id, r->arg);

				out(g, "if (!net%d_have) {", r->arg);
				out(g, "	%s", cgen_net_fill(&g->ctx->arena, r, raw, arena_printf(&g->ctx->arena, "&net%d",
												 r->arg)));
				out(g, "	net%d_have = true;", r->arg);
				out(g, "}");
				out(g, "if (!(%s))", cgen_net_expr(&g->ctx->arena, h, s->id, i, p,
								  arena_printf(&g->ctx->arena, "net%d", r->arg)));
				out(g, "	break;");
				continue;
			}
			if (pass == 2) {
				int reg = region_of(h, p->read);

				out(g, "if (!v[%d].have)", reg);
				out(g, "\ttpc_%s_%d_get%d(ctx, variant, scr->r[%d], &v[%d]);", h->name, h->id, r->arg, reg, reg);
			}
			out(g, "if (!(%s))", pred_expr(g, h, p));
			out(g, "\tbreak;");
		}
	}
	cgen_proc_accept(&g->sb, &g->ctx->arena, g->indent, g->ir->source_base, s);
	for (i = 0; i < s->n_acts; i++) {
		const struct ir_action *a = &s->acts[i];

		switch (a->act) {
		case ACT_SIGKILL:
		case ACT_SIGNAL:
			out_loc(g, a->loc, action_name(a->act));
			out(g, "ret = bpf_send_signal(%lld);", a->arg);
			break;
		case ACT_OVERRIDE:
			has_override = true;
			override = a->arg;
			break;
		case ACT_NOTIFY_ENFORCER:
			cgen_enforce_notify(&g->sb, g->indent, g->ir->source_base, a);
			break;
		default:
			break;
		}
	}
	if (s->post) {
		bool limited = cgen_act_rate(&g->sb, g->indent, g->ir->source_base, h, s);	/* rateLimit */

		g->indent += limited;
		out(g, "tpc_%s_%d_post(ctx, variant, %d, 0x%x, ret%s);", h->name, h->id, s->id, s->act_bits,
		    strs ? ", scr, v" : "");
		g->indent -= limited;
	}
	gen_sock_actions(g, h, s);	/* after the post, which reports the owner before UntrackSock */
	for (i = 0; i < s->n_acts; i++)	/* after the post, which reports the arguments as the process passed them */
		if (s->acts[i].act == ACT_SET)
			cgen_enforce_notify(&g->sb, g->indent, g->ir->source_base, &s->acts[i]);
	if (has_override) {
		out_loc(g, s->acts[0].loc, "Override: the hook returns the error");
		out(g, "return %lld;", override);
	} else {
		out(g, "return 0;");
	}
	g->indent--;
	out(g, "} while (0);");
}

static void gen_hook(struct cgen *g, const struct ir_hook *h)
{
	int n_regions = hook_regions(h);
	bool used[IR_MAX_READS] = { 0 };
	int i, j;

	if (h->enforcer) {
		cgen_enforce_hook(&g->sb, h);	/* spec.enforcers: no args, no selectors */
		return;
	}
	if (cgen_list_leader(g->ir, h) >= 0 && cgen_list_leader(g->ir, h) != h->id) {
		/* a list member: the first member's code serves it (cgen_list.c) */
		cgen_list_member_progs(&g->sb, g->ir, h);
		return;
	}
	out_loc(g, h->loc, arena_printf(&g->ctx->arena, "%s '%s'%s%s", hook_is_lsm(h) ? "lsm hook" :
					h->kind == HOOK_UPROBE ? "uprobe" : h->kind == HOOK_USDT ? "usdt" : "kprobe", h->function,
					h->path ? " in " : h->syscall ? " (syscall)" : "", h->path ? h->path : ""));
	gen_event(g, h);
	for (i = 0; i < h->n_reads; i++) {
		if (h->reads[i].resolve)	/* a diagnostic when the target lacks the path: cgen_policy fails */
			cgen_resolve(&g->sb, g->ctx, g->t, g->ir->source_base, h, &h->reads[i]);
		gen_arg_reader(g, h, &h->reads[i]);
		gen_size_reader(g, h, &h->reads[i]);
	}
	for (i = 0; i < h->n_reads; i++)
		if (has_region(h, i))
			gen_getter(g, h, &h->reads[i]);
	for (i = 0; i < h->n_reads; i++) {
		bool mode = false;

		for (j = 0; j < h->n_sels; j++) {
			int k;

			for (k = 0; k < h->sels[j].n_preds; k++)
				mode |= h->sels[j].preds[k].read == i && is_filetype_op(h->sels[j].preds[k].op);
		}
		if (mode)
			gen_mode_getter(g, h, &h->reads[i]);
	}
	gen_substr_fns(g, h);
	cgen_gate_fn(&g->sb, &g->ctx->arena, h);
	gen_post(g, h);
	if (h->is_return)
		gen_exit(g, h);
	cgen_proc_funcs(&g->sb, &g->ctx->arena, g->ir->source_base, h);
	out(g, "static __always_inline int tpc_%s_%d(void *ctx, const int variant)", h->name, h->id);
	out(g, "{");
	g->indent++;
	cgen_proc_decls(&g->sb, &g->ctx->arena, g->indent, h);
	for (i = 0; i < h->n_sels; i++)
		for (j = 0; j < h->sels[i].n_preds; j++)
			used[h->sels[i].preds[j].read] = true;
	if (n_regions) {
		out(g, "struct tpc_strval v[%d] = {};", n_regions);
		out(g, "struct tpc_scratch *scr;");
		out(g, "__u32 zero = 0;");
	}
	for (i = 0; i < h->n_reads; i++) {
		if (!used[i] || !net_is_read(&h->reads[i]))
			continue;
		out(g, "%s net%d = {}; /* read once, by the first predicate that needs it */", cgen_net_slot(&h->reads[i]),
		    h->reads[i].arg);
		out(g, "bool net%d_have = false;", h->reads[i].arg);
	}
	for (i = 0; i < h->n_reads; i++) {
		if (!used[i] || h->reads[i].extract != IR_X_INT)
			continue;
		out_loc(g, h->reads[i].loc, arena_printf(&g->ctx->arena, "arg %d, %s", h->reads[i].arg,
							  argtype_name(h->reads[i].type)));
		out(g, "%s arg%d = tpc_%s_%d_arg%d(ctx, variant);", cgen_int_ctype(h->reads[i].width, h->reads[i].is_signed),
		    h->reads[i].arg, h->name, h->id, h->reads[i].arg);
	}
	out(g, "long ret = 0;");
	out(g, "%s", "");
	if (cgen_gate_read(h) >= 0) {
		out(g, "if (!tpc_%s_%d_gate(ctx, variant))", h->name, h->id);
		out(g, "\treturn 0; /* no selector can match: the string is not read */");
	}
	if (n_regions) {
		out(g, "scr = bpf_map_lookup_elem(&tpc_scratch, &zero);");
		out(g, "if (!scr)");
		out(g, "\treturn 0;");
	}
	if (!h->n_sels) {
		out(g, "/* no selectors: every call is reported */");
		out(g, "tpc_%s_%d_post(ctx, variant, TPC_NO_SELECTOR, TPC_ACT_POST, ret%s);", h->name, h->id,
		    n_regions ? ", scr, v" : "");
		out(g, "return 0;");
	} else {
		for (i = 0; i < h->n_sels; i++)
			gen_selector(g, h, &h->sels[i]);
		out(g, "return 0; /* no selector matched */");
	}
	g->indent--;
	out(g, "}");
	out(g, "%s", "");
	for (j = 0; j < h->n_variants; j++) {
		const struct ir_variant *v = &h->variants[j];

		if (cgen_is_shared_variant(v) || cgen_list_leader(g->ir, h) >= 0)
			continue;	/* one program for the list, and its members' own: cgen_list.c */
		out(g, "SEC(\"%s\")", v->section);
		out(g, "int %s(void *ctx)", v->prog);
		out(g, "{");
		if (v->attach == IR_ATTACH_LSM || v->attach == IR_ATTACH_FMOD_RET) {
			/* non-zero: the error the hook or function returns instead */
			out(g, "\treturn tpc_%s_%d(ctx, %d);", h->name, h->id, j);
		} else if (v->attach == IR_ATTACH_KPROBE && hook_overrides(h)) {
			/* the verifier accepts this only with CONFIG_BPF_KPROBE_OVERRIDE */
			out(g, "\tint err = tpc_%s_%d(ctx, %d);", h->name, h->id, j);
			out(g, "%s", "");
			out(g, "\tif (err)");
			out(g, "\t\tbpf_override_return(ctx, (__u64)(__s64)err);");
			out(g, "\treturn 0;");
		} else {
			out(g, "\ttpc_%s_%d(ctx, %d);", h->name, h->id, j);
			out(g, "\treturn 0;");
		}
		out(g, "}");
		out(g, "%s", "");
		if (v->exit_prog) {
			out(g, "SEC(\"%s\")", v->exit_section);
			out(g, "int %s(void *ctx)", v->exit_prog);
			out(g, "{");
			out(g, "\ttpc_%s_%d_exit(ctx, %d);", h->name, h->id, j);
			out(g, "\treturn 0;");
			out(g, "}");
			out(g, "%s", "");
		}
	}
	if (cgen_list_leader(g->ir, h) == h->id)
		cgen_list_member_progs(&g->sb, g->ir, h);	/* the first member's own programs */
}

int cgen_policy(struct tpc_ctx *ctx, const struct ir_policy *ir, const struct tpc_target *t, char **result)
{
	struct cgen g = { .ctx = ctx, .ir = ir, .t = t };
	int i;

	sb_init(&g.sb, &ctx->arena);
	for (i = 0; i < ir->n_hooks; i++)
		if (hook_regions(&ir->hooks[i]) > g.n_regions)
			g.n_regions = hook_regions(&ir->hooks[i]);
	g.has_strings = g.n_regions > 0;
	out(&g, "/* generated by tpc from %s; do not edit */", ir->source_base);
	out(&g, "/* policy '%s' */", ir->name);
	out(&g, "#include \"tpc_prelude.h\"");
	out(&g, "#include \"tpc_common.h\"");
	out(&g, "%s", "");
	if (emit_shadows(&g))
		return -EINVAL;
	for (i = 0; i < ir->n_hooks; i++)
		if (ir->hooks[i].kind == HOOK_USDT) {
			/* after the pt_regs shadow: it reads PT_REGS_IP(ctx) */
			out(&g, "/* bpf_tracing.h: the kernel's pt_regs names (ip, not uapi rip), as in the shadow */");
			out(&g, "#define __VMLINUX_H__");
			out(&g, "#include <bpf/usdt.bpf.h> /* bpf_usdt_arg */");
			out(&g, "%s", "");
			break;
		}
	cgen_net_maps(&g.sb, ir);	/* LPM tries of address predicates with many values */
	cgen_intmap_maps(&g.sb, ir);	/* hash maps of InMap/NotInMap with many values */
	cgen_strmap_maps(&g.sb, ir);	/* hash maps and LPM tries of string predicates with many values */
	if (g.has_strings) {
		out(&g, "/* per-CPU scratch: one region per string or path read of a hook */");
		out(&g, "struct tpc_scratch {");
		out(&g, "\tchar r[%d][TPC_SCRATCH];", g.n_regions);
		out(&g, "};");
		out(&g, "%s", "");
		out(&g, "struct {");
		out(&g, "\t__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);");
		out(&g, "\t__uint(max_entries, 1);");
		out(&g, "\t__type(key, __u32);");
		out(&g, "\t__type(value, struct tpc_scratch);");
		out(&g, "} tpc_scratch SEC(\".maps\");");
		out(&g, "%s", "");
	}
	cgen_compat_helpers(&g.sb, ir);	/* cgen_list.c: TS_COMPAT, syscall64 */
	cgen_list_cur(&g.sb, ir);	/* cgen_list.c: the member a list's shared program runs for */
	cgen_enforce_map(&g.sb, ir);	/* spec.enforcers */
	cgen_usdt_set_helper(&g.sb, ir);	/* action Set */
	for (i = 0; i < ir->n_hooks; i++)
		gen_hook(&g, &ir->hooks[i]);
	cgen_list_programs(&g.sb, ir);
	cgen_loader_program(&g.sb, ir);	/* spec.loader, hook id ir->n_hooks */
	if (ctx->n_errors)
		return -EINVAL;	/* gen_sock_actions */
	*result = g.sb.buf;
	return 0;
}

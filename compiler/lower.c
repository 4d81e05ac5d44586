// SPDX-License-Identifier: Apache-2.0
/*
 * lower: checked AST -> IR. Decides attach variants, argument reads and
 * event layout, and turns selectors into predicate lists with values
 * already narrowed to the declared width.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "btf.h"
#include "intmap.h"
#include "ir.h"
#include "net.h"
#include "strmap.h"
#include "tpc_event.h"

static const char *c_ident(struct arena *a, const char *s)
{
	char *p = arena_strdup(a, s), *q;

	for (q = p; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')))
			*q = '_';
	return p;
}

/*
 * A 'pt_regs' data entry reads the probe's registers: only the variants
 * whose context is a struct pt_regs (a kprobe, not its fmod_ret variant)
 * can; check.c allows it only where one is left.
 */
static void drop_regless_variants(struct ir_hook *h)
{
	int i, j, n = 0;

	for (i = 0; i < h->n_reads && !h->reads[i].reg; i++)
		;
	if (i == h->n_reads)
		return;
	for (j = 0; j < h->n_variants; j++)
		if (h->variants[j].src == IR_SRC_REGS)
			h->variants[n++] = h->variants[j];
	h->n_variants = n;
}

static void add_variant(struct tpc_ctx *ctx, struct ir_hook *h, enum ir_attach at, enum ir_argsrc src,
			const char *target, const char *section, const char *suffix)
{
	struct ir_variant *v = ARENA_PUSH(&ctx->arena, h->variants, h->n_variants, h->cap_variants);

	v->attach = at;
	v->src = src;
	v->target = target;
	v->section = section;
	v->suffix = suffix;
	v->prog = arena_printf(&ctx->arena, "tpc_%s_%d_%s", h->name, h->id, suffix);
}

/* How a declared type is read, and the size of its event slot. */
static enum ir_extract extract_of(enum argtype t, bool user, int *size)
{
	*size = 8;
	switch (t) {
	case ARG_FILE:
		*size = (int)sizeof(struct tpc_str_slot);
		return IR_X_FILE;
	case ARG_PATH:
		*size = (int)sizeof(struct tpc_str_slot);
		return IR_X_PATH;
	case ARG_DENTRY:
		*size = (int)sizeof(struct tpc_str_slot);
		return IR_X_DENTRY;
	case ARG_STRING:
	case ARG_FILENAME:
		*size = (int)sizeof(struct tpc_str_slot);
		return user ? IR_X_STR_USER : IR_X_STR_KERNEL;
	case ARG_SOCK:
		*size = (int)sizeof(struct tpc_sock_slot);
		return IR_X_SOCK;
	case ARG_SOCKET:
		*size = (int)sizeof(struct tpc_sock_slot);
		return IR_X_SOCKET;
	case ARG_SKB:
		*size = (int)sizeof(struct tpc_skb_slot);
		return IR_X_SKB;
	case ARG_SOCKADDR:
		*size = (int)sizeof(struct tpc_sockaddr_slot);
		return user ? IR_X_SOCKADDR_USER : IR_X_SOCKADDR;
	case ARG_FD:
		*size = (int)sizeof(struct tpc_str_slot);
		return IR_X_FD;
	case ARG_BPRM:
		*size = (int)sizeof(struct tpc_str_slot);
		return IR_X_BPRM;
	case ARG_CRED:
		*size = (int)sizeof(struct tpc_cred_slot);
		return IR_X_CRED;
	case ARG_KERNEL_CAP:
	case ARG_CAP_INH:
	case ARG_CAP_PRM:
	case ARG_CAP_EFF:
		return IR_X_CAPS;	/* an 8-byte slot: the mask */
	case ARG_USER_NS:
		*size = (int)sizeof(struct tpc_userns_slot);
		return IR_X_USER_NS;
	case ARG_BPF_ATTR:
		*size = (int)sizeof(struct tpc_bpf_attr_slot);
		return IR_X_BPF_ATTR;
	case ARG_BPF_MAP:
		*size = (int)sizeof(struct tpc_bpf_map_slot);
		return IR_X_BPF_MAP;
	case ARG_PERF_EVENT:
		*size = (int)sizeof(struct tpc_perf_event_slot);
		return IR_X_PERF_EVENT;
	case ARG_MODULE:
		*size = (int)sizeof(struct tpc_module_slot);
		return IR_X_MODULE;
	case ARG_LOAD_INFO:
		*size = (int)sizeof(struct tpc_module_slot);
		return IR_X_LOAD_INFO;
	case ARG_NET_DEVICE:
		*size = (int)sizeof(struct tpc_netdev_slot);
		return IR_X_NET_DEVICE;
	case ARG_CHAR_BUF:
		*size = (int)sizeof(struct tpc_bytes_slot);	/* lower_bytes(): maxData */
		return user ? IR_X_BUF_USER : IR_X_BUF_KERNEL;
	case ARG_CHAR_IOVEC:
		*size = (int)sizeof(struct tpc_bytes_slot);
		return IR_X_IOVEC_USER;
	case ARG_KIOCB:
		*size = (int)sizeof(struct tpc_str_slot);
		return IR_X_KIOCB;
	case ARG_IOV_ITER:
		*size = (int)sizeof(struct tpc_bytes_slot);	/* lower_bytes(): maxData */
		return IR_X_IOV_ITER;
	default:
		return IR_X_INT;	/* also capability and syscall64: integers the agent names */
	}
}

/* char_buf, char_iovec: the size argument (sizeArgIndex, 1-based) and maxData's larger slot */
static void lower_bytes(struct ir_read *r, const struct ast_arg *a)
{
	if (r->extract != IR_X_BUF_USER && r->extract != IR_X_BUF_KERNEL && r->extract != IR_X_IOVEC_USER &&
	    r->extract != IR_X_IOV_ITER)
		return;
	if (ast_has(&a->size_arg_index))
		r->size_arg_index = (int)strtol(a->size_arg_index.s, NULL, 0);
	if (ast_has(&a->max_data) && (!strcmp(a->max_data.s, "true") || !strcmp(a->max_data.s, "True") ||
					 !strcmp(a->max_data.s, "TRUE")))
		r->size = (int)sizeof(struct tpc_bytes_max_slot);
	if (ast_has(&a->return_copy) && (!strcmp(a->return_copy.s, "true") || !strcmp(a->return_copy.s, "True") ||
					 !strcmp(a->return_copy.s, "TRUE")))
		r->return_copy = r->extract == IR_X_BUF_USER || r->extract == IR_X_BUF_KERNEL ||
				 r->extract == IR_X_IOVEC_USER;	/* check.c */
}

/* v narrowed to `width` bytes of the given signedness, then widened back (see ir.h). */
long long ir_narrow(long long v, int width, bool sgn)
{
	switch (width) {
	case 1:
		return sgn ? (long long)(__s8)v : (long long)(__u8)v;
	case 2:
		return sgn ? (long long)(__s16)v : (long long)(__u16)v;
	case 4:
		return sgn ? (long long)(__s32)v : (long long)(__u32)v;
	default:
		return v;
	}
}

/* A value check validated (decimal, 0x hex, 0 octal, sign), parsed again for the IR. */
long long ir_value_of(const char *s)
{
	bool neg = *s == '-';

	if (*s == '-' || *s == '+')
		s++;
	return neg ? (long long)(0 - strtoull(s, NULL, 0)) : (long long)strtoull(s, NULL, 0);
}

/* One matchArgs or matchReturnArgs entry on read r; the values were validated by check. */
static void lower_pred(struct tpc_ctx *ctx, struct ir_pred *p, const struct ir_read *r, const struct ast_match *m)
{
	bool range = m->op == OP_IN_RANGE || m->op == OP_NOT_IN_RANGE;
	int j;

	p->op = m->op;
	p->loc = m->loc;
	p->shape = IR_SHAPE_INLINE;
	if (net_is_op(m->op)) {
		lower_net_pred(ctx, p, m);	/* lower_net.c */
		return;
	}
	if (intmap_is_op(m->op)) {
		lower_intmap_pred(ctx, p, r, m);	/* intmap.c */
		return;
	}
	if (m->op == OP_FILE_TYPE || m->op == OP_NOT_FILE_TYPE) {
		/* the S_IFMT bits of each type name (lang.def FILETYPE), compared with i_mode & S_IFMT */
		p->n_values = m->values.n;
		p->values = arena_alloc(&ctx->arena, sizeof(long long) * (size_t)p->n_values);
		for (j = 0; j < m->values.n; j++) {
			int k;

			for (k = 0; k < tpc_n_filetypes; k++)
				if (!strcmp(tpc_filetypes[k].name, m->values.v[j].s))
					p->values[j] = tpc_filetypes[k].mode;
		}
		return;
	}
	if (r->extract != IR_X_INT) {
		p->n_strs = m->values.n;
		p->strs = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)p->n_strs);
		p->str_lens = arena_alloc(&ctx->arena, sizeof(int) * (size_t)p->n_strs);
		for (j = 0; j < m->values.n; j++) {
			p->strs[j] = m->values.v[j].s;
			p->str_lens[j] = (int)strlen(m->values.v[j].s);
		}
		p->shape = strmap_shape(p);	/* strmap.c: many Equal or Prefix values go to a map */
		return;
	}
	p->n_values = m->values.n * (range ? 2 : 1);
	p->values = arena_alloc(&ctx->arena, sizeof(long long) * (size_t)p->n_values);
	for (j = 0; j < m->values.n; j++) {
		const char *v = m->values.v[j].s;

		if (range) {
			const char *colon = strchr(v, ':');

			p->values[2 * j] = ir_narrow(ir_value_of(arena_strndup(&ctx->arena, v, (size_t)(colon - v))), r->width,
						  r->is_signed);
			p->values[2 * j + 1] = ir_narrow(ir_value_of(colon + 1), r->width, r->is_signed);
		} else {
			p->values[j] = ir_narrow(ir_value_of(v), r->width, r->is_signed);
		}
	}
}

/*
 * The read a matchArgs index names: a declared arg's index, except on
 * tracepoints, where (as in Tetragon) it counts the entries of 'args'.
 * nop args have no read.
 */
static int read_of(const struct ir_hook *h, const struct ast_hook *ah, int idx)
{
	int i, k;

	if (h->kind == HOOK_TRACEPOINT) {
		for (i = 0, k = 0; i < ah->args.n && i < idx; i++)
			k += ah->args.v[i].atype != ARG_NOP;
		return k;
	}
	for (k = 0; k < h->n_reads; k++)
		if (h->reads[k].arg == idx)
			return k;
	return 0;	/* check guarantees the arg exists */
}

static void lower_selector(struct tpc_ctx *ctx, struct ir_hook *h, const struct ast_hook *ah,
			   const struct ast_selector *s, int id)
{
	struct ir_selector *sel = ARENA_PUSH(&ctx->arena, h->sels, h->n_sels, h->cap_sels);
	int i;

	sel->id = id;
	sel->loc = s->loc;
	sel->post = true;
	for (i = 0; i < s->match_args.n; i++) {
		const struct ast_match *m = &s->match_args.v[i];
		struct ir_pred *p = ARENA_PUSH(&ctx->arena, sel->preds, sel->n_preds, sel->cap_preds);

		p->read = read_of(h, ah, m->idx);
		if (m->op == OP_CAPS_GAINED) {	/* values[0]: the read of the second set (ir.h) */
			p->op = m->op;
			p->loc = m->loc;
			p->shape = IR_SHAPE_INLINE;
			p->n_values = 1;
			p->values = arena_alloc(&ctx->arena, sizeof(long long));
			p->values[0] = read_of(h, ah, m->idx2);
			continue;
		}
		lower_pred(ctx, p, &h->reads[p->read], m);
	}
	for (i = 0; i < s->match_data.n; i++) {
		/* matchData: matchArgs on the 'data' reads (index: the data entry's) */
		const struct ast_match *m = &s->match_data.v[i];
		struct ir_pred *p = ARENA_PUSH(&ctx->arena, sel->preds, sel->n_preds, sel->cap_preds);

		p->read = read_of(h, ah, IR_DATA_ARG + m->idx);
		lower_pred(ctx, p, &h->reads[p->read], m);
	}
	lower_proc_selector(ctx, sel, s);	/* lower_proc.c */
	lower_selector_actions(ctx, sel, s);	/* lower_act.c */
	for (i = 0; i < s->match_return_args.n; i++) {
		const struct ast_match *m = &s->match_return_args.v[i];
		struct ir_pred *p = ARENA_PUSH(&ctx->arena, sel->ret_preds, sel->n_ret_preds, sel->cap_ret_preds);

		p->read = -1;	/* the return value */
		lower_pred(ctx, p, &h->ret_read, m);
	}
	for (i = 0; i < s->actions.n; i++) {
		const struct ast_action *a = &s->actions.v[i];
		struct ir_action *ia = ARENA_PUSH(&ctx->arena, sel->acts, sel->n_acts, sel->cap_acts);

		ia->act = a->act;
		ia->arg = a->sig;
		ia->loc = a->loc;
		switch (a->act) {
		case ACT_NOPOST:
			sel->post = false;
			break;
		case ACT_SIGKILL:
			sel->act_bits |= TPC_ACT_SIGKILL;
			break;
		case ACT_SIGNAL:
			sel->act_bits |= TPC_ACT_SIGNAL;
			break;
		case ACT_OVERRIDE:
			ia->arg = a->error;
			sel->act_bits |= TPC_ACT_OVERRIDE;
			break;
		case ACT_GETURL:	/* the agent fetches ia->str when it reads the event */
			ia->str = a->arg_url.s;
			sel->act_bits |= TPC_ACT_GETURL;
			break;
		case ACT_DNSLOOKUP:
			ia->str = a->arg_fqdn.s;
			sel->act_bits |= TPC_ACT_DNSLOOKUP;
			break;
		case ACT_SET:	/* cgen_enforce.c: bpf_probe_write_user on a usdt's memory argument */
			ia->arg = IR_SET_ARG(strtol(a->arg_index.s, NULL, 0), ir_value_of(a->arg_value.s));
			sel->act_bits |= TPC_ACT_SET;
			break;
		case ACT_NOTIFY_ENFORCER:	/* cgen_enforce.c */
			ia->arg = IR_NOTIFY_ARG(ast_has(&a->arg_error) ? a->error : 0, ast_has(&a->arg_sig) ? a->sig : 0);
			sel->act_bits |= TPC_ACT_NOTIFY_ENFORCER;
			break;
		case ACT_TRACKSOCK:	/* the arg holding the sock; Tetragon's default argSock is 0 */
		case ACT_UNTRACKSOCK:
			ia->arg = ast_has(&a->arg_sock) ? ir_value_of(a->arg_sock.s) : 0;
			break;
		default:
			break;
		}
	}
	if (sel->post)
		sel->act_bits |= TPC_ACT_POST;
}

/* Entries of the per-thread map of events parked between entry and return. */
#define PENDING_ENTRIES 4096

static void lower_return(struct tpc_ctx *ctx, struct ir_hook *h, const struct ast_hook *ah)
{
	struct ir_read *r = &h->ret_read;
	const char *base = ah->kind == HOOK_UPROBE ? NULL : syscall_base(ah->call.s);
	int i;

	h->is_return = true;
	h->pending_entries = PENDING_ENTRIES;
	r->arg = -1;
	r->type = ah->return_arg.atype;
	r->extract = extract_of(r->type, ah->kind == HOOK_UPROBE, &r->size);	/* a string: user memory for an uprobe */
	r->width = r->extract == IR_X_INT ? argtype_width(r->type) : 8;
	r->is_signed = r->extract == IR_X_INT && argtype_signed(r->type);
	r->label = ast_has(&ah->return_arg.label) ? ah->return_arg.label.s : "";
	r->loc = ah->return_arg.loc;
	r->offset = h->event_size;
	h->event_size += r->size;
	if (ast_has(&ah->return_arg_action)) {
		int k = action_lookup(ah->return_arg_action.s);

		/* check.c let only TrackSock and UntrackSock through */
		h->ret_action = k == ACT_TRACKSOCK || k == ACT_UNTRACKSOCK ? (enum action)k : ACT_POST;
	}
	for (i = 0; i < h->n_variants; i++) {
		struct ir_variant *v = &h->variants[i];

		if (v->attach == IR_ATTACH_TP_SYSCALL) {
			v->exit_attach = IR_ATTACH_TP_SYSCALL_EXIT;
			v->exit_src = IR_RET_TP_SYSCALL;
			v->exit_target = arena_printf(&ctx->arena, "syscalls/sys_exit_%s", base);
			v->exit_section = arena_printf(&ctx->arena, "tracepoint/syscalls/sys_exit_%s", base);
		} else if (v->attach == IR_ATTACH_UPROBE) {
			/* the return value in the user's registers, as a kretprobe's (IR_RET_REGS) */
			v->exit_attach = IR_ATTACH_URETPROBE;
			v->exit_src = IR_RET_REGS;
			v->exit_target = v->target;
			v->exit_section = "uretprobe";
		} else {
			v->exit_attach = IR_ATTACH_KRETPROBE;
			v->exit_src = IR_RET_REGS;
			v->exit_target = v->target;
			v->exit_section = arena_printf(&ctx->arena, "kretprobe/%s", v->target);
		}
		v->exit_prog = arena_printf(&ctx->arena, "%s_ret", v->prog);
	}
}

/*
 * An enforcing Override on a kprobe: the hook must be able to change the
 * function's return value, so its variants are fmod_ret (a BPF_MODIFY_RETURN
 * trampoline, for security_* and error-injectable functions) and a kprobe
 * calling bpf_override_return (CONFIG_BPF_KPROBE_OVERRIDE); no variant that
 * only observes. In monitor mode Override is dropped and the usual variants stay.
 */
static bool hook_overrides(const struct ir_policy *ir, const struct ast_hook *ah)
{
	int i, j;

	if (ir->monitor || ah->kind != HOOK_KPROBE)
		return false;
	for (i = 0; i < ah->selectors.n; i++)
		for (j = 0; j < ah->selectors.v[i].actions.n; j++)
			if (ah->selectors.v[i].actions.v[j].act == ACT_OVERRIDE)
				return true;
	return false;
}

/* spec.options policy-mode: monitor, as lower_policy_mode() reads it (variants depend on it) */
static bool policy_is_monitor(const struct ast_policy *p)
{
	bool monitor = false;
	int i;

	for (i = 0; i < p->options.n; i++)
		if (ast_has(&p->options.v[i].name) && !strcmp(p->options.v[i].name.s, "policy-mode") &&
		    ast_has(&p->options.v[i].value))
			monitor = !strcmp(p->options.v[i].value.s, "monitor");
	return monitor;
}

/*
 * symbol: the one function this hook attaches to when the spec names
 * several: a uprobe's symbols, or the members of a "list:NAME" call; NULL
 * for a plain kprobe (ah->call) or LSM hook.
 */
static void lower_hook(struct tpc_ctx *ctx, struct ir_policy *ir, const struct ast_hook *ah, const char *symbol)
{
	struct ir_hook *h = ARENA_PUSH(&ctx->arena, ir->hooks, ir->n_hooks, ir->cap_hooks);
	bool override = hook_overrides(ir, ah);
	int i;

	h->id = ir->n_hooks - 1;
	h->kind = ah->kind;
	h->loc = ah->loc;
	h->syscall = ah->is_syscall;
	h->optional = ah->optional;
	h->message = ast_has(&ah->message) ? ah->message.s : "";
	h->n_tags = ah->tags.n;
	h->tags = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)(h->n_tags + 1));
	for (i = 0; i < h->n_tags; i++)
		h->tags[i] = ah->tags.v[i].s;
	if (h->syscall) {
		const char *base = syscall_base(symbol ? symbol : ah->call.s);

		h->name = c_ident(&ctx->arena, base);
		h->function = arena_printf(&ctx->arena, "__x64_sys_%s", base);
		if (override)
			add_variant(ctx, h, IR_ATTACH_FMOD_RET, IR_SRC_SYSCALL_BTF_REGS, h->function,
				    arena_printf(&ctx->arena, "fmod_ret/%s", h->function), "fmod_ret");
		add_variant(ctx, h, IR_ATTACH_KPROBE, IR_SRC_SYSCALL_REGS, h->function,
			    arena_printf(&ctx->arena, "kprobe/%s", h->function), "kprobe");
		if (!override)	/* a tracepoint cannot change the return value */
			add_variant(ctx, h, IR_ATTACH_TP_SYSCALL, IR_SRC_TP_SYSCALL,
				    arena_printf(&ctx->arena, "syscalls/sys_enter_%s", base),
				    arena_printf(&ctx->arena, "tracepoint/syscalls/sys_enter_%s", base), "tp");
	} else if (h->kind == HOOK_UPROBE) {
		h->name = c_ident(&ctx->arena, symbol);
		h->function = symbol;
		h->path = ah->path.s;
		add_variant(ctx, h, IR_ATTACH_UPROBE, IR_SRC_REGS, arena_printf(&ctx->arena, "%s:%s", h->path, symbol),
			    "uprobe", "uprobe");
	} else if (h->kind == HOOK_USDT) {
		/* "provider:name"; libbpf finds the probe's notes in the binary at attach */
		h->function = arena_printf(&ctx->arena, "%s:%s", ah->provider.s, ah->name.s);
		h->name = c_ident(&ctx->arena, ah->name.s);
		h->path = ah->path.s;
		add_variant(ctx, h, IR_ATTACH_USDT, IR_SRC_USDT,
			    arena_printf(&ctx->arena, "%s:%s", h->path, h->function), "usdt", "usdt");
	} else if (h->kind == HOOK_TRACEPOINT) {
		h->function = arena_printf(&ctx->arena, "%s/%s", ah->subsystem.s, ah->event.s);
		h->name = c_ident(&ctx->arena, ah->event.s);
		if (ah->is_raw)	/* raw_tp: ((__u64 *)ctx)[i] is arg i of the event's TP_PROTO */
			add_variant(ctx, h, IR_ATTACH_RAW_TP, IR_SRC_BTF_ARGS, ah->event.s,
				    arena_printf(&ctx->arena, "raw_tp/%s", ah->event.s), "rawtp");
		else
			add_variant(ctx, h, IR_ATTACH_TRACEPOINT, IR_SRC_TP_FIELD, h->function,
				    arena_printf(&ctx->arena, "tracepoint/%s", h->function), "tp");
	} else if (h->kind == HOOK_LSM) {
		h->name = c_ident(&ctx->arena, ah->hook.s);
		h->function = ah->hook.s;
		add_variant(ctx, h, IR_ATTACH_LSM, IR_SRC_BTF_ARGS, h->function,
			    arena_printf(&ctx->arena, "lsm/%s", h->function), "lsm");
	} else {
		h->function = symbol ? symbol : ah->call.s;
		h->name = c_ident(&ctx->arena, h->function);
		if (override)
			add_variant(ctx, h, IR_ATTACH_FMOD_RET, IR_SRC_BTF_ARGS, h->function,
				    arena_printf(&ctx->arena, "fmod_ret/%s", h->function), "fmod_ret");
		add_variant(ctx, h, IR_ATTACH_KPROBE, IR_SRC_REGS, h->function,
			    arena_printf(&ctx->arena, "kprobe/%s", h->function), "kprobe");
	}
	h->event_size = (int)sizeof(struct tpc_event_hdr);
	for (i = 0; i < ah->args.n; i++) {
		const struct ast_arg *a = &ah->args.v[i];
		struct ir_read *r;

		if (a->atype == ARG_NOP)
			continue;	/* as in Tetragon: neither read nor reported */
		r = ARENA_PUSH(&ctx->arena, h->reads, h->n_reads, h->cap_reads);

		r->arg = a->idx;
		r->type = a->atype;
		/* syscall, uprobe (user function) and USDT arguments point to user memory; a resolved field is
		 * in the kernel struct the argument points to */
		if (ast_has(&a->resolve) && a->resolve_root) {
			r->resolve = a->resolve.s;
			r->resolve_root = a->resolve_root;
		}
		r->extract = extract_of(a->atype, !r->resolve && (h->syscall || h->kind == HOOK_UPROBE ||
								   h->kind == HOOK_USDT), &r->size);
		lower_bytes(r, a);
		r->width = r->extract == IR_X_INT ? argtype_width(a->atype) : 8;
		r->is_signed = r->extract == IR_X_INT && argtype_signed(a->atype);
		r->label = ast_has(&a->label) ? a->label.s : "";
		r->loc = a->loc;
		if (h->kind == HOOK_TRACEPOINT && !ah->is_raw) {
			r->tp_offset = a->tp_offset;
			r->tp_size = a->tp_size;
			r->tp_signed = a->tp_signed;
		}
		r->offset = h->event_size;
		h->event_size += r->size;
	}
	for (i = 0; i < ah->data.n; i++) {
		/*
		 * 'data', reported after the args: source current_task, a field path of the current
		 * task; source pt_regs, a register of the probe (a string it points to is in user memory
		 * for an uprobe)
		 */
		const struct ast_arg *a = &ah->data.v[i];
		struct ir_read *r;

		if (a->atype == ARG_NOP || (!a->resolve_root && !a->reg))
			continue;
		r = ARENA_PUSH(&ctx->arena, h->reads, h->n_reads, h->cap_reads);
		r->arg = IR_DATA_ARG + a->idx;
		r->type = a->atype;
		if (a->reg) {
			r->reg = a->reg;
			r->reg_size = a->reg_size;
		} else {
			r->resolve = a->resolve.s;
			r->resolve_root = a->resolve_root;
		}
		r->extract = extract_of(a->atype, a->reg && h->kind == HOOK_UPROBE, &r->size);
		lower_bytes(r, a);
		r->width = r->extract == IR_X_INT ? argtype_width(a->atype) : 8;
		r->is_signed = r->extract == IR_X_INT && argtype_signed(a->atype);
		r->label = ast_has(&a->label) ? a->label.s : "";
		r->loc = a->loc;
		r->offset = h->event_size;
		h->event_size += r->size;
	}
	drop_regless_variants(h);
	if (ah->is_return)
		lower_return(ctx, h, ah);
	for (i = 0; i < ah->selectors.n; i++)
		lower_selector(ctx, h, ah, &ah->selectors.v[i], i);
	lower_hook_stacks(ctx, h);	/* lower_act.c */
	lower_hook_ima(ctx, h);
}

/*
 * The hooks first..ir->n_hooks-1, which a "list:NAME" call expanded to,
 * share one program per attach mechanism, as Tetragon attaches a list with
 * kprobe.multi: attaching and, above all, detaching hundreds of kprobes or
 * tracepoints one by one takes seconds (a grace period each). Syscall lists:
 * kprobe.multi on the __x64_sys_* functions, else raw_tp/sys_enter
 * dispatching on the syscall number. Function lists: kprobe.multi, else one
 * kprobe per function. Hooks that override or return keep their own
 * programs (fmod_ret, kretprobe pairs).
 */
static void lower_list_multi(struct tpc_ctx *ctx, struct ir_policy *ir, const struct ast_hook *ah, int first)
{
	const char *base = arena_printf(&ctx->arena, "tpc_list_%s_%d", c_ident(&ctx->arena, ah->list->name.s), first);
	bool rawtp = ah->is_syscall;
	int i;

	if (ah->kind != HOOK_KPROBE || ah->is_return || hook_overrides(ir, ah) || first >= ir->n_hooks)
		return;
	for (i = 0; i < ir->hooks[first].n_sels; i++)
		if (ir->hooks[first].sels[i].rate_ns)
			return;	/* rateLimit keys on the hook id, which a shared program only knows at run time */
	for (i = first; i < ir->n_hooks && rawtp; i++)
		rawtp = syscall_nr(syscall_base(ir->hooks[i].function)) >= 0;
	for (i = first; i < ir->n_hooks; i++) {
		struct ir_hook *h = &ir->hooks[i];
		struct ir_variant *old = h->variants;
		int n_old = h->n_variants, j;

		h->variants = NULL;
		h->n_variants = h->cap_variants = 0;
		add_variant(ctx, h, IR_ATTACH_KPROBE_MULTI, h->syscall ? IR_SRC_SYSCALL_REGS : IR_SRC_REGS, h->function,
			    "kprobe.multi", "kmulti");
		h->variants[h->n_variants - 1].prog = arena_printf(&ctx->arena, "%s_kmulti", base);
		if (rawtp) {
			/* raw_tp sys_enter(struct pt_regs *regs, long id): the user registers, as fmod_ret's */
			add_variant(ctx, h, IR_ATTACH_RAW_TP_SYSCALLS, IR_SRC_SYSCALL_BTF_REGS, "sys_enter",
				    "raw_tp/sys_enter", "rawtp");
			h->variants[h->n_variants - 1].prog = arena_printf(&ctx->arena, "%s_rawtp", base);
			continue;
		}
		for (j = 0; j < n_old; j++)
			*ARENA_PUSH(&ctx->arena, h->variants, h->n_variants, h->cap_variants) = old[j];
	}
}

/*
 * refCtrOffsets[j]: the file offset of the USDT semaphore of the uprobe's
 * j-th symbol or offset (check.c: one per symbol, below 4 GiB); the kernel
 * increments it while the probe is attached (uprobe_register_refctr)
 */
static void lower_ref_ctr(struct ir_policy *ir, const struct ast_hook *ah, int j)
{
	const char *s;

	if (j >= ah->ref_ctr_offsets.n)
		return;
	s = ah->ref_ctr_offsets.v[j].s;
	while (*s == ' ' || *s == '+')
		s++;
	ir->hooks[ir->n_hooks - 1].ref_ctr_offset = strtoull(s, NULL, 0);
}

int lower_policy(struct tpc_ctx *ctx, const struct ast_policy *p, struct ir_policy **out)
{
	struct ir_policy *ir = ARENA_NEW(&ctx->arena, struct ir_policy);
	const char *slash;
	int i;

	ir->name = p->name.s;
	ir->kind = p->kind.s;
	ir->namespace = ast_has(&p->namespace) ? p->namespace.s : "";
	ir->source = p->file->name;
	slash = strrchr(p->file->name, '/');
	ir->source_base = slash ? slash + 1 : p->file->name;
	ir->monitor = policy_is_monitor(p);	/* lower_policy_mode() below sets it again */
	ir->loader = ast_has(&p->loader) && !strcasecmp(p->loader.s, "true");	/* check.c: a boolean */
	for (i = 0; i < p->hooks.n; i++) {
		const struct ast_hook *ah = &p->hooks.v[i];
		int j;

		if (ah->kind == HOOK_UPROBE) {
			for (j = 0; j < ah->symbols.n; j++) {
				lower_hook(ctx, ir, ah, ah->symbols.v[j].s);
				lower_ref_ctr(ir, ah, j);
			}
			/*
			 * offsets: file offsets (Tetragon hands them to the uprobe
			 * link as is), exclusive with symbols (check.c); the hook's
			 * "function" is "+0x<hex>", the agent attaches by offset
			 */
			for (j = 0; j < ah->offsets.n; j++) {
				const char *s = ah->offsets.v[j].s;

				while (*s == ' ' || *s == '+')
					s++;
				lower_hook(ctx, ir, ah, arena_printf(&ctx->arena, "+0x%llx",
								     strtoull(s, NULL, 0)));	/* check.c parsed it */
				lower_ref_ctr(ir, ah, j);
			}
			continue;
		}
		if (ah->kind != HOOK_KPROBE && ah->kind != HOOK_LSM && ah->kind != HOOK_TRACEPOINT &&
		    ah->kind != HOOK_USDT)
			return -EINVAL;	/* check rejected it */
		if (ah->list) {
			/* spec.lists of type syscalls: one hook per member, same args and selectors */
			for (j = 0; j < ah->list->values.n; j++) {
				lower_hook(ctx, ir, ah, ah->list->values.v[j].s);
				/*
				 * generated lists: Tetragon generates them from the running
				 * kernel (its BTF; available_filter_functions for ftrace);
				 * tpc from the target's BTF, which may have functions the
				 * running kernel lacks or ftrace cannot trace (__init,
				 * notrace): the agent leaves those out
				 */
				if (ast_has(&ah->list->type) && !strncmp(ah->list->type.s, "generated_", 10))
					ir->hooks[ir->n_hooks - 1].optional = true;
			}
			lower_list_multi(ctx, ir, ah, ir->n_hooks - ah->list->values.n);
			continue;
		}
		if (!ah->absent)	/* ignore.callNotFound, and no target has it (check.c) */
			lower_hook(ctx, ir, ah, NULL);
	}
	lower_enforcers(ctx, p, ir);	/* lower_enforce.c: spec.enforcers, after every hook */
	lower_policy_mode(ctx, p, ir);	/* lower_act.c */
	*out = ir;
	return 0;
}

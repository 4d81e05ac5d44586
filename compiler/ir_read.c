// SPDX-License-Identifier: Apache-2.0
/*
 * ir_read: IR text -> IR (docs/ir.md). grammar/ir.y recognizes the lines;
 * the functions here build the IR in the arena and check what cgen and meta
 * rely on (indexes in range, names known, required lines present), so a
 * hand-edited .tpir gives a located diagnostic, never a crash. Locations in
 * the text (@line:col) point into the YAML the IR came from; diagnostics
 * about the text itself point into the .tpir file.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "intmap.h"
#include "ir_read.h"
#include "net.h"
#include "strmap.h"
#include "grammar/ir.tab.h"
#define YYSTYPE IR_YYSTYPE
#define YYLTYPE IR_YYLTYPE
#include "grammar/ir.lex.h"

struct loc irp_loc(struct irp *p, int line, int col, int len)
{
	return (struct loc){ .file = p->f, .line = line, .col = col, .len = len };
}

static struct loc yaml_loc(struct irp *p, struct loc l)
{
	l.file = p->yaml;
	l.len = 1;
	return l;
}

/* A C string field: NUL bytes are only allowed in pred strings. */
static const char *cstr(struct irp *p, struct irp_str s, struct loc at, const char *what)
{
	if ((int)strlen(s.s) != s.len) {
		diag_error(p->ctx, at, "'%s' must not contain NUL bytes", what);
		return "";
	}
	return s.s;
}

static bool to_ll(struct irp *p, struct irp_int n, long long *out)
{
	char *end;

	errno = 0;
	if (n.text[0] == '-')
		*out = strtoll(n.text, &end, 10);
	else
		*out = (long long)strtoull(n.text, &end, 0);
	if (errno || *end) {
		diag_error(p->ctx, n.loc, "integer '%s' does not fit in 64 bits", n.text);
		return false;
	}
	return true;
}

static bool to_int(struct irp *p, struct irp_int n, long long min, long long max, const char *what, int *out)
{
	long long v;

	if (!to_ll(p, n, &v))
		return false;
	if (v < min || v > max) {
		diag_error(p->ctx, n.loc, "%s %s out of range [%lld, %lld]", what, n.text, min, max);
		return false;
	}
	*out = (int)v;
	return true;
}

/* Look s up in a name table; on failure report it, with "did you mean". */
static int lookup(struct irp *p, const char *const *names, int n, const char *s, struct loc at, const char *what)
{
	const char *compact[128];
	const char *best;
	int i, m = 0;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	for (i = 0; i < n && m < 128; i++)
		if (names[i])
			compact[m++] = names[i];
	best = diag_suggest(s, compact, m);
	if (best)
		diag_error(p->ctx, at, "unknown %s '%s'; did you mean '%s'?", what, s, best);
	else
		diag_error(p->ctx, at, "unknown %s '%s'", what, s);
	return -1;
}

static const char **table(struct irp *p, const char *(*name)(int), int n)
{
	const char **t = arena_alloc(&p->ctx->arena, sizeof(char *) * (size_t)n);
	int i;

	for (i = 0; i < n; i++)
		t[i] = name(i);
	return t;
}

static const char *op_name_i(int i)
{
	return op_name((enum op)i);
}

static const char *action_name_i(int i)
{
	return action_name((enum action)i);
}

static const char *argtype_name_i(int i)
{
	return argtype_name((enum argtype)i);
}

static const char *const header_names[] = { "policy", "kind", "namespace", "source", "source_base", "sha256",
					     "mode", "loader" };

void irp_header(struct irp *p, int which, struct irp_str s, struct loc at)
{
	const char *v = cstr(p, s, at, header_names[which]);

	if (p->hook) {
		diag_error(p->ctx, at, "'%s' belongs before the first hook", header_names[which]);
		return;
	}
	if (p->seen & (1u << which)) {
		diag_error(p->ctx, at, "duplicate '%s'", header_names[which]);
		return;
	}
	p->seen |= 1u << which;
	switch (which) {
	case IRP_POLICY:
		p->ir->name = v;
		break;
	case IRP_KIND:
		p->ir->kind = v;
		break;
	case IRP_NAMESPACE:
		p->ir->namespace = v;
		break;
	case IRP_SOURCE:
		p->ir->source = v;
		p->yaml->name = v;
		break;
	case IRP_SOURCE_BASE:
		p->ir->source_base = v;
		break;
	case IRP_MODE:
		if (strcmp(v, "monitor") && strcmp(v, "enforce"))
			diag_error(p->ctx, at, "mode '%s' is not 'enforce' or 'monitor'", v);
		p->ir->monitor = !strcmp(v, "monitor");
		break;
	case IRP_LOADER:	/* spec.loader: true (cgen_loader.c) */
		if (strcmp(v, "true"))
			diag_error(p->ctx, at, "loader '%s' is not 'true'", v);
		p->ir->loader = true;
		break;
	default:
		p->ir->source_sha256 = v;
	}
}

/* The checks that need the whole hook. */
static void finish_hook(struct irp *p)
{
	struct ir_hook *h = p->hook;

	if (!h)
		return;
	if (!h->name)
		diag_error(p->ctx, p->hook_loc, "hook %d has no 'name' line", h->id);
	if (!h->n_variants)
		diag_error(p->ctx, p->hook_loc, "hook %d has no 'variant' line: it would never run", h->id);
}

static bool need_hook(struct irp *p, struct loc at, const char *what)
{
	if (p->hook)
		return true;
	diag_error(p->ctx, at, "'%s' outside a hook", what);
	return false;
}

static bool need_selector(struct irp *p, struct loc at, const char *what)
{
	if (p->sel)
		return true;
	diag_error(p->ctx, at, "'%s' outside a selector", what);
	return false;
}

void irp_hook(struct irp *p, struct irp_int id, const char *kind, struct loc kind_at, struct irp_str fn,
	      struct loc yaml, struct loc at)
{
	struct ir_policy *ir = p->ir;
	struct ir_hook *h;
	int k;

	finish_hook(p);
	h = ARENA_PUSH(&p->ctx->arena, ir->hooks, ir->n_hooks, ir->cap_hooks);
	p->hook = h;
	p->sel = NULL;
	p->pred = NULL;
	p->variant = NULL;
	p->hook_loc = at;
	to_int(p, id, 0, 65535, "hook id", &h->id);
	k = lookup(p, ir_hook_kind_names, ir_n_hook_kind_names, kind, kind_at, "hook kind");
	h->kind = k < 0 ? HOOK_KPROBE : (enum hook_kind)k;
	h->function = cstr(p, fn, at, "hook");
	h->loc = yaml_loc(p, yaml);
	h->message = "";
	h->tags = arena_alloc(&p->ctx->arena, sizeof(char *));
}

void irp_hook_str(struct irp *p, int which, struct irp_str s, struct loc at)
{
	static const char *const names[] = { "name", "message", "tag", "uprobe_path" };
	struct ir_hook *h = p->hook;
	const char *v;

	if (!need_hook(p, at, names[which]))
		return;
	v = cstr(p, s, at, names[which]);
	if (which == IRP_NAME) {
		h->name = v;
	} else if (which == IRP_MESSAGE) {
		h->message = v;
	} else if (which == IRP_PATH) {
		h->path = v;
	} else {
		/* lower leaves a NULL after the last tag: keep that */
		h->tags = arena_grow(&p->ctx->arena, h->tags, &p->cap_tags, h->n_tags + 2, sizeof(char *));
		h->tags[h->n_tags++] = v;
	}
}

static void hook_flag(struct irp *p, const char *key, const char *word, struct loc at, bool *flag)
{
	if (!need_hook(p, at, key))
		return;
	if (!strcmp(word, "true"))
		*flag = true;
	else if (!strcmp(word, "false"))
		*flag = false;
	else
		diag_error(p->ctx, at, "'%s' is 'true' or 'false', not '%s'", key, word);
}

void irp_hook_syscall(struct irp *p, const char *word, struct loc at)
{
	hook_flag(p, "syscall", word, at, p->hook ? &p->hook->syscall : NULL);
}

void irp_hook_optional(struct irp *p, const char *word, struct loc at)
{
	hook_flag(p, "optional", word, at, p->hook ? &p->hook->optional : NULL);
}

void irp_hook_enforcer(struct irp *p, const char *word, struct loc at)
{
	hook_flag(p, "enforcer", word, at, p->hook ? &p->hook->enforcer : NULL);
}

void irp_hook_event_size(struct irp *p, struct irp_int n, struct loc at)
{
	if (need_hook(p, at, "event_size"))
		to_int(p, n, 0, 1 << 20, "event_size", &p->hook->event_size);
}

/* uprobes: refCtrOffsets, below 4 GiB (check.c) */
void irp_hook_ref_ctr_offset(struct irp *p, struct irp_int n, struct loc at)
{
	long long v;

	if (!need_hook(p, at, "ref_ctr_offset") || !to_ll(p, n, &v))
		return;
	if (v <= 0 || v > 0xffffffffLL)
		diag_error(p->ctx, n.loc, "ref_ctr_offset %s out of range [1, 0xffffffff]", n.text);
	else
		p->hook->ref_ctr_offset = (unsigned long long)v;
}

void irp_variant(struct irp *p, const char *attach, struct loc attach_at, const char *src, struct loc src_at,
		 struct irp_str strs[4], struct loc at)
{
	struct ir_variant *v;
	int a, s;

	p->variant = NULL;
	if (!need_hook(p, at, "variant"))
		return;
	v = ARENA_PUSH(&p->ctx->arena, p->hook->variants, p->hook->n_variants, p->hook->cap_variants);
	p->variant = v;
	a = lookup(p, ir_attach_names, ir_n_attach_names, attach, attach_at, "attach");
	s = lookup(p, ir_argsrc_names, ir_n_argsrc_names, src, src_at, "argument source");
	v->attach = a < 0 ? IR_ATTACH_KPROBE : (enum ir_attach)a;
	v->src = s < 0 ? IR_SRC_REGS : (enum ir_argsrc)s;
	v->target = cstr(p, strs[0], at, "target");
	v->section = cstr(p, strs[1], at, "section");
	v->prog = cstr(p, strs[2], at, "prog");
	v->suffix = cstr(p, strs[3], at, "suffix");
}

void irp_variant_exit(struct irp *p, const char *attach, struct loc attach_at, const char *src, struct loc src_at,
		      struct irp_str strs[3], struct loc at)
{
	struct ir_variant *v = p->variant;
	int a, s;

	if (!v)
		return;
	a = lookup(p, ir_attach_names, ir_n_attach_names, attach, attach_at, "attach");
	s = lookup(p, ir_retsrc_names, ir_n_retsrc_names, src, src_at, "return value source");
	v->exit_attach = a < 0 ? IR_ATTACH_KPROBE : (enum ir_attach)a;
	v->exit_src = s < 0 ? IR_RET_REGS : (enum ir_retsrc)s;
	v->exit_target = cstr(p, strs[0], at, "target");
	v->exit_section = cstr(p, strs[1], at, "section");
	v->exit_prog = cstr(p, strs[2], at, "prog");
}

/* The last read of the current hook, which a 'field', 'bytes' or 'resolve' line qualifies; NULL: reported. */
static struct ir_read *last_read(struct irp *p, struct loc at, const char *what)
{
	if (!need_hook(p, at, what))
		return NULL;
	if (!p->hook->n_reads) {
		diag_error(p->ctx, at, "'%s' before any 'read' in hook %d", what, p->hook->id);
		return NULL;
	}
	return &p->hook->reads[p->hook->n_reads - 1];
}

/* "field offset N size N sign": where the last read of a tracepoint hook finds its field */
void irp_field(struct irp *p, struct irp_int offset, struct irp_int size, bool sgn, struct loc at)
{
	struct ir_read *r = last_read(p, at, "field");

	if (!r)
		return;
	to_int(p, offset, 0, 65535, "field offset", &r->tp_offset);
	to_int(p, size, 1, 8, "field size", &r->tp_size);
	r->tp_signed = sgn;
}

void irp_bytes(struct irp *p, struct irp_int size_arg, struct loc at)
{
	struct ir_read *r = last_read(p, at, "bytes");

	if (!r)
		return;
	if (r->extract != IR_X_BUF_USER && r->extract != IR_X_BUF_KERNEL && r->extract != IR_X_IOVEC_USER) {
		diag_error(p->ctx, at, "'bytes' after a read that is not a buffer (extract '%s')",
			   ir_extract_names[r->extract]);
		return;
	}
	to_int(p, size_arg, 1, 6, "sizearg", &r->size_arg_index);
}

void irp_bytes_return(struct irp *p, struct loc at)
{
	struct ir_read *r = last_read(p, at, "bytes");

	if (!r)
		return;
	if (r->extract != IR_X_BUF_USER && r->extract != IR_X_BUF_KERNEL && r->extract != IR_X_IOVEC_USER) {
		diag_error(p->ctx, at, "'bytes return' after a read that is not a char_buf or char_iovec (extract '%s')",
			   ir_extract_names[r->extract]);
		return;
	}
	r->return_copy = true;
}

void irp_resolve(struct irp *p, struct irp_str root, struct irp_str path, struct loc at)
{
	struct ir_read *r = last_read(p, at, "resolve");

	if (!r)
		return;
	r->resolve_root = cstr(p, root, at, "resolve root");
	r->resolve = cstr(p, path, at, "resolve path");
}

/* "register NAME SIZE": a 'pt_regs' data entry reads the low SIZE bytes of struct pt_regs member NAME */
void irp_register(struct irp *p, struct irp_str name, struct irp_int size, struct loc at)
{
	struct ir_read *r = last_read(p, at, "register");
	const char *members[32], *s;	/* lang.def REGISTER: 17 */
	int i;

	if (!r)
		return;
	for (i = 0; i < tpc_n_registers && i < 32; i++)
		members[i] = tpc_registers[i].member;
	if (r->arg < IR_DATA_ARG) {
		diag_error(p->ctx, at, "'register' on read of arg %d: only a data entry reads a register", r->arg);
		return;
	}
	s = cstr(p, name, at, "register");
	if (s && lookup(p, members, i, s, at, "register") < 0)
		return;
	r->reg = s;
	if (to_int(p, size, 1, 8, "register size", &r->reg_size) && (r->reg_size & (r->reg_size - 1)))
		diag_error(p->ctx, size.loc, "register size %d is not 1, 2, 4 or 8", r->reg_size);
}

void irp_return(struct irp *p, struct irp_int pending, struct loc at)
{
	if (!need_hook(p, at, "return"))
		return;
	p->hook->is_return = true;
	to_int(p, pending, 0, 1 << 24, "pending", &p->hook->pending_entries);
}

void irp_return_action(struct irp *p, const char *act, struct loc at)
{
	int k;

	if (!p->hook || !p->hook->is_return)
		return;	/* irp_return reported it */
	k = lookup(p, table(p, action_name_i, ACT__N), ACT__N, act, at, "action");
	if (k >= 0 && k != ACT_TRACKSOCK && k != ACT_UNTRACKSOCK)
		diag_error(p->ctx, at, "a return action is TrackSock or UntrackSock, not '%s'", act);
	else if (k >= 0)
		p->hook->ret_action = (enum action)k;
}

#define MAX_READS IR_MAX_READS	/* cgen's per-hook table of used reads */
#define MAX_ARG 5	/* x86-64 passes 6 arguments in registers */

void irp_read(struct irp *p, const struct irp_int *idx, struct irp_int arg, const char *type, struct loc type_at,
	      const char *extract, struct loc extract_at, struct irp_int width, bool sgn, struct irp_int offset,
	      struct irp_int size, struct irp_str label, struct loc yaml, struct loc at)
{
	struct ir_hook *h = p->hook;
	struct ir_read *r;
	int i, t, x;

	if (!need_hook(p, at, idx ? "read" : "retread"))
		return;
	if (!idx) {
		if (!h->is_return) {
			diag_error(p->ctx, at, "'retread' without a 'return' line in hook %d", h->id);
			return;
		}
		r = &h->ret_read;
		to_int(p, arg, -1, -1, "arg of the return value", &r->arg);
		goto fields;
	}
	if (h->n_sels) {
		diag_error(p->ctx, at, "'read' after the first selector of hook %d", h->id);
		return;
	}
	if (h->n_reads == MAX_READS) {
		diag_error(p->ctx, at, "hook %d has more than %d reads", h->id, MAX_READS);
		return;
	}
	if (to_int(p, *idx, 0, MAX_READS, "read index", &i) && i != h->n_reads)
		diag_error(p->ctx, idx->loc, "read %d out of order: this is read %d", i, h->n_reads);
	r = ARENA_PUSH(&p->ctx->arena, h->reads, h->n_reads, h->cap_reads);
	/* a tracepoint's args index the fields of its record; IR_DATA_ARG + i: kprobe data entry i */
	if (h->kind == HOOK_TRACEPOINT || strtoll(arg.text, NULL, 0) < IR_DATA_ARG)
		to_int(p, arg, 0, h->kind == HOOK_TRACEPOINT ? 63 : MAX_ARG, "arg", &r->arg);
	else
		to_int(p, arg, IR_DATA_ARG, IR_DATA_ARG + 63, "arg (a data entry)", &r->arg);
fields:
	t = lookup(p, table(p, argtype_name_i, ARG__N), ARG__N, type, type_at, "type");
	r->type = t < 0 ? ARG_INT : (enum argtype)t;
	x = lookup(p, ir_extract_names, ir_n_extract_names, extract, extract_at, "extract");
	r->extract = x < 0 ? IR_X_INT : (enum ir_extract)x;
	to_int(p, width, 0, 8, "width", &r->width);
	r->is_signed = sgn;
	to_int(p, offset, 0, 1 << 20, "offset", &r->offset);
	to_int(p, size, 0, 1 << 20, "size", &r->size);
	r->label = cstr(p, label, at, "label");
	r->loc = yaml_loc(p, yaml);
}

void irp_selector(struct irp *p, struct irp_int id, bool post, struct irp_int bits, struct loc yaml,
		  struct loc at)
{
	struct ir_selector *s;
	long long b = 0;

	p->pred = NULL;
	if (!need_hook(p, at, "selector"))
		return;
	s = ARENA_PUSH(&p->ctx->arena, p->hook->sels, p->hook->n_sels, p->hook->cap_sels);
	p->sel = s;
	to_int(p, id, 0, 65534, "selector id", &s->id);
	s->post = post;
	if (to_ll(p, bits, &b) && (b < 0 || b > 0xffffffffLL))
		diag_error(p->ctx, bits.loc, "bits %s out of range [0, 0xffffffff]", bits.text);
	s->act_bits = (unsigned int)b;
	s->loc = yaml_loc(p, yaml);
}

void irp_pred_begin(struct irp *p, bool ret, const char *op, struct loc op_at, struct irp_int read,
		    const char *shape, struct loc shape_at, struct loc at)
{
	struct ir_selector *s = p->sel;
	struct ir_pred *pr;
	int o, sh;

	p->pred = NULL;
	if (!need_selector(p, at, ret ? "retpred" : "pred"))
		return;
	if (ret)
		pr = ARENA_PUSH(&p->ctx->arena, s->ret_preds, s->n_ret_preds, s->cap_ret_preds);
	else
		pr = ARENA_PUSH(&p->ctx->arena, s->preds, s->n_preds, s->cap_preds);
	o = lookup(p, table(p, op_name_i, OP__N), OP__N, op, op_at, "operator");
	pr->op = o < 0 ? OP_EQUAL : (enum op)o;
	if (ret && !p->hook->is_return)
		diag_error(p->ctx, at, "'retpred' without a 'return' line in hook %d", p->hook->id);
	else if (ret)
		to_int(p, read, -1, -1, "read of the return value", &pr->read);
	else if (p->hook->n_reads == 0)
		diag_error(p->ctx, read.loc, "hook %d has no reads for a pred to test", p->hook->id);
	else
		to_int(p, read, 0, p->hook->n_reads - 1, "read", &pr->read);
	sh = lookup(p, ir_shape_names, ir_n_shape_names, shape, shape_at, "shape");
	pr->shape = sh < 0 ? IR_SHAPE_INLINE : (enum ir_shape)sh;
	p->cap_values = p->cap_strs = p->cap_lens = 0;
	p->pred = pr;
	p->pred_at = at;
}

/* "proc KIND OP flags 0xF": a process selector; its values and strs follow as for a pred. */
void irp_proc_begin(struct irp *p, const char *kind, struct loc kind_at, const char *op, struct loc op_at,
		    struct irp_int flags, struct loc at)
{
	struct ir_selector *s = p->sel;
	struct ir_proc_pred *pp;
	long long f = 0;
	int k, o;

	p->pred = NULL;
	if (!need_selector(p, at, "proc"))
		return;
	pp = ARENA_PUSH(&p->ctx->arena, s->procs, s->n_procs, s->cap_procs);
	k = lookup(p, ir_proc_kind_names, ir_n_proc_kind_names, kind, kind_at, "process selector kind");
	pp->kind = k < 0 ? IR_PROC_BINARY : (enum ir_proc_kind)k;
	o = lookup(p, table(p, op_name_i, OP__N), OP__N, op, op_at, "operator");
	pp->p.op = o < 0 ? OP_IN : (enum op)o;
	if (to_ll(p, flags, &f) && (f < 0 || f > (IR_PROCF_FOLLOW | IR_PROCF_NS_PID | IR_PROCF_NS_CAP)))
		diag_error(p->ctx, flags.loc, "flags %s: unknown bits", flags.text);
	pp->flags = (unsigned int)f;
	pp->p.read = -1;
	pp->p.shape = IR_SHAPE_INLINE;
	p->cap_values = p->cap_strs = p->cap_lens = 0;
	p->pred = &pp->p;
}

/* "stackslot offset N": the hook's struct tpc_stack_slot */
void irp_stackslot(struct irp *p, struct irp_int offset, struct loc at)
{
	if (need_hook(p, at, "stackslot"))
		to_int(p, offset, 1, 1 << 20, "stackslot offset", &p->hook->stack_offset);
}

/* "imaslot offset N": the hook's struct tpc_ima_slot */
void irp_imaslot(struct irp *p, struct irp_int offset, struct loc at)
{
	if (need_hook(p, at, "imaslot"))
		to_int(p, offset, 1, 1 << 20, "imaslot offset", &p->hook->ima_offset);
}

/* "imahash @L:C": Post's imaHash of the current selector */
void irp_imahash(struct irp *p, struct loc yaml, struct loc at)
{
	if (!need_selector(p, at, "imahash"))
		return;
	p->sel->ima = true;
	p->sel->ima_loc = yaml_loc(p, yaml);
}

/* "stacktrace kernel|user|both @L:C": Post's kernelStackTrace / userStackTrace of the current selector */
void irp_stacktrace(struct irp *p, const char *which, struct loc which_at, struct loc yaml, struct loc at)
{
	int k;

	if (!need_selector(p, at, "stacktrace"))
		return;
	k = lookup(p, ir_stack_names + 1, 3, which, which_at, "stack trace");
	p->sel->stacks = k < 0 ? 0 : (unsigned int)k + 1;
	p->sel->stack_loc = yaml_loc(p, yaml);
}

/* "ratelimit NS SCOPE @L:C": Post's rateLimit of the current selector. */
void irp_ratelimit(struct irp *p, struct irp_int ns, const char *scope, struct loc scope_at, struct loc yaml,
		   struct loc at)
{
	int k;

	if (!need_selector(p, at, "ratelimit"))
		return;
	if (to_ll(p, ns, &p->sel->rate_ns) && p->sel->rate_ns <= 0)
		diag_error(p->ctx, ns.loc, "ratelimit %s: not a positive number of nanoseconds", ns.text);
	k = lookup(p, ir_rate_scope_names, 3, scope, scope_at, "rate limit scope");
	p->sel->rate_scope = k < 0 ? IR_RATE_THREAD : k;
	p->sel->rate_loc = yaml_loc(p, yaml);
}

void irp_pred_value(struct irp *p, struct irp_int v)
{
	long long x;

	if (to_ll(p, v, &x) && p->pred)
		*ARENA_PUSH(&p->ctx->arena, p->pred->values, p->pred->n_values, p->cap_values) = x;
}

void irp_pred_str(struct irp *p, struct irp_str s)
{
	struct ir_pred *pr = p->pred;

	if (!pr)
		return;
	if (net_is_addr_op(pr->op)) {
		/* lower_net.c writes addresses as text; cgen_net.c and meta rely on it */
		unsigned char b[16];

		if ((size_t)s.len != strlen(s.s) ||
		    (inet_pton(AF_INET, s.s, b) != 1 && inet_pton(AF_INET6, s.s, b) != 1))
			diag_error(p->ctx, p->pred_at, "%s needs IPv4 or IPv6 addresses in strs", op_name(pr->op));
	}
	*ARENA_PUSH(&p->ctx->arena, pr->strs, pr->n_strs, p->cap_strs) = s.s;
	pr->str_lens = arena_grow(&p->ctx->arena, pr->str_lens, &p->cap_lens, pr->n_strs, sizeof(int));
	pr->str_lens[pr->n_strs - 1] = s.len;
}

void irp_pred_end(struct irp *p, struct loc yaml)
{
	struct ir_pred *pr = p->pred;

	if (pr && intmap_is_op(pr->op)) {
		/* intmap.c: (min, max) pairs; a hash map holds every value of them */
		bool sgn = pr->read >= 0 && pr->read < p->hook->n_reads ? p->hook->reads[pr->read].is_signed
									 : p->hook->ret_read.is_signed;

		if (pr->n_values & 1)
			diag_error(p->ctx, p->pred_at, "%s needs min:max pairs in values", op_name(pr->op));
		else if (pr->shape == IR_SHAPE_HASH && intmap_entries(pr, sgn) > INTMAP_MAX_ENTRIES)
			diag_error(p->ctx, p->pred_at, "shape hash holds at most %d values, and min <= max",
				   INTMAP_MAX_ENTRIES);
	}
	if (pr && pr->n_strs && !net_is_addr_op(pr->op) && pr->shape != IR_SHAPE_INLINE) {
		/* strmap.c: Equal/NotEqual through a hash, Prefix/Postfix and their Nots through an LPM trie */
		bool eq = pr->op == OP_EQUAL || pr->op == OP_NOT_EQUAL, pre = pr->op == OP_PREFIX || pr->op == OP_NOT_PREFIX ||
									      pr->op == OP_POSTFIX || pr->op == OP_NOT_POSTFIX;
		int i;

		if (pr->shape != (eq ? IR_SHAPE_HASH : pre ? IR_SHAPE_LPM : IR_SHAPE_INLINE))
			diag_error(p->ctx, p->pred_at, "%s on strings has shape inline or %s, not %s", op_name(pr->op),
				   eq ? "hash" : pre ? "lpm" : "nothing else", ir_shape_names[pr->shape]);
		for (i = 0; i < pr->n_strs; i++)
			if (pr->str_lens[i] > 255)
				diag_error(p->ctx, p->pred_at, "a string of %d bytes in a map (shape %s): at most 255",
					   pr->str_lens[i], ir_shape_names[pr->shape]);
	}
	if (p->pred)
		p->pred->loc = yaml_loc(p, yaml);
	p->pred = NULL;
}

void irp_action(struct irp *p, const char *act, struct loc act_at, struct irp_int arg, struct loc yaml,
		struct loc at)
{
	struct ir_action *a;
	int k;

	if (!need_selector(p, at, "action"))
		return;
	a = ARENA_PUSH(&p->ctx->arena, p->sel->acts, p->sel->n_acts, p->sel->cap_acts);
	k = lookup(p, table(p, action_name_i, ACT__N), ACT__N, act, act_at, "action");
	a->act = k < 0 ? ACT_POST : (enum action)k;
	to_ll(p, arg, &a->arg);
	a->loc = yaml_loc(p, yaml);
}

void irp_action_str(struct irp *p, struct irp_str s, struct loc at)
{
	struct ir_action *a;

	if (!p->sel || !p->sel->n_acts)
		return;	/* irp_action reported it */
	a = &p->sel->acts[p->sel->n_acts - 1];
	if (a->act != ACT_GETURL && a->act != ACT_DNSLOOKUP)
		diag_error(p->ctx, at, "only GetUrl and DnsLookup take a string");
	a->str = cstr(p, s, at, "GetUrl/DnsLookup string");
}

void irp_finish(struct irp *p, struct loc at)
{
	finish_hook(p);
	at.line = p->line;
	at.col = 1;
	at.len = 1;
	if (!(p->seen & (1u << IRP_POLICY)))
		diag_error(p->ctx, at, "no 'policy' line: the IR names no policy");
	if (!(p->seen & (1u << IRP_KIND)))
		diag_error(p->ctx, at, "no 'kind' line");
}

int ir_parse(struct tpc_ctx *ctx, const struct src_file *f, struct ir_policy **out)
{
	struct irp p = { .ctx = ctx, .f = f, .line = 1, .col = 1 };
	int errors = ctx->n_errors, ret;
	yyscan_t scanner;
	YY_BUFFER_STATE buf;

	p.ir = ARENA_NEW(&ctx->arena, struct ir_policy);
	p.ir->name = p.ir->kind = p.ir->namespace = "";
	p.ir->source = p.ir->source_base = p.ir->source_sha256 = "";
	/* what IR locations point into: named after 'source', its text is not at hand */
	p.yaml = src_file_from_mem(ctx, "", "", 0);
	if (ir_yylex_init_extra(&p, &scanner))
		return -errno;
	buf = ir_yy_scan_bytes(f->text, (int)f->len, scanner);
	ret = ir_yyparse(scanner, &p);
	ir_yy_delete_buffer(buf, scanner);
	ir_yylex_destroy(scanner);
	if (ret || ctx->n_errors > errors)
		return -EINVAL;
	*out = p.ir;
	return 0;
}

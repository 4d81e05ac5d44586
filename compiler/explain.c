// SPDX-License-Identifier: Apache-2.0
/*
 * explain: what a policy makes the kernel do, in plain words, one line per
 * selector: "kill and report any process that calls lseek with fd -1".
 * Derived from the IR alone (arguments are named from the syscall table or
 * the target's BTF), so the text is the same for a policy and for its IR,
 * and it is a stable golden: no machine-dependent content.
 */
#include <arpa/inet.h>
#include <signal.h>
#include <string.h>

#include "btf.h"
#include "irtext.h"

struct explain {
	struct tpc_ctx *ctx;
	struct strbuf *sb;
	const struct ir_hook *h;
	struct kproto kp;
	bool have_kp;
};

/* What a reader calls the hook: the syscall's name, or the function. */
static const char *hook_name(const struct ir_hook *h)
{
	return h->syscall ? syscall_base(h->function) : h->function;
}

static void find_proto(struct explain *e, const struct tpc_target *t)
{
	const struct ir_hook *h = e->h;

	e->have_kp = false;
	if (h->syscall)
		e->have_kp = !syscall_proto(syscall_base(h->function), &e->kp);
	else if (t)
		e->have_kp = !btf_func_proto(e->ctx, t, h->function, &e->kp) ||
			     !btf_func_proto(e->ctx, t, arena_printf(&e->ctx->arena, "bpf_lsm_%s", h->function),
					     &e->kp);
}

/* An argument's name: from the prototype, else its YAML label, else its index. */
static const char *arg_name(struct explain *e, const struct ir_read *r)
{
	if (r->arg < 0)
		return "the return value";
	if (r->arg >= IR_DATA_ARG && r->reg) {	/* a 'data' entry: a register ("di": rdi; "r8": r8) */
		const char *full = arena_printf(&e->ctx->arena, "%s%s", r->reg[0] == 'r' ? "" : "r", r->reg);

		if (r->reg_size == 8)
			return arena_printf(&e->ctx->arena, "register %s", full);
		if (r->reg_size == 1)
			return arena_printf(&e->ctx->arena, "the low byte of register %s", full);
		return arena_printf(&e->ctx->arena, "the low %d bytes of register %s", r->reg_size, full);
	}
	if (r->arg >= IR_DATA_ARG)	/* a 'data' entry: a field of the current task */
		return arena_printf(&e->ctx->arena, "current->%s", r->resolve ? r->resolve : "?");
	if (r->resolve)	/* a field path from the argument: "bprm->mm.owner.comm" */
		return arena_printf(&e->ctx->arena, "%s->%s",
				    e->have_kp && r->arg < e->kp.nargs && e->kp.arg_names[r->arg] &&
				    e->kp.arg_names[r->arg][0] ? e->kp.arg_names[r->arg] :
				    arena_printf(&e->ctx->arena, "arg %d", r->arg), r->resolve);
	if (e->have_kp && r->arg < e->kp.nargs && e->kp.arg_names[r->arg] && e->kp.arg_names[r->arg][0])
		return e->kp.arg_names[r->arg];
	if (r->label && r->label[0])
		return r->label;
	return arena_printf(&e->ctx->arena, "arg %d (%s)", r->arg, argtype_name(r->type));
}

/* What a pred tests: the argument, or the path it points to. */
static const char *subject(struct explain *e, const struct ir_read *r)
{
	switch (r->extract) {
	case IR_X_FILE:
	case IR_X_PATH:
	case IR_X_DENTRY:
		return arena_printf(&e->ctx->arena, "the path of %s", arg_name(e, r));
	default:
		return arg_name(e, r);
	}
}

static const char *num(struct explain *e, long long v, bool sgn, bool hex)
{
	if (hex)
		return arena_printf(&e->ctx->arena, "0x%llx", (unsigned long long)v);
	return sgn ? arena_printf(&e->ctx->arena, "%lld", v) : arena_printf(&e->ctx->arena, "%llu", (unsigned long long)v);
}

static const char *quoted(struct explain *e, const char *s, int len)
{
	struct strbuf sb;
	int i;

	sb_init(&sb, &e->ctx->arena);
	sb_puts(&sb, "\"");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			sb_printf(&sb, "\\x%02x", c);
		else
			sb_putn(&sb, (const char *)&c, 1);
	}
	sb_puts(&sb, "\"");
	return sb.buf;
}

/* An address value: (family, prefix length) in values, the address in strs. */
static const char *cidr(struct explain *e, const struct ir_pred *p, int i)
{
	char buf[INET6_ADDRSTRLEN] = "?";
	const char *a = i < p->n_strs ? p->strs[i] : "";
	int len = i < p->n_strs ? p->str_lens[i] : 0;
	long long plen = 2 * i + 1 < p->n_values ? p->values[2 * i + 1] : -1;
	unsigned char tmp[16];
	char text[INET6_ADDRSTRLEN];

	/* lower_net.c writes the address as text */
	if (len > 0 && len < (int)sizeof(text)) {
		memcpy(text, a, (size_t)len);
		text[len] = '\0';
		if (inet_pton(AF_INET, text, tmp) == 1 || inet_pton(AF_INET6, text, tmp) == 1)
			return plen >= 0 ? arena_printf(&e->ctx->arena, "%s/%lld", text, plen) :
					   arena_strdup(&e->ctx->arena, text);
	}
	if (len == 4)
		inet_ntop(AF_INET, a, buf, sizeof(buf));
	else if (len == 16)
		inet_ntop(AF_INET6, a, buf, sizeof(buf));
	else
		return quoted(e, a, len);
	return plen >= 0 ? arena_printf(&e->ctx->arena, "%s/%lld", buf, plen) : arena_strdup(&e->ctx->arena, buf);
}

/* "a", "a or b", "a, b or c" (conj is "or" or "and"). */
static void put_list(struct strbuf *sb, const char **v, int n, const char *conj)
{
	int i;

	for (i = 0; i < n; i++)
		sb_printf(sb, "%s%s", i == 0 ? "" : i == n - 1 ? arena_printf(sb->arena, " %s ", conj) : ", ", v[i]);
}

static void explain_pred(struct explain *e, struct strbuf *sb, const struct ir_pred *p)
{
	const struct ir_read *r = p->read < 0 ? &e->h->ret_read : &e->h->reads[p->read];
	const char *name = subject(e, r);
	const char **v = arena_alloc(&e->ctx->arena, sizeof(char *) * (size_t)(p->n_values + p->n_strs + 1));
	int n = 0, i;
	const char *what = NULL, *conj = "or";
	bool neg = false;

	if (p->op == OP_CAPS_GAINED && p->n_values == 1 && p->values[0] >= 0 && p->values[0] < e->h->n_reads) {
		/* lower.c: values[0] is the read of the second set */
		sb_printf(sb, " with %s having a capability that %s lacks", subject(e, &e->h->reads[p->values[0]]), name);
		return;
	}
	switch (p->op) {
	case OP_IN_RANGE:
	case OP_NOT_IN_RANGE:
		for (i = 0; i + 1 < p->n_values; i += 2)
			v[n++] = arena_printf(&e->ctx->arena, "%s..%s", num(e, p->values[i], r->is_signed, false),
					      num(e, p->values[i + 1], r->is_signed, false));
		break;
	case OP_IN_MAP:
	case OP_NOT_IN_MAP:
		/* intmap.c: (min, max) pairs */
		for (i = 0; i + 1 < p->n_values; i += 2)
			v[n++] = p->values[i] == p->values[i + 1] ? num(e, p->values[i], r->is_signed, false) :
				 arena_printf(&e->ctx->arena, "%s..%s", num(e, p->values[i], r->is_signed, false),
					      num(e, p->values[i + 1], r->is_signed, false));
		break;
	case OP_SADDR:
	case OP_DADDR:
	case OP_NOT_SADDR:
	case OP_NOT_DADDR:
		for (i = 0; i < p->n_strs; i++)
			v[n++] = cidr(e, p, i);
		break;
	case OP_SPORT:
	case OP_DPORT:
	case OP_NOT_SPORT:
	case OP_NOT_DPORT:
		/* lower_net.c: (min, max) pairs */
		for (i = 0; i + 1 < p->n_values; i += 2)
			v[n++] = p->values[i] == p->values[i + 1] ? arena_printf(&e->ctx->arena, "%lld", p->values[i]) :
				 arena_printf(&e->ctx->arena, "%lld..%lld", p->values[i], p->values[i + 1]);
		break;
	case OP_FILE_TYPE:
	case OP_NOT_FILE_TYPE:
		/* lower.c: S_IFMT bits; the first name of lang.def FILETYPE with those bits */
		for (i = 0; i < p->n_values; i++) {
			int k;

			v[n] = num(e, p->values[i], false, false);
			for (k = tpc_n_filetypes - 1; k >= 0; k--)
				if (tpc_filetypes[k].mode == (unsigned long long)p->values[i])
					v[n] = tpc_filetypes[k].name;
			n++;
		}
		break;
	default:
		for (i = 0; i < p->n_values; i++)
			v[n++] = num(e, p->values[i], r->is_signed, p->op == OP_MASK);
		for (i = 0; i < p->n_strs; i++)
			v[n++] = quoted(e, p->strs[i], p->str_lens[i]);
	}
	switch (p->op) {
	case OP_EQUAL: what = !p->n_strs ? "" : p->shape == IR_SHAPE_HASH ? "equal to (a hash map) " : "equal to "; break;
	case OP_NOT_EQUAL: what = p->shape == IR_SHAPE_HASH ? "other than (a hash map) " : "other than "; neg = true; break;
	case OP_GT: what = "greater than "; break;
	case OP_LT: what = "less than "; break;
	case OP_MASK: what = "having any bit of "; break;
	case OP_IN_RANGE: what = "in "; break;
	case OP_NOT_IN_RANGE: what = "outside "; neg = true; break;
	case OP_IN_MAP: what = p->shape == IR_SHAPE_HASH ? "one of (a hash map) " : "one of "; break;
	case OP_NOT_IN_MAP: what = p->shape == IR_SHAPE_HASH ? "none of (a hash map) " : "none of "; conj = "and"; neg = true; break;
	case OP_PREFIX: what = p->shape == IR_SHAPE_LPM ? "starting with (an LPM trie) " : "starting with "; break;
	case OP_NOT_PREFIX:
		what = p->shape == IR_SHAPE_LPM ? "not starting with (an LPM trie) " : "not starting with ";
		neg = true;
		break;
	case OP_POSTFIX: what = p->shape == IR_SHAPE_LPM ? "ending with (an LPM trie) " : "ending with "; break;
	case OP_NOT_POSTFIX:
		what = p->shape == IR_SHAPE_LPM ? "not ending with (an LPM trie) " : "not ending with ";
		neg = true;
		break;
	case OP_SUBSTRING: what = "containing "; break;
	case OP_SUBSTRING_IC: what = "containing (ignoring case) "; break;
	case OP_FILE_TYPE: what = "naming a file of type "; break;
	case OP_NOT_FILE_TYPE: what = "not naming a file of type "; neg = true; break;
	case OP_SADDR:
		sb_puts(sb, " from an address in ");
		break;
	case OP_NOT_SADDR:
		sb_puts(sb, " from any address outside ");
		conj = "and";
		break;
	case OP_DADDR:
		sb_puts(sb, " to an address in ");
		break;
	case OP_NOT_DADDR:
		sb_puts(sb, " to any address outside ");
		conj = "and";
		break;
	case OP_SPORT:
		sb_puts(sb, " from port ");
		break;
	case OP_DPORT:
		sb_puts(sb, " to port ");
		break;
	case OP_NOT_SPORT:
		sb_puts(sb, " from any port other than ");
		conj = "and";
		break;
	case OP_NOT_DPORT:
		sb_puts(sb, " to any port other than ");
		conj = "and";
		break;
	case OP_SPORT_PRIV:
		sb_puts(sb, " from a privileged port (below 1024)");
		return;
	case OP_DPORT_PRIV:
		sb_puts(sb, " to a privileged port (below 1024)");
		return;
	case OP_NOT_SPORT_PRIV:
		sb_puts(sb, " from an unprivileged port (1024 or above)");
		return;
	case OP_NOT_DPORT_PRIV:
		sb_puts(sb, " to an unprivileged port (1024 or above)");
		return;
	case OP_PROTOCOL:
		sb_printf(sb, " with %s protocol ", name);
		break;
	case OP_FAMILY:
		sb_printf(sb, " with %s address family ", name);
		break;
	case OP_STATE:
		sb_printf(sb, " with %s in state ", name);
		break;
	default:
		sb_printf(sb, " with %s %s ", name, op_name(p->op));
	}
	if (what) {
		sb_printf(sb, " with %s %s", name, what);
		if (neg)
			conj = "and";
	}
	put_list(sb, v, n, conj);
}

static const char *signal_name(struct explain *e, long long sig)
{
	const char *abbrev = sig > 0 && sig < 65 ? sigabbrev_np((int)sig) : NULL;

	return abbrev ? arena_printf(&e->ctx->arena, "SIG%s", abbrev) : arena_printf(&e->ctx->arena, "signal %lld", sig);
}

static const char *errno_name(struct explain *e, long long err)
{
	long long n = err < 0 ? -err : err;
	const char *name = n > 0 && n < 4096 ? strerrorname_np((int)n) : NULL;

	return name ? arena_printf(&e->ctx->arena, "-%s", name) : arena_printf(&e->ctx->arena, "%lld", err);
}

static const char *cap_name(struct explain *e, long long nr)
{
	int i;

	for (i = 0; i < tpc_n_capabilities; i++)
		if (tpc_capabilities[i].nr == nr)
			return tpc_capabilities[i].name;
	return arena_printf(&e->ctx->arena, "capability %lld", nr);
}

/*
 * Process selectors: " whose binary is X or Y (or descends from one)",
 * " whose pid is ...", " whose Mnt namespace is ...", " whose effective
 * capabilities include ...", " that changed its Net namespace since exec", ...
 */
static void explain_procs(struct explain *e, struct strbuf *sb, const struct ir_selector *s)
{
	static const char *const sets[] = { "effective", "inheritable", "permitted" };
	int i, j;

	for (i = 0; i < s->n_procs; i++) {
		const struct ir_proc_pred *pp = &s->procs[i];
		const char **v = arena_alloc(&e->ctx->arena, sizeof(char *) * (size_t)(pp->p.n_strs + pp->p.n_values + 1));
		bool neg = pp->p.op == OP_NOT_IN || pp->p.op == OP_NOT_PREFIX || pp->p.op == OP_NOT_POSTFIX;
		bool ns = pp->kind >= IR_PROC_NS_UTS && pp->kind <= IR_PROC_NS_USER;
		bool cap = pp->kind >= IR_PROC_CAP_EFFECTIVE && pp->kind <= IR_PROC_CAP_PERMITTED;
		bool cap_change = pp->kind >= IR_PROC_CAP_CHANGE_EFFECTIVE && pp->kind <= IR_PROC_CAP_CHANGE_PERMITTED;
		const char *how;

		for (j = 0; j < pp->p.n_strs; j++)
			v[j] = quoted(e, pp->p.strs[j], pp->p.str_lens[j]);
		for (j = 0; j < pp->p.n_values; j++) {
			long long x = pp->p.values[j];

			v[j] = ns && x == IR_NS_HOST ? "the host's" :
			       cap || cap_change ? cap_name(e, x) :
			       pp->kind == IR_PROC_NS_CHANGE && x >= 0 && x < tpc_n_namespaces ? tpc_namespaces[x] :
			       arena_printf(&e->ctx->arena, "%lld", x);
		}
		if (pp->kind == IR_PROC_PID)
			how = neg ? "whose pid is not" : "whose pid is";
		else if (ns)
			how = arena_printf(&e->ctx->arena, "whose %s namespace is%s", tpc_namespaces[pp->kind - IR_PROC_NS_UTS],
					   neg ? " not" : "");
		else if (cap)
			how = arena_printf(&e->ctx->arena, "whose %s capabilities include %s", sets[pp->kind - IR_PROC_CAP_EFFECTIVE],
					   neg ? "none of" : "");
		else if (pp->kind == IR_PROC_NS_CHANGE)
			how = neg ? "that changed a namespace other than" : "that changed its";
		else if (cap_change)
			how = arena_printf(&e->ctx->arena, "whose %s capabilities %s",
					   sets[pp->kind - IR_PROC_CAP_CHANGE_EFFECTIVE], neg ? "other than" : "");
		else if (pp->p.op == OP_PREFIX || pp->p.op == OP_NOT_PREFIX)
			how = neg ? "whose binary does not start with" : "whose binary starts with";
		else if (pp->p.op == OP_POSTFIX || pp->p.op == OP_NOT_POSTFIX)
			how = neg ? "whose binary does not end with" : "whose binary ends with";
		else
			how = neg ? "whose binary is not" : "whose binary is";
		sb_printf(sb, "%s %s%s", i ? " and" : "", how, how[strlen(how) - 1] == ' ' ? "" : " ");
		put_list(sb, v, pp->p.n_strs + pp->p.n_values, neg ? "nor" : "or");
		if (pp->kind == IR_PROC_NS_CHANGE)
			sb_puts(sb, neg ? " since its exec" : " namespace since its exec");
		else if (cap_change)
			sb_puts(sb, neg ? " changed since its exec (and those did not)" : " changed since its exec");
		if (pp->kind == IR_PROC_PID && (pp->flags & IR_PROCF_NS_PID))
			sb_puts(sb, " in its pid namespace");
		if ((cap || cap_change) && (pp->flags & IR_PROCF_NS_CAP))
			sb_puts(sb, " (outside the host user namespace)");
		if (pp->flags & IR_PROCF_FOLLOW)
			sb_puts(sb, neg ? " (nor descends from one)" : " (or descends from one)");
	}
}

static void explain_selector(struct explain *e, const struct ir_selector *s)
{
	struct strbuf *sb = e->sb;
	const char *verbs[16];
	const char *tail[8];
	int n = 0, nt = 0, i;
	bool kill = false;

	for (i = 0; i < s->n_acts; i++)
		if (s->acts[i].act == ACT_SIGKILL)
			kill = true;
	if (kill)
		verbs[n++] = "kill";
	for (i = 0; i < s->n_acts && n < 8; i++)
		if (s->acts[i].act == ACT_OVERRIDE)
			verbs[n++] = arena_printf(&e->ctx->arena, "deny with %s", errno_name(e, s->acts[i].arg));
	if (s->post)
		verbs[n++] = "report";
	for (i = 0; i < s->n_acts && nt < 8; i++) {
		const struct ir_action *a = &s->acts[i];

		if (a->act == ACT_SIGNAL)
			tail[nt++] = arena_printf(&e->ctx->arena, "send %s to", signal_name(e, a->arg));
		else if (a->act == ACT_GETURL)	/* tpc-agent performs both (agent/notify.c) */
			tail[nt++] = arena_printf(&e->ctx->arena, "have tpc-agent fetch '%s' about", a->str);
		else if (a->act == ACT_DNSLOOKUP)
			tail[nt++] = arena_printf(&e->ctx->arena, "have tpc-agent look up '%s' for", a->str);
		else if (a->act != ACT_SIGKILL && a->act != ACT_OVERRIDE && a->act != ACT_POST && a->act != ACT_NOPOST)
			tail[nt++] = arena_printf(&e->ctx->arena, "apply %s to", action_name(a->act));
	}
	for (i = 0; i < nt && n < 16; i++)
		verbs[n++] = tail[i];
	sb_printf(sb, "  selector %d (line %d): ", s->id, s->loc.line);
	if (!n)
		sb_puts(sb, "do nothing (no event, no action) for");
	else
		put_list(sb, verbs, n, "and");
	sb_puts(sb, " any process");
	explain_procs(e, sb, s);
	sb_printf(sb, " that calls %s", hook_name(e->h));
	for (i = 0; i < s->n_preds; i++) {
		if (i)
			sb_puts(sb, " and");
		explain_pred(e, sb, &s->preds[i]);
	}
	for (i = 0; i < s->n_ret_preds; i++) {
		sb_puts(sb, i || s->n_preds ? " and, when it returns," : ", when it returns,");
		explain_pred(e, sb, &s->ret_preds[i]);
	}
	sb_puts(sb, "\n");
}

static const char *variant_words(struct explain *e, const struct ir_variant *v)
{
	switch (v->attach) {
	case IR_ATTACH_KPROBE:
		return arena_printf(&e->ctx->arena, "a kprobe on %s", v->target);
	case IR_ATTACH_TP_SYSCALL:
		return arena_printf(&e->ctx->arena, "the tracepoint %s", v->target);
	case IR_ATTACH_LSM:
		return arena_printf(&e->ctx->arena, "the LSM hook %s", v->target);
	case IR_ATTACH_FMOD_RET:
		return arena_printf(&e->ctx->arena, "fmod_ret on %s", v->target);
	case IR_ATTACH_RAW_TP:
		return arena_printf(&e->ctx->arena, "the raw tracepoint %s", v->target);
	case IR_ATTACH_USDT:
		return arena_printf(&e->ctx->arena, "the USDT probe %s", v->target);
	case IR_ATTACH_KPROBE_MULTI:
		return arena_printf(&e->ctx->arena, "a kprobe.multi (one program for the list) on %s", v->target);
	case IR_ATTACH_RAW_TP_SYSCALLS:
		return arena_printf(&e->ctx->arena, "the raw tracepoint sys_enter (one program for the list)");
	default:
		return arena_printf(&e->ctx->arena, "%s %s", ir_attach_names[v->attach], v->target);
	}
}

void explain_policy(struct strbuf *sb, const struct ir_policy *ir, struct tpc_ctx *ctx, const struct tpc_target *t)
{
	struct explain e = { .ctx = ctx, .sb = sb };
	int i, j;

	sb_printf(sb, "policy \"%s\" (%s): %d hook%s; at each hook the first selector that matches acts\n", ir->name,
		  ir->source_base, ir->n_hooks, ir->n_hooks == 1 ? "" : "s");
	if (ir->monitor)
		sb_puts(sb, "monitor mode (spec.options policy-mode): Sigkill, Signal and Override are reported, not performed\n");
	if (ir->loader)
		sb_printf(sb, "loader (spec.loader): hook %d, a kprobe on perf_event_mmap_output, reports each executable "
			  "mapping with a build id (process_loader: path, buildid), once per process and file\n",
			  ir->n_hooks);
	for (i = 0; i < ir->n_hooks; i++) {
		const struct ir_hook *h = &ir->hooks[i];
		const char **vw = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)(h->n_variants + 1));

		e.h = h;
		find_proto(&e, t);
		for (j = 0; j < h->n_variants; j++)
			vw[j] = variant_words(&e, &h->variants[j]);
		sb_printf(sb, "%s %s (line %d), through ", h->syscall ? "syscall" : ir_hook_kind_names[h->kind],
			  hook_name(h), h->loc.line);
		put_list(sb, vw, h->n_variants, "or");
		sb_puts(sb, h->n_variants > 1 ? ", whichever the kernel offers" : "");
		if (h->n_reads) {
			sb_puts(sb, "; records ");
			for (j = 0; j < h->n_reads; j++)
				sb_printf(sb, "%s%s", j ? ", " : "", arg_name(&e, &h->reads[j]));
		}
		if (h->is_return)
			sb_printf(sb, "%s the return value", h->n_reads ? "," : "; records");
		sb_puts(sb, "\n");
		if (h->message && h->message[0])
			sb_printf(sb, "  message %s\n", quoted(&e, h->message, (int)strlen(h->message)));
		if (h->ref_ctr_offset)	/* uprobes: refCtrOffsets */
			sb_printf(sb, "  while attached: the kernel increments the reference counter (USDT semaphore) "
				  "at file offset 0x%llx of %s\n", h->ref_ctr_offset, h->path);
		if (h->ret_action == ACT_TRACKSOCK)
			sb_printf(sb, "  on every return, whatever the selectors: track the returned sock as the "
				  "caller's (events on it report that process)\n");
		else if (h->ret_action == ACT_UNTRACKSOCK)
			sb_printf(sb, "  on every return, whatever the selectors: stop tracking the returned sock\n");
		for (j = 0; j < h->n_sels; j++)
			explain_selector(&e, &h->sels[j]);
		if (h->enforcer)	/* spec.enforcers (lower_enforce.c) */
			sb_printf(sb, "  enforcer: when a NotifyEnforcer action was taken for the calling thread, send "
				  "its signal and make %s fail with its error; reports nothing\n", h->function);
		else if (!h->n_sels)
			sb_printf(sb, "  no selectors: report every call of %s\n", hook_name(h));
		else
			sb_puts(sb, "  any other call: nothing\n");
	}
}

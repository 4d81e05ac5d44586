// SPDX-License-Identifier: Apache-2.0
/*
 * check: names, defaults, values, limits and types.
 *
 * After this pass every scalar the later passes use has been validated and
 * typed (ast_arg.atype, ast_match.op, ast_action.act ...), and every hook has
 * been type-checked against the BTF of every target kernel. Features of the
 * language that tpc cannot compile yet are rejected here, at their location,
 * with the feature's name: a policy is never compiled into something that
 * means less than its YAML says.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "ir.h"

#define LIM(id) (tpc_limits[LIMIT_##id].value)

struct checker {
	struct tpc_ctx *ctx;
	struct ast_policy *p;
	struct tpc_target *targets;
	int n_targets;
};

static void unsupported(struct checker *c, struct loc loc, const char *what)
{
	diag_error(c->ctx, loc, "%s is not supported by tpc yet", what);
}

static bool parse_bool(struct checker *c, const struct ast_scalar *s, bool dflt)
{
	static const char *const yes[] = { "true", "True", "TRUE" }, *const no[] = { "false", "False", "FALSE" };
	size_t i;

	if (!ast_has(s))
		return dflt;
	for (i = 0; i < 3; i++) {
		if (!strcmp(s->s, yes[i]))
			return true;
		if (!strcmp(s->s, no[i]))
			return false;
	}
	diag_error(c->ctx, s->loc, "'%s' is not a boolean (true or false)", s->s);
	return dflt;
}

/*
 * Parse an integer as Tetragon does (decimal, 0x hex, 0 octal, optional sign)
 * and check it fits `width` bytes of the given signedness.
 */
static bool parse_int_at(struct checker *c, const char *text, struct loc loc, int width, bool sgn,
			 long long *out, const char *what)
{
	const char *s = text;
	char *end;
	bool neg = false;
	unsigned long long mag, max;

	while (*s == ' ')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (*s < '0' || *s > '9')
		goto bad;
	errno = 0;
	mag = strtoull(s, &end, 0);
	if (errno == ERANGE)
		goto range;
	while (*end == ' ')
		end++;
	if (*end)
		goto bad;
	if (sgn) {
		max = width >= 8 ? (unsigned long long)LLONG_MAX : (1ULL << (width * 8 - 1)) - 1;
		if (neg ? mag > max + 1 : mag > max)
			goto range;
		*out = neg ? (long long)(0 - mag) : (long long)mag;
	} else {
		max = width >= 8 ? ULLONG_MAX : (1ULL << (width * 8)) - 1;
		if (neg && mag)
			goto range;
		if (mag > max)
			goto range;
		*out = (long long)mag;
	}
	return true;
bad:
	diag_error(c->ctx, loc, "'%s' is not a valid integer for %s", text, what);
	return false;
range:
	diag_error(c->ctx, loc, "%s is out of range for %s (%s %d-bit)", text, what, sgn ? "signed" : "unsigned",
		   width * 8);
	return false;
}

static void check_len(struct checker *c, const struct ast_scalar *s, int max, const char *what)
{
	if (ast_has(s) && (int)strlen(s->s) > max)
		diag_error(c->ctx, s->loc, "%s is %zu bytes long; the limit is %d", what, strlen(s->s), max);
}

static void check_count(struct checker *c, int n, struct loc loc, enum limit l)
{
	if (n > tpc_limits[l].value)
		diag_error(c->ctx, loc, "%d %s; the limit is %d", n, tpc_limits[l].what, tpc_limits[l].value);
}

/* --- the policy header ------------------------------------------------------ */

static bool is_dns_name(const char *s)
{
	size_t i, n = strlen(s);

	if (!n)
		return false;
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.'))
			return false;
	}
	return s[0] != '-' && s[0] != '.' && s[n - 1] != '-' && s[n - 1] != '.';
}

static void check_header(struct checker *c)
{
	struct ast_policy *p = c->p;
	static const char *const kinds[] = { "TracingPolicy", "TracingPolicyNamespaced" };

	if (ast_has(&p->api_version) && strcmp(p->api_version.s, "cilium.io/v1alpha1"))
		diag_error(c->ctx, p->api_version.loc, "unsupported apiVersion '%s'; expected 'cilium.io/v1alpha1'",
			   p->api_version.s);
	if (ast_has(&p->kind)) {
		if (!strcmp(p->kind.s, "TracingPolicyNamespaced")) {
			if (!ast_has(&p->namespace))
				diag_error(c->ctx, p->kind.loc, "a TracingPolicyNamespaced needs 'metadata.namespace'");
			else
				unsupported(c, p->kind.loc,
					    "TracingPolicyNamespaced (restricting a policy to the pods of one namespace "
					    "needs the in-kernel cgroup filter)");
		} else if (strcmp(p->kind.s, "TracingPolicy")) {
			const char *hint = diag_suggest(p->kind.s, kinds, 2);

			diag_error(c->ctx, p->kind.loc, "unknown kind '%s'%s%s%s", p->kind.s,
				   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
		}
	}
	if (ast_has(&p->name)) {
		check_len(c, &p->name, LIM(NAME), "metadata.name");
		if (!is_dns_name(p->name.s))
			diag_error(c->ctx, p->name.loc,
				   "metadata.name '%s' must be lowercase letters, digits, '-' and '.', "
				   "starting and ending with a letter or digit", p->name.s);
	}
	if (ast_has(&p->options_present))
		unsupported(c, p->options_present.loc, "'spec.options'");
	if (ast_has(&p->pod_selector))
		unsupported(c, p->pod_selector.loc, "'podSelector'");
	if (ast_has(&p->container_selector))
		unsupported(c, p->container_selector.loc, "'containerSelector'");
	if (ast_has(&p->enforcers))
		unsupported(c, p->enforcers.loc, "'spec.enforcers'");
	if (ast_has(&p->loader))
		unsupported(c, p->loader.loc, "'spec.loader'");
	if (p->lists.present)
		unsupported(c, p->lists.loc, "'spec.lists'");
	if (!p->hooks.n && !c->ctx->n_errors)
		diag_error(c->ctx, p->loc, "the policy has no hooks (kprobes, tracepoints, uprobes, usdts or lsmhooks)");
	check_count(c, p->hooks.n, p->loc, LIMIT_HOOKS);
}

/* --- hooks ------------------------------------------------------------------- */

/* "lseek", "sys_lseek", "__x64_sys_lseek" -> "lseek" */
static const char *syscall_base(const char *call)
{
	if (!strncmp(call, "__x64_sys_", 10))
		return call + 10;
	if (!strncmp(call, "__ia32_sys_", 11))
		return call + 11;
	if (!strncmp(call, "sys_", 4))
		return call + 4;
	return call;
}

static const char *kind_of_target(const struct checker *c, const struct tpc_target *t)
{
	(void)c;
	return t->path;
}

/* Resolve the hook's prototype on target t; 0 or -ENOENT (reported). */
static int hook_proto(struct checker *c, struct ast_hook *h, const struct tpc_target *t, struct kproto *kp)
{
	const char *name = h->call.s;
	char wrapper[160];

	if (h->is_syscall) {
		const char *base = syscall_base(name);

		if (syscall_proto(base, kp)) {
			const char *hint = syscall_suggest(base);

			diag_error(c->ctx, h->call.loc, "'%s' is not a known syscall%s%s%s", name,
				   hint ? "; did you mean 'sys_" : "", hint ? hint : "", hint ? "'?" : "");
			return -ENOENT;
		}
		snprintf(wrapper, sizeof(wrapper), "__x64_sys_%s", base);
		if (!btf_has_func(t, wrapper)) {
			diag_error(c->ctx, h->call.loc, "syscall '%s' does not exist in target kernel '%s' (no '%s' in its BTF)",
				   base, kind_of_target(c, t), wrapper);
			return -ENOENT;
		}
		return 0;
	}
	if (btf_func_proto(c->ctx, t, name, kp)) {
		const char *hint = btf_suggest_func(t, name);

		diag_error(c->ctx, h->call.loc, "function '%s' not found in the BTF of '%s'%s%s%s", name,
			   kind_of_target(c, t), hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
		return -ENOENT;
	}
	return 0;
}

static const char *proto_text(struct checker *c, const struct ast_hook *h, const struct kproto *kp)
{
	struct strbuf sb;
	int i;

	if (kp->c)
		return kp->c;
	sb_init(&sb, &c->ctx->arena);
	sb_printf(&sb, "long sys_%s(", syscall_base(h->call.s));
	for (i = 0; i < kp->nargs; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", kp->args[i].c);
	sb_puts(&sb, ")");
	return sb.buf;
}

static void check_arg_types(struct checker *c, struct ast_hook *h)
{
	int ti, i;

	for (ti = 0; ti < c->n_targets; ti++) {
		const struct tpc_target *t = &c->targets[ti];
		struct kproto kp;

		if (hook_proto(c, h, t, &kp))
			continue;
		for (i = 0; i < h->args.n; i++) {
			struct ast_arg *a = &h->args.v[i];
			const struct ktype *kt;
			const char *in = c->n_targets > 1 ? arena_printf(&c->ctx->arena, " in target '%s'", t->path) : "";

			if (a->idx < 0 || (int)a->atype < 0)
				continue;
			if (a->idx >= kp.nargs) {
				diag_error(c->ctx, a->index.loc, "arg index %d is out of range: '%s' takes %d argument%s%s",
					   a->idx, h->call.s, kp.nargs, kp.nargs == 1 ? "" : "s", in);
				diag_note(c->ctx, (struct loc){ 0 }, "from %s: %s", h->is_syscall ? "the syscall table" : "BTF",
					  proto_text(c, h, &kp));
				continue;
			}
			kt = &kp.args[a->idx];
			if (argtype_class(a->atype) == ATC_INT && kt->kind != KT_INT && kt->kind != KT_ENUM) {
				diag_error(c->ctx, a->type.loc, "arg %d of '%s' is '%s', not '%s'%s", a->idx, h->call.s, kt->c,
					   a->type.s, in);
				diag_note(c->ctx, (struct loc){ 0 }, "from %s: %s", h->is_syscall ? "the syscall table" : "BTF",
					  proto_text(c, h, &kp));
			}
		}
	}
}

static const struct ast_arg *find_arg(const struct ast_hook *h, int idx)
{
	int i;

	for (i = 0; i < h->args.n; i++)
		if (h->args.v[i].idx == idx)
			return &h->args.v[i];
	return NULL;
}

static void check_args(struct checker *c, struct ast_hook *h)
{
	int i, j;

	check_count(c, h->args.n, h->args.loc, LIMIT_ARGS);
	for (i = 0; i < h->args.n; i++) {
		struct ast_arg *a = &h->args.v[i];
		long long v;

		a->idx = -1;
		a->atype = (enum argtype)-1;
		if (ast_has(&a->index) && parse_int_at(c, a->index.s, a->index.loc, 4, true, &v, "an arg index")) {
			if (v < 0 || v > 5)
				diag_error(c->ctx, a->index.loc, "arg index %lld is out of range 0..5", v);
			else
				a->idx = (int)v;
		}
		if (ast_has(&a->type)) {
			int t = argtype_lookup(a->type.s);

			if (t < 0) {
				const char *names[ARG__N];
				const char *hint;
				int k;

				for (k = 0; k < ARG__N; k++)
					names[k] = argtype_name((enum argtype)k);
				hint = diag_suggest(a->type.s, names, ARG__N);
				diag_error(c->ctx, a->type.loc, "unknown argument type '%s'%s%s%s", a->type.s,
					   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
			} else if (argtype_class((enum argtype)t) != ATC_INT || t == ARG_CAPABILITY || t == ARG_SYSCALL64) {
				diag_error(c->ctx, a->type.loc, "argument type '%s' is not supported by tpc yet", a->type.s);
			} else {
				a->atype = (enum argtype)t;
			}
		}
		if (ast_has(&a->size_arg_index))
			unsupported(c, a->size_arg_index.key_loc, "'sizeArgIndex'");
		if (ast_has(&a->return_copy))
			unsupported(c, a->return_copy.key_loc, "'returnCopy'");
		if (ast_has(&a->max_data))
			unsupported(c, a->max_data.key_loc, "'maxData'");
		if (ast_has(&a->resolve))
			unsupported(c, a->resolve.key_loc, "'resolve'");
		check_len(c, &a->label, 64, "an arg label");
		for (j = 0; j < i; j++) {
			if (a->idx >= 0 && h->args.v[j].idx == a->idx) {
				diag_error(c->ctx, a->index.loc, "arg index %d is declared twice", a->idx);
				diag_note(c->ctx, h->args.v[j].index.loc, "first declared here");
			}
		}
	}
}

/* InRange/NotInRange values are "min:max". */
static bool parse_value(struct checker *c, const struct ast_arg *a, enum op op, const struct ast_scalar *v,
			long long out[2])
{
	const char *what = arena_printf(&c->ctx->arena, "arg %d ('%s')", a->idx, argtype_name(a->atype));
	int w = argtype_width(a->atype);
	bool sgn = argtype_signed(a->atype);

	if (op == OP_IN_RANGE || op == OP_NOT_IN_RANGE) {
		const char *colon = strchr(v->s, ':');
		char *lo;

		if (!colon) {
			diag_error(c->ctx, v->loc, "'%s' is not a range; %s values are written 'min:max'", v->s, op_name(op));
			return false;
		}
		lo = arena_strndup(&c->ctx->arena, v->s, (size_t)(colon - v->s));
		if (!parse_int_at(c, lo, v->loc, w, sgn, &out[0], what) ||
		    !parse_int_at(c, colon + 1, v->loc, w, sgn, &out[1], what))
			return false;
		if (sgn ? out[0] > out[1] : (unsigned long long)out[0] > (unsigned long long)out[1]) {
			diag_error(c->ctx, v->loc, "empty range '%s': min is greater than max", v->s);
			return false;
		}
		return true;
	}
	return parse_int_at(c, v->s, v->loc, w, sgn, &out[0], what);
}

static bool op_supported_on_int(enum op op)
{
	switch (op) {
	case OP_EQUAL:
	case OP_NOT_EQUAL:
	case OP_MASK:
	case OP_GT:
	case OP_LT:
	case OP_IN_RANGE:
	case OP_NOT_IN_RANGE:
		return true;
	default:
		return false;
	}
}

static void check_match_args(struct checker *c, struct ast_hook *h, struct ast_selector *s)
{
	int i, j;

	check_count(c, s->match_args.n, s->match_args.loc, LIMIT_MATCH_ARGS);
	for (i = 0; i < s->match_args.n; i++) {
		struct ast_match *m = &s->match_args.v[i];
		const struct ast_arg *a = NULL;
		long long v, tmp[2];
		int op;

		m->idx = -1;
		m->op = (enum op)-1;
		if (m->args.present)
			unsupported(c, m->args.loc, "'args' in matchArgs (several arguments per entry)");
		if (!ast_has(&m->index)) {
			if (!m->args.present)
				diag_error(c->ctx, m->loc, "matchArgs entry is missing required key 'index'");
		} else if (parse_int_at(c, m->index.s, m->index.loc, 4, true, &v, "an arg index")) {
			m->idx = (int)v;
			a = find_arg(h, m->idx);
			if (!a)
				diag_error(c->ctx, m->index.loc, "matchArgs index %d does not refer to a declared arg of '%s'",
					   m->idx, h->call.s ? h->call.s : "this hook");
		}
		op = ast_has(&m->operator) ? op_lookup(m->operator.s) : -1;
		if (ast_has(&m->operator) && op < 0) {
			const char *names[OP__N];
			const char *hint;

			for (j = 0; j < OP__N; j++)
				names[j] = op_name((enum op)j);
			hint = diag_suggest(m->operator.s, names, OP__N);
			diag_error(c->ctx, m->operator.loc, "unknown operator '%s'%s%s%s", m->operator.s,
				   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
			continue;
		}
		if (op < 0)
			continue;
		m->op = (enum op)op;
		if (op == OP_IN || op == OP_NOT_IN) {
			diag_error(c->ctx, m->operator.loc, "operator '%s' is for matchPIDs, matchBinaries and "
				   "matchNamespaces, not matchArgs", m->operator.s);
			continue;
		}
		if (!m->values.present || !m->values.n) {
			diag_error(c->ctx, m->values.present ? m->values.loc : m->loc,
				   "matchArgs operator '%s' needs at least one value", m->operator.s);
			continue;
		}
		check_count(c, m->values.n, m->values.loc, LIMIT_VALUES);
		if (!a || (int)a->atype < 0)
			continue;
		if (!op_supported_on_int(m->op)) {
			diag_error(c->ctx, m->operator.loc, "operator '%s' cannot be applied to arg %d of type '%s'",
				   m->operator.s, a->idx, a->type.s);
			continue;
		}
		for (j = 0; j < m->values.n; j++)
			parse_value(c, a, m->op, &m->values.v[j], tmp);
	}
}

static void check_actions(struct checker *c, ast_action_list *acts)
{
	int i, j;

	check_count(c, acts->n, acts->loc, LIMIT_ACTIONS);
	for (i = 0; i < acts->n; i++) {
		struct ast_action *a = &acts->v[i];
		const struct ast_scalar *extra[] = { &a->arg_fd, &a->arg_name, &a->arg_url, &a->arg_fqdn,
						     &a->rate_limit, &a->rate_limit_scope, &a->kernel_stack,
						     &a->user_stack, &a->ima_hash, &a->arg_index, &a->arg_value };
		static const char *const extra_names[] = { "argFd", "argName", "argUrl", "argFqdn", "rateLimit",
							    "rateLimitScope", "kernelStackTrace", "userStackTrace",
							    "imaHash", "argIndex", "argValue" };
		int act;

		a->act = (enum action)-1;
		if (!ast_has(&a->action))
			continue;
		act = action_lookup(a->action.s);
		if (act < 0) {
			const char *names[ACT__N];
			const char *hint;

			for (j = 0; j < ACT__N; j++)
				names[j] = action_name((enum action)j);
			hint = diag_suggest(a->action.s, names, ACT__N);
			diag_error(c->ctx, a->action.loc, "unknown action '%s'%s%s%s", a->action.s,
				   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
			continue;
		}
		a->act = (enum action)act;
		for (j = 0; j < (int)(sizeof(extra) / sizeof(extra[0])); j++)
			if (ast_has(extra[j]))
				unsupported(c, extra[j]->key_loc,
					    arena_printf(&c->ctx->arena, "'%s' on action '%s'", extra_names[j], a->action.s));
		switch (a->act) {
		case ACT_POST:
		case ACT_NOPOST:
			break;
		case ACT_SIGKILL:
			a->sig = 9;
			if (ast_has(&a->arg_error))
				diag_warning(c->ctx, a->arg_error.key_loc, "'argError' has no effect on action 'Sigkill'");
			break;
		case ACT_SIGNAL:
			if (!ast_has(&a->arg_sig))
				diag_error(c->ctx, a->action.loc, "action 'Signal' needs 'argSig'");
			else if (parse_int_at(c, a->arg_sig.s, a->arg_sig.loc, 4, true, &a->sig, "argSig") &&
				 (a->sig < 1 || a->sig > 64))
				diag_error(c->ctx, a->arg_sig.loc, "argSig %lld is not a signal number (1..64)", a->sig);
			break;
		case ACT_OVERRIDE:
			diag_error(c->ctx, a->action.loc,
				   "action 'Override' is not supported by tpc yet: it needs bpf_override_return "
				   "(CONFIG_BPF_KPROBE_OVERRIDE), fmod_ret or a BPF-LSM program");
			break;
		default:
			unsupported(c, a->action.loc, arena_printf(&c->ctx->arena, "action '%s'", a->action.s));
		}
	}
}

static void check_selectors(struct checker *c, struct ast_hook *h)
{
	int i;

	check_count(c, h->selectors.n, h->selectors.loc, LIMIT_SELECTORS);
	for (i = 0; i < h->selectors.n; i++) {
		struct ast_selector *s = &h->selectors.v[i];
		struct {
			const void *l;
			const char *name;
		} unsup[] = {
			{ &s->match_return_args, "matchReturnArgs" }, { &s->match_data, "matchData" },
			{ &s->match_pids, "matchPIDs" }, { &s->match_binaries, "matchBinaries" },
			{ &s->match_namespaces, "matchNamespaces" }, { &s->match_ns_changes, "matchNamespaceChanges" },
			{ &s->match_caps, "matchCapabilities" }, { &s->match_cap_changes, "matchCapabilityChanges" },
			{ &s->return_actions, "matchReturnActions" },
		};
		size_t k;

		for (k = 0; k < sizeof(unsup) / sizeof(unsup[0]); k++) {
			const ast_match_list *l = unsup[k].l;

			if (l->present)
				unsupported(c, l->loc, arena_printf(&c->ctx->arena, "selector '%s'", unsup[k].name));
		}
		check_match_args(c, h, s);
		check_actions(c, &s->actions);
	}
}

static void check_hook(struct checker *c, struct ast_hook *h)
{
	static const char *const kind_names[] = { "kprobes", "tracepoints", "uprobes", "usdts", "lsmhooks" };
	int i;

	if (h->kind != HOOK_KPROBE) {
		unsupported(c, h->loc, arena_printf(&c->ctx->arena, "'%s'", kind_names[h->kind]));
		return;
	}
	/* Tetragon's CRD default for 'syscall' is true */
	h->is_syscall = parse_bool(c, &h->syscall, true);
	h->is_return = parse_bool(c, &h->ret, false);
	if (h->is_return)
		unsupported(c, h->ret.loc, "'return: true' (kretprobes)");
	if (h->return_arg.loc.line && !h->is_return)
		diag_error(c->ctx, h->return_arg.loc, "'returnArg' needs 'return: true'");
	else if (h->return_arg.loc.line)
		unsupported(c, h->return_arg.loc, "'returnArg'");
	if (ast_has(&h->return_arg_action))
		unsupported(c, h->return_arg_action.loc, "'returnArgAction'");
	if (ast_has(&h->ignore))
		unsupported(c, h->ignore.loc, "'ignore'");
	if (ast_has(&h->call) && !h->call.s[0])
		diag_error(c->ctx, h->call.loc, "'call' must name a kernel function");
	check_len(c, &h->message, LIM(MESSAGE), "message");
	check_count(c, h->tags.n, h->tags.loc, LIMIT_TAGS);
	for (i = 0; i < h->tags.n; i++)
		check_len(c, &h->tags.v[i], LIM(TAG), "a tag");
	check_args(c, h);
	check_selectors(c, h);
	if (ast_has(&h->call) && h->call.s[0])
		check_arg_types(c, h);
}

int check_policy(struct tpc_ctx *ctx, struct ast_policy *p, struct tpc_target *targets, int n_targets)
{
	struct checker c = { .ctx = ctx, .p = p, .targets = targets, .n_targets = n_targets };
	int before = ctx->n_errors, i;

	check_header(&c);
	for (i = 0; i < p->hooks.n; i++)
		check_hook(&c, &p->hooks.v[i]);
	return ctx->n_errors > before ? -EINVAL : 0;
}

// SPDX-License-Identifier: Apache-2.0
/*
 * check: names, defaults, values, limits and types.
 *
 * Two questions, asked in this order:
 *
 *   1. Is the policy valid TracingPolicy, as Tetragon would read it? Every
 *      key, value, operator, action and limit is checked here, and every
 *      hook is type-checked against the BTF of every target kernel. Errors
 *      are reported as they are found.
 *   2. Can tpc compile it? What is valid but beyond today's code generator
 *      (compiler/support.h answers) is collected on the way and reported
 *      after the validity errors, each at the feature's location with
 *      "... is not supported by tpc yet": a policy is never compiled into
 *      something that means less than its YAML says.
 *
 * After this pass every scalar the later passes use has been validated and
 * typed (ast_arg.atype, ast_match.op, ast_action.act ...).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "btf.h"
#include "ir.h"
#include "support.h"

#define LIM(id) (tpc_limits[LIMIT_##id].value)
#define ARRAY_SIZE(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct unsup {
	struct loc loc;
	const char *msg;
};

struct checker {
	struct tpc_ctx *ctx;
	struct ast_policy *p;
	struct tpc_target *targets;
	int n_targets;
	struct unsup *unsup;	/* question 2, reported after question 1 */
	int n_unsup, cap_unsup;
};

static const char *const hook_kind_names[] = { "kprobes", "tracepoints", "uprobes", "usdts", "lsmhooks" };

/* Valid, but not compilable yet: reported at the end of the pass. */
static void unsupported(struct checker *c, struct loc loc, const char *what)
{
	struct unsup *u = ARENA_PUSH(&c->ctx->arena, c->unsup, c->n_unsup, c->cap_unsup);

	u->loc = loc;
	u->msg = arena_printf(&c->ctx->arena, "%s is not supported by tpc yet", what);
}

static void unsupported_msg(struct checker *c, struct loc loc, const char *msg)
{
	struct unsup *u = ARENA_PUSH(&c->ctx->arena, c->unsup, c->n_unsup, c->cap_unsup);

	u->loc = loc;
	u->msg = msg;
}

/* "unknown operator 'Equals'; did you mean 'Equal'?" */
static void unknown_name(struct checker *c, struct loc loc, const char *what, const char *s,
			 const char *const *names, int n)
{
	const char *hint = diag_suggest(s, names, n);

	diag_error(c->ctx, loc, "unknown %s '%s'%s%s%s", what, s, hint ? "; did you mean '" : "", hint ? hint : "",
		   hint ? "'?" : "");
}

static bool has_nul(const struct ast_scalar *s)
{
	return ast_has(s) && s->len > (int)strlen(s->s);
}

static bool parse_bool(struct checker *c, const struct ast_scalar *s, bool dflt)
{
	static const char *const yes[] = { "true", "True", "TRUE" }, *const no[] = { "false", "False", "FALSE" };
	int i;

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

static bool parse_uint_scalar(struct checker *c, const struct ast_scalar *s, long long *out, const char *what)
{
	return parse_int_at(c, s->s, s->loc, 4, false, out, what);
}

static void check_len(struct checker *c, const struct ast_scalar *s, enum limit l, const char *what)
{
	int max = tpc_limits[l].value;

	if (ast_has(s) && s->len > max)
		diag_error(c->ctx, s->loc, "%s is %d bytes long; the limit is %d (%s)", what, s->len, max,
			   tpc_limits[l].what);
}

static void check_count(struct checker *c, int n, struct loc loc, enum limit l)
{
	if (n > tpc_limits[l].value)
		diag_error(c->ctx, loc, "%d %s; the limit is %d", n, tpc_limits[l].what, tpc_limits[l].value);
}

/* Every byte from the first NUL on is a NUL. */
static bool trailing_nuls_only(const struct ast_scalar *s)
{
	int i;

	for (i = (int)strlen(s->s); i < s->len; i++)
		if (s->s[i])
			return false;
	return true;
}

/* A NUL in a value that is a name, a path or a number is a mistake. */
static bool check_no_nul(struct checker *c, const struct ast_scalar *s)
{
	if (!has_nul(s))
		return true;
	diag_error(c->ctx, s->loc, "'%s' contains a NUL character", s->s);
	return false;
}

static bool is_one_of(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return true;
	return false;
}

/* the spellings of true that parse_bool takes */
static const char *const yes_names[] = { "true", "True", "TRUE" };

/* The capability-set argument types CapabilitiesGained compares (Tetragon's isCapabilityType). */
static bool is_cap_set(enum argtype t)
{
	return t == ARG_KERNEL_CAP || t == ARG_CAP_INH || t == ARG_CAP_PRM || t == ARG_CAP_EFF;
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

static const struct ast_list *find_list(const struct ast_policy *p, const char *name)
{
	int i;

	for (i = 0; i < p->lists.n; i++)
		if (ast_has(&p->lists.v[i].name) && !strcmp(p->lists.v[i].name.s, name))
			return &p->lists.v[i];
	return NULL;
}

/* "list:NAME" -> the list, or NULL (reported). */
static const struct ast_list *list_ref(struct checker *c, const struct ast_scalar *s)
{
	const struct ast_list *l = find_list(c->p, s->s + 5);

	if (!l) {
		const char *names[64];
		int i, n = 0;

		for (i = 0; i < c->p->lists.n && n < 64; i++)
			if (ast_has(&c->p->lists.v[i].name))
				names[n++] = c->p->lists.v[i].name.s;
		unknown_name(c, s->loc, "list", s->s + 5, names, n);
	}
	return l;
}

/* "lseek", "sys_lseek", "__x64_sys_lseek" -> "lseek" */
static void check_syscall_name(struct checker *c, const struct ast_scalar *s, const char *name)
{
	struct kproto kp;
	const char *base = syscall_base(name);

	if (syscall_proto(base, &kp)) {
		const char *hint = syscall_suggest(base);

		diag_error(c->ctx, s->loc, "'%s' is not a known syscall%s%s%s", name, hint ? "; did you mean 'sys_" : "",
			   hint ? hint : "", hint ? "'?" : "");
	}
}

/*
 * A generated list gets its members here, from the targets' BTF, as Tetragon
 * generates them when it loads the policy: generated_syscalls are the
 * x86-64 syscalls that have a '__x64_sys_' function (btf.GetSyscallsList),
 * generated_ftrace the functions 'pattern' matches (ftrace.ReadAvailFuncs,
 * which reads available_filter_functions: the agent drops members that file
 * does not list). Sorted; a member must exist in every target.
 */
static void generate_list(struct checker *c, struct ast_list *l, const char *type)
{
	bool sys = !strcmp(type, "generated_syscalls");
	const char **names = NULL;
	int n = 0, i, ti;
	regex_t re;

	if (sys) {
		const char *sc;
		int cap = 0;

		for (i = 0; (sc = syscall_name(i)); i++)
			if (syscall_nr(sc) >= 0)
				*ARENA_PUSH(&c->ctx->arena, names, n, cap) = arena_printf(&c->ctx->arena, "sys_%s", sc);
	} else if (ast_has(&l->pattern) && !regcomp(&re, l->pattern.s, REG_EXTENDED | REG_NOSUB)) {
		n = btf_funcs_matching(c->ctx, &c->targets[0], &re, &names);
		regfree(&re);
	} else {
		return;	/* reported */
	}
	l->values.n = 0;
	for (i = 0; i < n; i++) {
		const char *fn = names[i];
		struct ast_scalar *v;
		bool all = true;

		for (ti = 0; ti < c->n_targets && all; ti++)
			all = btf_has_func(&c->targets[ti], sys ? arena_printf(&c->ctx->arena, "__x64_%s", fn) : fn);
		if (!all)
			continue;
		v = ARENA_PUSH(&c->ctx->arena, l->values.v, l->values.n, l->values.cap);
		v->s = fn;
		v->len = (int)strlen(fn);
		v->loc = l->type.loc;
		v->key_loc = l->type.loc;
	}
	if (!l->values.n)
		diag_error(c->ctx, ast_has(&l->pattern) ? l->pattern.loc : l->type.loc,
			   "list '%s' of type '%s' is empty: %s in target kernel '%s'", ast_has(&l->name) ? l->name.s : "",
			   type, ast_has(&l->pattern) ? arena_printf(&c->ctx->arena, "no function matches '%s'",
									l->pattern.s) : "no syscall", c->targets[0].path);
}

/* Each function an enforcer attaches to (lower_enforce.c) exists in every target. */
static void check_enforcer_funcs(struct checker *c)
{
	const struct ast_policy *p = c->p;
	int i, j, k, ti;

	for (i = 0; i < p->enforcer_list.n; i++) {
		const struct ast_values *calls = &p->enforcer_list.v[i].calls;

		for (j = 0; j < calls->n; j++) {
			const struct ast_list *l = NULL;
			const struct ast_values *vals = calls;
			int from = j, to = j + 1;

			if (!strncmp(calls->v[j].s, "list:", 5)) {
				l = find_list(p, calls->v[j].s + 5);
				if (!l)
					continue;	/* reported */
				vals = &l->values;
				from = 0;
				to = l->values.n;
			}
			for (k = from; k < to; k++) {
				const struct ast_scalar *v = &vals->v[k];
				const char *fn = enforcer_symbol(&c->ctx->arena, v->s);

				if (has_nul(v) || (strncmp(fn, "security_", 9) && syscall_proto(syscall_base(fn), &(struct kproto){ 0 })))
					continue;	/* reported with the list or above */
				for (ti = 0; ti < c->n_targets; ti++)
					if (!btf_has_func(&c->targets[ti], fn))
						diag_error(c->ctx, l ? calls->v[j].loc : v->loc,
							   "enforcer call '%s': no function '%s' in the BTF of target kernel '%s'",
							   v->s, fn, c->targets[ti].path);
			}
		}
	}
}

static void check_lists(struct checker *c)
{
	static const char *const types[] = { "syscalls", "generated_syscalls", "generated_ftrace" };
	struct ast_policy *p = c->p;
	int i, j;

	for (i = 0; i < p->lists.n; i++) {
		struct ast_list *l = &p->lists.v[i];
		const char *type = ast_has(&l->type) ? l->type.s : "";

		if (ast_has(&l->name)) {
			if (!l->name.s[0])
				diag_error(c->ctx, l->name.loc, "a list needs a name");
			for (j = 0; j < i; j++) {
				if (ast_has(&p->lists.v[j].name) && !strcmp(p->lists.v[j].name.s, l->name.s)) {
					diag_error(c->ctx, l->name.loc, "list '%s' is defined twice", l->name.s);
					diag_note(c->ctx, p->lists.v[j].name.loc, "first defined here");
				}
			}
		}
		if (ast_has(&l->type) && !is_one_of(type, types, ARRAY_SIZE(types)))
			unknown_name(c, l->type.loc, "list type", type, types, ARRAY_SIZE(types));
		parse_bool(c, &l->validated, false);
		if (!strncmp(type, "generated_", 10)) {
			if (l->values.present && l->values.n)
				diag_error(c->ctx, l->values.loc, "a list of type '%s' is generated; it takes no 'values'",
					   type);
		} else if (!l->values.n) {
			diag_error(c->ctx, l->values.present ? l->values.loc : l->loc, "list '%s' has no values",
				   ast_has(&l->name) ? l->name.s : "");
		}
		if (!strcmp(type, "generated_ftrace")) {
			regex_t re;

			if (!ast_has(&l->pattern))
				diag_error(c->ctx, l->loc, "a list of type 'generated_ftrace' needs a 'pattern'");
			else if (regcomp(&re, l->pattern.s, REG_EXTENDED | REG_NOSUB))
				diag_error(c->ctx, l->pattern.loc, "'%s' is not a valid regular expression", l->pattern.s);
			else
				regfree(&re);
		} else if (ast_has(&l->pattern)) {
			diag_error(c->ctx, l->pattern.key_loc, "'pattern' is only for lists of type 'generated_ftrace'");
		}
		if (!cg_key("list", type))
			unsupported(c, ast_has(&l->type) ? l->type.loc : l->loc,
				    type[0] ? arena_printf(&c->ctx->arena, "a list of type '%s'", type)
					    : "a list without 'type' (kernel functions)");
		check_count(c, l->values.n, l->values.loc, LIMIT_VALUES);
		for (j = 0; j < l->values.n; j++) {
			if (!check_no_nul(c, &l->values.v[j]))
				continue;
			if (!strcmp(type, "syscalls"))
				check_syscall_name(c, &l->values.v[j], l->values.v[j].s);
		}
		if (!strncmp(type, "generated_", 10) && c->n_targets && !(l->values.present && l->values.n))
			generate_list(c, l, type);
	}
	if (p->lists.present && !cg_key("spec", "lists"))
		unsupported(c, p->lists.loc, "'spec.lists'");
}

static void check_label_selector(struct checker *c, const struct ast_label_selector *s, const char *key)
{
	static const char *const ops[] = { "In", "NotIn", "Exists", "DoesNotExist" };
	int i;

	if (!s->present)
		return;
	for (i = 0; i < s->match_expressions.n; i++) {
		const struct ast_label_req *r = &s->match_expressions.v[i];

		if (!ast_has(&r->operator))
			continue;
		if (!is_one_of(r->operator.s, ops, 4)) {
			unknown_name(c, r->operator.loc, "label selector operator", r->operator.s, ops, 4);
			continue;
		}
		if (r->operator.s[0] == 'I' || r->operator.s[0] == 'N') {
			if (!r->values.n)
				diag_error(c->ctx, r->values.present ? r->values.loc : r->loc,
					   "operator '%s' needs at least one value", r->operator.s);
		} else if (r->values.n) {
			diag_error(c->ctx, r->values.loc, "operator '%s' takes no values", r->operator.s);
		}
	}
	/*
	 * Tetragon's policy filter knows a pod's cgroups from the Kubernetes
	 * API; even {} (every pod) excludes host processes where hostSelector
	 * exists (pkg/sensors/handler.go), and without Kubernetes Tetragon
	 * refuses the policy ("policyfilter is disabled"). tpc-agent has no
	 * Kubernetes client, and no cgroup or namespace test equals "in a pod".
	 */
	if (!cg_key("spec", key))
		unsupported_msg(c, s->key_loc,
				arena_printf(&c->ctx->arena, "'%s' is not supported by tpc yet: it selects processes by "
					     "Kubernetes %s, which Tetragon learns from the Kubernetes API, and tpc-agent "
					     "runs without Kubernetes (where Tetragon refuses the policy too: 'policyfilter "
					     "is disabled')", key, strcmp(key, "podSelector") ? "container" : "pod"));
}

static void check_header(struct checker *c)
{
	struct ast_policy *p = c->p;
	static const char *const kinds[] = { "TracingPolicy", "TracingPolicyNamespaced" };
	static const char *const options[] = { "disable-kprobe-multi", "disable-uprobe-multi", "policy-mode" };
	bool loader;
	int i, j;

	if (ast_has(&p->api_version) && strcmp(p->api_version.s, "cilium.io/v1alpha1"))
		diag_error(c->ctx, p->api_version.loc, "unsupported apiVersion '%s'; expected 'cilium.io/v1alpha1'",
			   p->api_version.s);
	if (ast_has(&p->kind)) {
		if (!strcmp(p->kind.s, "TracingPolicyNamespaced")) {
			if (!ast_has(&p->namespace))
				diag_error(c->ctx, p->kind.loc, "a TracingPolicyNamespaced needs 'metadata.namespace'");
			else if (!is_dns_name(p->namespace.s))
				diag_error(c->ctx, p->namespace.loc, "metadata.namespace '%s' is not a valid namespace name",
					   p->namespace.s);
			else if (!cg_key("policy", "TracingPolicyNamespaced"))
				unsupported(c, p->kind.loc,
					    "TracingPolicyNamespaced (restricting a policy to the pods of one namespace "
					    "needs the in-kernel cgroup filter)");
		} else if (strcmp(p->kind.s, "TracingPolicy")) {
			unknown_name(c, p->kind.loc, "kind", p->kind.s, kinds, 2);
		} else if (ast_has(&p->namespace)) {
			diag_warning(c->ctx, p->namespace.key_loc,
				     "a TracingPolicy is cluster-wide; 'metadata.namespace' has no effect "
				     "(use kind 'TracingPolicyNamespaced')");
		}
	}
	if (ast_has(&p->name)) {
		check_len(c, &p->name, LIMIT_NAME, "metadata.name");
		if (!is_dns_name(p->name.s))
			diag_error(c->ctx, p->name.loc,
				   "metadata.name '%s' must be lowercase letters, digits, '-' and '.', "
				   "starting and ending with a letter or digit", p->name.s);
	}
	for (i = 0; i < p->options.n; i++) {
		const struct ast_option *o = &p->options.v[i];

		if (!ast_has(&o->name))
			continue;
		if (!is_one_of(o->name.s, options, ARRAY_SIZE(options))) {
			const char *hint = diag_suggest(o->name.s, options, ARRAY_SIZE(options));

			diag_warning(c->ctx, o->name.loc, "unknown option '%s' has no effect%s%s%s", o->name.s,
				     hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
		} else if (!strcmp(o->name.s, "policy-mode")) {
			if (!ast_has(&o->value) || (strcmp(o->value.s, "enforce") && strcmp(o->value.s, "monitor")))
				diag_error(c->ctx, ast_has(&o->value) ? o->value.loc : o->loc,
					   "option 'policy-mode' is 'enforce' or 'monitor'");
		} else {
			parse_bool(c, &o->value, true);
		}
	}
	if (p->options.present && !cg_key("spec", "options"))
		unsupported(c, p->options.loc, "'spec.options'");
	check_label_selector(c, &p->pod_sel, "podSelector");
	check_label_selector(c, &p->container_sel, "containerSelector");
	for (i = 0; i < p->enforcer_list.n; i++) {
		const struct ast_enforcer *e = &p->enforcer_list.v[i];

		if (e->calls.present && !e->calls.n)
			diag_error(c->ctx, e->calls.loc, "an enforcer needs at least one call");
		for (j = 0; j < e->calls.n; j++) {
			const struct ast_scalar *s = &e->calls.v[j];

			if (!check_no_nul(c, s))
				continue;
			if (!strncmp(s->s, "list:", 5))
				list_ref(c, s);
			else if (strncmp(s->s, "security_", 9))	/* Tetragon: syscalls and security_* functions */
				check_syscall_name(c, s, s->s);
		}
		if (i == 1)	/* pkg/sensors/tracing/enforcer.go */
			diag_error(c->ctx, e->loc, "Tetragon supports one enforcer per policy; list every call in the first");
	}
	if (p->enforcer_list.present && !cg_key("spec", "enforcers"))
		unsupported(c, p->enforcer_list.loc, "'spec.enforcers'");
	loader = parse_bool(c, &p->loader, false);
	if (loader && !cg_key("spec", "loader"))
		unsupported(c, p->loader.key_loc, "'spec.loader'");
	check_lists(c);
	check_enforcer_funcs(c);
	if (!p->hooks.n && !loader && !c->ctx->n_errors)
		diag_error(c->ctx, p->loc, "the policy has no hooks (kprobes, tracepoints, uprobes, usdts or lsmhooks)");
	check_count(c, p->hooks.n, p->loc, LIMIT_HOOKS);
}

/* --- types against BTF ---------------------------------------------------- */

static const char *target_name(const struct tpc_target *t)
{
	return t->path;
}

/* The kernel C type an argument type needs, for messages; NULL when any type will do. */
static const char *argtype_needs(enum argtype t)
{
	const char *k = argtype_kernel(t);

	/* integers and "any pointer" need no explanation: "is 'struct file *', not 'int'" says it */
	if (!strcmp(k, "int") || !strcmp(k, "ptr"))
		return NULL;
	return k[0] ? k : NULL;
}

/* "struct file *" -> "file", "union bpf_attr *" -> "bpf_attr" */
static bool pointee_is(const struct ktype *kt, const char *want)
{
	const char *sp = strchr(want, ' ');
	size_t n;

	if (!sp)
		return false;
	sp++;
	n = strcspn(sp, " *");
	if (kt->pointee)
		return strlen(kt->pointee) == n && !strncmp(kt->pointee, sp, n);
	/* the syscall table spells types without BTF: compare the spelling */
	{
		char buf[128];
		const char *hit;

		snprintf(buf, sizeof(buf), "%.*s", (int)((size_t)(sp - want) + n), want);
		hit = strstr(kt->c, buf);
		return hit && !((hit[strlen(buf)] >= 'a' && hit[strlen(buf)] <= 'z') || hit[strlen(buf)] == '_');
	}
}

static bool arg_compatible(enum argtype t, const struct ktype *kt)
{
	const char *want = argtype_kernel(t);

	if (!want[0])
		return true;
	if (!strcmp(want, "int"))
		return kt->kind == KT_INT || kt->kind == KT_ENUM;
	if (!strcmp(want, "ptr"))
		return kt->kind == KT_PTR || kt->kind == KT_ARRAY;
	if (!strcmp(want, "char *"))
		return (kt->kind == KT_PTR && strstr(kt->c, "char *")) || (kt->kind == KT_ARRAY && strstr(kt->c, "char"));
	if (kt->kind != KT_PTR)
		return false;
	return pointee_is(kt, want);
}

static const char *hook_name(const struct ast_hook *h)
{
	switch (h->kind) {
	case HOOK_LSM:
		return h->hook.s ? h->hook.s : "";
	case HOOK_TRACEPOINT:
		return h->event.s ? h->event.s : "";
	case HOOK_UPROBE:
	case HOOK_USDT:
		return h->path.s ? h->path.s : "";
	default:
		return h->call.s ? h->call.s : "";
	}
}

/* Resolve the prototype of one kernel function or syscall on target t; 0 or -ENOENT (reported). */
static int func_proto(struct checker *c, const struct ast_hook *h, const struct ast_scalar *at, const char *name,
		      bool syscall, const struct tpc_target *t, struct kproto *kp)
{
	char wrapper[160];

	if (syscall) {
		const char *base = syscall_base(name);

		if (syscall_proto(base, kp)) {
			const char *hint = syscall_suggest(base);

			diag_error(c->ctx, at->loc, "'%s' is not a known syscall%s%s%s", name,
				   hint ? "; did you mean 'sys_" : "", hint ? hint : "", hint ? "'?" : "");
			/* 'syscall' defaults to true, which surprises kprobes on kernel functions */
			if (!ast_has(&h->syscall) && !h->list && btf_has_func(t, name))
				diag_note(c->ctx, at->loc,
					  "'%s' is a kernel function; hooks default to 'syscall: true', so add 'syscall: false'",
					  name);
			return -ENOENT;
		}
		snprintf(wrapper, sizeof(wrapper), "__x64_sys_%s", base);
		if (!btf_has_func(t, wrapper)) {
			diag_error(c->ctx, at->loc, "syscall '%s' does not exist in target kernel '%s' (no '%s' in its BTF)",
				   base, target_name(t), wrapper);
			return -ENOENT;
		}
		return 0;
	}
	if (btf_func_proto(c->ctx, t, name, kp)) {
		const char *hint = btf_suggest_func(t, name);

		diag_error(c->ctx, at->loc, "function '%s' not found in the BTF of '%s'%s%s%s", name, target_name(t),
			   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
		return -ENOENT;
	}
	return 0;
}

static const char *proto_text(struct checker *c, const char *name, const struct kproto *kp)
{
	struct strbuf sb;
	int i;

	if (kp->c)
		return kp->c;
	sb_init(&sb, &c->ctx->arena);
	/* syscall_proto leaves ret.c "long"; a raw tracepoint's TP_PROTO returns "void" */
	if (kp->ret.c && !strcmp(kp->ret.c, "void"))
		sb_printf(&sb, "TP_PROTO %s(", name);
	else
		sb_printf(&sb, "long sys_%s(", syscall_base(name));
	for (i = 0; i < kp->nargs; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", kp->args[i].c);
	sb_puts(&sb, ")");
	return sb.buf;
}

/* The location of field `field` in the resolve path r (the first component so named), else of r. */
static struct loc resolve_field_loc(const struct ast_scalar *r, const char *field)
{
	size_t n = strlen(field), len = strlen(r->s);
	struct loc l = r->loc;
	const char *p = r->s;

	while (n && p && *p) {
		if (!strncmp(p, field, n) && (p[n] == '.' || !p[n])) {
			/* a quoted value starts one column after its quote */
			l.col += (int)(p - r->s) + (l.len == (int)len + 2);
			l.len = (int)n;
			return l;
		}
		p = strchr(p, '.');
		if (p)
			p++;
	}
	return r->loc;
}

/* One declared arg against the kernel type it reads; `in` names the target when there are several. */
static void check_arg_type(struct checker *c, const struct ast_hook *h, struct ast_arg *a,
			   const struct ktype *kt, const struct tpc_target *t, const char *fn, const char *from,
			   const char *proto, const char *in)
{
	const struct ktype *final = kt;
	struct ktype rk;

	if (ast_has(&a->resolve) && a->resolve.s[0]) {
		const char *bad;
		int depth = 1;
		const char *q;

		for (q = a->resolve.s; *q; q++)
			depth += *q == '.';
		if (depth > LIM(RESOLVE_DEPTH)) {
			diag_error(c->ctx, a->resolve.loc, "%d fields in a resolve path; the limit is %d", depth,
				   LIM(RESOLVE_DEPTH));
			return;
		}
		if (btf_resolve_path(c->ctx, t, kt, a->resolve.s, &rk, &bad)) {
			diag_error(c->ctx, resolve_field_loc(&a->resolve, bad),
				   "cannot resolve '%s' from arg %d ('%s') of '%s': no field '%s'%s", a->resolve.s, a->idx,
				   kt->c, fn, bad, in);
			return;
		}
		final = &rk;
		/* cgen walks the path again from here against its target (cgen_resolve.c) */
		a->resolve_root = btf_resolve_root(c->ctx, t, kt);
	}
	if (!arg_compatible(a->atype, final)) {
		const char *want = argtype_needs(a->atype);

		if (final == &rk)
			diag_error(c->ctx, a->type.loc, "'%s' of arg %d of '%s' is '%s', not '%s'%s%s%s%s", a->resolve.s,
				   a->idx, fn, final->c, a->type.s, want ? " (which needs " : "", want ? want : "",
				   want ? ")" : "", in);
		else
			diag_error(c->ctx, a->type.loc, "arg %d of '%s' is '%s', not '%s'%s%s%s%s", a->idx, fn, final->c,
				   a->type.s, want ? " (which needs '" : "", want ? want : "", want ? "')" : "", in);
		if (proto)
			diag_note(c->ctx, (struct loc){ 0 }, "from %s: %s", from, proto);
	}
	(void)h;
}

/* The args of a kernel function / syscall / LSM hook / raw tracepoint against its prototype. */
static void check_args_against(struct checker *c, struct ast_hook *h, const char *fn, const struct kproto *kp,
			       const struct tpc_target *t, const char *from)
{
	const char *in = c->n_targets > 1 ? arena_printf(&c->ctx->arena, " in target '%s'", t->path) : "";
	int i;

	for (i = 0; i < h->args.n; i++) {
		struct ast_arg *a = &h->args.v[i];

		if (a->idx < 0 || (int)a->atype < 0)
			continue;
		if (a->idx >= kp->nargs) {
			diag_error(c->ctx, a->index.loc, "arg index %d is out of range: '%s' takes %d argument%s%s", a->idx,
				   fn, kp->nargs, kp->nargs == 1 ? "" : "s", in);
			diag_note(c->ctx, (struct loc){ 0 }, "from %s: %s", from, proto_text(c, fn, kp));
			continue;
		}
		check_arg_type(c, h, a, &kp->args[a->idx], t, fn, from, proto_text(c, fn, kp), in);
		if (ast_has(&a->size_arg_index)) {
			long long v;

			/* 1-based, as in Tetragon: sizeArgIndex N is arg N-1 */
			if (parse_uint_scalar(c, &a->size_arg_index, &v, "sizeArgIndex") && v >= 1 && v > kp->nargs)
				diag_error(c->ctx, a->size_arg_index.loc,
					   "sizeArgIndex %lld is out of range: '%s' takes %d argument%s (sizeArgIndex "
					   "counts from 1)%s", v, fn, kp->nargs, kp->nargs == 1 ? "" : "s", in);
		}
	}
	if (h->has_return_arg && h->is_return && (int)h->return_arg.atype >= 0 &&
	    !arg_compatible(h->return_arg.atype, &kp->ret)) {
		const char *want = argtype_needs(h->return_arg.atype);

		diag_error(c->ctx, h->return_arg.type.loc, "'%s' returns '%s', not '%s'%s%s%s%s", fn, kp->ret.c,
			   h->return_arg.type.s, want ? " (which needs '" : "", want ? want : "", want ? "')" : "", in);
	}
}

/* The 'data' entries' field paths from the current task, against target t. */
static void check_data_types(struct checker *c, const struct ast_hook *h, const struct tpc_target *t)
{
	const struct ktype task = { .kind = KT_PTR, .size = 8, .c = "struct task_struct *", .pointee = "task_struct" };
	const char *in = c->n_targets > 1 ? arena_printf(&c->ctx->arena, " in target '%s'", t->path) : "";
	int i;

	for (i = 0; i < h->data.n; i++) {
		const struct ast_arg *a = &h->data.v[i];
		const char *bad;
		struct ktype rk;

		if (!a->resolve_root || (int)a->atype < 0)
			continue;
		if (btf_resolve_path(c->ctx, t, &task, a->resolve.s, &rk, &bad)) {
			diag_error(c->ctx, resolve_field_loc(&a->resolve, bad), "cannot resolve '%s' from the current "
				   "task ('struct task_struct *'): no field '%s'%s", a->resolve.s, bad, in);
		} else if (!arg_compatible(a->atype, &rk)) {
			const char *want = argtype_needs(a->atype);

			diag_error(c->ctx, a->type.loc, "'%s' of the current task is '%s', not '%s'%s%s%s%s", a->resolve.s,
				   rk.c, a->type.s, want ? " (which needs " : "", want ? want : "", want ? ")" : "", in);
		}
	}
}

static void check_kprobe_types(struct checker *c, struct ast_hook *h)
{
	int ti, i, missing = 0;

	for (ti = 0; ti < c->n_targets; ti++) {
		const struct tpc_target *t = &c->targets[ti];
		struct kproto kp;

		check_data_types(c, h, t);
		if (h->list) {
			const char *type = ast_has(&h->list->type) ? h->list->type.s : "";

			/* generated lists are resolved by Tetragon when loading: nothing to check here */
			if (!strncmp(type, "generated_", 10))
				continue;
			for (i = 0; i < h->list->values.n; i++) {
				const struct ast_scalar *v = &h->list->values.v[i];

				/* an unknown syscall in a list was reported with the list */
				if (has_nul(v) || (h->is_syscall && syscall_proto(syscall_base(v->s), &kp)))
					continue;
				if (!func_proto(c, h, v, v->s, h->is_syscall, t, &kp))
					check_args_against(c, h, v->s, &kp, t,
							   h->is_syscall ? "the syscall table" : "BTF");
			}
			continue;
		}
		if (h->optional && !h->is_syscall && !btf_has_func(t, h->call.s)) {
			/* Tetragon: the hook is left out where the kernel lacks the function */
			diag_warning(c->ctx, h->call.loc, "function '%s' not found in the BTF of '%s'; "
				     "'ignore.callNotFound' leaves the hook out there", h->call.s, target_name(t));
			missing++;
			continue;
		}
		if (!func_proto(c, h, &h->call, h->call.s, h->is_syscall, t, &kp))
			check_args_against(c, h, h->call.s, &kp, t, h->is_syscall ? "the syscall table" : "BTF");
	}
	h->absent = c->n_targets && missing == c->n_targets;
}

static void check_lsm_types(struct checker *c, struct ast_hook *h)
{
	int ti;

	for (ti = 0; ti < c->n_targets; ti++) {
		const struct tpc_target *t = &c->targets[ti];
		char wrapper[160];
		struct kproto kp;

		snprintf(wrapper, sizeof(wrapper), "bpf_lsm_%s", h->hook.s);
		if (btf_func_proto(c->ctx, t, wrapper, &kp)) {
			const char *hint = btf_suggest_func(t, wrapper);

			diag_error(c->ctx, h->hook.loc, "LSM hook '%s' not found in target kernel '%s' (no '%s' in its BTF)%s%s%s",
				   h->hook.s, target_name(t), wrapper, hint && !strncmp(hint, "bpf_lsm_", 8) ? "; did you mean '" : "",
				   hint && !strncmp(hint, "bpf_lsm_", 8) ? hint + 8 : "",
				   hint && !strncmp(hint, "bpf_lsm_", 8) ? "'?" : "");
			continue;
		}
		check_args_against(c, h, h->hook.s, &kp, t, "BTF");
	}
}

static void check_tracepoint_types(struct checker *c, struct ast_hook *h, bool raw)
{
	int ti, i;

	for (ti = 0; ti < c->n_targets; ti++) {
		const struct tpc_target *t = &c->targets[ti];
		const char *in = c->n_targets > 1 ? arena_printf(&c->ctx->arena, " in target '%s'", t->path) : "";
		const char *tp = arena_printf(&c->ctx->arena, "%s/%s", h->subsystem.s, h->event.s);
		struct tp_info ti_;
		struct kproto kp;
		int err;

		if (raw) {
			if (btf_raw_tracepoint(c->ctx, t, h->event.s, &kp)) {
				diag_error(c->ctx, h->event.loc, "raw tracepoint '%s' not found in target kernel '%s' (no '%s' "
					   "in its BTF)", h->event.s, target_name(t),
					   arena_printf(&c->ctx->arena, "btf_trace_%s", h->event.s));
				continue;
			}
			check_args_against(c, h, h->event.s, &kp, t, "BTF");
			continue;
		}
		err = btf_tracepoint(c->ctx, t, h->subsystem.s, h->event.s, &ti_);
		if (err == -ENOENT) {
			diag_error(c->ctx, h->event.loc, "tracepoint '%s' not found in target kernel '%s'", tp, target_name(t));
			continue;
		}
		if (err) {
			if (h->args.n) {
				diag_warning(c->ctx, h->event.loc, "the fields of tracepoint '%s' are not described by the BTF "
					     "of '%s'; arg types are not checked", tp, target_name(t));
				/* code generation reads fields at their offsets: without a layout it cannot */
				unsupported(c, h->event.loc, arena_printf(&c->ctx->arena, "reading the fields of tracepoint "
									  "'%s' without their layout", tp));
			}
			continue;
		}
		for (i = 0; i < h->args.n; i++) {
			struct ast_arg *a = &h->args.v[i];
			const char *from = arena_printf(&c->ctx->arena, "%s: field %d is '%s %s'", ti_.source, a->idx,
							a->idx >= 0 && a->idx < ti_.nfields ? ti_.fields[a->idx].c : "",
							a->idx >= 0 && a->idx < ti_.nfields ? ti_.names[a->idx] : "");

			if (a->idx < 0 || (int)a->atype < 0)
				continue;
			if (a->idx >= ti_.nfields) {
				diag_error(c->ctx, a->index.loc, "arg index %d is out of range: tracepoint '%s' has %d field%s "
					   "(common_* fields included)%s", a->idx, tp, ti_.nfields,
					   ti_.nfields == 1 ? "" : "s", in);
				continue;
			}
			if (ast_has(&a->resolve) && ti == 0)	/* typed below without it */
				unsupported(c, a->resolve.key_loc, "'resolve' on a tracepoint field (use 'raw: true')");
			if (!arg_compatible(a->atype, &ti_.fields[a->idx])) {
				const char *want = argtype_needs(a->atype);

				diag_error(c->ctx, a->type.loc, "field %d ('%s') of tracepoint '%s' is '%s', not '%s'%s%s%s%s",
					   a->idx, ti_.names[a->idx], tp, ti_.fields[a->idx].c, a->type.s,
					   want ? " (which needs '" : "", want ? want : "", want ? "')" : "", in);
				diag_note(c->ctx, (struct loc){ 0 }, "from %s", from);
			}
			/* where code generation reads the field; one object cannot serve two layouts */
			if (ti == 0) {
				a->tp_offset = ti_.offsets ? ti_.offsets[a->idx] : -1;
				a->tp_size = ti_.fields[a->idx].size;
				a->tp_signed = ti_.fields[a->idx].is_signed;
			} else if (ti_.offsets && a->tp_offset != ti_.offsets[a->idx]) {
				diag_error(c->ctx, a->index.loc, "field %d ('%s') of tracepoint '%s' is at offset %d in target "
					   "'%s' but %d in '%s'; compile one object per kernel", a->idx, ti_.names[a->idx], tp,
					   ti_.offsets[a->idx], t->path, a->tp_offset, c->targets[0].path);
			}
		}
	}
}

/* --- args ----------------------------------------------------------------- */

static const struct ast_arg *find_arg_in(const struct ast_hook *h, int idx, bool data)
{
	int i, n = data ? h->data.n : h->args.n;
	const struct ast_arg *v = data ? h->data.v : h->args.v;

	for (i = 0; i < n; i++)
		if (v[i].idx == idx)
			return &v[i];
	return NULL;
}

static bool is_buffer(enum argtype t)
{
	return t == ARG_CHAR_BUF || t == ARG_CHAR_IOVEC || t == ARG_IOV_ITER || t == ARG_CONST_BUF;
}

/* Decode one arg; `what` is "args", "data" or "returnArg". */
static void check_one_arg(struct checker *c, struct ast_hook *h, struct ast_arg *a, const char *what, int max_idx)
{
	long long v;
	int t;

	a->idx = -1;
	a->atype = (enum argtype)-1;
	if (ast_has(&a->index) && parse_int_at(c, a->index.s, a->index.loc, 4, true, &v, "an arg index")) {
		if (v < 0 || v > max_idx)
			diag_error(c->ctx, a->index.loc, "arg index %lld is out of range 0..%d", v, max_idx);
		else
			a->idx = (int)v;
	} else if (!ast_has(&a->index) && !strcmp(what, "returnArg")) {
		a->idx = 0;
	}
	if (!ast_has(&a->type))
		return;
	t = argtype_lookup(a->type.s);
	if (t < 0) {
		const char *names[ARG__N];
		int k;

		if (!strcmp(a->type.s, "auto")) {
			/* Tetragon's default: the type comes from BTF */
			if (!cg_key("arg", "auto"))
				unsupported(c, a->type.loc, "argument type 'auto' (the type taken from BTF)");
			return;
		}
		for (k = 0; k < ARG__N; k++)
			names[k] = argtype_name((enum argtype)k);
		unknown_name(c, a->type.loc, "argument type", a->type.s, names, ARG__N);
		return;
	}
	a->atype = (enum argtype)t;
	if (!cg_argtype(a->atype))
		unsupported(c, a->type.loc, arena_printf(&c->ctx->arena, "argument type '%s'", a->type.s));
	if (ast_has(&a->size_arg_index)) {
		if (a->atype != ARG_CHAR_BUF && a->atype != ARG_CHAR_IOVEC)
			diag_error(c->ctx, a->size_arg_index.key_loc, "'sizeArgIndex' is only for types 'char_buf' and "
				   "'char_iovec', not '%s'", a->type.s);
		else if (parse_uint_scalar(c, &a->size_arg_index, &v, "sizeArgIndex") && v > 6)
			diag_error(c->ctx, a->size_arg_index.loc, "sizeArgIndex %lld is out of range 0..6", v);
		if (!cg_key("arg", "sizeArgIndex"))
			unsupported(c, a->size_arg_index.key_loc, "'sizeArgIndex'");
		else if (h->kind == HOOK_TRACEPOINT)	/* cgen reads the size from a register or args[] */
			unsupported(c, a->size_arg_index.key_loc, "'sizeArgIndex' on a tracepoint");
	}
	if (ast_has(&a->return_copy)) {
		if (parse_bool(c, &a->return_copy, false)) {
			if (!is_buffer(a->atype))
				diag_error(c->ctx, a->return_copy.key_loc, "'returnCopy' is only for buffer types "
					   "('char_buf', 'char_iovec'), not '%s'", a->type.s);
			else if (!h->is_return)
				diag_error(c->ctx, a->return_copy.key_loc, "'returnCopy' needs 'return: true' (the buffer "
					   "is read when the function returns)");
			if (!cg_key("arg", "returnCopy"))
				unsupported(c, a->return_copy.key_loc, "'returnCopy'");
			else if (a->atype == ARG_IOV_ITER)	/* cgen.c gen_exit: char_buf, char_iovec */
				unsupported(c, a->return_copy.key_loc, arena_printf(&c->ctx->arena, "'returnCopy' on type '%s'",
										     a->type.s));
			else if (h->kind != HOOK_KPROBE && h->kind != HOOK_UPROBE)	/* gen_exit: kretprobe, uretprobe */
				unsupported(c, a->return_copy.key_loc, "'returnCopy' outside a kprobe or uprobe");
		}
	}
	if (ast_has(&a->max_data)) {
		if (parse_bool(c, &a->max_data, false)) {
			if (!is_buffer(a->atype))
				diag_error(c->ctx, a->max_data.key_loc, "'maxData' is only for buffer types ('char_buf', "
					   "'char_iovec', 'iov_iter'), not '%s'", a->type.s);
			if (!cg_key("arg", "maxData"))
				unsupported(c, a->max_data.key_loc, "'maxData'");
		}
	}
	if (ast_has(&a->resolve)) {
		const char *r = a->resolve.s;

		if (!r[0] || r[0] == '.' || r[strlen(r) - 1] == '.' || strstr(r, ".."))
			diag_error(c->ctx, a->resolve.loc, "'%s' is not a field path (e.g. 'mm.owner.comm')", r);
		if (!cg_key("arg", "resolve"))
			unsupported(c, a->resolve.key_loc, "'resolve'");
	}
	if (ast_has(&a->source) && strcmp(what, "data") && !cg_key("arg", "source"))
		unsupported(c, a->source.key_loc, "'source'");
	check_len(c, &a->label, LIMIT_ARG_LABEL, "an arg label");
}

/* 'source: pt_regs': resolve names a register of the probe's struct pt_regs */
static void check_data_regs(struct checker *c, const struct ast_hook *h, struct ast_arg *a)
{
	const char *names[4 * 32];	/* lang.def REGISTER: 17 members */
	int i, j, n = 0;

	if (!ast_has(&a->resolve)) {
		diag_error(c->ctx, a->source.loc, "a 'pt_regs' data entry needs 'resolve', a register name "
			   "(e.g. 'rax', 'edi', 'r8')");
		return;
	}
	for (i = 0; i < tpc_n_registers && i < 32; i++) {
		for (j = 0; j < 4 && tpc_registers[i].names[j]; j++) {
			if (!strcmp(a->resolve.s, tpc_registers[i].names[j])) {
				a->reg = tpc_registers[i].member;
				a->reg_size = 8 >> j;
			}
			names[n++] = tpc_registers[i].names[j];
		}
	}
	if (!a->reg) {
		unknown_name(c, a->resolve.loc, "x86-64 register", a->resolve.s, names, n);
		return;
	}
	if ((int)a->atype >= 0 && argtype_class(a->atype) != ATC_INT && a->atype != ARG_STRING)
		diag_error(c->ctx, a->type.loc, "a 'pt_regs' data entry holds a register: its type is an integer type "
			   "or 'string' (the register points to it), not '%s'", a->type.s);
	/*
	 * The registers are the probe's own: a kprobe's on the function, an
	 * uprobe's in user space. A syscall kprobe's (lower.c: the wrapper's,
	 * or none in its tracepoint variant) and a list's shared program's
	 * are not one function's.
	 */
	if (h->kind != HOOK_KPROBE && h->kind != HOOK_UPROBE)
		diag_error(c->ctx, a->source.loc, "'source: pt_regs' is for kprobes and uprobes, whose probe has "
			   "registers, not %s", hook_kind_names[h->kind]);
	else if (h->is_syscall || h->list)
		unsupported(c, a->source.loc, arena_printf(&c->ctx->arena, "data 'source: pt_regs' on %s",
							   h->list ? "a hook of a list" : "a syscall kprobe"));
}

/*
 * A 'data' entry: as in Tetragon, 'source: current_task' reads field path
 * 'resolve' of the current task's task_struct (checked against each
 * target's BTF by check_data_types); 'pt_regs' reads a register.
 */
static void check_data_source(struct checker *c, const struct ast_hook *h, struct ast_arg *a)
{
	const char *src = ast_has(&a->source) ? a->source.s : "";

	if (!strcmp(src, "current_task")) {
		if (!ast_has(&a->resolve))
			diag_error(c->ctx, a->source.loc, "a 'current_task' data entry needs 'resolve', a field path of "
				   "the task (e.g. 'tgid' or 'real_parent.tgid')");
		else
			a->resolve_root = "task_struct";
	} else if (!strcmp(src, "pt_regs")) {
		check_data_regs(c, h, a);
	} else if (ast_has(&a->source)) {
		diag_error(c->ctx, a->source.loc, "unknown data source '%s' (one of 'current_task', 'pt_regs')", src);
	} else {
		diag_error(c->ctx, a->loc, "a data entry needs 'source' ('current_task' or 'pt_regs')");
	}
}

static void check_args(struct checker *c, struct ast_hook *h)
{
	/* kprobes have 6 register args; tracepoint args index the format's fields */
	int max_idx = h->kind == HOOK_TRACEPOINT && !parse_bool(c, &h->raw, false) ? 63 : 5;
	int i, j;

	check_count(c, h->args.n, h->args.loc, LIMIT_ARGS);
	for (i = 0; i < h->args.n; i++) {
		struct ast_arg *a = &h->args.v[i];

		check_one_arg(c, h, a, "args", max_idx);
		for (j = 0; j < i; j++) {
			if (a->idx >= 0 && h->args.v[j].idx == a->idx) {
				diag_error(c->ctx, a->index.loc, "arg index %d is declared twice", a->idx);
				diag_note(c->ctx, h->args.v[j].index.loc, "first declared here");
			}
		}
	}
	check_count(c, h->data.n, h->data.loc, LIMIT_DATA);
	for (i = 0; i < h->data.n; i++) {
		struct ast_arg *a = &h->data.v[i];

		check_one_arg(c, h, a, "data", 63);
		for (j = 0; j < i; j++) {
			if (a->idx >= 0 && h->data.v[j].idx == a->idx) {
				diag_error(c->ctx, a->index.loc, "data index %d is declared twice", a->idx);
				diag_note(c->ctx, h->data.v[j].loc, "first declared here");
			}
		}
		check_data_source(c, h, a);
	}
	if (h->data.present && !cg_key("kprobe", "data"))
		unsupported(c, h->data.loc, "'data'");
}

/* --- matchArgs values ----------------------------------------------------- */

static bool parse_int_value(struct checker *c, const struct ast_arg *a, const struct ast_scalar *v, long long *out)
{
	const char *what = arena_printf(&c->ctx->arena, "arg %d ('%s')", a->idx, argtype_name(a->atype));
	int w = argtype_width(a->atype);

	return parse_int_at(c, v->s, v->loc, w ? w : 8, argtype_signed(a->atype), out, what);
}

/* InRange/NotInRange values are "min:max". */
static void check_range_value(struct checker *c, const struct ast_arg *a, enum op op, const struct ast_scalar *v)
{
	const char *what = arena_printf(&c->ctx->arena, "arg %d ('%s')", a->idx, argtype_name(a->atype));
	int w = argtype_width(a->atype) ? argtype_width(a->atype) : 8;
	bool sgn = argtype_signed(a->atype);
	const char *colon = strchr(v->s, ':');
	long long lo, hi;

	if (!colon) {
		diag_error(c->ctx, v->loc, "'%s' is not a range; %s values are written 'min:max'", v->s, op_name(op));
		return;
	}
	if (!parse_int_at(c, arena_strndup(&c->ctx->arena, v->s, (size_t)(colon - v->s)), v->loc, w, sgn, &lo, what) ||
	    !parse_int_at(c, colon + 1, v->loc, w, sgn, &hi, what))
		return;
	if (sgn ? lo > hi : (unsigned long long)lo > (unsigned long long)hi)
		diag_error(c->ctx, v->loc, "empty range '%s': min is greater than max", v->s);
}

static void check_addr_value(struct checker *c, const struct ast_scalar *v)
{
	char buf[64];
	const char *slash = strchr(v->s, '/');
	unsigned char addr[16];
	size_t n = slash ? (size_t)(slash - v->s) : strlen(v->s);
	bool v6;
	long long plen;

	if (n >= sizeof(buf))
		goto bad;
	memcpy(buf, v->s, n);
	buf[n] = 0;
	v6 = strchr(buf, ':') != NULL;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, addr) != 1)
		goto bad;
	if (slash) {
		char *end;

		errno = 0;
		plen = strtoll(slash + 1, &end, 10);
		if (!slash[1] || *end || errno || plen < 0 || plen > (v6 ? 128 : 32)) {
			diag_error(c->ctx, v->loc, "'%s' has an invalid prefix length (0..%d)", v->s, v6 ? 128 : 32);
			return;
		}
	}
	return;
bad:
	diag_error(c->ctx, v->loc, "'%s' is not an IPv4 or IPv6 address or CIDR (e.g. '10.0.0.0/8')", v->s);
}

/* SPort/DPort values: a port or a range of ports "min:max", as in Tetragon. */
static void check_port_value(struct checker *c, const struct ast_scalar *v)
{
	const char *colon = strchr(v->s, ':');
	long long lo, hi;

	if (!colon) {
		parse_int_at(c, v->s, v->loc, 2, false, &lo, "a port");
		return;
	}
	if (!parse_int_at(c, arena_strndup(&c->ctx->arena, v->s, (size_t)(colon - v->s)), v->loc, 2, false, &lo,
			  "a port") || !parse_int_at(c, colon + 1, v->loc, 2, false, &hi, "a port"))
		return;
	if (lo > hi)
		diag_error(c->ctx, v->loc, "empty port range '%s': min is greater than max", v->s);
}

/* A value that is a number or one of `names` (upper case, as in the kernel headers). */
static void check_named_value(struct checker *c, const struct ast_scalar *v, const char *what,
			      const char *const *names, int n, int max)
{
	long long x;
	char *end;

	if (is_one_of(v->s, names, n))
		return;
	errno = 0;
	x = strtoll(v->s, &end, 0);
	if (v->s[0] && !*end && !errno) {
		if (x < 0 || x > max)
			diag_error(c->ctx, v->loc, "%s %lld is out of range 0..%d", what, x, max);
		return;
	}
	unknown_name(c, v->loc, what, v->s, names, n);
}

static int cap_number(const char *s)
{
	int i;

	for (i = 0; i < tpc_n_capabilities; i++)
		if (!strcmp(tpc_capabilities[i].name, s))
			return tpc_capabilities[i].nr;
	return -1;
}

static void check_cap_value(struct checker *c, const struct ast_scalar *v)
{
	const char *names[64];
	int i;

	if (cap_number(v->s) >= 0)
		return;
	for (i = 0; i < tpc_n_capabilities && i < 64; i++)
		names[i] = tpc_capabilities[i].name;
	unknown_name(c, v->loc, "capability", v->s, names, i);
}

/* An InMap/NotInMap value "list:NAME": a list of syscalls, whose x86-64 numbers are the values. */
static void check_map_list(struct checker *c, const struct ast_scalar *v)
{
	const struct ast_list *l = list_ref(c, v);
	struct kproto kp;
	int j;

	if (!l)
		return;
	if (!ast_has(&l->type) || (strcmp(l->type.s, "syscalls") && strcmp(l->type.s, "generated_syscalls"))) {
		unsupported(c, v->loc, arena_printf(&c->ctx->arena, "an InMap/NotInMap value 'list:' of a list of type '%s'",
						    ast_has(&l->type) ? l->type.s : ""));
		return;
	}
	for (j = 0; j < l->values.n; j++) {
		const struct ast_scalar *s = &l->values.v[j];

		if (!strncmp(s->s, "__arm64_sys_", 12))
			unsupported(c, s->loc, arena_printf(&c->ctx->arena, "a syscall of another ABI ('%s') in an "
							    "InMap/NotInMap list", s->s));
		else if (!strncmp(s->s, "__ia32_sys_", 11) && syscall_id(s->s) < 0)
			diag_error(c->ctx, s->loc, "tpc has no i386 syscall number for '%s'", s->s);
		else if (strncmp(s->s, "__ia32_sys_", 11) && syscall_nr(syscall_base(s->s)) < 0 &&
			 !syscall_proto(syscall_base(s->s), &kp))
			/* names that are not syscalls at all were reported by check_lists() */
			diag_error(c->ctx, s->loc, "tpc has no x86-64 syscall number for '%s'", s->s);
	}
}

static void check_op_values(struct checker *c, const struct ast_match *m, const struct ast_arg *a)
{
	static const char *const protos[] = { "IPPROTO_IP", "IPPROTO_ICMP", "IPPROTO_TCP", "IPPROTO_UDP",
					      "IPPROTO_IPV6", "IPPROTO_ICMPV6", "IPPROTO_SCTP", "IPPROTO_RAW",
					      "IPPROTO_MPTCP", "IPPROTO_UDPLITE", "IPPROTO_IGMP", "IPPROTO_GRE" };
	static const char *const families[] = { "AF_UNSPEC", "AF_UNIX", "AF_LOCAL", "AF_INET", "AF_INET6",
						"AF_NETLINK", "AF_PACKET", "AF_VSOCK", "AF_XDP", "AF_BLUETOOTH" };
	static const char *const states[] = { "TCP_ESTABLISHED", "TCP_SYN_SENT", "TCP_SYN_RECV", "TCP_FIN_WAIT1",
					      "TCP_FIN_WAIT2", "TCP_TIME_WAIT", "TCP_CLOSE", "TCP_CLOSE_WAIT",
					      "TCP_LAST_ACK", "TCP_LISTEN", "TCP_CLOSING", "TCP_NEW_SYN_RECV" };
	enum opv kind = op_values(m->op);
	int j;

	if (kind == OPV_ANY)
		kind = argtype_opkinds(a->atype) & OPK_INT ? OPV_INT : OPV_STRING;
	if (kind == OPV_NONE) {
		if (m->values.n)
			diag_warning(c->ctx, m->values.loc, "operator '%s' takes no values; they have no effect",
				     m->operator.s);
		return;
	}
	if (!m->values.n) {
		diag_error(c->ctx, m->values.present ? m->values.loc : m->loc, "operator '%s' needs at least one value",
			   m->operator.s);
		return;
	}
	/* compared through one map lookup (strmap.c, lower_net.c), they are not bounded by the code size */
	check_count(c, m->values.n, m->values.loc,
		    kind == OPV_ADDR || (kind == OPV_STRING && (m->op == OP_EQUAL || m->op == OP_NOT_EQUAL ||
								 m->op == OP_PREFIX || m->op == OP_NOT_PREFIX ||
								 m->op == OP_POSTFIX || m->op == OP_NOT_POSTFIX)) ?
		    LIMIT_MAP_VALUES : LIMIT_VALUES);
	for (j = 0; j < m->values.n; j++) {
		const struct ast_scalar *v = &m->values.v[j];
		long long x;

		if (kind == OPV_STRING) {
			check_len(c, v, LIMIT_STRING_VALUE, "a string value");
			/* Tetragon drops trailing NULs from the values of string
			 * args ("/etc/passwd\\0" is "/etc/passwd"); lowering reads
			 * values up to their first NUL, which is the same thing. */
			if (has_nul(v) && !(a->atype == ARG_STRING && trailing_nuls_only(v)) && !cg_key("value", "nul"))
				unsupported(c, v->loc, "a string value with a NUL character ('\\0') other than trailing "
						       "ones on a 'string' argument");
			continue;
		}
		if (!check_no_nul(c, v))
			continue;
		switch (kind) {
		case OPV_INT:
			parse_int_value(c, a, v, &x);
			break;
		case OPV_RANGE:
			check_range_value(c, a, m->op, v);
			break;
		case OPV_ADDR:
			check_addr_value(c, v);
			break;
		case OPV_PORT:
			check_port_value(c, v);
			break;
		case OPV_PROTOCOL:
			check_named_value(c, v, "protocol", protos, ARRAY_SIZE(protos), 255);
			break;
		case OPV_FAMILY:
			check_named_value(c, v, "address family", families, ARRAY_SIZE(families), 45);
			break;
		case OPV_STATE:
			check_named_value(c, v, "TCP state", states, ARRAY_SIZE(states), 12);
			break;
		case OPV_MAP:
			if (!strncmp(v->s, "list:", 5))
				check_map_list(c, v);
			else if (strchr(v->s, ':'))
				check_range_value(c, a, m->op, v);
			else
				parse_int_value(c, a, v, &x);
			break;
		case OPV_CAP:
			check_cap_value(c, v);
			break;
		case OPV_FILETYPE: {
			const char *ftypes[16];	/* lang.def FILETYPE */
			int k;

			for (k = 0; k < tpc_n_filetypes && k < 16; k++)
				ftypes[k] = tpc_filetypes[k].name;
			if (!is_one_of(v->s, ftypes, k))
				unknown_name(c, v->loc, "file type", v->s, ftypes, k);
			break;
		}
		default:
			break;
		}
	}
}

/* InMap/NotInMap: remember the list each "list:NAME" value names, for lower.c. */
static void resolve_map_lists(struct checker *c, struct ast_match *m)
{
	int j;

	m->lists = arena_alloc(&c->ctx->arena, sizeof(*m->lists) * (size_t)(m->values.n + 1));
	for (j = 0; j < m->values.n; j++)
		m->lists[j] = strncmp(m->values.v[j].s, "list:", 5) ? NULL : find_list(c->p, m->values.v[j].s + 5);
}

/* matchArgs / matchReturnArgs / matchData: `args` is what the indexes refer to. */
static void check_match_list(struct checker *c, struct ast_hook *h, ast_match_list *l, const char *sel)
{
	bool ret = !strcmp(sel, "matchReturnArgs"), data = !strcmp(sel, "matchData");
	int i, j;

	check_count(c, l->n, l->loc, LIMIT_MATCH_ARGS);
	for (i = 0; i < l->n; i++) {
		struct ast_match *m = &l->v[i];
		const struct ast_arg *a = NULL;
		/* Tetragon's CapabilitiesGained takes its two capability sets from `args: [i, j]` */
		bool gained = ast_has(&m->operator) && !strcmp(m->operator.s, "CapabilitiesGained") && !ret && !data;
		long long v;
		int op;

		m->idx = -1;
		m->idx2 = -1;
		m->op = (enum op)-1;
		if (m->args.present) {
			for (j = 0; j < m->args.n; j++)
				if (parse_int_at(c, m->args.v[j].s, m->args.v[j].loc, 4, false, &v, "an arg index") &&
				    !find_arg_in(h, (int)v, data))
					diag_error(c->ctx, m->args.v[j].loc, "%s arg %lld does not refer to a declared arg of '%s'",
						   sel, v, hook_name(h));
			if (gained && m->args.n != 2)
				diag_error(c->ctx, m->args.loc, "operator 'CapabilitiesGained' takes two args (args: [i, j]), "
					   "not %d", m->args.n);
			else if (!gained && !cg_key(sel, "args"))
				unsupported(c, m->args.loc,
					    arena_printf(&c->ctx->arena, "'args' in %s (several arguments per entry)", sel));
		}
		if (gained && m->args.n == 2) {
			const struct ast_arg *a2;
			long long v2;

			if (parse_int_at(c, m->args.v[0].s, m->args.v[0].loc, 4, false, &v, "an arg index") &&
			    parse_int_at(c, m->args.v[1].s, m->args.v[1].loc, 4, false, &v2, "an arg index") &&
			    (a = find_arg_in(h, (int)v, false)) && (a2 = find_arg_in(h, (int)v2, false))) {
				m->idx = (int)v;
				m->idx2 = (int)v2;
				if (!is_cap_set(a2->atype))
					diag_error(c->ctx, m->args.v[1].loc, "operator 'CapabilitiesGained' compares capability "
						   "sets: arg %d of type '%s' is not one (kernel_cap_t, cap_inheritable, "
						   "cap_permitted, cap_effective)", m->idx2, a2->type.s);
			} else {
				a = NULL;
			}
		} else if (ret) {
			/* matchReturnArgs compares the return value: its index can only be 0 */
			if (ast_has(&m->index) && parse_int_at(c, m->index.s, m->index.loc, 4, false, &v, "an arg index") &&
			    v != 0)
				diag_error(c->ctx, m->index.loc, "matchReturnArgs index must be 0 (the return value)");
			m->idx = 0;
			a = h->has_return_arg ? &h->return_arg : NULL;
		} else if (!ast_has(&m->index)) {
			if (!m->args.present)
				diag_error(c->ctx, m->loc, "%s entry is missing required key 'index'", sel);
		} else if (parse_int_at(c, m->index.s, m->index.loc, 4, true, &v, "an arg index")) {
			m->idx = (int)v;
			/* a tracepoint's args index format fields; its matchArgs index its args list */
			if (h->kind == HOOK_TRACEPOINT && !data)
				a = v >= 0 && v < h->args.n ? &h->args.v[v] : NULL;
			else
				a = find_arg_in(h, m->idx, data);
			if (!a && h->kind == HOOK_TRACEPOINT && !data)
				diag_error(c->ctx, m->index.loc, "%s index %d is out of range: the tracepoint declares %d "
					   "arg%s (a tracepoint's matchArgs index counts its 'args' entries)", sel, m->idx,
					   h->args.n, h->args.n == 1 ? "" : "s");
			else if (!a)
				diag_error(c->ctx, m->index.loc, "%s index %d does not refer to a declared %s of '%s'", sel,
					   m->idx, data ? "data arg" : "arg", hook_name(h));
		}
		if (!ast_has(&m->operator))
			continue;
		op = op_lookup(m->operator.s);
		if (op < 0) {
			const char *names[OP__N];

			for (j = 0; j < OP__N; j++)
				names[j] = op_name((enum op)j);
			unknown_name(c, m->operator.loc, "operator", m->operator.s, names, OP__N);
			continue;
		}
		m->op = (enum op)op;
		if (op == OP_IN || op == OP_NOT_IN) {
			diag_error(c->ctx, m->operator.loc, "operator '%s' is for matchPIDs, matchBinaries and "
				   "matchNamespaces, not %s", m->operator.s, sel);
			continue;
		}
		if (!a || (int)a->atype < 0) {
			if (!m->values.n && op_values(m->op) != OPV_NONE && !gained)
				diag_error(c->ctx, m->values.present ? m->values.loc : m->loc,
					   "operator '%s' needs at least one value", m->operator.s);
			continue;
		}
		if (!(op_kinds(m->op) & argtype_opkinds(a->atype))) {
			diag_error(c->ctx, m->operator.loc, "operator '%s' cannot be applied to %s %d of type '%s'",
				   m->operator.s, ret ? "the return value" : "arg", m->idx, a->type.s);
			continue;
		}
		if (gained) {
			/* Tetragon ignores its values; the sets are the two args */
			if (!m->args.present)
				diag_error(c->ctx, m->operator.loc, "operator 'CapabilitiesGained' compares two capability "
					   "sets: it needs 'args: [i, j]' (true when arg j has a capability arg i lacks)");
			else if (m->idx2 < 0)
				;	/* no valid `args`: reported above */
			else if (!is_cap_set(a->atype))
				diag_error(c->ctx, m->args.v[0].loc, "operator 'CapabilitiesGained' compares capability sets: "
					   "arg %d of type '%s' is not one (kernel_cap_t, cap_inheritable, cap_permitted, "
					   "cap_effective)", m->idx, a->type.s);
			else if (!cg_match_arg_op(m->op, a->atype))
				unsupported(c, m->operator.loc, "operator 'CapabilitiesGained'");
			else if (h->kind == HOOK_TRACEPOINT)	/* lower.c read_of counts a tracepoint's args */
				unsupported(c, m->operator.loc, "operator 'CapabilitiesGained' on a tracepoint");
			continue;
		}
		check_op_values(c, m, a);
		if (op_values(m->op) == OPV_MAP)
			resolve_map_lists(c, m);
		if (ret && (a->atype == ARG_SOCK ||
			    (a->atype == ARG_STRING && m->op != OP_EQUAL && m->op != OP_NOT_EQUAL && m->op != OP_PREFIX &&
			     m->op != OP_NOT_PREFIX)))
			/* cgen.c gen_exit: integers, and a string's first TPC_STR_SLOT - 1 bytes (its event slot) */
			unsupported(c, m->operator.loc, arena_printf(&c->ctx->arena, "operator '%s' on a return value of "
								     "type '%s'", m->operator.s, a->type.s));
		else if (cg_argtype(a->atype) && !cg_match_arg_op(m->op, a->atype))
			unsupported(c, m->operator.loc, arena_printf(&c->ctx->arena, "operator '%s' on arg %d of type '%s'",
								     m->operator.s, m->idx, a->type.s));
		else if (a->atype == ARG_CHAR_IOVEC || a->atype == ARG_IOV_ITER)
			/* bpf/process/types/basic.h selector_arg_offset: no case for them, the filter passes */
			diag_warning(c->ctx, m->operator.loc, "Tetragon ignores matchArgs on type '%s' (every event passes "
				     "them); tpc compares the bytes the event reports", a->type.s);
		else if (!ret && ast_has(&a->return_copy) && is_one_of(a->return_copy.s, yes_names, 3))
			/* the selectors run at entry; Tetragon's entry has no bytes either (CharBufSavedForRetprobe) */
			unsupported(c, m->operator.loc, arena_printf(&c->ctx->arena, "operator '%s' on arg %d with "
								     "'returnCopy' (copied at return)", m->operator.s, m->idx));
	}
}

/* --- process selectors ----------------------------------------------------- */

static bool check_set_op(struct checker *c, const struct ast_match *m, const char *sel, const char *const *ops, int n)
{
	if (!ast_has(&m->operator))
		return false;
	if (is_one_of(m->operator.s, ops, n))
		return true;
	diag_error(c->ctx, m->operator.loc, "operator '%s' is not valid in %s%s%s%s", m->operator.s, sel,
		   diag_suggest(m->operator.s, ops, n) ? "; did you mean '" : "",
		   diag_suggest(m->operator.s, ops, n) ? diag_suggest(m->operator.s, ops, n) : "",
		   diag_suggest(m->operator.s, ops, n) ? "'?" : "");
	return false;
}

static bool need_values(struct checker *c, const struct ast_match *m, const char *sel)
{
	if (m->values.n) {
		check_count(c, m->values.n, m->values.loc, LIMIT_VALUES);
		return true;
	}
	diag_error(c->ctx, m->values.present ? m->values.loc : m->loc, "%s entry needs at least one value", sel);
	return false;
}

static void check_process_selectors(struct checker *c, struct ast_selector *s)
{
	static const char *const inout[] = { "In", "NotIn" };
	static const char *const binops[] = { "In", "NotIn", "Prefix", "NotPrefix", "Postfix", "NotPostfix" };
	static const char *const captypes[] = { "Effective", "Inheritable", "Permitted" };
	bool follow;
	long long x;
	int i, j;

	for (i = 0; i < s->match_pids.n; i++) {
		const struct ast_match *m = &s->match_pids.v[i];

		check_set_op(c, m, "matchPIDs", inout, 2);
		follow = parse_bool(c, &m->follow_forks, false);
		if (parse_bool(c, &m->is_ns_pid, false) && !cg_key("matchPIDs", "isNamespacePID"))
			unsupported(c, m->is_ns_pid.loc, "'isNamespacePID: true'");
		else if (follow && parse_bool(c, &m->is_ns_pid, false) && !cg_key("matchPIDs", "isNamespacePID+followForks"))
			unsupported(c, m->is_ns_pid.loc, "'isNamespacePID: true' with 'followForks: true'");
		if (need_values(c, m, "matchPIDs"))
			for (j = 0; j < m->values.n; j++)
				if (check_no_nul(c, &m->values.v[j]))
					parse_int_at(c, m->values.v[j].s, m->values.v[j].loc, 4, false, &x, "a PID");
	}
	check_count(c, s->match_binaries.n, s->match_binaries.loc, LIMIT_MATCH_BINARIES);
	for (i = 0; i < s->match_binaries.n; i++) {
		const struct ast_match *m = &s->match_binaries.v[i];

		check_set_op(c, m, "matchBinaries", binops, ARRAY_SIZE(binops));
		parse_bool(c, &m->follow_children, false);
		if (need_values(c, m, "matchBinaries")) {
			for (j = 0; j < m->values.n; j++) {
				const struct ast_scalar *v = &m->values.v[j];

				if (!check_no_nul(c, v))
					continue;
				check_len(c, v, LIMIT_BINARY_PATH, "a binary path");
				if (!v->s[0])
					diag_error(c->ctx, v->loc, "an empty binary path matches nothing");
			}
		}
	}
	check_count(c, s->match_namespaces.n, s->match_namespaces.loc, LIMIT_MATCH_NAMESPACES);
	for (i = 0; i < s->match_namespaces.n; i++) {
		const struct ast_match *m = &s->match_namespaces.v[i];

		if (ast_has(&m->namespace) && !is_one_of(m->namespace.s, tpc_namespaces, tpc_n_namespaces))
			unknown_name(c, m->namespace.loc, "namespace", m->namespace.s, tpc_namespaces, tpc_n_namespaces);
		for (j = 0; j < i; j++)
			if (ast_has(&m->namespace) && ast_has(&s->match_namespaces.v[j].namespace) &&
			    !strcmp(m->namespace.s, s->match_namespaces.v[j].namespace.s))
				diag_error(c->ctx, m->namespace.loc, "namespace '%s' is matched twice in one selector",
					   m->namespace.s);
		check_set_op(c, m, "matchNamespaces", inout, 2);
		if (need_values(c, m, "matchNamespaces"))
			for (j = 0; j < m->values.n; j++)
				if (check_no_nul(c, &m->values.v[j]) && strcmp(m->values.v[j].s, "host_ns"))
					parse_int_at(c, m->values.v[j].s, m->values.v[j].loc, 4, false, &x,
						     "a namespace inode number (or 'host_ns')");
	}
	for (i = 0; i < s->match_ns_changes.n; i++) {
		const struct ast_match *m = &s->match_ns_changes.v[i];

		check_set_op(c, m, "matchNamespaceChanges", inout, 2);
		if (need_values(c, m, "matchNamespaceChanges"))
			for (j = 0; j < m->values.n; j++)
				if (check_no_nul(c, &m->values.v[j]) &&
				    !is_one_of(m->values.v[j].s, tpc_namespaces, tpc_n_namespaces))
					unknown_name(c, m->values.v[j].loc, "namespace", m->values.v[j].s, tpc_namespaces,
						     tpc_n_namespaces);
	}
	for (i = 0; i < 2; i++) {
		const ast_match_list *l = i ? &s->match_cap_changes : &s->match_caps;
		const char *sel = i ? "matchCapabilityChanges" : "matchCapabilities";
		int k;

		for (k = 0; k < l->n; k++) {
			const struct ast_match *m = &l->v[k];

			if (ast_has(&m->type) && !is_one_of(m->type.s, captypes, 3))
				unknown_name(c, m->type.loc, "capability set", m->type.s, captypes, 3);
			check_set_op(c, m, sel, inout, 2);
			if (parse_bool(c, &m->is_ns_cap, false) && !cg_key(sel, "isNamespaceCapability"))
				unsupported(c, m->is_ns_cap.loc, "'isNamespaceCapability: true'");
			if (need_values(c, m, sel))
				for (j = 0; j < m->values.n; j++)
					if (check_no_nul(c, &m->values.v[j]))
						check_cap_value(c, &m->values.v[j]);
		}
	}
}

/* --- actions ----------------------------------------------------------------- */

static const struct ast_scalar *action_param(const struct ast_action *a, enum actparam p)
{
	switch (p) {
	case APN_ARG_ERROR:
		return &a->arg_error;
	case APN_ARG_SIG:
		return &a->arg_sig;
	case APN_ARG_FD:
		return &a->arg_fd;
	case APN_ARG_NAME:
		return &a->arg_name;
	case APN_ARG_URL:
		return &a->arg_url;
	case APN_ARG_FQDN:
		return &a->arg_fqdn;
	case APN_ARG_SOCK:
		return &a->arg_sock;
	case APN_ARG_INDEX:
		return &a->arg_index;
	case APN_ARG_VALUE:
		return &a->arg_value;
	case APN_RATE_LIMIT:
		return &a->rate_limit;
	case APN_RATE_LIMIT_SCOPE:
		return &a->rate_limit_scope;
	case APN_KERNEL_STACK:
		return &a->kernel_stack;
	case APN_USER_STACK:
		return &a->user_stack;
	case APN_IMA_HASH:
		return &a->ima_hash;
	default:
		return NULL;
	}
}

static bool is_duration(const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s)
		return false;
	if (*p == 's' || *p == 'm' || *p == 'h')
		p++;
	return !*p;
}

static void check_arg_index_param(struct checker *c, const struct ast_hook *h, const struct ast_scalar *s,
				  const char *key)
{
	long long v;

	if (parse_uint_scalar(c, s, &v, key) && !find_arg_in(h, (int)v, false) && v <= 63)
		diag_error(c->ctx, s->loc, "%s %lld does not refer to a declared arg of '%s'", key, v, hook_name(h));
}

/*
 * GetUrl's argUrl: tpc-agent sends a plain HTTP/1.0 GET (agent/notify.c), so
 * only http://HOST[:PORT][/PATH]; https needs TLS, which the agent has not.
 */
static void check_url(struct checker *c, const struct ast_scalar *u)
{
	const char *s = u->s, *host, *end;
	long port = 80;

	if (!strncasecmp(s, "https://", 8)) {
		diag_error(c->ctx, u->loc, "argUrl '%s': tpc-agent fetches http:// URLs only (it has no TLS)", s);
		return;
	}
	if (strncasecmp(s, "http://", 7)) {
		diag_error(c->ctx, u->loc, "argUrl '%s' is not an http:// URL", s);
		return;
	}
	host = s + 7;
	end = host + strcspn(host, ":/");
	if (end == host || strpbrk(s, " \t\r\n"))
		diag_error(c->ctx, u->loc, "argUrl '%s' has no host, or contains white space", s);
	else if (*end == ':' && ((port = strtol(end + 1, (char **)&end, 10)) < 1 || port > 65535 ||
				 (*end && *end != '/')))
		diag_error(c->ctx, u->loc, "argUrl '%s': the port is not a number in 1..65535", s);
}

/*
 * TrackSock / UntrackSock: argSock (Tetragon's default: 0) must name a
 * declared sock or socket arg. Tetragon does not check it and reads the
 * slot of whatever arg it names as a sock; tpc rejects it.
 */
static void check_arg_sock(struct checker *c, const struct ast_hook *h, const struct ast_action *a)
{
	const struct ast_arg *arg;
	long long v = 0;

	if (ast_has(&a->arg_sock)) {
		char *end;

		v = strtoll(a->arg_sock.s, &end, 0);
		if (*end || v < 0 || v > 63 || !find_arg_in(h, (int)v, false))
			return;	/* reported by check_arg_index_param */
	} else if (!find_arg_in(h, 0, false)) {
		diag_error(c->ctx, a->action.loc, "action '%s' acts on the sock of argSock, 0 by default, but '%s' "
			   "declares no arg 0", a->action.s, hook_name(h));
		return;
	}
	arg = find_arg_in(h, (int)v, false);
	if ((int)arg->atype >= 0 && arg->atype != ARG_SOCK && arg->atype != ARG_SOCKET)
		diag_error(c->ctx, ast_has(&a->arg_sock) ? a->arg_sock.loc : a->action.loc,
			   "argSock %lld of action '%s' is arg %lld of type '%s', not 'sock' or 'socket'", v,
			   a->action.s, v, arg->type.s);
}

static void check_actions(struct checker *c, const struct ast_hook *h, ast_action_list *acts, bool ret)
{
	int i, j;

	check_count(c, acts->n, acts->loc, LIMIT_ACTIONS);
	for (i = 0; i < acts->n; i++) {
		struct ast_action *a = &acts->v[i];
		unsigned takes;
		int act;

		a->act = (enum action)-1;
		if (!ast_has(&a->action))
			continue;
		act = action_lookup(a->action.s);
		if (act < 0) {
			const char *names[ACT__N];

			for (j = 0; j < ACT__N; j++)
				names[j] = action_name((enum action)j);
			unknown_name(c, a->action.loc, "action", a->action.s, names, ACT__N);
			continue;
		}
		a->act = (enum action)act;
		takes = action_params(a->act);
		for (j = 0; j < APN__N; j++) {
			const struct ast_scalar *ps = action_param(a, (enum actparam)j);

			if (!ps || !ast_has(ps))
				continue;
			if (!(takes & (1u << j)))
				diag_warning(c->ctx, ps->key_loc, "'%s' has no effect on action '%s'", actparam_key(j),
					     a->action.s);
			else if (!cg_action_param(a->act, (enum actparam)j))
				unsupported(c, ps->key_loc, arena_printf(&c->ctx->arena, "'%s' on action '%s'",
									 actparam_key(j), a->action.s));
		}
		if (ast_has(&a->rate_limit) && takes & AP_RATE_LIMIT && !is_duration(a->rate_limit.s))
			diag_error(c->ctx, a->rate_limit.loc, "'%s' is not a rate limit: a number of seconds, or a number "
				   "followed by 's', 'm' or 'h'", a->rate_limit.s);
		if (ast_has(&a->rate_limit_scope) && takes & AP_RATE_LIMIT_SCOPE) {
			static const char *const scopes[] = { "thread", "process", "global" };

			if (!is_one_of(a->rate_limit_scope.s, scopes, 3))
				unknown_name(c, a->rate_limit_scope.loc, "rateLimitScope", a->rate_limit_scope.s, scopes, 3);
			else if (!ast_has(&a->rate_limit))
				diag_error(c->ctx, a->rate_limit_scope.key_loc, "'rateLimitScope' needs 'rateLimit'");
		}
		if (takes & AP_KERNEL_STACK)
			parse_bool(c, &a->kernel_stack, false);
		if (takes & AP_USER_STACK)
			parse_bool(c, &a->user_stack, false);
		if (takes & AP_IMA_HASH && parse_bool(c, &a->ima_hash, false) &&
		    (h->kind != HOOK_LSM || !h->hook.s || ir_ima_source(h->hook.s) == IR_IMA_NONE))
			/* Tetragon loads no hash program there and posts events without the hash */
			unsupported_msg(c, a->ima_hash.key_loc, arena_printf(&c->ctx->arena,
				"'imaHash' on %s '%s' is not supported: IMA hashes the file of lsm hooks bprm_check_security, "
				"bprm_committed_creds, bprm_committing_creds, bprm_creds_for_exec, bprm_creds_from_file, "
				"file_ioctl, file_lock, file_open, file_post_open, file_receive and mmap_file only",
				h->kind == HOOK_LSM ? "lsm hook" : "hook", hook_name(h)));
		if (ast_has(&a->arg_fd) && takes & AP_ARG_FD)
			check_arg_index_param(c, h, &a->arg_fd, "argFd");
		if (ast_has(&a->arg_name) && takes & AP_ARG_NAME)
			check_arg_index_param(c, h, &a->arg_name, "argName");
		if (ast_has(&a->arg_sock) && takes & AP_ARG_SOCK)
			check_arg_index_param(c, h, &a->arg_sock, "argSock");
		if (ast_has(&a->arg_index) && takes & AP_ARG_INDEX)
			check_arg_index_param(c, h, &a->arg_index, "argIndex");
		if (ast_has(&a->arg_value) && takes & AP_ARG_VALUE) {
			long long v;

			parse_int_at(c, a->arg_value.s, a->arg_value.loc, 8, true, &v, "argValue");
		}
		if (ast_has(&a->arg_sig) && takes & AP_ARG_SIG &&
		    parse_int_at(c, a->arg_sig.s, a->arg_sig.loc, 4, true, &a->sig, "argSig") &&
		    (a->sig < 1 || a->sig > 64))
			diag_error(c->ctx, a->arg_sig.loc, "argSig %lld is not a signal number (1..64)", a->sig);
		if (ast_has(&a->arg_error) && takes & AP_ARG_ERROR &&
		    parse_int_at(c, a->arg_error.s, a->arg_error.loc, 4, true, &a->error, "argError") &&
		    a->act == ACT_NOTIFY_ENFORCER && (a->error > 0 || a->error < -4095))
			diag_error(c->ctx, a->arg_error.loc, "argError %lld is not a negative errno (-4095..0)", a->error);
		switch (a->act) {
		case ACT_SIGKILL:
			a->sig = 9;
			break;
		case ACT_SIGNAL:
			if (!ast_has(&a->arg_sig))
				diag_error(c->ctx, a->action.loc, "action 'Signal' needs 'argSig'");
			break;
		case ACT_OVERRIDE:
			if (!ast_has(&a->arg_error))
				diag_error(c->ctx, a->action.loc, "action 'Override' needs 'argError'");
			if (h->kind == HOOK_TRACEPOINT || h->kind == HOOK_USDT)
				diag_error(c->ctx, a->action.loc, "action 'Override' changes a function's return value; a %s "
					   "has none", h->kind == HOOK_USDT ? "usdt" : "tracepoint");
			break;
		case ACT_GETURL:
			if (!ast_has(&a->arg_url))
				diag_error(c->ctx, a->action.loc, "action 'GetUrl' needs 'argUrl'");
			else
				check_url(c, &a->arg_url);
			break;
		case ACT_DNSLOOKUP:
			if (!ast_has(&a->arg_fqdn))
				diag_error(c->ctx, a->action.loc, "action 'DnsLookup' needs 'argFqdn'");
			else if (!a->arg_fqdn.s[0] || strlen(a->arg_fqdn.s) > 253 || strpbrk(a->arg_fqdn.s, " /\t"))
				diag_error(c->ctx, a->arg_fqdn.loc, "argFqdn '%s' is not a host name", a->arg_fqdn.s);
			break;
		case ACT_TRACKSOCK:
		case ACT_UNTRACKSOCK:
			check_arg_sock(c, h, a);
			break;
		case ACT_NOTIFY_ENFORCER:
			if (!c->p->enforcer_list.n)
				diag_error(c->ctx, a->action.loc, "action 'NotifyEnforcer' needs 'spec.enforcers'");
			if (!ast_has(&a->arg_error) && !ast_has(&a->arg_sig))
				diag_error(c->ctx, a->action.loc, "action 'NotifyEnforcer' needs 'argError' or 'argSig'");
			break;
		default:
			break;
		}
		if (ret && !cg_selector("matchReturnActions"))
			continue;	/* the whole list is reported */
		if (!cg_action(a->act, h->kind)) {
			if (a->act == ACT_OVERRIDE && h->kind == HOOK_UPROBE)
				unsupported_msg(c, a->action.loc,
						"action 'Override' on a uprobe is not supported by tpc yet: kprobes use "
						"fmod_ret or bpf_override_return; use a kprobe or an 'lsmhooks' hook to deny instead");
			else
				unsupported(c, a->action.loc, arena_printf(&c->ctx->arena, "action '%s'", a->action.s));
		}
	}
	/* the agent performs GetUrl and DnsLookup when it reads the event: there must be one */
	for (i = 0; i < acts->n; i++)
		if (acts->v[i].act == ACT_NOPOST)
			for (j = 0; j < acts->n; j++)
				if (acts->v[j].act == ACT_GETURL || acts->v[j].act == ACT_DNSLOOKUP)
					diag_error(c->ctx, acts->v[j].action.loc, "action '%s' with 'NoPost': tpc-agent "
						   "performs it when it reads the event, and NoPost posts none",
						   acts->v[j].action.s);
}

/* --- selectors and hooks ------------------------------------------------------ */

static void check_selectors(struct checker *c, struct ast_hook *h)
{
	int i;

	check_count(c, h->selectors.n, h->selectors.loc, LIMIT_SELECTORS);
	for (i = 0; i < h->selectors.n; i++) {
		struct ast_selector *s = &h->selectors.v[i];
		struct {
			const void *l;
			const char *name;
		} sels[] = {
			{ &s->match_return_args, "matchReturnArgs" }, { &s->match_data, "matchData" },
			{ &s->match_pids, "matchPIDs" }, { &s->match_binaries, "matchBinaries" },
			{ &s->match_namespaces, "matchNamespaces" }, { &s->match_ns_changes, "matchNamespaceChanges" },
			{ &s->match_caps, "matchCapabilities" }, { &s->match_cap_changes, "matchCapabilityChanges" },
			{ &s->return_actions, "matchReturnActions" },
		};
		int k;

		if ((s->match_return_args.present || s->return_actions.present) && !h->is_return)
			diag_error(c->ctx, s->match_return_args.present ? s->match_return_args.loc : s->return_actions.loc,
				   "'%s' needs 'return: true'",
				   s->match_return_args.present ? "matchReturnArgs" : "matchReturnActions");
		if (s->match_data.present && !h->data.present)
			diag_error(c->ctx, s->match_data.loc, "'matchData' needs the hook's 'data' args");
		check_match_list(c, h, &s->match_args, "matchArgs");
		check_match_list(c, h, &s->match_return_args, "matchReturnArgs");
		check_match_list(c, h, &s->match_data, "matchData");
		check_process_selectors(c, s);
		check_actions(c, h, &s->actions, false);
		check_actions(c, h, &s->return_actions, true);
		for (k = 0; k < ARRAY_SIZE(sels); k++) {
			const ast_match_list *l = sels[k].l;

			if (l->present && !cg_selector(sels[k].name))
				unsupported(c, l->loc, arena_printf(&c->ctx->arena, "selector '%s'", sels[k].name));
		}
	}
}

static void check_common(struct checker *c, struct ast_hook *h)
{
	int i;

	check_len(c, &h->message, LIMIT_MESSAGE, "message");
	check_count(c, h->tags.n, h->tags.loc, LIMIT_TAGS);
	for (i = 0; i < h->tags.n; i++) {
		check_len(c, &h->tags.v[i], LIMIT_TAG, "a tag");
		check_no_nul(c, &h->tags.v[i]);
	}
	check_args(c, h);
	check_selectors(c, h);
}

/*
 * returnArgAction runs on every return whose entry passed the process
 * filters: Tetragon's entry records the call for its return probe after
 * matchPIDs, matchBinaries, matchNamespaces and matchCapabilities, before
 * matchArgs. tpc's exit program acts on every return, which is the same
 * only without process selectors.
 */
static void check_ret_action_selectors(struct checker *c, const struct ast_hook *h)
{
	int i;

	for (i = 0; i < h->selectors.n; i++) {
		const struct ast_selector *s = &h->selectors.v[i];
		const ast_match_list *l = s->match_pids.present ? &s->match_pids :
					  s->match_binaries.present ? &s->match_binaries :
					  s->match_namespaces.present ? &s->match_namespaces :
					  s->match_caps.present ? &s->match_caps : NULL;

		if (l)
			unsupported(c, l->loc, "'returnArgAction' with process selectors on the same hook");
	}
}

/*
 * 'return: true' and 'returnArg' of a kprobe (kretprobe) or a uprobe
 * (uretprobe, Tetragon's since #4193): the return value, read at return
 * (lower.c lower_return, cgen.c gen_exit). Before check_common: returnCopy
 * needs is_return.
 */
static void check_return(struct checker *c, struct ast_hook *h)
{
	bool uprobe = h->kind == HOOK_UPROBE;
	const char *kind = uprobe ? "uprobe" : "kprobe";

	h->is_return = parse_bool(c, &h->ret, false);
	if (h->is_return) {
		/* at the key, like every other unsupported key; underline "return: true" */
		struct loc l = h->ret.key_loc;

		if (h->ret.loc.line == l.line && h->ret.loc.col > l.col)
			l.len = h->ret.loc.col + h->ret.loc.len - l.col;
		if (!h->return_arg.loc.line)
			diag_error(c->ctx, l, "'return: true' needs 'returnArg' (the type of the return value)");
		if (!cg_key(kind, "return"))
			unsupported(c, l, uprobe ? "'return: true' (uretprobes)" : "'return: true' (kretprobes)");
	}
	if (!h->return_arg.loc.line)
		return;
	h->has_return_arg = true;
	check_one_arg(c, h, &h->return_arg, "returnArg", 5);
	if (!h->is_return)
		diag_warning(c->ctx, h->return_arg.loc, "'returnArg' has no effect without 'return: true'");
	else if (!cg_key(kind, "returnArg"))
		unsupported(c, h->return_arg.loc, "'returnArg'");
	else if ((int)h->return_arg.atype >= 0 && cg_argtype(h->return_arg.atype) &&
		 (!cg_return_argtype(h->return_arg.atype) || (uprobe && h->return_arg.atype == ARG_SOCK)))
		/* a uprobe returns user values: a sock is a kernel object */
		unsupported(c, h->return_arg.type.loc, arena_printf(&c->ctx->arena, "return type '%s'%s",
								    h->return_arg.type.s, uprobe ? " on a uprobe" : ""));
}

/*
 * A syscall kprobe on an i386 entry ('__ia32_sys_dup', itself or as a
 * member of its list): lower.c names syscall hooks __x64_sys_<name> and
 * cgen reads the x86-64 argument registers, so it would hook the 64-bit
 * call instead. (InMap lists and spec.enforcers take i386 names.)
 */
static void check_i386_calls(struct checker *c, const struct ast_hook *h)
{
	int i;

	if (!h->is_syscall)
		return;
	if (ast_has(&h->call) && !strncmp(h->call.s, "__ia32_sys_", 11))
		unsupported(c, h->call.loc, arena_printf(&c->ctx->arena, "a kprobe on the i386 syscall '%s'",
							 h->call.s));
	for (i = 0; h->list && i < h->list->values.n; i++)
		if (!strncmp(h->list->values.v[i].s, "__ia32_sys_", 11))
			unsupported(c, h->list->values.v[i].loc,
				    arena_printf(&c->ctx->arena, "a kprobe on the i386 syscall '%s' (list '%s')",
						 h->list->values.v[i].s, h->list->name.s));
}

static void check_kprobe(struct checker *c, struct ast_hook *h)
{
	static const char *const ret_actions[] = { "Post", "TrackSock", "UntrackSock" };

	/* Tetragon's CRD default for 'syscall' is true */
	h->is_syscall = parse_bool(c, &h->syscall, true);
	if (ast_has(&h->call) && !h->call.s[0])
		diag_error(c->ctx, h->call.loc, "'call' must name a kernel function");
	if (ast_has(&h->call) && !strncmp(h->call.s, "list:", 5)) {
		h->list = list_ref(c, &h->call);
		/* lists of syscalls make their hooks syscall hooks, whatever 'syscall' says */
		if (h->list && ast_has(&h->list->type) && strstr(h->list->type.s, "syscalls"))
			h->is_syscall = true;
		else if (h->list && ast_has(&h->list->type) && !strcmp(h->list->type.s, "generated_ftrace"))
			h->is_syscall = false;
	}
	check_return(c, h);
	if (ast_has(&h->return_arg_action)) {
		const char *ra = h->return_arg_action.s;

		if (!is_one_of(ra, ret_actions, 3))
			unknown_name(c, h->return_arg_action.loc, "returnArgAction", ra, ret_actions, 3);
		else if (!h->is_return)
			diag_error(c->ctx, h->return_arg_action.key_loc, "'returnArgAction' needs 'return: true'");
		else if (!cg_key("returnArgAction", ra))
			unsupported(c, h->return_arg_action.key_loc, "'returnArgAction'");	/* Post */
		else if (h->has_return_arg && (int)h->return_arg.atype >= 0 && h->return_arg.atype != ARG_SOCK)
			diag_error(c->ctx, h->return_arg_action.loc, "returnArgAction '%s' acts on a returned sock, "
				   "but returnArg is of type '%s', not 'sock'", ra, h->return_arg.type.s);
		else
			check_ret_action_selectors(c, h);
	}
	if (ast_has(&h->ignore_call_not_found) && parse_bool(c, &h->ignore_call_not_found, false)) {
		if (!cg_key("kprobe", "ignore"))
			unsupported(c, h->ignore_call_not_found.key_loc, "'ignore.callNotFound'");
		else if (h->list)
			diag_error(c->ctx, h->ignore_call_not_found.key_loc,
				   "'ignore.callNotFound' applies to one function, not to a 'list:' call");
		h->optional = true;
	}
	check_i386_calls(c, h);
	check_common(c, h);
	/* a "list:" call whose list does not exist was reported above */
	if (ast_has(&h->call) && h->call.s[0] && (h->list || strncmp(h->call.s, "list:", 5)))
		check_kprobe_types(c, h);
}

static void check_hook(struct checker *c, struct ast_hook *h)
{
	int i;

	switch (h->kind) {
	case HOOK_KPROBE:
		check_kprobe(c, h);
		break;
	case HOOK_LSM:
		if (ast_has(&h->hook) && !h->hook.s[0])
			diag_error(c->ctx, h->hook.loc, "'hook' must name an LSM hook");
		check_common(c, h);
		if (ast_has(&h->hook) && h->hook.s[0])
			check_lsm_types(c, h);
		break;
	case HOOK_TRACEPOINT: {
		bool raw = parse_bool(c, &h->raw, false);

		h->is_raw = raw;	/* lower.c: a raw_tp variant */

		if (ast_has(&h->subsystem) && !h->subsystem.s[0])
			diag_error(c->ctx, h->subsystem.loc, "'subsystem' must name a tracepoint subsystem");
		if (ast_has(&h->event) && !h->event.s[0])
			diag_error(c->ctx, h->event.loc, "'event' must name a tracepoint");
		check_common(c, h);
		if (ast_has(&h->subsystem) && ast_has(&h->event) && h->subsystem.s[0] && h->event.s[0])
			check_tracepoint_types(c, h, raw);
		/* lower.c reads plain tracepoint fields at their offsets; raw tracepoints take TP_PROTO args (raw_tp) */
		if (raw && !cg_key("tracepoint", "raw"))
			unsupported(c, h->raw.key_loc, "raw tracepoints ('raw: true')");
		break;
	}
	case HOOK_UPROBE:
		if (ast_has(&h->path) && h->path.s[0] != '/')
			diag_error(c->ctx, h->path.loc, "uprobe path '%s' must be absolute", h->path.s);
		if (!h->symbols.n && !h->offsets.n)
			diag_error(c->ctx, h->loc, "an uprobe needs 'symbols' or 'offsets'");
		for (i = 0; i < h->symbols.n; i++)
			if (check_no_nul(c, &h->symbols.v[i]) && !h->symbols.v[i].s[0])
				diag_error(c->ctx, h->symbols.v[i].loc, "an empty symbol name");
		for (i = 0; i < h->offsets.n; i++) {
			long long v;

			if (check_no_nul(c, &h->offsets.v[i]))
				parse_int_at(c, h->offsets.v[i].s, h->offsets.v[i].loc, 8, false, &v, "an offset");
		}
		for (i = 0; i < h->ref_ctr_offsets.n; i++) {
			long long v;

			/* perf's uprobe PMU takes it in config bits 32-63 (libbpf: ref_ctr_offset) */
			if (check_no_nul(c, &h->ref_ctr_offsets.v[i]) &&
			    parse_int_at(c, h->ref_ctr_offsets.v[i].s, h->ref_ctr_offsets.v[i].loc, 8, false, &v,
					 "a reference counter offset") && (unsigned long long)v > 0xffffffffULL)
				diag_error(c->ctx, h->ref_ctr_offsets.v[i].loc, "reference counter offset %s is beyond "
					   "4 GiB: the kernel's uprobe takes a 32-bit one", h->ref_ctr_offsets.v[i].s);
		}
		/* Tetragon: "uprobe needs exactly one of either Symbols, Offsets or Addrs defined" */
		if (h->offsets.n && h->symbols.n)
			diag_error(c->ctx, h->offsets.loc,
				   "an uprobe takes 'symbols' or 'offsets' (file offsets), not both");
		if (h->ref_ctr_offsets.n && h->ref_ctr_offsets.n != (h->symbols.n ? h->symbols.n : h->offsets.n))
			diag_error(c->ctx, h->ref_ctr_offsets.loc, "%d refCtrOffsets for %d symbols; give one per symbol",
				   h->ref_ctr_offsets.n, h->symbols.n ? h->symbols.n : h->offsets.n);
		if (h->offsets.present && !cg_key("uprobe", "offsets"))
			unsupported(c, h->offsets.loc, "uprobe 'offsets'");
		if (h->ref_ctr_offsets.present && !cg_key("uprobe", "refCtrOffsets"))
			unsupported(c, h->ref_ctr_offsets.loc, "uprobe 'refCtrOffsets'");
		check_return(c, h);
		check_common(c, h);
		break;
	case HOOK_USDT:
		if (ast_has(&h->path) && h->path.s[0] != '/')
			diag_error(c->ctx, h->path.loc, "usdt path '%s' must be absolute", h->path.s);
		if (ast_has(&h->provider) && !h->provider.s[0])
			diag_error(c->ctx, h->provider.loc, "'provider' must name a USDT provider");
		if (ast_has(&h->name) && !h->name.s[0])
			diag_error(c->ctx, h->name.loc, "'name' must name a USDT probe");
		check_common(c, h);
		break;
	}
	if (!cg_hook_kind(h->kind))
		unsupported(c, h->loc, arena_printf(&c->ctx->arena, "'%s'", hook_kind_names[h->kind]));
}

int check_policy(struct tpc_ctx *ctx, struct ast_policy *p, struct tpc_target *targets, int n_targets)
{
	struct checker c = { .ctx = ctx, .p = p, .targets = targets, .n_targets = n_targets };
	int before = ctx->n_errors, i;

	check_header(&c);
	for (i = 0; i < p->hooks.n; i++)
		check_hook(&c, &p->hooks.v[i]);
	/* question 2, after every validity error: what tpc cannot compile yet */
	for (i = 0; i < c.n_unsup; i++)
		diag_error(ctx, c.unsup[i].loc, "%s", c.unsup[i].msg);
	return ctx->n_errors > before ? -EINVAL : 0;
}

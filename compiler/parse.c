// SPDX-License-Identifier: Apache-2.0
/*
 * parse: YAML text -> AST.
 *
 * libyaml's event stream is first turned into a small located tree (so that
 * every key and value keeps its line and column), then a table-driven decoder
 * maps that tree onto the AST structs. The schema tables below are the only
 * place that knows the keys of the language: unknown keys, wrong YAML kinds
 * (a list where a mapping is expected, ...) and duplicate keys are reported
 * here, with "did you mean" for misspellings. Values stay text; the checker
 * types them.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <yaml.h>

#include "ast.h"

/* --- the located YAML tree ------------------------------------------------ */

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ykind kind;
	struct loc loc;
	const char *str;		/* Y_SCALAR */
	int len;			/* Y_SCALAR: bytes, NULs included */
	bool plain;			/* unquoted scalar */
	struct ynode **items;		/* Y_SEQ items, Y_MAP values */
	struct ynode **keys;		/* Y_MAP keys (scalars) */
	int n, cap, kcap;
};

struct yparse {
	struct tpc_ctx *ctx;
	const struct src_file *file;
	yaml_parser_t parser;
	yaml_event_t ev;
	bool have_ev;
	int depth;
};

#define MAX_DEPTH 64

static struct loc mark_loc(struct yparse *yp, yaml_mark_t start, yaml_mark_t end)
{
	struct loc l = { .file = yp->file, .line = (int)start.line + 1, .col = (int)start.column + 1, .len = 1 };

	if (end.line == start.line && end.index > start.index)
		l.len = (int)(end.index - start.index);
	return l;
}

static const char *kind_name(enum ykind k)
{
	return k == Y_SCALAR ? "a scalar" : k == Y_SEQ ? "a list" : "a mapping";
}

static int next_event(struct yparse *yp)
{
	if (yp->have_ev)
		yaml_event_delete(&yp->ev);
	yp->have_ev = false;
	if (!yaml_parser_parse(&yp->parser, &yp->ev)) {
		struct loc l = { .file = yp->file, .line = (int)yp->parser.problem_mark.line + 1,
				 .col = (int)yp->parser.problem_mark.column + 1, .len = 1 };

		diag_error(yp->ctx, l, "invalid YAML: %s%s%s", yp->parser.problem ? yp->parser.problem : "syntax error",
			   yp->parser.context ? " " : "", yp->parser.context ? yp->parser.context : "");
		/*
		 * The problem is often found far from its cause (an unclosed quote
		 * is found at the end of the file): point at where the construct
		 * libyaml was reading began, "while scanning a quoted scalar" ->
		 * "the quoted scalar starts here".
		 */
		if (yp->parser.context && (yp->parser.context_mark.line != yp->parser.problem_mark.line ||
					   yp->parser.context_mark.column != yp->parser.problem_mark.column)) {
			const char *what = strstr(yp->parser.context, " a ");
			struct loc cl = { .file = yp->file, .line = (int)yp->parser.context_mark.line + 1,
					  .col = (int)yp->parser.context_mark.column + 1, .len = 1 };

			if (what)
				what += 3;
			else if ((what = strstr(yp->parser.context, " an ")))
				what += 4;
			if (what)
				diag_note(yp->ctx, cl, "the %s starts here", what);
			else
				diag_note(yp->ctx, cl, "%s that starts here", yp->parser.context);
		}
		return -EINVAL;
	}
	yp->have_ev = true;
	return 0;
}

static int parse_node(struct yparse *yp, struct ynode **out);

static int parse_collection(struct yparse *yp, struct ynode *n, yaml_event_type_t end)
{
	struct arena *a = &yp->ctx->arena;
	int err;

	if (++yp->depth > MAX_DEPTH) {
		diag_error(yp->ctx, n->loc, "YAML nesting deeper than %d levels", MAX_DEPTH);
		return -EINVAL;
	}
	for (;;) {
		struct ynode *key = NULL, *val;

		err = next_event(yp);
		if (err)
			return err;
		if (yp->ev.type == end)
			break;
		if (n->kind == Y_MAP) {
			int i;

			err = parse_node(yp, &key);
			if (err)
				return err;
			if (key->kind != Y_SCALAR) {
				diag_error(yp->ctx, key->loc, "mapping keys must be scalars, not %s", kind_name(key->kind));
				return -EINVAL;
			}
			if ((int)strlen(key->str) != key->len) {
				diag_error(yp->ctx, key->loc, "mapping key contains a NUL character");
				return -EINVAL;
			}
			for (i = 0; i < n->n; i++) {
				if (!strcmp(n->keys[i]->str, key->str)) {
					diag_error(yp->ctx, key->loc, "duplicate key '%s'", key->str);
					diag_note(yp->ctx, n->keys[i]->loc, "'%s' first given here", key->str);
					return -EINVAL;
				}
			}
			err = next_event(yp);
			if (err)
				return err;
		}
		err = parse_node(yp, &val);
		if (err)
			return err;
		n->items = arena_grow(a, n->items, &n->cap, n->n + 1, sizeof(*n->items));
		if (key)
			n->keys = arena_grow(a, n->keys, &n->kcap, n->n + 1, sizeof(*n->keys));
		if (key)
			n->keys[n->n] = key;
		n->items[n->n++] = val;
	}
	yp->depth--;
	return 0;
}

/* Build the node that starts with the current event. */
static int parse_node(struct yparse *yp, struct ynode **out)
{
	struct ynode *n = ARENA_NEW(&yp->ctx->arena, struct ynode);
	yaml_event_t *ev = &yp->ev;

	n->loc = mark_loc(yp, ev->start_mark, ev->end_mark);
	*out = n;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n->kind = Y_SCALAR;
		n->str = arena_strndup(&yp->ctx->arena, (const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->len = (int)ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		/* a NUL ("\0") is only meaningful in a list of values: decode_field decides */
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		n->kind = Y_SEQ;
		return parse_collection(yp, n, YAML_SEQUENCE_END_EVENT);
	case YAML_MAPPING_START_EVENT:
		n->kind = Y_MAP;
		return parse_collection(yp, n, YAML_MAPPING_END_EVENT);
	case YAML_ALIAS_EVENT:
		diag_error(yp->ctx, n->loc, "YAML aliases are not supported in policies; write the value out");
		return -EINVAL;
	default:
		diag_error(yp->ctx, n->loc, "unexpected YAML event");
		return -EINVAL;
	}
}

/* --- schema-driven decoding ----------------------------------------------- */

enum fkind {
	F_SCALAR,	/* struct ast_scalar */
	F_VALUES,	/* struct ast_values: a list of scalars */
	F_LIST,		/* AST_LIST of sub-schema structs */
	F_MAP,		/* a nested mapping decoded into base + off */
	F_PRESENT,	/* any node; recorded as a struct ast_scalar holding the key, checked later */
	F_STRMAP,	/* a mapping of scalars to scalars (labels): AST_LIST(struct ast_scalar) */
	F_IGNORE,	/* accepted and without effect on what the policy does (labels, annotations) */
};

struct schema;

struct field {
	const char *key;
	enum fkind kind;
	size_t off;
	const struct schema *sub;
	bool required;
	int tag;	/* F_LIST of hooks: the hook kind of every element */
};

struct schema {
	const char *what;
	size_t size;
	const struct field *fields;
};

struct glist {			/* layout of every AST_LIST(T) */
	void *v;
	int n, cap;
	struct loc loc;
	bool present;
};

#define S(type, f) offsetof(struct type, f)

static const struct field arg_fields[] = {
	{ "index", F_SCALAR, S(ast_arg, index), NULL, true, 0 },
	{ "type", F_SCALAR, S(ast_arg, type), NULL, true, 0 },
	{ "sizeArgIndex", F_SCALAR, S(ast_arg, size_arg_index), NULL, false, 0 },
	{ "returnCopy", F_SCALAR, S(ast_arg, return_copy), NULL, false, 0 },
	{ "maxData", F_SCALAR, S(ast_arg, max_data), NULL, false, 0 },
	{ "label", F_SCALAR, S(ast_arg, label), NULL, false, 0 },
	{ "resolve", F_SCALAR, S(ast_arg, resolve), NULL, false, 0 },
	{ "source", F_SCALAR, S(ast_arg, source), NULL, false, 0 },
	{ NULL }
};
static const struct schema arg_schema = { "argument", sizeof(struct ast_arg), arg_fields };

static const struct field retarg_fields[] = {
	{ "index", F_SCALAR, S(ast_arg, index), NULL, false, 0 },
	{ "type", F_SCALAR, S(ast_arg, type), NULL, true, 0 },
	{ "maxData", F_SCALAR, S(ast_arg, max_data), NULL, false, 0 },
	{ "label", F_SCALAR, S(ast_arg, label), NULL, false, 0 },
	{ "resolve", F_SCALAR, S(ast_arg, resolve), NULL, false, 0 },
	{ NULL }
};
static const struct schema retarg_schema = { "returnArg", sizeof(struct ast_arg), retarg_fields };

static const struct field match_arg_fields[] = {
	{ "index", F_SCALAR, S(ast_match, index), NULL, false, 0 },
	{ "args", F_VALUES, S(ast_match, args), NULL, false, 0 },
	{ "operator", F_SCALAR, S(ast_match, operator), NULL, true, 0 },
	{ "values", F_VALUES, S(ast_match, values), NULL, false, 0 },
	{ NULL }
};
static const struct schema match_arg_schema = { "matchArgs entry", sizeof(struct ast_match), match_arg_fields };

static const struct field match_pid_fields[] = {
	{ "operator", F_SCALAR, S(ast_match, operator), NULL, true, 0 },
	{ "followForks", F_SCALAR, S(ast_match, follow_forks), NULL, false, 0 },
	{ "isNamespacePID", F_SCALAR, S(ast_match, is_ns_pid), NULL, false, 0 },
	{ "values", F_VALUES, S(ast_match, values), NULL, true, 0 },
	{ NULL }
};
static const struct schema match_pid_schema = { "matchPIDs entry", sizeof(struct ast_match), match_pid_fields };

static const struct field match_bin_fields[] = {
	{ "operator", F_SCALAR, S(ast_match, operator), NULL, true, 0 },
	{ "values", F_VALUES, S(ast_match, values), NULL, true, 0 },
	{ "followChildren", F_SCALAR, S(ast_match, follow_children), NULL, false, 0 },
	{ NULL }
};
static const struct schema match_bin_schema = { "matchBinaries entry", sizeof(struct ast_match), match_bin_fields };

static const struct field match_ns_fields[] = {
	{ "namespace", F_SCALAR, S(ast_match, namespace), NULL, true, 0 },
	{ "operator", F_SCALAR, S(ast_match, operator), NULL, true, 0 },
	{ "values", F_VALUES, S(ast_match, values), NULL, true, 0 },
	{ NULL }
};
static const struct schema match_ns_schema = { "matchNamespaces entry", sizeof(struct ast_match), match_ns_fields };

static const struct field match_nsch_fields[] = {
	{ "operator", F_SCALAR, S(ast_match, operator), NULL, true, 0 },
	{ "values", F_VALUES, S(ast_match, values), NULL, true, 0 },
	{ NULL }
};
static const struct schema match_nsch_schema = { "matchNamespaceChanges entry", sizeof(struct ast_match), match_nsch_fields };

static const struct field match_cap_fields[] = {
	{ "type", F_SCALAR, S(ast_match, type), NULL, false, 0 },
	{ "operator", F_SCALAR, S(ast_match, operator), NULL, true, 0 },
	{ "isNamespaceCapability", F_SCALAR, S(ast_match, is_ns_cap), NULL, false, 0 },
	{ "values", F_VALUES, S(ast_match, values), NULL, true, 0 },
	{ NULL }
};
static const struct schema match_cap_schema = { "matchCapabilities entry", sizeof(struct ast_match), match_cap_fields };

static const struct field action_fields[] = {
	{ "action", F_SCALAR, S(ast_action, action), NULL, true, 0 },
	{ "argError", F_SCALAR, S(ast_action, arg_error), NULL, false, 0 },
	{ "argSig", F_SCALAR, S(ast_action, arg_sig), NULL, false, 0 },
	{ "argSock", F_SCALAR, S(ast_action, arg_sock), NULL, false, 0 },
	{ "argFd", F_SCALAR, S(ast_action, arg_fd), NULL, false, 0 },
	{ "argName", F_SCALAR, S(ast_action, arg_name), NULL, false, 0 },
	{ "argUrl", F_SCALAR, S(ast_action, arg_url), NULL, false, 0 },
	{ "argFqdn", F_SCALAR, S(ast_action, arg_fqdn), NULL, false, 0 },
	{ "argIndex", F_SCALAR, S(ast_action, arg_index), NULL, false, 0 },
	{ "argValue", F_SCALAR, S(ast_action, arg_value), NULL, false, 0 },
	{ "rateLimit", F_SCALAR, S(ast_action, rate_limit), NULL, false, 0 },
	{ "rateLimitScope", F_SCALAR, S(ast_action, rate_limit_scope), NULL, false, 0 },
	{ "kernelStackTrace", F_SCALAR, S(ast_action, kernel_stack), NULL, false, 0 },
	{ "userStackTrace", F_SCALAR, S(ast_action, user_stack), NULL, false, 0 },
	{ "imaHash", F_SCALAR, S(ast_action, ima_hash), NULL, false, 0 },
	{ NULL }
};
static const struct schema action_schema = { "action", sizeof(struct ast_action), action_fields };

static const struct field selector_fields[] = {
	{ "matchArgs", F_LIST, S(ast_selector, match_args), &match_arg_schema, false, 0 },
	{ "matchReturnArgs", F_LIST, S(ast_selector, match_return_args), &match_arg_schema, false, 0 },
	{ "matchData", F_LIST, S(ast_selector, match_data), &match_arg_schema, false, 0 },
	{ "matchPIDs", F_LIST, S(ast_selector, match_pids), &match_pid_schema, false, 0 },
	{ "matchBinaries", F_LIST, S(ast_selector, match_binaries), &match_bin_schema, false, 0 },
	{ "matchNamespaces", F_LIST, S(ast_selector, match_namespaces), &match_ns_schema, false, 0 },
	{ "matchNamespaceChanges", F_LIST, S(ast_selector, match_ns_changes), &match_nsch_schema, false, 0 },
	{ "matchCapabilities", F_LIST, S(ast_selector, match_caps), &match_cap_schema, false, 0 },
	{ "matchCapabilityChanges", F_LIST, S(ast_selector, match_cap_changes), &match_cap_schema, false, 0 },
	{ "matchActions", F_LIST, S(ast_selector, actions), &action_schema, false, 0 },
	{ "matchReturnActions", F_LIST, S(ast_selector, return_actions), &action_schema, false, 0 },
	{ NULL }
};
static const struct schema selector_schema = { "selector", sizeof(struct ast_selector), selector_fields };

#define HOOK_COMMON \
	{ "args", F_LIST, S(ast_hook, args), &arg_schema, false, 0 }, \
	{ "selectors", F_LIST, S(ast_hook, selectors), &selector_schema, false, 0 }, \
	{ "message", F_SCALAR, S(ast_hook, message), NULL, false, 0 }, \
	{ "tags", F_VALUES, S(ast_hook, tags), NULL, false, 0 }

static const struct field ignore_fields[] = {
	{ "callNotFound", F_SCALAR, S(ast_hook, ignore_call_not_found), NULL, false, 0 },
	{ NULL }
};
static const struct schema ignore_schema = { "ignore", 0, ignore_fields };

static const struct field kprobe_fields[] = {
	{ "call", F_SCALAR, S(ast_hook, call), NULL, true, 0 },
	{ "syscall", F_SCALAR, S(ast_hook, syscall), NULL, false, 0 },
	{ "return", F_SCALAR, S(ast_hook, ret), NULL, false, 0 },
	{ "returnArg", F_MAP, S(ast_hook, return_arg), &retarg_schema, false, 0 },
	{ "returnArgAction", F_SCALAR, S(ast_hook, return_arg_action), NULL, false, 0 },
	{ "ignore", F_MAP, 0, &ignore_schema, false, 0 },
	{ "data", F_LIST, S(ast_hook, data), &arg_schema, false, 0 },
	HOOK_COMMON,
	{ NULL }
};
static const struct schema kprobe_schema = { "kprobe", sizeof(struct ast_hook), kprobe_fields };

static const struct field tracepoint_fields[] = {
	{ "subsystem", F_SCALAR, S(ast_hook, subsystem), NULL, true, 0 },
	{ "event", F_SCALAR, S(ast_hook, event), NULL, true, 0 },
	{ "raw", F_SCALAR, S(ast_hook, raw), NULL, false, 0 },
	HOOK_COMMON,
	{ NULL }
};
static const struct schema tracepoint_schema = { "tracepoint", sizeof(struct ast_hook), tracepoint_fields };

static const struct field uprobe_fields[] = {
	{ "path", F_SCALAR, S(ast_hook, path), NULL, true, 0 },
	{ "symbols", F_VALUES, S(ast_hook, symbols), NULL, false, 0 },
	{ "offsets", F_VALUES, S(ast_hook, offsets), NULL, false, 0 },
	{ "refCtrOffsets", F_VALUES, S(ast_hook, ref_ctr_offsets), NULL, false, 0 },
	/* Tetragon's uretprobes (cilium/tetragon#4193): return, returnArg, args' returnCopy */
	{ "return", F_SCALAR, S(ast_hook, ret), NULL, false, 0 },
	{ "returnArg", F_MAP, S(ast_hook, return_arg), &retarg_schema, false, 0 },
	{ "data", F_LIST, S(ast_hook, data), &arg_schema, false, 0 },
	HOOK_COMMON,
	{ NULL }
};
static const struct schema uprobe_schema = { "uprobe", sizeof(struct ast_hook), uprobe_fields };

static const struct field usdt_fields[] = {
	{ "path", F_SCALAR, S(ast_hook, path), NULL, true, 0 },
	{ "provider", F_SCALAR, S(ast_hook, provider), NULL, true, 0 },
	{ "name", F_SCALAR, S(ast_hook, name), NULL, true, 0 },
	HOOK_COMMON,
	{ NULL }
};
static const struct schema usdt_schema = { "usdt", sizeof(struct ast_hook), usdt_fields };

static const struct field lsm_fields[] = {
	{ "hook", F_SCALAR, S(ast_hook, hook), NULL, true, 0 },
	HOOK_COMMON,
	{ NULL }
};
static const struct schema lsm_schema = { "lsmhook", sizeof(struct ast_hook), lsm_fields };

static const struct field list_fields[] = {
	{ "name", F_SCALAR, S(ast_list, name), NULL, true, 0 },
	{ "type", F_SCALAR, S(ast_list, type), NULL, false, 0 },
	{ "values", F_VALUES, S(ast_list, values), NULL, false, 0 },
	{ "pattern", F_SCALAR, S(ast_list, pattern), NULL, false, 0 },
	{ "validated", F_SCALAR, S(ast_list, validated), NULL, false, 0 },
	{ NULL }
};
static const struct schema list_schema = { "list", sizeof(struct ast_list), list_fields };

static const struct field option_fields[] = {
	{ "name", F_SCALAR, S(ast_option, name), NULL, true, 0 },
	{ "value", F_SCALAR, S(ast_option, value), NULL, false, 0 },
	{ NULL }
};
static const struct schema option_schema = { "option", sizeof(struct ast_option), option_fields };

static const struct field enforcer_fields[] = {
	{ "calls", F_VALUES, S(ast_enforcer, calls), NULL, true, 0 },
	{ NULL }
};
static const struct schema enforcer_schema = { "enforcer", sizeof(struct ast_enforcer), enforcer_fields };

static const struct field label_req_fields[] = {
	{ "key", F_SCALAR, S(ast_label_req, key), NULL, true, 0 },
	{ "operator", F_SCALAR, S(ast_label_req, operator), NULL, true, 0 },
	{ "values", F_VALUES, S(ast_label_req, values), NULL, false, 0 },
	{ NULL }
};
static const struct schema label_req_schema = { "matchExpressions entry", sizeof(struct ast_label_req),
						 label_req_fields };

static const struct field label_sel_fields[] = {
	{ "matchLabels", F_STRMAP, S(ast_label_selector, match_labels), NULL, false, 0 },
	{ "matchExpressions", F_LIST, S(ast_label_selector, match_expressions), &label_req_schema, false, 0 },
	{ NULL }
};
static const struct schema label_sel_schema = { "label selector", sizeof(struct ast_label_selector),
						label_sel_fields };

static const struct field spec_fields[] = {
	{ "kprobes", F_LIST, S(ast_policy, hooks), &kprobe_schema, false, HOOK_KPROBE },
	{ "tracepoints", F_LIST, S(ast_policy, hooks), &tracepoint_schema, false, HOOK_TRACEPOINT },
	{ "uprobes", F_LIST, S(ast_policy, hooks), &uprobe_schema, false, HOOK_UPROBE },
	{ "usdts", F_LIST, S(ast_policy, hooks), &usdt_schema, false, HOOK_USDT },
	{ "lsmhooks", F_LIST, S(ast_policy, hooks), &lsm_schema, false, HOOK_LSM },
	{ "lists", F_LIST, S(ast_policy, lists), &list_schema, false, 0 },
	{ "options", F_LIST, S(ast_policy, options), &option_schema, false, 0 },
	{ "podSelector", F_MAP, S(ast_policy, pod_sel), &label_sel_schema, false, 0 },
	{ "containerSelector", F_MAP, S(ast_policy, container_sel), &label_sel_schema, false, 0 },
	{ "enforcers", F_LIST, S(ast_policy, enforcer_list), &enforcer_schema, false, 0 },
	{ "loader", F_SCALAR, S(ast_policy, loader), NULL, false, 0 },
	{ NULL }
};
static const struct schema spec_schema = { "spec", 0, spec_fields };

static const struct field metadata_fields[] = {
	{ "name", F_SCALAR, S(ast_policy, name), NULL, true, 0 },
	{ "namespace", F_SCALAR, S(ast_policy, namespace), NULL, false, 0 },
	{ "labels", F_IGNORE, 0, NULL, false, 0 },
	{ "annotations", F_IGNORE, 0, NULL, false, 0 },
	{ NULL }
};
static const struct schema metadata_schema = { "metadata", 0, metadata_fields };

static const struct field policy_fields[] = {
	{ "apiVersion", F_SCALAR, S(ast_policy, api_version), NULL, true, 0 },
	{ "kind", F_SCALAR, S(ast_policy, kind), NULL, true, 0 },
	{ "metadata", F_MAP, 0, &metadata_schema, true, 0 },
	{ "spec", F_MAP, 0, &spec_schema, true, 0 },
	{ NULL }
};
static const struct schema policy_schema = { "policy", sizeof(struct ast_policy), policy_fields };

static int decode_map(struct tpc_ctx *ctx, const struct ynode *n, const struct schema *sc, void *base);

static bool expect_kind(struct tpc_ctx *ctx, const struct ynode *n, enum ykind k, const char *key)
{
	if (n->kind == k)
		return true;
	diag_error(ctx, n->loc, "'%s' must be %s, not %s", key, kind_name(k), kind_name(n->kind));
	return false;
}

/* The same for an element of the list under `key`. */
static bool expect_item_kind(struct tpc_ctx *ctx, const struct ynode *n, enum ykind k, const char *key)
{
	if (n->kind == k)
		return true;
	diag_error(ctx, n->loc, "each entry of '%s' must be %s, not %s", key, kind_name(k), kind_name(n->kind));
	return false;
}

static void set_scalar(struct ast_scalar *s, const struct ynode *key, const struct ynode *val)
{
	s->s = val->str;
	s->len = val->len;
	s->loc = val->loc;
	s->key_loc = key->loc;
}

/* Names and flags never hold a NUL; values may (the checker decides what a NUL means there). */
static bool expect_no_nul(struct tpc_ctx *ctx, const struct ynode *n)
{
	if ((int)strlen(n->str) == n->len)
		return true;
	diag_error(ctx, n->loc, "scalar contains a NUL character");
	return false;
}

static int decode_field(struct tpc_ctx *ctx, const struct field *f, const struct ynode *key,
			const struct ynode *val, void *base)
{
	char *p = (char *)base + f->off;
	int i, err = 0;

	switch (f->kind) {
	case F_SCALAR:
		if (!expect_kind(ctx, val, Y_SCALAR, f->key) || !expect_no_nul(ctx, val))
			return -EINVAL;
		set_scalar((struct ast_scalar *)p, key, val);
		return 0;
	case F_STRMAP: {
		struct glist *l = (struct glist *)p;

		if (!expect_kind(ctx, val, Y_MAP, f->key))
			return -EINVAL;
		l->present = true;
		l->loc = key->loc;
		for (i = 0; i < val->n; i++) {
			struct ast_scalar *s;

			if (!expect_item_kind(ctx, val->items[i], Y_SCALAR, f->key) || !expect_no_nul(ctx, val->items[i]) ||
			    !expect_no_nul(ctx, val->keys[i])) {
				err = -EINVAL;
				continue;
			}
			l->v = arena_grow(&ctx->arena, l->v, &l->cap, l->n + 1, sizeof(struct ast_scalar));
			s = (struct ast_scalar *)l->v + l->n++;
			set_scalar(s, val->keys[i], val->items[i]);
		}
		return err;
	}
	case F_PRESENT: {
		struct ast_scalar *s = (struct ast_scalar *)p;

		s->s = f->key;
		s->loc = key->loc;
		s->key_loc = key->loc;
		return 0;
	}
	case F_IGNORE:
		return 0;
	case F_VALUES: {
		struct ast_values *vs = (struct ast_values *)p;

		if (!expect_kind(ctx, val, Y_SEQ, f->key))
			return -EINVAL;
		vs->present = true;
		vs->loc = key->loc;
		for (i = 0; i < val->n; i++) {
			struct ast_scalar *s;

			if (!expect_item_kind(ctx, val->items[i], Y_SCALAR, f->key)) {
				err = -EINVAL;
				continue;
			}
			s = ARENA_PUSH(&ctx->arena, vs->v, vs->n, vs->cap);
			set_scalar(s, key, val->items[i]);
		}
		return err;
	}
	case F_LIST: {
		struct glist *l = (struct glist *)p;

		if (!expect_kind(ctx, val, Y_SEQ, f->key))
			return -EINVAL;
		if (!l->present)
			l->loc = key->loc;
		l->present = true;
		for (i = 0; i < val->n; i++) {
			char *el;

			if (!expect_item_kind(ctx, val->items[i], Y_MAP, f->key)) {
				err = -EINVAL;
				continue;
			}
			l->v = arena_grow(&ctx->arena, l->v, &l->cap, l->n + 1, f->sub->size);
			el = (char *)l->v + (size_t)l->n++ * f->sub->size;
			/* every AST struct starts with its struct loc */
			*(struct loc *)el = val->items[i]->loc;
			if (f->sub == &kprobe_schema || f->sub == &tracepoint_schema || f->sub == &uprobe_schema ||
			    f->sub == &usdt_schema || f->sub == &lsm_schema)
				((struct ast_hook *)el)->kind = (enum hook_kind)f->tag;
			if (decode_map(ctx, val->items[i], f->sub, el))
				err = -EINVAL;
		}
		return err;
	}
	case F_MAP:
		if (!expect_kind(ctx, val, Y_MAP, f->key))
			return -EINVAL;
		if (f->sub->size)
			*(struct loc *)p = val->loc;
		if (f->sub == &label_sel_schema) {
			((struct ast_label_selector *)p)->present = true;
			((struct ast_label_selector *)p)->key_loc = key->loc;
		}
		return decode_map(ctx, val, f->sub, p);
	}
	return 0;
}

static int decode_map(struct tpc_ctx *ctx, const struct ynode *n, const struct schema *sc, void *base)
{
	const struct field *f;
	const char *suggested[64];	/* keys offered as "did you mean" */
	int i, j, n_suggested = 0, err = 0;

	for (i = 0; i < n->n; i++) {
		const char *key = n->keys[i]->str;

		for (f = sc->fields; f->key; f++)
			if (!strcmp(f->key, key))
				break;
		if (!f->key) {
			const char *names[64];
			const char *hint;
			int nn = 0;

			for (f = sc->fields; f->key && nn < 64; f++)
				names[nn++] = f->key;
			hint = diag_suggest(key, names, nn);
			if (hint && n_suggested < 64)
				suggested[n_suggested++] = hint;
			if (hint)
				diag_error(ctx, n->keys[i]->loc, "unknown key '%s' in %s; did you mean '%s'?", key, sc->what, hint);
			else
				diag_error(ctx, n->keys[i]->loc, "unknown key '%s' in %s", key, sc->what);
			err = -EINVAL;
			continue;
		}
		if (decode_field(ctx, f, n->keys[i], n->items[i], base))
			err = -EINVAL;
	}
	for (f = sc->fields; f->key; f++) {
		if (!f->required)
			continue;
		for (i = 0; i < n->n; i++)
			if (!strcmp(f->key, n->keys[i]->str))
				break;
		if (i < n->n)
			continue;
		err = -EINVAL;
		/* "unknown key 'cal' in kprobe; did you mean 'call'?" already said it */
		for (j = 0; j < n_suggested; j++)
			if (!strcmp(suggested[j], f->key))
				break;
		if (j == n_suggested) {
			struct loc l = n->loc;

			l.len = 1;
			diag_error(ctx, l, "%s is missing required key '%s'", sc->what, f->key);
		}
	}
	return err;
}

int parse_policies(struct tpc_ctx *ctx, const struct src_file *f, struct ast_policy ***out, int *n_out)
{
	struct yparse yp = { .ctx = ctx, .file = f };
	struct ast_policy **pols = NULL;
	int n = 0, cap = 0, err = 0;

	if (!yaml_parser_initialize(&yp.parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&yp.parser, (const unsigned char *)f->text, f->len);
	yaml_parser_set_encoding(&yp.parser, YAML_UTF8_ENCODING);
	for (;;) {
		struct ynode *root;
		struct ast_policy *p;

		err = next_event(&yp);
		if (err)
			goto out_free_parser;
		if (yp.ev.type == YAML_STREAM_END_EVENT)
			break;
		if (yp.ev.type != YAML_DOCUMENT_START_EVENT)
			continue;	/* STREAM_START */
		err = next_event(&yp);
		if (err)
			goto out_free_parser;
		if (yp.ev.type == YAML_DOCUMENT_END_EVENT)
			continue;	/* an empty document between two "---" */
		err = parse_node(&yp, &root);
		if (err)
			goto out_free_parser;
		err = next_event(&yp);	/* DOCUMENT_END */
		if (err)
			goto out_free_parser;
		if (root->kind == Y_SCALAR && root->plain && !root->str[0])
			continue;	/* "---" followed by nothing */
		p = ARENA_NEW(&ctx->arena, struct ast_policy);
		p->loc = root->loc;
		p->file = f;
		pols = arena_grow(&ctx->arena, pols, &cap, n + 1, sizeof(*pols));
		pols[n++] = p;
		if (root->kind != Y_MAP) {
			diag_error(ctx, root->loc, "a policy document must be a mapping, not %s", kind_name(root->kind));
			err = -EINVAL;
			continue;
		}
		if (decode_map(ctx, root, &policy_schema, p))
			err = -EINVAL;
	}
	if (!n && !err) {
		struct loc l = { .file = f, .line = 1, .col = 1, .len = 1 };

		diag_error(ctx, l, "no policy document in '%s'", f->name);
		err = -EINVAL;
	}
	*out = pols;
	*n_out = n;
out_free_parser:
	if (yp.have_ev)
		yaml_event_delete(&yp.ev);
	yaml_parser_delete(&yp.parser);
	if (err)
		return -EINVAL;
	return ctx->n_errors ? -EINVAL : 0;
}

/* --- the schema, for the reference docs ------------------------------------ */

static const char *fkind_name(const struct field *f)
{
	switch (f->kind) {
	case F_SCALAR:
		return "scalar";
	case F_VALUES:
		return "list of scalars";
	case F_LIST:
		return "list of mappings";
	case F_MAP:
		return "mapping";
	case F_STRMAP:
		return "mapping of scalars";
	default:
		return "any";
	}
}

static void walk_schema(const struct schema *sc, const char *prefix,
			void (*fn)(const char *path, const char *kind, bool required, void *arg), void *arg, int depth)
{
	const struct field *f;
	char path[256];

	if (depth > 8)
		return;
	for (f = sc->fields; f->key; f++) {
		snprintf(path, sizeof(path), "%s%s%s%s", prefix, prefix[0] ? "." : "", f->key,
			 f->kind == F_LIST || f->kind == F_VALUES ? "[]" : "");
		fn(path, fkind_name(f), f->required, arg);
		if (f->sub)
			walk_schema(f->sub, path, fn, arg, depth + 1);
	}
}

void parse_schema_walk(void (*fn)(const char *path, const char *kind, bool required, void *arg), void *arg)
{
	walk_schema(&policy_schema, "", fn, arg, 0);
}

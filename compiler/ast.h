/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AST of a TracingPolicy document. Every node keeps the location of the
 * YAML that produced it. Scalars are kept as text with their location; the
 * checker gives them types (integers, enums) and reports bad values there.
 */
#ifndef TPC_AST_H
#define TPC_AST_H

#include "tpc.h"

struct ast_scalar {
	const char *s;		/* NULL when the key was absent */
	struct loc loc;		/* of the value (or of the key when absent: the parent's) */
	struct loc key_loc;
};

static inline bool ast_has(const struct ast_scalar *s)
{
	return s->s != NULL;
}

struct ast_values {
	struct ast_scalar *v;
	int n, cap;
	struct loc loc;
	bool present;
};

#define AST_LIST(type) struct { type *v; int n, cap; struct loc loc; bool present; }

enum argtype {
#define ARGTYPE(id, name, cls, width, sgn, json) ARG_##id,
#include "argtypes.def"
	ARG__N
};

enum op {
#define OP(id, name, kinds) OP_##id,
#include "lang.def"
	OP__N
};

enum action {
#define ACTION(id, name) ACT_##id,
#include "lang.def"
	ACT__N
};

struct ast_arg {
	struct loc loc;
	struct ast_scalar index, type, size_arg_index, return_copy, max_data, label, resolve;
	/* set by check */
	int idx;
	enum argtype atype;
};

struct ast_match {		/* one entry of matchArgs, matchPIDs, ... */
	struct loc loc;
	struct ast_scalar index, operator, follow_forks, is_ns_pid, follow_children,
		namespace, is_ns_cap, type;
	struct ast_values args;	/* matchArgs "args": several argument indexes */
	struct ast_values values;
	/* set by check */
	enum op op;
	int idx;
};

struct ast_action {
	struct loc loc;
	struct ast_scalar action, arg_error, arg_sig, arg_fd, arg_name, arg_url, arg_fqdn,
		rate_limit, rate_limit_scope, kernel_stack, user_stack, ima_hash, arg_index,
		arg_value;
	/* set by check */
	enum action act;
	long long error, sig;
};

typedef AST_LIST(struct ast_match) ast_match_list;
typedef AST_LIST(struct ast_action) ast_action_list;

struct ast_selector {
	struct loc loc;
	ast_match_list match_args, match_return_args, match_data, match_pids, match_binaries,
		match_namespaces, match_ns_changes, match_caps, match_cap_changes;
	ast_action_list actions, return_actions;
};

enum hook_kind { HOOK_KPROBE, HOOK_TRACEPOINT, HOOK_UPROBE, HOOK_USDT, HOOK_LSM };

struct ast_hook {
	struct loc loc;		/* first, like every AST struct */
	enum hook_kind kind;
	/* kprobes */
	struct ast_scalar call, syscall, ret, ignore;
	/* tracepoints */
	struct ast_scalar subsystem, event, raw;
	/* uprobes, usdts */
	struct ast_scalar path, provider, name;
	struct ast_values symbols, offsets, ref_ctr_offsets;
	/* lsmhooks */
	struct ast_scalar hook;
	struct ast_scalar message;
	struct ast_values tags;
	AST_LIST(struct ast_arg) args;
	struct ast_arg return_arg;
	bool has_return_arg;
	struct ast_scalar return_arg_action;
	AST_LIST(struct ast_selector) selectors;
	/* set by check */
	bool is_syscall;
	bool is_return;
};

struct ast_list {		/* spec.lists[] */
	struct loc loc;
	struct ast_scalar name, type, pattern;
	struct ast_values values;
};

struct ast_policy {
	struct loc loc;
	struct ast_scalar api_version, kind, name, namespace;
	AST_LIST(struct ast_hook) hooks;	/* all hook sections, in YAML order per section */
	AST_LIST(struct ast_list) lists;
	struct loc spec_loc;
	/* features present in the YAML that later passes must reject or handle */
	struct ast_scalar options_present, pod_selector, container_selector, enforcers, loader;
	const struct src_file *file;
};

/* Parse every document of f. Returns 0, or -EINVAL with diagnostics in ctx. */
int parse_policies(struct tpc_ctx *ctx, const struct src_file *f, struct ast_policy ***out, int *n_out);

const char *argtype_name(enum argtype t);
const char *op_name(enum op o);
const char *action_name(enum action a);
int argtype_lookup(const char *s);	/* -1 if unknown */
int op_lookup(const char *s);
int action_lookup(const char *s);
enum argtype_class { ATC_INT, ATC_STRING, ATC_BUF, ATC_PTR, ATC_FD, ATC_NOP };
enum argtype_class argtype_class(enum argtype t);
int argtype_width(enum argtype t);
bool argtype_signed(enum argtype t);
const char *argtype_json_key(enum argtype t);

enum limit {
#define LIMIT(id, v, what) LIMIT_##id,
#include "lang.def"
	LIMIT__N
};
extern const struct limit_info {
	const char *name;
	int value;
	const char *what;
} tpc_limits[LIMIT__N];

#endif /* TPC_AST_H */

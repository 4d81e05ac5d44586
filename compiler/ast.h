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
	int len;		/* bytes in s; > strlen(s) when the YAML held a NUL ("\\0") */
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

/* Which arguments an operator applies to (lang.def OP and ARGRULE). */
enum {
	OPK_INT = 1 << 0,	/* integers */
	OPK_STR = 1 << 1,	/* strings, buffers and file names */
	OPK_SKB = 1 << 2,
	OPK_SOCK = 1 << 3,
	OPK_SOCKADDR = 1 << 4,
	OPK_CAP = 1 << 5,	/* capability sets */
	OPK_FILE = 1 << 6,	/* has an inode: FileType */
	OPK_SET = 1 << 7,	/* process selectors: In, NotIn */
	OPK_DEV = 1 << 8,	/* net_device: its name */
};

/* What an operator's values are. */
enum opv { OPV_ANY, OPV_STRING, OPV_INT, OPV_RANGE, OPV_ADDR, OPV_PORT, OPV_NONE, OPV_PROTOCOL,
	   OPV_FAMILY, OPV_STATE, OPV_MAP, OPV_CAP, OPV_FILETYPE };

/* The parameters of an action (lang.def ACTPARAM). */
enum actparam {
#define ACTPARAM(id, key, what) APN_##id,
#include "lang.def"
	APN__N
};
#define AP_BIT(id) (1u << APN_##id)
#define AP_ARG_ERROR AP_BIT(ARG_ERROR)
#define AP_ARG_SIG AP_BIT(ARG_SIG)
#define AP_ARG_FD AP_BIT(ARG_FD)
#define AP_ARG_NAME AP_BIT(ARG_NAME)
#define AP_ARG_URL AP_BIT(ARG_URL)
#define AP_ARG_FQDN AP_BIT(ARG_FQDN)
#define AP_ARG_SOCK AP_BIT(ARG_SOCK)
#define AP_ARG_INDEX AP_BIT(ARG_INDEX)
#define AP_ARG_VALUE AP_BIT(ARG_VALUE)
#define AP_RATE_LIMIT AP_BIT(RATE_LIMIT)
#define AP_RATE_LIMIT_SCOPE AP_BIT(RATE_LIMIT_SCOPE)
#define AP_KERNEL_STACK AP_BIT(KERNEL_STACK)
#define AP_USER_STACK AP_BIT(USER_STACK)
#define AP_IMA_HASH AP_BIT(IMA_HASH)

enum op {
#define OP(id, name, kinds, vals) OP_##id,
#include "lang.def"
	OP__N
};

enum action {
#define ACTION(id, name, params) ACT_##id,
#include "lang.def"
	ACT__N
};

struct ast_arg {
	struct loc loc;
	struct ast_scalar index, type, size_arg_index, return_copy, max_data, label, resolve, source;
	/* set by check */
	int idx;
	enum argtype atype;
	int tp_offset;		/* tracepoints: the field's byte offset in the record, -1 if none */
	int tp_size;		/* and its size */
	bool tp_signed;
	const char *resolve_root;	/* resolve: the struct or union the arg points to ("linux_binprm") */
	const char *reg;	/* data 'source: pt_regs': the struct pt_regs member ("ax"), NULL otherwise */
	int reg_size;		/* and the bytes the register name reads ("eax": 4) */
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
	int idx2;	/* CapabilitiesGained: the second arg of `args` (idx is the first); -1 otherwise */
	const struct ast_list **lists;	/* InMap/NotInMap: the list of each "list:NAME" value, else NULL */
};

struct ast_action {
	struct loc loc;
	struct ast_scalar action, arg_error, arg_sig, arg_fd, arg_name, arg_url, arg_fqdn,
		rate_limit, rate_limit_scope, kernel_stack, user_stack, ima_hash, arg_index,
		arg_value, arg_sock;
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
	struct ast_scalar call, syscall, ret, ignore, ignore_call_not_found;
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
	AST_LIST(struct ast_arg) data;	/* kprobes: 'data', what matchData refers to */
	struct ast_arg return_arg;
	bool has_return_arg;
	struct ast_scalar return_arg_action;
	AST_LIST(struct ast_selector) selectors;
	/* set by check */
	bool is_syscall;
	bool is_return;
	bool is_raw;		/* tracepoints: raw: true */
	bool optional;		/* ignore.callNotFound: the agent skips it where the function is missing */
	bool absent;		/* ... and it is missing from every target: not in the object at all */
	const struct ast_list *list;	/* call: "list:NAME" */
};

struct ast_list {		/* spec.lists[] */
	struct loc loc;
	struct ast_scalar name, type, pattern, validated;
	struct ast_values values;
};

struct ast_label_req {		/* a matchExpressions entry of a label selector */
	struct loc loc;
	struct ast_scalar key, operator;
	struct ast_values values;
};

struct ast_label_selector {	/* podSelector, containerSelector */
	struct loc loc;
	bool present;
	struct loc key_loc;
	AST_LIST(struct ast_scalar) match_labels;	/* key_loc: the label, s: its value */
	AST_LIST(struct ast_label_req) match_expressions;
};

struct ast_option {		/* spec.options[] */
	struct loc loc;
	struct ast_scalar name, value;
};

struct ast_enforcer {		/* spec.enforcers[] */
	struct loc loc;
	struct ast_values calls;
};

struct ast_policy {
	struct loc loc;
	struct ast_scalar api_version, kind, name, namespace;
	AST_LIST(struct ast_hook) hooks;	/* all hook sections, in YAML order per section */
	AST_LIST(struct ast_list) lists;
	struct loc spec_loc;
	/* features present in the YAML that later passes must reject or handle */
	struct ast_scalar options_present, pod_selector, container_selector, enforcers, loader;
	AST_LIST(struct ast_option) options;
	AST_LIST(struct ast_enforcer) enforcer_list;
	struct ast_label_selector pod_sel, container_sel;
	const struct src_file *file;
};

/* Parse every document of f. Returns 0, or -EINVAL with diagnostics in ctx. */
int parse_policies(struct tpc_ctx *ctx, const struct src_file *f, struct ast_policy ***out, int *n_out);

const char *argtype_name(enum argtype t);
const char *op_name(enum op o);
const char *action_name(enum action a);
int argtype_lookup(const char *s);	/* -1 if unknown */
int op_lookup(const char *s);		/* names and aliases */
int action_lookup(const char *s);
unsigned op_kinds(enum op o);		/* OPK_* */
enum opv op_values(enum op o);
unsigned argtype_opkinds(enum argtype t);	/* OPK_* */
const char *argtype_kernel(enum argtype t);	/* ARGRULE: "int", "ptr", "char *", "struct x *", "" */
unsigned action_params(enum action a);	/* AP_* */
const char *actparam_key(enum actparam p);
const char *actparam_what(enum actparam p);
extern const char *const tpc_namespaces[];
extern const int tpc_n_namespaces;
extern const struct capability_info {
	const char *name;
	int nr;
} tpc_capabilities[];
extern const int tpc_n_capabilities;
/* FileType values: name and S_IFMT bits (lang.def FILETYPE) */
extern const struct filetype_info {
	const char *name;
	unsigned int mode;
} tpc_filetypes[];
extern const int tpc_n_filetypes;
/* 'source: pt_regs' registers: the struct pt_regs member and its 8-, 4-, 2- and 1-byte names (lang.def REGISTER) */
extern const struct register_info {
	const char *member;
	const char *names[4];
} tpc_registers[];
extern const int tpc_n_registers;
/* The parser's schema: calls fn for every key, depth-first ("spec.kprobes[].call"). */
void parse_schema_walk(void (*fn)(const char *path, const char *kind, bool required, void *arg), void *arg);
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

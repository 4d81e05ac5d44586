/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The typed IR: what the kernel will do, with nothing left to interpret.
 *
 * A policy is a list of hooks. A hook has attach variants (the same logic
 * reached through different kernel mechanisms), argument reads (what to
 * fetch, at which width), and selectors: predicates in evaluation order and
 * the actions taken by the first selector whose predicates all hold. Every
 * node keeps the YAML location it came from, so the printer can say where.
 */
#ifndef TPC_IR_H
#define TPC_IR_H

#include "ast.h"

enum ir_attach {
	IR_ATTACH_KPROBE,	/* kprobe/<function> */
	IR_ATTACH_TP_SYSCALL,	/* tracepoint/syscalls/sys_enter_<name> */
};

/* How a variant finds argument i. */
enum ir_argsrc {
	IR_SRC_REGS,		/* PT_REGS_PARMn(ctx) of a kprobe on a plain function */
	IR_SRC_SYSCALL_REGS,	/* x86-64 syscall wrapper: the user pt_regs passed as its first arg */
	IR_SRC_TP_SYSCALL,	/* ctx->args[i] of a sys_enter tracepoint (zero-extended 64-bit) */
};

struct ir_variant {
	enum ir_attach attach;
	enum ir_argsrc src;
	const char *target;	/* "__x64_sys_lseek", "syscalls/sys_enter_lseek" */
	const char *section;	/* ELF section: "kprobe/__x64_sys_lseek" */
	const char *prog;	/* program name: "tpc_lseek_0_kprobe" */
	const char *suffix;	/* "kprobe", "tp" */
};

/* A value read from the hook's context. */
struct ir_read {
	int arg;		/* function argument index */
	enum argtype type;
	int width;		/* bytes of the declared type */
	bool is_signed;
	int offset;		/* of its 8-byte slot in the event */
	const char *label;
	struct loc loc;
};

/* One matchArgs entry: read `read` OP any of values (values are ORed). */
struct ir_pred {
	enum op op;
	int read;		/* index into hook->reads */
	long long *values;	/* already narrowed to the read's width and sign */
	int n_values;
	struct loc loc;
};

struct ir_action {
	enum action act;
	long long arg;		/* signal number for Sigkill/Signal */
	struct loc loc;
};

struct ir_selector {
	int id;
	struct ir_pred *preds;	/* ANDed, cheapest first */
	int n_preds, cap_preds;
	struct ir_action *acts;
	int n_acts, cap_acts;
	bool post;		/* write an event (Post is implied unless NoPost) */
	unsigned int act_bits;	/* TPC_ACT_* */
	struct loc loc;
};

struct ir_hook {
	int id;
	enum hook_kind kind;
	const char *function;	/* kernel function or hook as reported in events */
	const char *name;	/* short C-safe name used in generated identifiers */
	bool syscall;
	struct ir_variant *variants;
	int n_variants, cap_variants;
	struct ir_read *reads;
	int n_reads, cap_reads;
	struct ir_selector *sels;
	int n_sels, cap_sels;
	const char *message;
	const char **tags;
	int n_tags;
	int event_size;
	struct loc loc;
};

struct ir_policy {
	const char *name;
	const char *kind;
	const char *namespace;
	const char *source;		/* file name as given, for messages and comments */
	const char *source_base;	/* basename, the only path recorded in objects */
	const char *source_sha256;
	const char **targets;		/* BTF identities */
	int n_targets;
	struct ir_hook *hooks;
	int n_hooks, cap_hooks;
};

struct tpc_target;

/* check: names, defaults, values, limits, types against every target. */
int check_policy(struct tpc_ctx *ctx, struct ast_policy *p, struct tpc_target *targets, int n_targets);
/* lower: checked AST -> IR. */
int lower_policy(struct tpc_ctx *ctx, const struct ast_policy *p, struct ir_policy **out);
/* cgen: IR -> BPF C text (NUL-terminated, in the arena). */
int cgen_policy(struct tpc_ctx *ctx, const struct ir_policy *ir, const struct tpc_target *t, char **out);
/* meta: IR -> the ".tpc.meta" JSON (docs/object-format.md). */
int meta_policy(struct tpc_ctx *ctx, const struct ir_policy *ir, char **out);

#endif /* TPC_IR_H */

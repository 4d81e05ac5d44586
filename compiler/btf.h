/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target kernels, described by their BTF: hook prototypes for the checker,
 * field types for the CO-RE shadow structs the code generator emits.
 */
#ifndef TPC_BTF_H
#define TPC_BTF_H

#include "tpc.h"

struct btf;

struct tpc_target {
	const char *path;	/* BTF file */
	const char *id;		/* "<basename> sha256:<hex>" recorded in objects */
	struct btf *btf;
};

enum ktype_kind { KT_INT, KT_PTR, KT_ENUM, KT_STRUCT, KT_OTHER };

struct ktype {
	enum ktype_kind kind;
	int size;		/* bytes */
	bool is_signed;
	const char *c;		/* C spelling for messages, e.g. "struct file *" */
	const char *pointee;	/* KT_PTR to a struct/union: its name */
};

struct kproto {
	const char *name;
	int nargs;
	struct ktype args[8];
	const char *arg_names[8];
	struct ktype ret;
	const char *c;		/* "int security_file_open(struct file *file)" */
};

/* Load a BTF file (NULL = /sys/kernel/btf/vmlinux). Returns 0 or -errno. */
int btf_target_open(struct tpc_ctx *ctx, const char *path, struct tpc_target *t);
void btf_target_close(struct tpc_target *t);

/* Prototype of kernel function `name`; -ENOENT if the BTF has no such function. */
int btf_func_proto(struct tpc_ctx *ctx, const struct tpc_target *t, const char *name, struct kproto *out);
bool btf_has_func(const struct tpc_target *t, const char *name);
/* Up to n function names in the target that are close to `name`, for "did you mean". */
const char *btf_suggest_func(const struct tpc_target *t, const char *name);

/* Prototype of syscall `name` (without prefix) from the shipped syscall table. */
int syscall_proto(const char *name, struct kproto *out);
const char *syscall_suggest(const char *name);

/* Size of member `field` of struct `sname` in the target, or -ENOENT. */
int btf_member_size(const struct tpc_target *t, const char *sname, const char *field);

#endif /* TPC_BTF_H */

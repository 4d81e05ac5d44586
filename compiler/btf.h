/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target kernels, described by their BTF: hook prototypes for the checker,
 * field types for the CO-RE shadow structs the code generator emits.
 */
#ifndef TPC_BTF_H
#define TPC_BTF_H

#include <regex.h>

#include "tpc.h"

struct btf;

struct tpc_target {
	const char *path;	/* BTF file */
	const char *id;		/* "<basename> sha256:<hex>" recorded in objects */
	struct btf *btf;
};

enum ktype_kind { KT_INT, KT_PTR, KT_ENUM, KT_STRUCT, KT_OTHER, KT_ARRAY };

struct ktype {
	enum ktype_kind kind;
	int size;		/* bytes */
	bool is_signed;
	const char *c;		/* C spelling for messages, e.g. "struct file *" */
	const char *pointee;	/* KT_PTR to a struct/union: its name */
	unsigned int id;	/* BTF id of the type (0: from the syscall table or tracefs) */
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
/*
 * The names of the target's functions that regex re matches (unanchored, as
 * Go's MatchString), sorted and without duplicates, in the arena; returns
 * their number.
 */
int btf_funcs_matching(struct tpc_ctx *ctx, const struct tpc_target *t, const regex_t *re, const char ***out);
/* Up to n function names in the target that are close to `name`, for "did you mean". */
const char *btf_suggest_func(const struct tpc_target *t, const char *name);

/* "lseek", "sys_lseek", "__x64_sys_lseek" -> "lseek": the name the syscall table uses. */
const char *syscall_base(const char *call);
/*
 * The kernel function an enforcer call names, as Tetragon resolves it:
 * "security_*" and "__x64_sys_*"/"__ia32_sys_*" as they are, a syscall
 * ("sys_dup", "dup") as its x86-64 wrapper "__x64_sys_dup".
 */
const char *enforcer_symbol(struct arena *a, const char *call);
/* Prototype of syscall `name` (without prefix) from the shipped syscall table. */
int syscall_proto(const char *name, struct kproto *out);
const char *syscall_suggest(const char *name);
/* Name i of the syscall table (sorted), NULL past its end. */
const char *syscall_name(int i);
/*
 * The syscall64 value of a syscall list member, as Tetragon computes it:
 * "__ia32_sys_dup" -> 41 | 0x80000000 (the i386 number, bit 31 for 32-bit),
 * anything else -> its x86-64 number; -1 when tpc has no number.
 */
long long syscall_id(const char *call);
/* Its x86-64 syscall number (compiler/syscall_nrs.def), or -1. */
int syscall_nr(const char *name);

/*
 * Tracepoint `sub`/`event`: its fields in format order, the common_* fields
 * included (Tetragon's arg index counts them). On the running kernel the
 * fields come from tracefs (events/<sub>/<event>/format); for another
 * kernel's BTF from the 'trace_event_raw_<event>' struct, or for syscalls/
 * sys_enter_* from the syscall table. `source` says which.
 * Returns 0, -ENOENT (no such event), -ENODATA (the event exists but its
 * fields are not known).
 */
struct tp_info {
	int nfields;
	struct ktype *fields;
	const char **names;
	int *offsets;		/* byte offset of each field in the event record */
	const char *source;
};
int btf_tracepoint(struct tpc_ctx *ctx, const struct tpc_target *t, const char *sub, const char *event,
		   struct tp_info *out);
/* Raw tracepoint `event`: its TP_PROTO arguments from BTF 'btf_trace_<event>'; 0 or -ENOENT. */
int btf_raw_tracepoint(struct tpc_ctx *ctx, const struct tpc_target *t, const char *event, struct kproto *out);
/*
 * Follow `path` ("mm.owner.comm") from a value of type `from` through struct
 * members, dereferencing pointers. 0 with the final type in *out, or -ENOENT
 * with the first component that does not resolve in *bad.
 */
int btf_resolve_path(struct tpc_ctx *ctx, const struct tpc_target *t, const struct ktype *from, const char *path,
		     struct ktype *out, const char **bad);
/* The name of the struct or union a pointer type points to (for resolve), NULL if none. */
const char *btf_resolve_root(struct tpc_ctx *ctx, const struct tpc_target *t, const struct ktype *from);

/*
 * A resolve path walked for code generation: one step per field. A step
 * whose `owner` is set starts a segment, a run of fields read through one
 * pointer to that struct or union; the fields after it are embedded in it
 * until a step with `deref` (a pointer member the path follows). The last
 * step's `type` is the value's.
 */
struct btf_rstep {
	const char *member;
	const char *owner;	/* struct or union name at a segment's start, else NULL */
	bool owner_union;
	bool embedded_union;	/* not last, not deref: the member is a union (else a struct) */
	bool deref;		/* a pointer the path follows */
	struct ktype type;	/* of the member */
	struct ktype elem;	/* KT_ARRAY: of its elements */
	int bitfield;		/* bits, 0 when not a bitfield */
};
/* 0 with *n steps, or -ENOENT / -EINVAL with what failed in *why. */
int btf_resolve_steps(struct tpc_ctx *ctx, const struct tpc_target *t, const char *root, const char *path,
		      struct btf_rstep **out, int *n, const char **why);

/* Whether `name` is the running kernel's BTF (tracefs describes it). */
bool btf_is_running_kernel(const struct tpc_target *t);

/* Size of member `field` of struct `sname` in the target, or -ENOENT. */
int btf_member_size(const struct tpc_target *t, const char *sname, const char *field);

#endif /* TPC_BTF_H */

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
	IR_ATTACH_LSM,		/* lsm/<hook> (BPF-LSM) */
	IR_ATTACH_KRETPROBE,	/* kretprobe/<function>: the exit half of a return probe */
	IR_ATTACH_TP_SYSCALL_EXIT,	/* tracepoint/syscalls/sys_exit_<name> */
	IR_ATTACH_UPROBE,	/* uprobe on <path>:<symbol> */
	IR_ATTACH_TRACEPOINT,	/* tracepoint/<subsystem>/<event> */
	IR_ATTACH_FMOD_RET,	/* fmod_ret/<function>: BPF_MODIFY_RETURN, returns the new return value */
	IR_ATTACH_RAW_TP,	/* raw_tp/<event>: args are the TP_PROTO arguments (IR_SRC_BTF_ARGS) */
	IR_ATTACH_USDT,		/* usdt on <path>:<provider>:<name> (libbpf usdt.bpf.h) */
	IR_ATTACH_URETPROBE,	/* uretprobe on <path>:<symbol>: the exit half of a uprobe's return probe */
	/*
	 * One program shared by the hooks a "list:NAME" call expands to (same
	 * prog name in each member's variant): kprobe.multi attached once to
	 * every member's function, dispatching on the attach cookie (the hook
	 * id); or raw_tp/sys_enter dispatching on the syscall number.
	 */
	IR_ATTACH_KPROBE_MULTI,
	IR_ATTACH_RAW_TP_SYSCALLS,
};

/* How a variant finds argument i. */
enum ir_argsrc {
	IR_SRC_REGS,		/* PT_REGS_PARMn(ctx) of a kprobe on a plain function */
	IR_SRC_SYSCALL_REGS,	/* x86-64 syscall wrapper: the user pt_regs passed as its first arg */
	IR_SRC_TP_SYSCALL,	/* ctx->args[i] of a sys_enter tracepoint (zero-extended 64-bit) */
	IR_SRC_BTF_ARGS,	/* ((__u64 *)ctx)[i] of a BTF-typed program (lsm, fentry, tp_btf) */
	IR_SRC_TP_FIELD,	/* a field of a tracepoint record, at ir_read.tp_offset */
	IR_SRC_SYSCALL_BTF_REGS,	/* fmod_ret on a syscall wrapper: ((__u64 *)ctx)[0] is the user pt_regs */
	IR_SRC_USDT,		/* bpf_usdt_arg(ctx, i, &v) of a USDT probe (libbpf usdt.bpf.h) */
};

/* Where the exit half of a return probe finds the return value. */
enum ir_retsrc {
	IR_RET_REGS,		/* PT_REGS_RC(ctx) of a kretprobe */
	IR_RET_TP_SYSCALL,	/* ctx->ret of a sys_exit tracepoint */
};

/* How the value of a read is extracted from the raw argument. */
enum ir_extract {
	IR_X_INT,		/* the register itself, narrowed to the declared width */
	IR_X_FILE,		/* struct file *: the path of f->f_path, rebuilt from the dentry chain */
	IR_X_PATH,		/* struct path *: its path */
	IR_X_DENTRY,		/* struct dentry *: the path within its mount */
	IR_X_SOCK,		/* struct sock *: family, type, protocol, state, addresses, ports */
	IR_X_SOCKET,		/* struct socket *: its ->sk, then as IR_X_SOCK */
	IR_X_STR_USER,		/* const char __user *: NUL-terminated string in user memory */
	IR_X_STR_KERNEL,	/* const char *: NUL-terminated string in kernel memory */
	IR_X_SKB,		/* struct sk_buff *: family, protocol, addresses, ports from its headers */
	IR_X_SOCKADDR,		/* struct sockaddr * in kernel memory: family, address, port */
	IR_X_SOCKADDR_USER,	/* struct sockaddr __user * (syscall arguments) */
	/* bpf-templates/tpc_args.h, slots in runtime/tpc_event.h */
	IR_X_FD,		/* int fd of the current task: the path of its struct file */
	IR_X_BPRM,		/* struct linux_binprm *: the path of bprm->file */
	IR_X_CRED,		/* struct cred *: ids, securebits, capabilities, user namespace */
	IR_X_CAPS,		/* kernel_cap_t *: the 64-bit capability mask it points to */
	IR_X_USER_NS,		/* struct user_namespace *: level, owner, group, inum */
	IR_X_BPF_ATTR,		/* union bpf_attr *: prog_type, insn_cnt, prog_name */
	IR_X_BPF_MAP,		/* struct bpf_map *: type, key/value size, max_entries, name */
	IR_X_PERF_EVENT,	/* struct perf_event *: attr.type, attr.config, attr.probe_offset */
	IR_X_MODULE,		/* struct module *: name, taints */
	IR_X_LOAD_INFO,		/* struct load_info *: name, sig_ok, mod->taints */
	IR_X_NET_DEVICE,	/* struct net_device *: name */
	/* bytes (struct tpc_bytes_slot): the length is read_size_arg's argument, at entry */
	IR_X_BUF_USER,		/* char_buf in user memory (syscall and uprobe arguments) */
	IR_X_BUF_KERNEL,	/* char_buf in kernel memory */
	IR_X_IOVEC_USER,	/* char_iovec: a struct iovec array in user memory, the count is the size arg */
	IR_X_KIOCB,		/* struct kiocb *: the path of kiocb->ki_filp, as IR_X_FILE */
	IR_X_IOV_ITER,		/* struct iov_iter *: its first user buffer (ITER_UBUF, ITER_IOVEC), as bytes */
};

/* The code shape chosen for one predicate's values. */
enum ir_shape {
	IR_SHAPE_INLINE,	/* compares written out in C */
	IR_SHAPE_HASH,		/* a hash map lookup (many exact values) */
	IR_SHAPE_LPM,		/* an LPM trie lookup (many prefixes or CIDRs) */
};

struct ir_variant {
	enum ir_attach attach;
	enum ir_argsrc src;
	const char *target;	/* "__x64_sys_lseek", "syscalls/sys_enter_lseek" */
	const char *section;	/* ELF section: "kprobe/__x64_sys_lseek" */
	const char *prog;	/* program name: "tpc_lseek_0_kprobe" */
	const char *suffix;	/* "kprobe", "tp" */
	/* return probes: the exit program paired with this entry program */
	enum ir_attach exit_attach;
	enum ir_retsrc exit_src;
	const char *exit_target;	/* "__x64_sys_openat", "syscalls/sys_exit_openat" */
	const char *exit_section;
	const char *exit_prog;		/* NULL when the hook is not a return probe */
};

/*
 * Reads with arg >= IR_DATA_ARG are a kprobe's 'data' entries (index
 * arg - IR_DATA_ARG): a field path (resolve) of the current task's
 * task_struct, or a register (reg), which matchData tests like matchArgs.
 */
#define IR_DATA_ARG 64
/* Reads of one hook at most: LIMIT_ARGS args and LIMIT_DATA 'data' entries (lang.def) */
#define IR_MAX_READS 10

/* A value read from the hook's context. */
struct ir_read {
	int arg;		/* function argument index; IR_DATA_ARG + i: 'data' entry i */
	enum argtype type;
	enum ir_extract extract;
	int width;		/* IR_X_INT: bytes of the declared type */
	bool is_signed;
	int offset;		/* of its slot in the event */
	int size;		/* of its slot: 8 for integers, see tpc_event.h for the others */
	const char *label;
	struct loc loc;
	/* IR_SRC_TP_FIELD: the field in the tracepoint record (tp_size 0 otherwise) */
	int tp_offset;
	int tp_size;
	bool tp_signed;
	/* IR_X_BUF_*, IR_X_IOVEC_*: 1-based as Tetragon's sizeArgIndex (arg N-1); 0: none, copy nothing */
	int size_arg_index;
	/*
	 * returnCopy (IR_X_BUF_*, return probes): the entry parks the pointer
	 * in the slot's orig_size, the exit copies the buffer then, as many
	 * bytes as the return value (cgen.c gen_exit)
	 */
	bool return_copy;
	/*
	 * resolve: the value is field path `resolve` ("mm.owner.comm") of the
	 * struct `resolve_root` the argument points to, pointers followed on
	 * the way (cgen_resolve.c); NULL: the argument itself.
	 */
	const char *resolve;
	const char *resolve_root;
	/*
	 * a 'data' entry with source pt_regs: the low reg_size bytes of
	 * struct pt_regs member `reg` ("ax") of the probe's registers
	 */
	const char *reg;
	int reg_size;
};

/*
 * One matchArgs entry: read `read` OP any of values (values are ORed).
 * CapabilitiesGained: values[0] is the index into hook->reads of the
 * second capability set; true when it has a bit the set `read` lacks.
 */
struct ir_pred {
	enum op op;
	int read;		/* index into hook->reads */
	enum ir_shape shape;
	long long *values;	/* integers, already narrowed to the read's width and sign;
				 * ranges are (min, max) pairs; SAddr-style CIDRs are
				 * (family, prefix length) pairs with the address in strs */
	int n_values;
	const char **strs;	/* string, path and address values (not NUL-safe: see str_lens) */
	int *str_lens;
	int n_strs;
	struct loc loc;
};

/*
 * A process selector (matchBinaries, matchPIDs): a test of the calling
 * process's entry in the process map that the base object keeps (see
 * bpf-templates/tpc_proc.h). Code: one hash lookup of the current tgid per
 * event (done once, on the first selector that needs it), then inline
 * string compares on the stored executable path, or integer compares on
 * the tgid; IR_PROCF_FOLLOW repeats the test on the parent chain.
 */
enum ir_proc_kind {
	IR_PROC_BINARY,		/* matchBinaries: the executable path (strs) */
	IR_PROC_PID,		/* matchPIDs: the tgid (values) */
	/* matchNamespaces: the inode number of one namespace of the task (values;
	 * IR_NS_HOST stands for host_ns, the agent's knob tpc_host_ns[]), in lang.def order */
	IR_PROC_NS_UTS,
	IR_PROC_NS_IPC,
	IR_PROC_NS_MNT,
	IR_PROC_NS_PID,
	IR_PROC_NS_PID_FOR_CHILDREN,
	IR_PROC_NS_NET,
	IR_PROC_NS_TIME,
	IR_PROC_NS_TIME_FOR_CHILDREN,
	IR_PROC_NS_CGROUP,
	IR_PROC_NS_USER,
	/* matchCapabilities: one capability set of the task's cred (values: capability numbers) */
	IR_PROC_CAP_EFFECTIVE,
	IR_PROC_CAP_INHERITABLE,
	IR_PROC_CAP_PERMITTED,
	/* matchNamespaceChanges: values are namespace indices (lang.def order); In: one of them differs
	 * from the one recorded at exec (tpc_proc.ns[]), NotIn: one of the others does */
	IR_PROC_NS_CHANGE,
	/* matchCapabilityChanges: one capability set against tpc_proc.caps[] (values: capability numbers);
	 * In: a listed capability changed, NotIn: only others did */
	IR_PROC_CAP_CHANGE_EFFECTIVE,
	IR_PROC_CAP_CHANGE_INHERITABLE,
	IR_PROC_CAP_CHANGE_PERMITTED,
};

#define IR_NS_HOST (-1LL)	/* matchNamespaces value host_ns */

#define IR_PROCF_FOLLOW (1u << 0)	/* followChildren / followForks: self or an ancestor */
#define IR_PROCF_NS_PID (1u << 1)	/* isNamespacePID: the pid in its own pid namespace */
#define IR_PROCF_NS_CAP (1u << 2)	/* isNamespaceCapability: holds only outside the host user namespace */

struct ir_proc_pred {
	enum ir_proc_kind kind;
	unsigned int flags;	/* IR_PROCF_* */
	struct ir_pred p;	/* op (In, NotIn, Prefix, ...), values or strs, loc; read and shape unused */
};

struct ir_action {
	enum action act;
	long long arg;		/* Sigkill/Signal: the signal; Override: the error returned;
				 * TrackSock/UntrackSock: the argument (a read's .arg) holding the sock;
				 * NotifyEnforcer: IR_NOTIFY_ARG(argError, argSig); Set: IR_SET_ARG() */
	const char *str;	/* GetUrl: the URL; DnsLookup: the name (the agent acts); else NULL */
	struct loc loc;
};

struct ir_selector {
	int id;
	struct ir_pred *preds;	/* ANDed, cheapest first */
	int n_preds, cap_preds;
	struct ir_action *acts;
	int n_acts, cap_acts;
	struct ir_proc_pred *procs;	/* process selectors, ANDed with preds */
	int n_procs, cap_procs;
	struct ir_pred *ret_preds;	/* matchReturnArgs: evaluated at return, on hook->ret_read */
	int n_ret_preds, cap_ret_preds;
	bool post;		/* write an event (Post is implied unless NoPost) */
	long long rate_ns;	/* Post rateLimit: at most one event per rate_ns (0: no limit; lower_act.c) */
	int rate_scope;		/* IR_RATE_THREAD, IR_RATE_PROCESS, IR_RATE_GLOBAL */
	struct loc rate_loc;
	unsigned int stacks;	/* Post kernelStackTrace / userStackTrace: TPC_STACKF_* (lower_act.c) */
	struct loc stack_loc;
	bool ima;		/* Post imaHash: the IMA hash of the hook's file in the event (lower_act.c) */
	struct loc ima_loc;
	unsigned int act_bits;	/* TPC_ACT_* */
	struct loc loc;
};

struct ir_hook {
	int id;
	enum hook_kind kind;
	const char *function;	/* kernel function or hook as reported in events */
	const char *name;	/* short C-safe name used in generated identifiers */
	const char *path;	/* uprobes: the binary */
	unsigned long long ref_ctr_offset;	/* uprobes: refCtrOffsets, the semaphore's file offset; 0: none */
	bool syscall;
	bool optional;		/* ignore.callNotFound: skipped where the kernel lacks the function */
	/*
	 * spec.enforcers: a program on `function` that applies what a
	 * NotifyEnforcer action recorded for the calling thread (the error is
	 * returned, the signal sent); no args, no selectors, no events
	 * (lower_enforce.c, cgen_enforce.c)
	 */
	bool enforcer;
	struct ir_variant *variants;
	int n_variants, cap_variants;
	struct ir_read *reads;
	int n_reads, cap_reads;
	struct ir_selector *sels;
	int n_sels, cap_sels;
	/*
	 * A return probe: the entry program evaluates matchArgs and acts, then
	 * parks its event in a per-thread map; the exit program adds the
	 * return value (read ret_read), evaluates matchReturnArgs and posts.
	 */
	bool is_return;
	struct ir_read ret_read;	/* .arg is -1; its slot is the last of the event */
	/*
	 * returnArgAction: ACT_TRACKSOCK or ACT_UNTRACKSOCK on the returned sock,
	 * done by the exit program on every return (ACT_POST: none)
	 */
	enum action ret_action;
	int pending_entries;		/* size of the per-thread map of parked events */
	const char *message;
	const char **tags;
	int n_tags;
	int event_size;
	int stack_offset;	/* the struct tpc_stack_slot, last in the event; 0: no selector asks */
	int ima_offset;		/* the struct tpc_ima_slot, after the stack slot; 0: no selector asks */
	struct loc loc;
};

struct ir_policy {
	const char *name;
	const char *kind;
	const char *namespace;
	const char *source;		/* file name as given, for messages and comments */
	const char *source_base;	/* basename, the only path recorded in objects */
	const char *source_sha256;
	bool monitor;			/* spec.options policy-mode: monitor (lower_act.c) */
	bool loader;			/* spec.loader: the loader hook after every other one (cgen_loader.c) */
	const char **targets;		/* BTF identities */
	int n_targets;
	struct ir_hook *hooks;
	int n_hooks, cap_hooks;
};

struct tpc_target;

/* v narrowed to `width` bytes (1, 2, 4, 8) of the given signedness, then widened back. */
long long ir_narrow(long long v, int width, bool sgn);
/* An integer value the checker validated (decimal, 0x hex, 0 octal, sign). */
long long ir_value_of(const char *s);

/* check: names, defaults, values, limits, types against every target. */
int check_policy(struct tpc_ctx *ctx, struct ast_policy *p, struct tpc_target *targets, int n_targets);
/* lower: checked AST -> IR. */
int lower_policy(struct tpc_ctx *ctx, const struct ast_policy *p, struct ir_policy **out);
enum { IR_RATE_THREAD, IR_RATE_PROCESS, IR_RATE_GLOBAL };	/* rateLimitScope, as tpc_rate.h */
extern const char *const ir_rate_scope_names[];	/* "thread", "process", "global" */
/* lower_act.c: Post's rateLimit and rateLimitScope of one selector. */
void lower_selector_actions(struct tpc_ctx *ctx, struct ir_selector *sel, const struct ast_selector *s);
/* lower_act.c: the stack slot of a hook whose selectors ask for stack traces (after all selectors). */
void lower_hook_stacks(struct tpc_ctx *ctx, struct ir_hook *h);
extern const char *const ir_stack_names[];	/* "", "kernel", "user", "both": by TPC_STACKF_* bits */
/*
 * lower_act.c: what Post imaHash hashes on LSM hook `hook`, as Tetragon's
 * imaProgName: IR_IMA_BPRM (bprm->file of arg 0), IR_IMA_FILE (arg 0), or
 * IR_IMA_NONE (Tetragon loads no hash program there).
 */
enum { IR_IMA_NONE, IR_IMA_FILE, IR_IMA_BPRM };
int ir_ima_source(const char *hook);
/* lower_act.c: the IMA slot of a hook whose selectors ask, and its sleepable lsm.s variant (after stacks). */
void lower_hook_ima(struct tpc_ctx *ctx, struct ir_hook *h);
/* lower_act.c: spec.options policy-mode; monitor drops the enforcement actions. */
void lower_policy_mode(struct tpc_ctx *ctx, const struct ast_policy *p, struct ir_policy *ir);
/* lower_enforce.c: the hooks of spec.enforcers, after the policy's hooks. */
void lower_enforcers(struct tpc_ctx *ctx, const struct ast_policy *p, struct ir_policy *ir);
/* NotifyEnforcer's ir_action.arg: argSig in the high 32 bits, argError (as __u32) in the low ones */
#define IR_NOTIFY_ARG(err, sig) ((long long)((unsigned long long)(unsigned int)(sig) << 32 | (unsigned int)(err)))
#define IR_NOTIFY_ERROR(arg) ((int)(unsigned int)((unsigned long long)(arg) & 0xffffffffu))
#define IR_NOTIFY_SIG(arg) ((int)(unsigned int)((unsigned long long)(arg) >> 32))
/* Set's ir_action.arg: argIndex in the high 32 bits, argValue (as __u32, what Tetragon writes) in the low ones */
#define IR_SET_ARG(idx, val) IR_NOTIFY_ARG(val, idx)
#define IR_SET_INDEX(arg) IR_NOTIFY_SIG(arg)
#define IR_SET_VALUE(arg) ((unsigned int)IR_NOTIFY_ERROR(arg))
/* lower_proc.c: matchBinaries and matchPIDs of one selector. */
void lower_proc_selector(struct tpc_ctx *ctx, struct ir_selector *sel, const struct ast_selector *s);
/* cgen: IR -> BPF C text (NUL-terminated, in the arena). */
int cgen_policy(struct tpc_ctx *ctx, const struct ir_policy *ir, const struct tpc_target *t, char **out);
/* meta: IR -> the ".tpc.meta" JSON (docs/object-format.md). */
int meta_policy(struct tpc_ctx *ctx, const struct ir_policy *ir, char **out);

#endif /* TPC_IR_H */

// SPDX-License-Identifier: Apache-2.0
/* What the code generator can compile today: see support.h. */
#include <string.h>

#include "net.h"
#include "support.h"

bool cg_hook_kind(enum hook_kind k)
{
	return k == HOOK_KPROBE || k == HOOK_LSM || k == HOOK_UPROBE || k == HOOK_TRACEPOINT ||
	       k == HOOK_USDT;	/* lower.c: a usdt variant reading args with bpf_usdt_arg */
}

bool cg_argtype(enum argtype t)
{
	switch (t) {
	case ARG_INT:
	case ARG_S8:
	case ARG_U8:
	case ARG_S16:
	case ARG_U16:
	case ARG_S32:
	case ARG_U32:
	case ARG_S64:
	case ARG_U64:
	case ARG_SIZE_T:
	case ARG_STRING:
	case ARG_FILENAME:
	case ARG_FILE:
	case ARG_PATH:
	case ARG_DENTRY:
	case ARG_SOCK:
	case ARG_SOCKET:
	case ARG_SKB:
	case ARG_SOCKADDR:
	case ARG_NOP:
	/* bpf-templates/tpc_args.h */
	case ARG_FD:
	case ARG_BPRM:
	case ARG_CRED:
	case ARG_CAPABILITY:
	case ARG_KERNEL_CAP:
	case ARG_CAP_INH:
	case ARG_CAP_PRM:
	case ARG_CAP_EFF:
	case ARG_SYSCALL64:
	case ARG_USER_NS:
	case ARG_BPF_ATTR:
	case ARG_BPF_MAP:
	case ARG_PERF_EVENT:
	case ARG_MODULE:
	case ARG_LOAD_INFO:
	case ARG_NET_DEVICE:
	case ARG_KIOCB:		/* cgen.c gen_getter: the path of ki_filp */
	case ARG_IOV_ITER:	/* tpc_args.h: tpc_iov_iter_read */
	case ARG_CHAR_BUF:	/* tpc_args.h: tpc_bytes_read */
	case ARG_CHAR_IOVEC:	/* tpc_args.h: tpc_iovec_read */
		return true;
	default:
		return false;
	}
}

bool cg_return_argtype(enum argtype t)
{
	/*
	 * sock: a struct tpc_sock_slot filled by the exit program (cgen.c gen_exit), for TrackSock;
	 * string: the string the returned pointer points to, read into a struct tpc_str_slot
	 */
	return (argtype_class(t) == ATC_INT && cg_argtype(t)) || t == ARG_SOCK || t == ARG_STRING;
}

static bool is_string_like(enum argtype t)
{
	return t == ARG_FILE || t == ARG_PATH || t == ARG_DENTRY || t == ARG_STRING || t == ARG_FILENAME ||
	       t == ARG_FD || t == ARG_BPRM;
}

bool cg_match_arg_op(enum op op, enum argtype t)
{
	/* FileType: i_mode of the inode behind a file, path, dentry or fd (cgen.c gen_mode_getter) */
	if ((op == OP_FILE_TYPE || op == OP_NOT_FILE_TYPE) &&
	    (t == ARG_FILE || t == ARG_PATH || t == ARG_DENTRY || t == ARG_FD))
		return true;
	if (is_string_like(t))
		return op == OP_EQUAL || op == OP_NOT_EQUAL || op == OP_PREFIX || op == OP_NOT_PREFIX ||
		       op == OP_POSTFIX || op == OP_NOT_POSTFIX ||
		       op == OP_SUBSTRING || op == OP_SUBSTRING_IC;	/* tpc_str.h tpc_str_sub */
	if (op == OP_CAPS_GAINED)	/* cgen.c gen_selector: the second set & ~the first (check.c: args [i, j]) */
		return t == ARG_KERNEL_CAP || t == ARG_CAP_INH || t == ARG_CAP_PRM || t == ARG_CAP_EFF;
	/*
	 * buffers: their bytes as a value, NULs kept (cgen.c gen_getter): char_buf as many as sizeArgIndex says
	 * (tpc_buf_read), char_iovec the iovecs end to end, iov_iter its first user buffer (tpc_args.h)
	 */
	if (t == ARG_CHAR_BUF || t == ARG_CHAR_IOVEC || t == ARG_IOV_ITER)
		return op == OP_EQUAL || op == OP_NOT_EQUAL || op == OP_PREFIX || op == OP_NOT_PREFIX ||
		       op == OP_POSTFIX || op == OP_NOT_POSTFIX || op == OP_SUBSTRING || op == OP_SUBSTRING_IC;
	if (t == ARG_NET_DEVICE)	/* dev->name as a string (cgen.c gen_getter) */
		return op == OP_EQUAL || op == OP_NOT_EQUAL;
	if (t == ARG_SOCK || t == ARG_SOCKET || t == ARG_SKB || t == ARG_SOCKADDR)
		return net_is_op(op) && (op_kinds(op) & argtype_opkinds(t));	/* cgen_net.c */
	if (argtype_class(t) == ATC_INT && cg_argtype(t))
		return op == OP_EQUAL || op == OP_NOT_EQUAL || op == OP_MASK || op == OP_GT || op == OP_LT ||
		       op == OP_IN_RANGE || op == OP_NOT_IN_RANGE || op == OP_IN_MAP || op == OP_NOT_IN_MAP;
	return false;
}

bool cg_action(enum action a, enum hook_kind k)
{
	switch (a) {
	case ACT_POST:
	case ACT_NOPOST:
	case ACT_SIGKILL:
	case ACT_SIGNAL:
		return true;
	case ACT_SET:	/* cgen_enforce.c: writes the USDT argument's memory (bpf_probe_write_user) */
		return k == HOOK_USDT;
	case ACT_NOTIFY_ENFORCER:	/* cgen_enforce.c: the enforcer programs of spec.enforcers apply it */
		return k == HOOK_KPROBE || k == HOOK_TRACEPOINT || k == HOOK_LSM || k == HOOK_UPROBE || k == HOOK_USDT;
	case ACT_GETURL:	/* a TPC_ACT_* bit in the event; tpc-agent performs it (agent/notify.c) */
	case ACT_DNSLOOKUP:
		return true;
	case ACT_OVERRIDE:
		/* lsm: the program's return; kprobe: fmod_ret or bpf_override_return variants (lower.c) */
		return k == HOOK_LSM || k == HOOK_KPROBE;
	case ACT_TRACKSOCK:	/* bpf-templates/tpc_socktrack.h; check.c: argSock names a sock or socket */
	case ACT_UNTRACKSOCK:
		return true;
	default:
		return false;
	}
}

bool cg_selector(const char *key)
{
	/* process selectors: lower_proc.c, cgen_proc.c (and the base object's process map) */
	return !strcmp(key, "matchReturnArgs") || !strcmp(key, "matchBinaries") || !strcmp(key, "matchPIDs") ||
	       !strcmp(key, "matchData") ||	/* lower.c: matchArgs on the 'data' reads */
	       !strcmp(key, "matchNamespaces") || !strcmp(key, "matchCapabilities") ||
	       !strcmp(key, "matchNamespaceChanges") || !strcmp(key, "matchCapabilityChanges");	/* tpc_proc.ns/caps */
}

bool cg_action_param(enum action a, enum actparam p)
{
	/* lower.c reads argSig of Signal, argError of Override, argUrl of GetUrl, argFqdn of DnsLookup */
	return (a == ACT_SIGNAL && p == APN_ARG_SIG) || (a == ACT_OVERRIDE && p == APN_ARG_ERROR) ||
	       (a == ACT_NOTIFY_ENFORCER && (p == APN_ARG_ERROR || p == APN_ARG_SIG)) ||
	       (a == ACT_SET && (p == APN_ARG_INDEX || p == APN_ARG_VALUE)) ||
	       (a == ACT_GETURL && p == APN_ARG_URL) || (a == ACT_DNSLOOKUP && p == APN_ARG_FQDN) ||
	       ((a == ACT_TRACKSOCK || a == ACT_UNTRACKSOCK) && p == APN_ARG_SOCK) ||
	       (a == ACT_POST && (p == APN_RATE_LIMIT || p == APN_RATE_LIMIT_SCOPE ||
				  p == APN_KERNEL_STACK || p == APN_USER_STACK ||
				  p == APN_IMA_HASH));	/* lower_act.c; imaHash: cgen_act.c, an lsm.s program */
}

bool cg_key(const char *where, const char *what)
{
	/* lower_return() builds the kretprobe half; everything else listed in support.h is not lowered */
	static const char *const yes[][2] = {
		{ "kprobe", "return" },
		{ "kprobe", "returnArg" },
		{ "kprobe", "data" },	/* source current_task: lower.c reads, cgen_resolve.c walks the task */
		{ "kprobe", "ignore" },	/* check.c: absent hooks dropped; meta "optional" for the agent */
		{ "spec", "lists" },
		{ "spec", "enforcers" },	/* lower_enforce.c, cgen_enforce.c */
		{ "spec", "loader" },	/* cgen_loader.c: the loader hook; agent/loader.c opens the perf events */
		{ "spec", "options" },	/* policy-mode: lower_act.c; the kprobe/uprobe multi switches change nothing */
		{ "list", "syscalls" },	/* lower.c expands "list:NAME" to one hook per syscall */
		{ "list", "generated_syscalls" },	/* check.c generate_list(): the members, from BTF */
		{ "list", "generated_ftrace" },
		{ "matchPIDs", "isNamespacePID" },	/* cgen_proc.c: task->thread_pid->numbers[level].nr */
		{ "matchPIDs", "isNamespacePID+followForks" },	/* cgen_proc.c: tpc_proc.nspid of each ancestor */
		{ "matchCapabilities", "isNamespaceCapability" },	/* cgen_proc.c: only outside the host user ns */
		{ "matchCapabilityChanges", "isNamespaceCapability" },
		{ "arg", "sizeArgIndex" },	/* char_buf: the length, read at entry (cgen.c gen_size_reader) */
		{ "arg", "maxData" },
		{ "arg", "returnCopy" },	/* char_buf on a kprobe: cgen.c gen_exit copies it at return */
		{ "arg", "resolve" },	/* check.c types the field; cgen_resolve.c reads it with CO-RE */
		{ "returnArgAction", "TrackSock" },	/* cgen.c gen_exit, bpf-templates/tpc_socktrack.h */
		{ "returnArgAction", "UntrackSock" },
		{ "uprobe", "offsets" },	/* lower.c: one hook per file offset, target "/path:+0x<hex>" */
		{ "uprobe", "refCtrOffsets" },	/* hook ref_ctr_offset: the agent's bpf_uprobe_opts.ref_ctr_offset */
		{ "uprobe", "return" },	/* lower.c lower_return: a uretprobe exit program, cgen.c gen_exit */
		{ "uprobe", "returnArg" },
		{ "tracepoint", "raw" },	/* lower.c: a raw_tp variant reading TP_PROTO args */	/* a TPC_BYTES_SLOT_MAX slot instead of TPC_BYTES_SLOT */
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcmp(yes[i][0], where) && !strcmp(yes[i][1], what))
			return true;
	return false;
}

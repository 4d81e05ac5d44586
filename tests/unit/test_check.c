// SPDX-License-Identifier: Apache-2.0
/*
 * The checker: names, defaults, values, limits and types, against the BTF
 * fixture (tests/fixtures/vmlinux.c). Every policy here parses; the checker
 * must reject it at the line and column of the offending text.
 *
 * The fixture's functions: fd_install(unsigned int, struct file *),
 * tcp_connect(struct sock *), security_file_permission(struct file *, int),
 * commit_creds(struct cred *), and syscall wrappers for lseek, openat,
 * symlinkat, write and mkdirat (not read).
 */
#include "policy_test.h"

#ifndef TPC_FIXTURE_BTF_OLD
#define TPC_FIXTURE_BTF_OLD "build/tests/fixture-vmlinux-old.o"
#endif

#define C AT_CHECK

/* A kprobe on sys_lseek with arg 0 declared as `type`, matched with `op` against `value`. */
#define LSEEK_MATCH(type, idx, op, value)          \
	POLICY_HEAD                                \
	"  - call: \"sys_lseek\"\n"      /* 7 */   \
	"    args:\n"                              \
	"    - index: " idx "\n"          /* 9 */  \
	"      type: \"" type "\"\n"      /* 10 */ \
	"    selectors:\n"                         \
	"    - matchArgs:\n"                       \
	"      - index: " idx "\n"        /* 13 */ \
	"        operator: \"" op "\"\n"  /* 14 */ \
	"        values:\n"                        \
	"        - \"" value "\"\n"       /* 16 */

/* A kprobe on a kernel function with one declared arg. */
#define KFUNC_ARG(call, idx, type)          \
	POLICY_HEAD                         \
	"  - call: \"" call "\"\n" /* 7 */  \
	"    syscall: false\n"              \
	"    args:\n"                       \
	"    - index: " idx "\n"   /* 10 */ \
	"      type: \"" type "\"\n" /* 11 */

/* A kprobe on sys_lseek with one selector holding `actions`. */
#define LSEEK_ACTIONS(actions)           \
	POLICY_HEAD                      \
	"  - call: \"sys_lseek\"\n"      \
	"    selectors:\n"               \
	"    - matchActions:\n"          \
	actions                 /* 10 */

static const struct policy_case cases[] = {
	/* --- the header ---------------------------------------------------------- */
	{ .name = "bad_api_version",
	  .yaml = "apiVersion: cilium.io/v1\n"
		  "kind: TracingPolicy\n"
		  "metadata:\n"
		  "  name: \"t\"\n"
		  "spec:\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 1, .col = 13, .msg = "unsupported apiVersion 'cilium.io/v1'; expected 'cilium.io/v1alpha1'", .stage = C },
	{ .name = "bad_kind",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicies\n"
		  "metadata:\n"
		  "  name: \"t\"\n"
		  "spec:\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 2, .col = 7, .msg = "unknown kind 'TracingPolicies'; did you mean 'TracingPolicy'?", .stage = C },
	{ .name = "namespaced_kind",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicyNamespaced\n"
		  "metadata:\n"
		  "  name: \"t\"\n"
		  "  namespace: default\n"
		  "spec:\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 2, .col = 7, .msg = "TracingPolicyNamespaced (restricting", .stage = C },
	{ .name = "bad_metadata_name",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicy\n"
		  "metadata:\n"
		  "  name: Lseek_Kill\n"
		  "spec:\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 4, .col = 9, .msg = "metadata.name 'Lseek_Kill' must be lowercase letters", .stage = C },
	{ .name = "no_hooks",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicy\n"
		  "metadata:\n"
		  "  name: \"t\"\n"
		  "spec: {}\n",
	  .line = 1, .col = 1, .msg = "the policy has no hooks", .stage = C },
	{ .name = "loader_not_bool",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  loader: yes\n",
	  .line = 6, .col = 11, .msg = "'yes' is not a boolean (true or false)", .stage = C },
	{ .name = "loader_false_no_hooks",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  loader: false\n",
	  .line = 1, .col = 1, .msg = "the policy has no hooks", .stage = C },

	/* --- features tpc does not compile yet, at the key that asks for them -- */
	{ .name = "unsupported_spec_lists",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicy\n"
		  "metadata:\n"
		  "  name: \"t\"\n"
		  "spec:\n"
		  "  lists:\n"
		  "  - name: \"l\"\n"
		  "    values: [\"sys_lseek\"]\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 7, .col = 5, .msg = "a list without 'type' (kernel functions) is not supported by tpc yet", .stage = C },
	{ .name = "unsupported_selector",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    return: true\n"
		  "    returnArg:\n"
		  "      index: 0\n"
		  "      type: int\n"
		  "    selectors:\n"
		  "    - matchReturnActions:\n"
		  "      - action: Post\n",
	  .line = 13, .col = 7, .msg = "selector 'matchReturnActions' is not supported by tpc yet", .stage = C },
	{ .name = "return_needs_return_arg",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    return: true\n",
	  .line = 8, .col = 5, .msg = "'return: true' needs 'returnArg'", .stage = C },
	{ .name = "unsupported_return_arg_action",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    return: true\n"
		  "    returnArg: {type: int}\n"
		  "    returnArgAction: Post\n",
	  .line = 10, .col = 5, .msg = "'returnArgAction' is not supported by tpc yet", .stage = C },
	{ .name = "return_arg_action_unknown",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    return: true\n"
		  "    returnArg: {type: int}\n"
		  "    returnArgAction: TrackSocket\n",
	  .line = 10, .col = 22, .msg = "unknown returnArgAction 'TrackSocket'; did you mean 'TrackSock'?", .stage = C },
	{ .name = "untrack_sock_arg_not_sock",
	  .yaml = POLICY_HEAD
		  "  - call: \"tcp_close\"\n"
		  "    syscall: false\n"
		  "    args:\n"
		  "    - index: 0\n"
		  "      type: sock\n"
		  "    - index: 1\n"
		  "      type: int\n"
		  "    selectors:\n"
		  "    - matchActions:\n"
		  "      - action: UntrackSock\n"
		  "        argSock: 1\n",
	  .line = 17, .col = 18,
	  .msg = "argSock 1 of action 'UntrackSock' is arg 1 of type 'int', not 'sock' or 'socket'", .stage = C },
	{ .name = "track_sock_default_arg_missing",
	  .yaml = POLICY_HEAD
		  "  - call: \"tcp_close\"\n"
		  "    syscall: false\n"
		  "    args:\n"
		  "    - index: 1\n"
		  "      type: int\n"
		  "    selectors:\n"
		  "    - matchActions:\n"
		  "      - action: TrackSock\n",
	  .line = 14, .col = 17, .msg = "argSock, 0 by default, but 'tcp_close' declares no arg 0", .stage = C },
	{ .name = "return_arg_action_needs_sock",
	  .yaml = POLICY_HEAD
		  "  - call: \"sk_alloc\"\n"
		  "    syscall: false\n"
		  "    return: true\n"
		  "    returnArg: {type: uint64}\n"
		  "    returnArgAction: TrackSock\n",
	  .line = 11, .col = 22,
	  .msg = "returnArgAction 'TrackSock' acts on a returned sock, but returnArg is of type 'uint64'", .stage = C },
	{ .name = "return_arg_action_process_selector",
	  .yaml = POLICY_HEAD
		  "  - call: \"sk_alloc\"\n"
		  "    syscall: false\n"
		  "    return: true\n"
		  "    returnArg: {type: sock}\n"
		  "    returnArgAction: TrackSock\n"
		  "    selectors:\n"
		  "    - matchBinaries:\n"
		  "      - operator: In\n"
		  "        values: [\"/bin/x\"]\n",
	  .line = 13, .col = 7,
	  .msg = "'returnArgAction' with process selectors on the same hook is not supported by tpc yet", .stage = C },
	{ .name = "return_sock_match_return_args",
	  .yaml = POLICY_HEAD
		  "  - call: \"sk_alloc\"\n"
		  "    syscall: false\n"
		  "    return: true\n"
		  "    returnArg: {type: sock}\n"
		  "    returnArgAction: TrackSock\n"
		  "    selectors:\n"
		  "    - matchReturnArgs:\n"
		  "      - index: 0\n"
		  "        operator: Family\n"
		  "        values: [\"2\"]\n",
	  .line = 15, .col = 19,
	  .msg = "operator 'Family' on a return value of type 'sock' is not supported by tpc yet", .stage = C },
	{ .name = "size_arg_index_wrong_type",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    args:\n"
		  "    - index: 0\n"
		  "      type: \"int\"\n"
		  "      sizeArgIndex: 2\n",
	  .line = 11, .col = 7, .msg = "'sizeArgIndex' is only for types 'char_buf' and 'char_iovec', not 'int'", .stage = C },
	{ .name = "size_arg_index_beyond_arity",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_write\"\n"
		  "    args:\n"
		  "    - index: 1\n"
		  "      type: \"char_buf\"\n"
		  "      sizeArgIndex: 4\n",
	  .line = 11, .col = 21, .msg = "sizeArgIndex 4 is out of range: 'sys_write' takes 3 arguments", .stage = C },
	{ .name = "unsupported_arg_type",
	  .yaml = KFUNC_ARG("fd_install", "1", "const_buf"),
	  .line = 11, .col = 13, .msg = "argument type 'const_buf' is not supported by tpc yet", .stage = C },
	{ .name = "skb_needs_sk_buff",
	  .yaml = KFUNC_ARG("tcp_connect", "0", "skb"),
	  .line = 11, .col = 13, .msg = "arg 0 of 'tcp_connect' is 'struct sock *', not 'skb' (which needs 'struct sk_buff *')",
	  .stage = C },
	{ .name = "sock_needs_sock",
	  .yaml = KFUNC_ARG("tcp_v4_rcv", "0", "sock"),
	  .line = 11, .col = 13, .msg = "arg 0 of 'tcp_v4_rcv' is 'struct sk_buff *', not 'sock' (which needs 'struct sock *')",
	  .stage = C },
	{ .name = "file_needs_file",
	  .yaml = KFUNC_ARG("commit_creds", "0", "file"),
	  .line = 11, .col = 13, .msg = "arg 0 of 'commit_creds' is 'struct cred *', not 'file' (which needs 'struct file *')",
	  .stage = C },
	{ .name = "string_needs_char_pointer",
	  .yaml = KFUNC_ARG("tcp_connect", "0", "string"),
	  .line = 11, .col = 13, .msg = "arg 0 of 'tcp_connect' is 'struct sock *', not 'string' (which needs 'char *')",
	  .stage = C },
	{ .name = "sockaddr_needs_sockaddr",
	  .yaml = KFUNC_ARG("security_socket_bind", "0", "sockaddr"),
	  .line = 11, .col = 13, .msg = "arg 0 of 'security_socket_bind' is 'struct socket *', not 'sockaddr'", .stage = C },
	{ .name = "unknown_arg_type_auto_is_valid",
	  .yaml = KFUNC_ARG("tcp_connect", "0", "auto"),
	  .line = 11, .col = 13, .msg = "argument type 'auto' (the type taken from BTF) is not supported by tpc yet", .stage = C },
	{ .name = "lsm_hook_unknown",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  lsmhooks:\n"
		  "  - hook: \"file_opn\"\n",
	  .line = 7, .col = 11, .msg = "LSM hook 'file_opn' not found in target kernel", .stage = C },
	{ .name = "lsm_arg_type",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  lsmhooks:\n"
		  "  - hook: \"bprm_check_security\"\n"
		  "    args:\n"
		  "    - index: 0\n"
		  "      type: \"file\"\n",
	  .line = 10, .col = 13, .msg = "arg 0 of 'bprm_check_security' is 'struct linux_binprm *', not 'file'", .stage = C },
	{ .name = "resolve_bad_field",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  lsmhooks:\n"
		  "  - hook: \"bprm_check_security\"\n"
		  "    args:\n"
		  "    - index: 0\n"
		  "      type: \"string\"\n"
		  "      resolve: \"mm.owner.real_parnt.comm\"\n",
	  .line = 11, .col = 26, .msg = "no field 'real_parnt'", .stage = C },
	{ .name = "resolve_type_mismatch",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  lsmhooks:\n"
		  "  - hook: \"bprm_check_security\"\n"
		  "    args:\n"
		  "    - index: 0\n"
		  "      type: \"int\"\n"
		  "      resolve: \"mm.owner\"\n",
	  .line = 10, .col = 13, .msg = "'mm.owner' of arg 0 of 'bprm_check_security' is 'struct task_struct *', not 'int'",
	  .stage = C },
	{ .name = "tracepoint_unknown",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  tracepoints:\n"
		  "  - subsystem: raw_syscalls\n"
		  "    event: sys_entr\n",
	  .line = 8, .col = 12, .msg = "tracepoint 'raw_syscalls/sys_entr' not found", .stage = C },
	{ .name = "tracepoint_field_index",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  tracepoints:\n"
		  "  - subsystem: raw_syscalls\n"
		  "    event: sys_enter\n"
		  "    args:\n"
		  "    - index: 6\n"
		  "      type: uint64\n",
	  .line = 10, .col = 14, .msg = "arg index 6 is out of range: tracepoint 'raw_syscalls/sys_enter' has 6 fields",
	  .stage = C },
	{ .name = "tracepoint_field_type",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  tracepoints:\n"
		  "  - subsystem: raw_syscalls\n"
		  "    event: sys_enter\n"
		  "    args:\n"
		  "    - index: 4\n"
		  "      type: string\n",
	  .line = 11, .col = 13, .msg = "field 4 ('id') of tracepoint 'raw_syscalls/sys_enter' is 'long', not 'string'",
	  .stage = C },
	{ .name = "raw_tracepoint_arg_index",	/* raw: true indexes TP_PROTO args, not record fields */
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  tracepoints:\n"
		  "  - subsystem: sched\n"
		  "    event: sched_process_exec\n"
		  "    raw: true\n"
		  "    args:\n"
		  "    - index: 3\n"
		  "      type: int\n",
	  .line = 11, .col = 14, .msg = "arg index 3 is out of range: 'sched_process_exec' takes 3 arguments",
	  .stage = C },
	{ .name = "raw_tracepoint_arg_type",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  tracepoints:\n"
		  "  - subsystem: sched\n"
		  "    event: sched_process_exec\n"
		  "    raw: true\n"
		  "    args:\n"
		  "    - index: 2\n"
		  "      type: file\n",
	  .line = 12, .col = 13, .msg = "arg 2 of 'sched_process_exec' is 'struct linux_binprm *', not 'file'", .stage = C },
	{ .name = "tracepoint_match_args_index_counts_args",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  tracepoints:\n"
		  "  - subsystem: raw_syscalls\n"
		  "    event: sys_enter\n"
		  "    args:\n"
		  "    - {index: 4, type: int64}\n"
		  "    selectors:\n"
		  "    - matchArgs:\n"
		  "      - {index: 1, operator: Equal, values: [\"1\"]}\n",
	  .line = 13, .col = 17, .msg = "matchArgs index 1 is out of range: the tracepoint declares 1 arg", .stage = C },
	{ .name = "list_unknown",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  lists:\n"
		  "  - {name: dups, type: syscalls, values: [sys_dup]}\n"
		  "  kprobes:\n"
		  "  - call: \"list:dup\"\n",
	  .line = 9, .col = 11, .msg = "unknown list 'dup'; did you mean 'dups'?", .stage = C },
	{ .name = "list_bad_syscall",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  lists:\n"
		  "  - name: l\n"
		  "    type: syscalls\n"
		  "    values: [sys_lseek, sys_lsek]\n"
		  "  kprobes:\n"
		  "  - call: \"list:l\"\n",
	  .line = 9, .col = 25, .msg = "'sys_lsek' is not a known syscall; did you mean 'sys_lseek'?", .stage = C },
	{ .name = "list_type_unknown",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  lists:\n"
		  "  - {name: l, type: syscall, values: [sys_lseek]}\n"
		  "  kprobes:\n"
		  "  - call: \"list:l\"\n",
	  .line = 7, .col = 21, .msg = "unknown list type 'syscall'; did you mean 'syscalls'?", .stage = C },
	{ .name = "list_generated_ftrace_empty",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  lists:\n"
		  "  - {name: l, type: generated_ftrace, pattern: \"^ksys_\"}\n"
		  "  kprobes:\n"
		  "  - call: \"list:l\"\n",
	  .line = 7, .col = 48,
	  .msg = "list 'l' of type 'generated_ftrace' is empty: no function matches '^ksys_' in target kernel", .stage = C },
	{ .name = "enforcer_needs_enforcers",
	  .yaml = LSEEK_ACTIONS("      - action: NotifyEnforcer\n"
				"        argError: -1\n"),
	  .line = 10, .col = 17, .msg = "action 'NotifyEnforcer' needs 'spec.enforcers'", .stage = C },
	{ .name = "enforcer_only_one",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  enforcers:\n"
		  "  - calls: [sys_lseek]\n"
		  "  - calls: [sys_write]\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 8, .col = 5, .msg = "Tetragon supports one enforcer per policy", .stage = C },
	{ .name = "enforcer_call_not_in_btf",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  enforcers:\n"
		  "  - calls: [sys_read]\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 7, .col = 13, .msg = "enforcer call 'sys_read': no function '__x64_sys_read' in the BTF", .stage = C },
	{ .name = "pod_selector_bad_operator",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  podSelector:\n"
		  "    matchExpressions:\n"
		  "    - {key: app, operator: Exist}\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 8, .col = 28, .msg = "unknown label selector operator 'Exist'; did you mean 'Exists'?", .stage = C },
	{ .name = "pod_selector_is_unsupported",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		  "  podSelector:\n"
		  "    matchLabels: {app: web}\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 6, .col = 3, .msg = "'podSelector' is not supported by tpc yet", .stage = C },
	{ .name = "match_namespaces_typo",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    selectors:\n"
		  "    - matchNamespaces:\n"
		  "      - {namespace: Mount, operator: In, values: [host_ns]}\n",
	  .line = 10, .col = 21, .msg = "unknown namespace 'Mount'", .stage = C },
	{ .name = "match_caps_typo",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    selectors:\n"
		  "    - matchCapabilities:\n"
		  "      - {operator: In, values: [CAP_SYS_ADMN]}\n",
	  .line = 10, .col = 33, .msg = "unknown capability 'CAP_SYS_ADMN'; did you mean 'CAP_SYS_ADMIN'?", .stage = C },
	{ .name = "match_pids_bad_operator",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    selectors:\n"
		  "    - matchPIDs:\n"
		  "      - {operator: Equal, values: [1]}\n",
	  .line = 10, .col = 20, .msg = "operator 'Equal' is not valid in matchPIDs", .stage = C },
	{ .name = "match_binaries_bad_bool",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    selectors:\n"
		  "    - matchBinaries:\n"
		  "      - {operator: Postfix, values: [/sh], followChildren: maybe}\n",
	  .line = 10, .col = 60, .msg = "'maybe' is not a boolean", .stage = C },
	{ .name = "rate_limit_bad",
	  .yaml = LSEEK_ACTIONS("      - action: Post\n"
				"        rateLimit: 1x\n"),
	  .line = 11, .col = 20, .msg = "'1x' is not a rate limit", .stage = C },
	{ .name = "rate_limit_scope_needs_rate_limit",
	  .yaml = LSEEK_ACTIONS("      - action: Post\n"
				"        rateLimitScope: process\n"),
	  .line = 11, .col = 9, .msg = "'rateLimitScope' needs 'rateLimit'", .stage = C },
	{ .name = "get_url_needs_url",
	  .yaml = LSEEK_ACTIONS("      - action: GetUrl\n"),
	  .line = 10, .col = 17, .msg = "action 'GetUrl' needs 'argUrl'", .stage = C },
	{ .name = "match_return_args_need_return",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    selectors:\n"
		  "    - matchReturnArgs:\n"
		  "      - {index: 0, operator: Equal, values: [\"0\"]}\n",
	  .line = 9, .col = 7, .msg = "'matchReturnArgs' needs 'return: true'", .stage = C },
	{ .name = "addr_value_bad",
	  .yaml = KFUNC_ARG("tcp_connect", "0", "sock")
		  "    selectors:\n"
		  "    - matchArgs:\n"
		  "      - {index: 0, operator: DAddr, values: [\"10.0.0.0/33\"]}\n",
	  .line = 14, .col = 46, .msg = "'10.0.0.0/33' has an invalid prefix length (0..32)", .stage = C },
	{ .name = "port_value_bad",
	  .yaml = KFUNC_ARG("tcp_connect", "0", "sock")
		  "    selectors:\n"
		  "    - matchArgs:\n"
		  "      - {index: 0, operator: DPort, values: [\"70000\"]}\n",
	  .line = 14, .col = 46, .msg = "70000 is out of range for a port (unsigned 16-bit)", .stage = C },
	{ .name = "valid_operator_is_unsupported",
	  .yaml = KFUNC_ARG("kernel_read_string", "0", "char_buf")
		  "      returnCopy: true\n"
		  "    return: true\n"
		  "    returnArg: {index: 0, type: int}\n"
		  "    selectors:\n"
		  "    - matchArgs:\n"
		  "      - {index: 0, operator: SubString, values: [abc]}\n",
	  .line = 17, .col = 30, .msg = "operator 'SubString' on arg 0 with 'returnCopy' (copied at return) is not "
					 "supported by tpc yet",
	  .stage = C },
	{ .name = "caps_gained_needs_args",
	  .yaml = KFUNC_ARG("commit_creds", "0", "cred")
		  "    selectors:\n"
		  "    - matchArgs:\n"
		  "      - {index: 0, operator: CapabilitiesGained, values: [CAP_SYS_ADMIN]}\n",
	  .line = 14, .col = 30, .msg = "operator 'CapabilitiesGained' compares two capability sets: it needs "
					 "'args: [i, j]' (true when arg j has a capability arg i lacks)", .stage = C },
	{ .name = "string_nul_is_unsupported",
	  .yaml = KFUNC_ARG("kernel_read_string", "0", "string")
		  "    selectors:\n"
		  "    - matchArgs:\n"
		  "      - {index: 0, operator: Equal, values: [\"security\\0capability\"]}\n",
	  .line = 14, .col = 46,
	  .msg = "a string value with a NUL character ('\\0') other than trailing ones on a 'string' argument is not "
		 "supported by tpc yet",
	  .stage = C },

	{ .name = "operator_alias",
	  .yaml = LSEEK_MATCH("int", "0", "GreaterThan", "1x"),
	  .line = 16, .col = 11, .msg = "'1x' is not a valid integer", .stage = C },
	/* Override on kprobes compiles (fmod_ret or bpf_override_return variants); not on uprobes */
	{ .name = "unsupported_action_override",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n"
		  "  uprobes:\n  - path: /bin/true\n    symbols: [main]\n"
		  "    selectors:\n"
		  "    - matchActions:\n"
		  "      - action: Override\n"
		  "        argError: -1\n",
	  .line = 11, .col = 17, .msg = "action 'Override' on a uprobe is not supported by tpc yet", .stage = C },
	/* uprobe offsets are file offsets: unsigned 64-bit (lower.c: one hook each) */
	{ .name = "uprobe_offset_range",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n"
		  "  uprobes:\n  - path: /bin/true\n    offsets: [\"0x10000000000000000\"]\n",
	  .line = 8, .col = 15, .msg = "0x10000000000000000 is out of range for an offset (unsigned 64-bit)",
	  .stage = C },
	/* uretprobes: 'return: true' with an integer returnArg */
	{ .name = "uprobe_return_needs_return_arg",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n"
		  "  uprobes:\n  - path: /bin/true\n    symbols: [main]\n    return: true\n",
	  .line = 9, .col = 5, .msg = "'return: true' needs 'returnArg'", .stage = C },
	{ .name = "uprobe_return_arg_sock",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n"
		  "  uprobes:\n  - path: /bin/true\n    symbols: [main]\n    return: true\n"
		  "    returnArg: {index: 0, type: sock}\n",
	  .line = 10, .col = 33, .msg = "return type 'sock' on a uprobe is not supported by tpc yet", .stage = C },
	{ .name = "uprobe_return_copy_needs_return",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n"
		  "  uprobes:\n  - path: /bin/true\n    symbols: [main]\n"
		  "    args:\n    - {index: 0, type: char_buf, returnCopy: true}\n",
	  .line = 10, .col = 34, .msg = "'returnCopy' needs 'return: true'", .stage = C },
	/* refCtrOffsets: perf's uprobe takes a 32-bit reference counter offset */
	{ .name = "uprobe_ref_ctr_offset_range",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n"
		  "  uprobes:\n  - path: /bin/true\n    offsets: [0x1000]\n    refCtrOffsets: [0x100000000]\n",
	  .line = 9, .col = 21, .msg = "reference counter offset 0x100000000 is beyond 4 GiB: the kernel's uprobe takes "
	  "a 32-bit one", .stage = C },
	{ .name = "uprobe_ref_ctr_offsets_count",
	  .yaml = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n"
		  "  uprobes:\n  - path: /bin/true\n    symbols: [a, b]\n    refCtrOffsets: [0x40]\n",
	  .line = 9, .col = 5, .msg = "1 refCtrOffsets for 2 symbols; give one per symbol", .stage = C },

	/* --- hooks and their prototypes ----------------------------------------- */
	{ .name = "syscall_maybe",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    syscall: maybe\n",
	  .line = 8, .col = 14, .msg = "'maybe' is not a boolean (true or false)", .stage = C },
	{ .name = "empty_call",
	  .yaml = POLICY_HEAD
		  "  - call: \"\"\n",
	  .line = 7, .col = 11, .msg = "'call' must name a kernel function", .stage = C },
	{ .name = "unknown_function",
	  .yaml = POLICY_HEAD
		  "  - call: \"fd_instal\"\n"
		  "    syscall: false\n",
	  .line = 7, .col = 11, .msg = "function 'fd_instal' not found in the BTF of", .stage = C },
	{ .name = "unknown_function_suggestion",
	  .yaml = POLICY_HEAD
		  "  - call: \"tcp_conect\"\n"
		  "    syscall: false\n",
	  .line = 7, .col = 11, .msg = "; did you mean 'tcp_connect'?", .stage = C },
	{ .name = "unknown_syscall",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseeek\"\n",
	  .line = 7, .col = 11, .msg = "'sys_lseeek' is not a known syscall; did you mean 'sys_lseek'?", .stage = C },
	{ .name = "syscall_missing_from_kernel",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_read\"\n",
	  .line = 7, .col = 11, .msg = "syscall 'read' does not exist in target kernel", .stage = C },
	{ .name = "kernel_function_without_syscall_false",
	  .yaml = POLICY_HEAD
		  "  - call: \"fd_install\"\n",
	  .line = 7, .col = 11, .msg = "'fd_install' is not a known syscall",
	  .note = "add 'syscall: false'", .note_line = 7, .note_col = 11, .stage = C },

	/* --- args ---------------------------------------------------------------- */
	{ .name = "arg_index_not_an_integer",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    args:\n"
		  "    - index: \"-1x\"\n"
		  "      type: \"int\"\n",
	  .line = 9, .col = 14, .msg = "'-1x' is not a valid integer for an arg index", .stage = C },
	{ .name = "arg_index_negative",
	  .yaml = KFUNC_ARG("fd_install", "-1", "int"),
	  .line = 10, .col = 14, .msg = "arg index -1 is out of range 0..5", .stage = C },
	{ .name = "arg_type_unknown",
	  .yaml = KFUNC_ARG("fd_install", "0", "itn"),
	  .line = 11, .col = 13, .msg = "unknown argument type 'itn'; did you mean 'int'?", .stage = C },
	{ .name = "arg_index_beyond_function_arity",
	  .yaml = KFUNC_ARG("fd_install", "3", "int"),
	  .line = 10, .col = 14, .msg = "arg index 3 is out of range: 'fd_install' takes 2 arguments",
	  .note = "from BTF: void fd_install(unsigned int, struct file *)", .note_line = 0, .note_col = 0, .stage = C },
	{ .name = "arg_index_beyond_syscall_arity",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    args:\n"
		  "    - index: 5\n"
		  "      type: \"int\"\n",
	  .line = 9, .col = 14, .msg = "arg index 5 is out of range: 'sys_lseek' takes 3 arguments",
	  .note = "from the syscall table: long sys_lseek(unsigned int, off_t, unsigned int)", .stage = C },
	{ .name = "int_on_pointer_arg",
	  .yaml = KFUNC_ARG("fd_install", "1", "int"),
	  .line = 11, .col = 13, .msg = "arg 1 of 'fd_install' is 'struct file *', not 'int'", .stage = C },
	{ .name = "int_on_pointer_syscall_arg",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_openat\"\n"
		  "    args:\n"
		  "    - index: 1\n"
		  "      type: \"uint64\"\n",
	  .line = 10, .col = 13, .msg = "arg 1 of 'sys_openat' is 'const char *', not 'uint64'", .stage = C },
	{ .name = "arg_declared_twice",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    args:\n"
		  "    - index: 0\n"
		  "      type: \"int\"\n"
		  "    - index: 0\n"
		  "      type: \"int\"\n",
	  .line = 11, .col = 14, .msg = "arg index 0 is declared twice",
	  .note = "first declared here", .note_line = 9, .note_col = 14, .stage = C },

	/* --- matchArgs ---------------------------------------------------------- */
	{ .name = "operator_unknown",
	  .yaml = LSEEK_MATCH("int", "0", "Equals", "-1"),
	  .line = 14, .col = 19, .msg = "unknown operator 'Equals'; did you mean 'Equal'?", .stage = C },
	{ .name = "operator_case",
	  .yaml = LSEEK_MATCH("int", "0", "equal", "-1"),
	  .line = 14, .col = 19, .msg = "unknown operator 'equal'; did you mean 'Equal'?", .stage = C },
	{ .name = "operator_for_strings_on_int",
	  .yaml = LSEEK_MATCH("int", "0", "Prefix", "-1"),
	  .line = 14, .col = 19, .msg = "operator 'Prefix' cannot be applied to arg 0 of type 'int'", .stage = C },
	{ .name = "operator_in_on_match_args",
	  .yaml = LSEEK_MATCH("int", "0", "In", "-1"),
	  .line = 14, .col = 19, .msg = "operator 'In' is for matchPIDs", .stage = C },
	{ .name = "value_out_of_range_int",
	  .yaml = LSEEK_MATCH("int", "0", "Equal", "4294967296"),
	  .line = 16, .col = 11, .msg = "4294967296 is out of range for arg 0 ('int') (signed 32-bit)", .stage = C },
	{ .name = "value_out_of_range_int_max_plus_one",
	  .yaml = LSEEK_MATCH("int", "0", "Equal", "2147483648"),
	  .line = 16, .col = 11, .msg = "2147483648 is out of range", .stage = C },
	{ .name = "value_out_of_range_uint32",
	  .yaml = LSEEK_MATCH("uint32", "2", "Equal", "-1"),
	  .line = 16, .col = 11, .msg = "-1 is out of range for arg 2 ('uint32') (unsigned 32-bit)", .stage = C },
	{ .name = "value_out_of_range_hex",
	  .yaml = LSEEK_MATCH("uint16", "2", "Mask", "0x10000"),
	  .line = 16, .col = 11, .msg = "0x10000 is out of range for arg 2 ('uint16') (unsigned 16-bit)", .stage = C },
	{ .name = "value_not_an_integer",
	  .yaml = LSEEK_MATCH("int", "0", "Equal", "minus one"),
	  .line = 16, .col = 11, .msg = "'minus one' is not a valid integer for arg 0 ('int')", .stage = C },
	{ .name = "value_not_a_range",
	  .yaml = LSEEK_MATCH("int", "0", "InRange", "5"),
	  .line = 16, .col = 11, .msg = "'5' is not a range; InRange values are written 'min:max'", .stage = C },
	{ .name = "value_empty_range",
	  .yaml = LSEEK_MATCH("int", "0", "InRange", "5:1"),
	  .line = 16, .col = 11, .msg = "empty range '5:1': min is greater than max", .stage = C },
	{ .name = "values_missing",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    args:\n"
		  "    - index: 0\n"
		  "      type: \"int\"\n"
		  "    selectors:\n"
		  "    - matchArgs:\n"
		  "      - index: 0\n"
		  "        operator: \"Equal\"\n",
	  .line = 13, .col = 9, .msg = "operator 'Equal' needs at least one value", .stage = C },
	{ .name = "match_args_undeclared_index",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    args:\n"
		  "    - index: 0\n"
		  "      type: \"int\"\n"
		  "    selectors:\n"
		  "    - matchArgs:\n"
		  "      - index: 1\n"
		  "        operator: \"Equal\"\n"
		  "        values: [\"0\"]\n",
	  .line = 13, .col = 16, .msg = "matchArgs index 1 does not refer to a declared arg of 'sys_lseek'", .stage = C },

	/* --- actions: the lookup is case-sensitive, the suggestion is not ---------- */
	{ .name = "action_wrong_case",
	  .yaml = LSEEK_ACTIONS("      - action: SigKill\n"),
	  .line = 10, .col = 17, .msg = "unknown action 'SigKill'; did you mean 'Sigkill'?", .stage = C },
	{ .name = "action_lowercase",
	  .yaml = LSEEK_ACTIONS("      - action: sigkill\n"),
	  .line = 10, .col = 17, .msg = "unknown action 'sigkill'; did you mean 'Sigkill'?", .stage = C },
	{ .name = "action_typo",
	  .yaml = LSEEK_ACTIONS("      - action: Sigkil\n"),
	  .line = 10, .col = 17, .msg = "unknown action 'Sigkil'; did you mean 'Sigkill'?", .stage = C },
	{ .name = "action_signal_without_sig",
	  .yaml = LSEEK_ACTIONS("      - action: Signal\n"),
	  .line = 10, .col = 17, .msg = "action 'Signal' needs 'argSig'", .stage = C },
	{ .name = "action_signal_bad_sig",
	  .yaml = LSEEK_ACTIONS("      - action: Signal\n"
				"        argSig: 65\n"),
	  .line = 11, .col = 17, .msg = "argSig 65 is not a signal number (1..64)", .stage = C },
	{ .name = "action_imahash_not_on_kprobe",
	  .yaml = LSEEK_ACTIONS("      - action: Post\n"
				"        imaHash: true\n"),
	  .line = 11, .col = 9, .msg = "'imaHash' on hook 'sys_lseek' is not supported: IMA hashes the file of lsm hooks",
	  .stage = C },

	/* --- several documents: the error is in the second, lines are absolute ---- */
	{ .name = "second_document_bad_arg_type",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"		/* 7 */
		  "---\n"				/* 8 */
		  POLICY_HEAD				/* 9..14 */
		  "  - call: \"sys_lseek\"\n"		/* 15 */
		  "    args:\n"
		  "    - index: 0\n"
		  "      type: \"itn\"\n",		/* 18 */
	  .line = 18, .col = 13, .msg = "unknown argument type 'itn'; did you mean 'int'?", .stage = C },
};

/* --- generated cases: limits come from lang.def, not from the test --------- */

static char *repeat(const char *s, int n)
{
	size_t len = strlen(s);
	char *out = malloc(len * (size_t)n + 1);
	int i;

	assert_non_null(out);
	for (i = 0; i < n; i++)
		memcpy(out + len * (size_t)i, s, len);
	out[len * (size_t)n] = '\0';
	return out;
}

static char *policy_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *policy_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	return s;
}

static void test_selector_limit(void **state)
{
	int lim = tpc_limits[LIMIT_SELECTORS].value;
	char *sels, *yaml, *want;
	struct policy_run *r;

	(void)state;
	/* exactly the limit is fine */
	sels = repeat("    - matchActions: [{action: Post}]\n", lim);
	yaml = policy_printf(POLICY_HEAD "  - call: \"sys_lseek\"\n    selectors:\n%s", sels);
	assert_clean(policy_run(yaml));
	free(sels);
	free(yaml);
	/* one more is an error at 'selectors', naming the limit */
	sels = repeat("    - matchActions: [{action: Post}]\n", lim + 1);
	yaml = policy_printf(POLICY_HEAD "  - call: \"sys_lseek\"\n    selectors:\n%s", sels);
	want = policy_printf("%d selectors per hook; the limit is %d", lim + 1, lim);
	r = policy_run(yaml);
	free(sels);
	free(yaml);
	assert_int_equal(r->check_err, -EINVAL);
	assert_first_error(r, 8, 5, want);
	free(want);
}

/* Tetragon drops trailing NULs of string values: "x\0" is "x" (check_op_values) */
static void test_string_trailing_nul(void **state)
{
	(void)state;
	assert_clean(policy_run(KFUNC_ARG("kernel_read_string", "0", "string")
				"    selectors:\n"
				"    - matchArgs:\n"
				"      - {index: 0, operator: Equal, values: [\"security.capability\\0\\0\"]}\n"));
}

/* a valid resolve path checks clean and is compilable (cgen_resolve.c), the root struct recorded for cgen */
static void test_resolve_clean(void **state)
{
	struct policy_run *r;

	(void)state;
	r = policy_run("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
		       "  lsmhooks:\n  - hook: \"bprm_check_security\"\n    args:\n    - index: 0\n"
		       "      type: \"string\"\n      resolve: \"mm.owner.real_parent.comm\"\n");
	assert_clean(r);
	assert_string_equal(r->pols[0]->hooks.v[0].args.v[0].resolve_root, "linux_binprm");
}

/* Post imaHash on an lsm hook of a linux_binprm checks clean and is compilable (an lsm.s program) */
static void test_imahash_clean(void **state)
{
	(void)state;
	assert_clean(policy_run("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\nspec:\n"
				"  lsmhooks:\n  - hook: \"bprm_check_security\"\n    selectors:\n"
				"    - matchActions:\n      - action: Post\n        imaHash: true\n"));
}

/* spec.loader: true alone is a policy (the loader hook, cgen_loader.c) */
static void test_loader_clean(void **state)
{
	(void)state;
	assert_clean(policy_run("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\n"
				"spec:\n  loader: true\n"));
}

/* a plain tracepoint with a field of the syscall table's layout checks clean and is compilable */
static void test_tracepoint_clean(void **state)
{
	(void)state;
	assert_clean(policy_run("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: \"t\"\n"
				"spec:\n  tracepoints:\n  - subsystem: syscalls\n    event: sys_enter_lseek\n"
				"    args:\n    - index: 5\n      type: int\n"));
}

static void test_message_limit(void **state)
{
	int lim = tpc_limits[LIMIT_MESSAGE].value;
	char *msg, *yaml, *want;
	struct policy_run *r;

	(void)state;
	msg = repeat("x", lim);
	yaml = policy_printf(POLICY_HEAD "  - call: \"sys_lseek\"\n    message: \"%s\"\n", msg);
	assert_clean(policy_run(yaml));
	free(msg);
	free(yaml);
	msg = repeat("x", lim + 1);
	yaml = policy_printf(POLICY_HEAD "  - call: \"sys_lseek\"\n    message: \"%s\"\n", msg);
	want = policy_printf("message is %d bytes long; the limit is %d", lim + 1, lim);
	r = policy_run(yaml);
	free(msg);
	free(yaml);
	assert_first_error(r, 8, 14, want);
	free(want);
}

static void test_args_limit(void **state)
{
	int lim = tpc_limits[LIMIT_ARGS].value;
	char *want;
	struct policy_run *r;

	(void)state;
	assert_int_equal(lim, 5);	/* the YAML below declares 6 */
	r = policy_run(POLICY_HEAD
		       "  - call: \"sys_mkdirat\"\n"
		       "    args:\n"				/* 8 */
		       "    - {index: 0, type: int}\n"
		       "    - {index: 1, type: uint64}\n"
		       "    - {index: 2, type: uint16}\n"
		       "    - {index: 3, type: int}\n"
		       "    - {index: 4, type: int}\n"
		       "    - {index: 5, type: int}\n");
	want = policy_printf("6 args per hook; the limit is %d", lim);
	assert_first_error(r, 8, 5, want);
	free(want);
}

/* --- good policies ------------------------------------------------------- */


/*
 * Every operator against every argument type (lang.def OP x ARGRULE): on a
 * uprobe, so that no BTF prototype is involved, the operator is either
 * accepted (maybe "not supported by tpc yet") or rejected at its own line and
 * column with "cannot be applied".
 */
static const char *sample_value(enum op op)
{
	switch (op_values(op)) {
	case OPV_RANGE:
		return "1:2";
	case OPV_ADDR:
		return "10.0.0.0/8";
	case OPV_PORT:
	case OPV_INT:
	case OPV_MAP:
		return "1";
	case OPV_PROTOCOL:
		return "IPPROTO_TCP";
	case OPV_FAMILY:
		return "AF_INET";
	case OPV_STATE:
		return "TCP_SYN_SENT";
	case OPV_CAP:
		return "CAP_SYS_ADMIN";
	case OPV_FILETYPE:
		return "reg";
	default:
		return "1";
	}
}

static void test_operator_type_rules(void **state)
{
	int op, t, i, checked = 0;

	(void)state;
	for (op = 0; op < OP__N; op++) {
		if (op == OP_IN || op == OP_NOT_IN || op == OP_CAPS_GAINED)	/* CapabilitiesGained: `args`, below */
			continue;
		for (t = 0; t < ARG__N; t++) {
			char *yaml = policy_printf("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n"
						   "  name: t\nspec:\n  uprobes:\n  - path: /bin/true\n"
						   "    symbols: [main]\n"
						   "    args:\n"
						   "    - {index: 0, type: %s}\n"	/* 10 */
						   "    selectors:\n"
						   "    - matchArgs:\n"
						   "      - index: 0\n"
						   "        operator: %s\n"		/* 14 */
						   "        values: [\"%s\"]\n",
						   argtype_name((enum argtype)t), op_name((enum op)op), sample_value((enum op)op));
			bool ok = op_kinds((enum op)op) & argtype_opkinds((enum argtype)t);
			struct policy_run *r = policy_run(yaml);

			free(yaml);
			if (ok) {
				for (i = 0; i < r->ctx.n_diags; i++) {
					const struct diag *d = &r->ctx.diags[i];

					if (d->level == DIAG_ERROR && !strstr(d->msg, "not supported by tpc yet")) {
						print_message("%s on '%s' should be valid\n", op_name((enum op)op),
							      argtype_name((enum argtype)t));
						dump_diags(r);
						fail();
					}
				}
			} else {
				assert_first_error(r, 14, 19, "cannot be applied to arg 0");
			}
			checked++;
		}
	}
	assert_int_equal(checked, (OP__N - 3) * ARG__N);
}

/*
 * Every limit of lang.def: exactly the limit is accepted, one more is an
 * error at the located key or value, naming the limit.
 */
struct limit_gen {
	enum limit l;
	int line, col;		/* where the error is */
	/* the policy for n items */
	char *(*yaml)(int n);
};

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* n copies of fmt ("%s...%d"), each given the text so far and its number */
static char *items(const char *fmt, int n)
{
	char *out = strdup(""), *next;
	int i;

	for (i = 0; i < n; i++) {
		next = policy_printf("%s", out);
		free(out);
		out = policy_printf(fmt, next, i);
		free(next);
	}
	return out;
}
#pragma GCC diagnostic pop

#define UPROBE_HEAD "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n" \
	"  uprobes:\n  - path: /bin/true\n    symbols: [main]\n"	/* the hook's keys start on line 9 */

static char *y_hooks(int n)
{
	char *h = items("%s  - {path: /bin/true, symbols: [f%d]}\n", n);
	char *y = policy_printf("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n"
				"  uprobes:\n%s", h);

	free(h);
	return y;
}

static char *y_data(int n)
{
	char *d = items("%s    - {index: %d, type: int}\n", n);
	char *y = policy_printf(POLICY_HEAD "  - call: sys_lseek\n    data:\n%s", d);

	free(d);
	return y;
}

static char *y_match_args(int n)
{
	char *d = items("%s      - {index: 0, operator: Equal, values: [\"%d\"]}\n", n);
	char *y = policy_printf(UPROBE_HEAD "    args: [{index: 0, type: int}]\n    selectors:\n    - matchArgs:\n%s", d);

	free(d);
	return y;
}

static char *y_match_binaries(int n)
{
	char *d = items("%s      - {operator: In, values: [\"/bin/%d\"]}\n", n);
	char *y = policy_printf(UPROBE_HEAD "    selectors:\n    - matchBinaries:\n%s", d);

	free(d);
	return y;
}

static char *y_match_namespaces(int n)
{
	char *d = strdup(""), *y;

	/* every entry names another namespace */
	for (int i = 0; i < n; i++) {
		char *next = policy_printf("%s      - {namespace: %s, operator: In, values: [host_ns]}\n", d,
					   i < tpc_n_namespaces ? tpc_namespaces[i] : "Pid");
		free(d);
		d = next;
	}
	y = policy_printf(UPROBE_HEAD "    selectors:\n    - matchNamespaces:\n%s", d);
	free(d);
	return y;
}

static char *y_actions(int n)
{
	char *d = items("%s      - {action: Post}  # %d\n", n);
	char *y = policy_printf(UPROBE_HEAD "    selectors:\n    - matchActions:\n%s", d);

	free(d);
	return y;
}

static char *y_values(int n)
{
	char *d = items("%s\"%d\", ", n);
	char *y = policy_printf(UPROBE_HEAD "    args: [{index: 0, type: int}]\n    selectors:\n    - matchArgs:\n"
				"      - index: 0\n        operator: Equal\n        values: [%s]\n", d);

	free(d);
	return y;
}

/* string Equal values go to a hash map (strmap.c): their own, larger limit */
static char *y_map_values(int n)
{
	char *d = items("%s\"/s%d\", ", n);
	char *y = policy_printf(UPROBE_HEAD "    args: [{index: 0, type: string}]\n    selectors:\n    - matchArgs:\n"
				"      - index: 0\n        operator: Equal\n        values: [%s]\n", d);

	free(d);
	return y;
}

static char *y_string_value(int n)
{
	char *v = repeat("x", n);
	char *y = policy_printf(UPROBE_HEAD "    args: [{index: 0, type: string}]\n    selectors:\n    - matchArgs:\n"
				"      - index: 0\n        operator: Equal\n        values:\n        - %s\n", v);

	free(v);
	return y;
}

static char *y_binary_path(int n)
{
	char *v = repeat("x", n - 1);
	char *y = policy_printf(UPROBE_HEAD "    selectors:\n    - matchBinaries:\n"
				"      - operator: In\n        values:\n        - /%s\n", v);

	free(v);
	return y;
}

static char *y_message(int n)
{
	char *v = repeat("x", n);
	char *y = policy_printf(UPROBE_HEAD "    message: %s\n", v);

	free(v);
	return y;
}

static char *y_tags(int n)
{
	char *d = items("%s    - t%d\n", n);
	char *y = policy_printf(UPROBE_HEAD "    tags:\n%s", d);

	free(d);
	return y;
}

static char *y_tag(int n)
{
	char *v = repeat("x", n);
	char *y = policy_printf(UPROBE_HEAD "    tags:\n    - %s\n", v);

	free(v);
	return y;
}

static char *y_arg_label(int n)
{
	char *v = repeat("x", n);
	char *y = policy_printf(UPROBE_HEAD "    args:\n    - index: 0\n      type: int\n      label: %s\n", v);

	free(v);
	return y;
}

static char *y_resolve_depth(int n)
{
	char *v = repeat(".owner", n - 1);	/* n fields: mm.owner.owner... */
	char *y = policy_printf("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n"
				"  lsmhooks:\n  - hook: bprm_check_security\n    args:\n    - index: 0\n"
				"      type: int\n      resolve: mm%s\n", v);

	free(v);
	return y;
}

static char *y_name(int n)
{
	char *v = repeat("x", n);
	char *y = policy_printf("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: %s\nspec:\n"
				"  uprobes:\n  - path: /bin/true\n    symbols: [main]\n", v);

	free(v);
	return y;
}

static const struct limit_gen limit_gens[] = {
	{ LIMIT_HOOKS, 1, 1, y_hooks },
	{ LIMIT_DATA, 8, 5, y_data },
	{ LIMIT_MATCH_ARGS, 11, 7, y_match_args },
	{ LIMIT_MATCH_BINARIES, 10, 7, y_match_binaries },
	{ LIMIT_MATCH_NAMESPACES, 10, 7, y_match_namespaces },
	{ LIMIT_ACTIONS, 10, 7, y_actions },
	{ LIMIT_VALUES, 14, 9, y_values },
	{ LIMIT_MAP_VALUES, 14, 9, y_map_values },
	{ LIMIT_STRING_VALUE, 15, 11, y_string_value },
	{ LIMIT_BINARY_PATH, 13, 11, y_binary_path },
	{ LIMIT_MESSAGE, 9, 14, y_message },
	{ LIMIT_TAGS, 9, 5, y_tags },
	{ LIMIT_TAG, 10, 7, y_tag },
	{ LIMIT_ARG_LABEL, 12, 14, y_arg_label },
	{ LIMIT_RESOLVE_DEPTH, 11, 16, y_resolve_depth },
	{ LIMIT_NAME, 4, 9, y_name },
};

static bool has_limit_error(struct policy_run *r, enum limit l)
{
	int i;

	for (i = 0; i < r->ctx.n_diags; i++)
		if (strstr(r->ctx.diags[i].msg, "the limit is") &&
		    (strstr(r->ctx.diags[i].msg, tpc_limits[l].what) || l == LIMIT_RESOLVE_DEPTH))
			return true;
	return false;
}

static void test_every_limit(void **state)
{
	size_t i;
	int covered[LIMIT__N] = { 0 }, l;

	(void)state;
	/* ARGS and SELECTORS have their own tests above */
	covered[LIMIT_ARGS] = covered[LIMIT_SELECTORS] = 1;
	for (i = 0; i < ARRAY_LEN(limit_gens); i++) {
		const struct limit_gen *g = &limit_gens[i];
		int lim = tpc_limits[g->l].value;
		char *y = g->yaml(lim), *want;
		struct policy_run *r = policy_run(y);

		free(y);
		if (has_limit_error(r, g->l)) {
			print_message("limit %s: exactly %d should be accepted\n", tpc_limits[g->l].name, lim);
			dump_diags(r);
			fail();
		}
		y = g->yaml(lim + 1);
		r = policy_run(y);
		free(y);
		want = policy_printf("the limit is %d", lim);
		if (!has_limit_error(r, g->l))
			fail_msg("limit %s: %d should be rejected", tpc_limits[g->l].name, lim + 1);
		assert_has_diag(r, DIAG_ERROR, g->line, g->col, want);
		free(want);
		covered[g->l] = 1;
	}
	for (l = 0; l < LIMIT__N; l++)
		if (!covered[l])
			fail_msg("limit %s has no test", tpc_limits[l].name);
}

/* Check a policy against the fixture and the old fixture (which lacks security_bprm_check). */
static struct policy_run *check_two_targets(const char *yaml, bool only_old)
{
	struct policy_run *r;
	struct tpc_target old;
	const char *path = getenv("TPC_FIXTURE_BTF_OLD");

	r = policy_parse(yaml);
	assert_int_equal(r->parse_err, 0);
	assert_int_equal(btf_target_open(&r->ctx, fixture_btf(), &r->target), 0);
	r->have_target = true;
	assert_int_equal(btf_target_open(&r->ctx, path && *path ? path : TPC_FIXTURE_BTF_OLD, &old), 0);
	{
		struct tpc_target both[2] = { r->target, old };

		r->check_err = only_old ? check_policy(&r->ctx, r->pols[0], &both[1], 1)
					: check_policy(&r->ctx, r->pols[0], both, 2);
	}
	btf_target_close(&old);
	return r;
}

/* --btf given twice: the policy must check against both; the error names the one that fails. */
static void test_two_targets(void **state)
{
	struct policy_run *r;

	(void)state;
	r = check_two_targets(POLICY_HEAD
			      "  - call: security_bprm_check\n"	/* 7 */
			      "    syscall: false\n", false);
	assert_int_equal(r->check_err, -EINVAL);
	assert_first_error(r, 7, 11, "function 'security_bprm_check' not found in the BTF of");
	assert_non_null(strstr(find_diag(r, DIAG_ERROR, 0)->msg, "fixture-vmlinux-old.o"));
}

/*
 * ignore.callNotFound: a function missing from a target is a warning and the
 * hook is optional (the agent skips it there); missing from every target, the
 * hook is left out of the object. Without the flag it stays an error.
 */
static void test_ignore_call_not_found(void **state)
{
	static const char yaml[] = POLICY_HEAD
		"  - call: security_bprm_check\n"	/* 7 */
		"    syscall: false\n"
		"    ignore:\n"
		"      callNotFound: true\n";
	struct policy_run *r;
	const struct diag *d;

	(void)state;
	r = check_two_targets(yaml, false);
	assert_int_equal(r->check_err, 0);
	d = find_diag(r, DIAG_WARNING, 0);
	assert_non_null(d);
	assert_int_equal(d->loc.line, 7);
	assert_non_null(strstr(d->msg, "'ignore.callNotFound' leaves the hook out there"));
	assert_non_null(strstr(d->msg, "fixture-vmlinux-old.o"));
	assert_true(r->pols[0]->hooks.v[0].optional);
	assert_false(r->pols[0]->hooks.v[0].absent);

	r = check_two_targets(yaml, true);
	assert_int_equal(r->check_err, 0);
	assert_true(r->pols[0]->hooks.v[0].absent);

	r = check_two_targets(POLICY_HEAD
			      "  - call: security_bprm_check\n"
			      "    syscall: false\n"
			      "    ignore:\n"
			      "      callNotFound: false\n", true);
	assert_int_equal(r->check_err, -EINVAL);
	assert_first_error(r, 7, 11, "function 'security_bprm_check' not found in the BTF of");
}

static const char lseek_kill[] =
	"# Kill any process that calls lseek() on file descriptor -1.\n"
	"# Tetragon's classic enforcement demo: harmless to trigger, easy to see.\n"
	"apiVersion: cilium.io/v1alpha1\n"
	"kind: TracingPolicy\n"
	"metadata:\n"
	"  name: \"lseek-kill\"\n"
	"spec:\n"
	"  kprobes:\n"
	"  - call: \"sys_lseek\"\n"
	"    syscall: true\n"
	"    args:\n"
	"    - index: 0\n"
	"      type: \"int\"\n"
	"    selectors:\n"
	"    - matchArgs:\n"
	"      - index: 0\n"
	"        operator: \"Equal\"\n"
	"        values:\n"
	"        - \"-1\"\n"
	"      matchActions:\n"
	"      - action: Sigkill\n";

/* policies/lseek-kill.yaml checks clean, and the checker types what it read. */
static void test_lseek_kill_clean(void **state)
{
	struct policy_run *r = policy_run(lseek_kill);
	struct ast_hook *h;
	struct ast_match *m;
	struct ast_action *a;

	(void)state;
	assert_clean(r);
	h = &r->pols[0]->hooks.v[0];
	assert_true(h->is_syscall);
	assert_false(h->is_return);
	assert_int_equal(h->args.v[0].idx, 0);
	assert_int_equal(h->args.v[0].atype, ARG_INT);
	m = &h->selectors.v[0].match_args.v[0];
	assert_int_equal(m->idx, 0);
	assert_int_equal(m->op, OP_EQUAL);
	a = &h->selectors.v[0].actions.v[0];
	assert_int_equal(a->act, ACT_SIGKILL);
	assert_int_equal(a->sig, 9);
}

/* Tetragon's CRD default: a kprobe without 'syscall' is a syscall. */
static void test_syscall_defaults_to_true(void **state)
{
	struct policy_run *r = policy_run(POLICY_HEAD "  - call: \"sys_lseek\"\n");

	(void)state;
	assert_clean(r);
	assert_true(r->pols[0]->hooks.v[0].is_syscall);
}

/* The three spellings Tetragon accepts for a syscall all resolve. */
static void test_syscall_spellings(void **state)
{
	static const char *const calls[] = { "sys_lseek", "__x64_sys_lseek", "lseek" };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(calls); i++) {
		char *yaml = policy_printf(POLICY_HEAD
					   "  - call: \"%s\"\n"
					   "    syscall: true\n"
					   "    args:\n"
					   "    - index: 2\n"
					   "      type: \"uint32\"\n", calls[i]);
		struct policy_run *r = policy_run(yaml);

		free(yaml);
		assert_clean(r);
		assert_true(r->pols[0]->hooks.v[0].is_syscall);
		assert_int_equal(r->pols[0]->hooks.v[0].args.v[0].atype, ARG_U32);
	}
}

/* Integer args of kernel functions check against the BTF prototype. */
static void test_kernel_function_args(void **state)
{
	struct policy_run *r;

	(void)state;
	assert_clean(policy_run(KFUNC_ARG("fd_install", "0", "uint32")));
	assert_clean(policy_run(KFUNC_ARG("security_file_permission", "1", "int")));
	r = policy_run(KFUNC_ARG("commit_creds", "0", "int"));
	assert_first_error(r, 11, 13, "arg 0 of 'commit_creds' is 'struct cred *', not 'int'");
	assert_has_diag(r, DIAG_NOTE, 0, 0, "from BTF: int commit_creds(struct cred *)");
}

/* Boundary values of each width are accepted, in every notation. */
static void test_value_boundaries(void **state)
{
	(void)state;
	assert_clean(policy_run(LSEEK_MATCH("int", "0", "Equal", "2147483647")));
	assert_clean(policy_run(LSEEK_MATCH("int", "0", "Equal", "-2147483648")));
	assert_clean(policy_run(LSEEK_MATCH("uint32", "2", "Equal", "4294967295")));
	assert_clean(policy_run(LSEEK_MATCH("uint32", "2", "Mask", "0xffffffff")));
	assert_clean(policy_run(LSEEK_MATCH("int64", "1", "InRange", "-9223372036854775808:9223372036854775807")));
	assert_clean(policy_run(LSEEK_MATCH("uint8", "2", "NotInRange", "0:255")));
	assert_clean(policy_run(LSEEK_MATCH("int", "0", "Equal", "017")));
}

/* A warning does not fail the check. */
static void test_warning_is_not_an_error(void **state)
{
	struct policy_run *r = policy_run(LSEEK_ACTIONS("      - action: Sigkill\n"
							"        argError: -1\n"));

	(void)state;
	assert_int_equal(r->check_err, 0);
	assert_int_equal(r->ctx.n_errors, 0);
	assert_has_diag(r, DIAG_WARNING, 11, 9, "'argError' has no effect on action 'Sigkill'");
}

/* Two good documents both check; a kernel function hook next to a syscall hook. */
static void test_multi_document_clean(void **state)
{
	struct policy_run *r;

	(void)state;
	r = policy_run(POLICY_HEAD
		       "  - call: \"sys_write\"\n"
		       "---\n"
		       POLICY_HEAD
		       "  - call: \"tcp_connect\"\n"
		       "    syscall: false\n"
		       "  - call: \"__x64_sys_symlinkat\"\n");
	assert_clean(r);
	assert_int_equal(r->n_pols, 2);
	assert_false(r->pols[1]->hooks.v[0].is_syscall);
	assert_true(r->pols[1]->hooks.v[1].is_syscall);
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_selector_limit),
		cmocka_unit_test(test_ignore_call_not_found),
		cmocka_unit_test(test_string_trailing_nul),
		cmocka_unit_test(test_message_limit),
		cmocka_unit_test(test_tracepoint_clean),
		cmocka_unit_test(test_resolve_clean),
		cmocka_unit_test(test_imahash_clean),
		cmocka_unit_test(test_args_limit),
		cmocka_unit_test(test_lseek_kill_clean),
		cmocka_unit_test(test_syscall_defaults_to_true),
		cmocka_unit_test(test_syscall_spellings),
		cmocka_unit_test(test_kernel_function_args),
		cmocka_unit_test(test_value_boundaries),
		cmocka_unit_test(test_warning_is_not_an_error),
		cmocka_unit_test(test_multi_document_clean),
		cmocka_unit_test(test_operator_type_rules),
		cmocka_unit_test(test_loader_clean),
		cmocka_unit_test(test_every_limit),
		cmocka_unit_test(test_two_targets),
	};

	return run_cases("check", cases, ARRAY_LEN(cases), extra, ARRAY_LEN(extra));
}

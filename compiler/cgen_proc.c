// SPDX-License-Identifier: Apache-2.0
/*
 * cgen_proc: process selectors (matchBinaries, matchPIDs, matchNamespaces,
 * matchCapabilities, matchNamespaceChanges, matchCapabilityChanges) -> BPF C.
 *
 * Each ir_proc_pred becomes one always-inline function testing the
 * calling process's entry in the shared process map (tpc_proc.h): inline
 * string compares on the stored executable path, integer compares on the
 * tgid, or the task's namespaces and capabilities, read live or compared
 * with those the map recorded at fork and exec (*Changes). followChildren /
 * followForks repeat the test up the parent chain, at most TPC_PROC_DEPTH
 * ancestors. The hook looks its process up once per event, on the first
 * selector that needs it. A process the map does not know has no path and
 * no ancestors: In fails, NotIn holds; *Changes and isNamespacePID with
 * followForks never hold for it (Tetragon's rule).
 */
#include <stdarg.h>
#include <string.h>

#include "btf.h"
#include "cgen.h"
#include "cgen_proc.h"

#define TPC_NAMESPACES 10	/* matchNamespaces kinds, tpc_proc.ns[] (bpf-templates/tpc_proc.h) */

struct pgen {
	struct arena *a;
	struct strbuf *sb;
	int indent;
	const char *source_base;
};

static void out(struct pgen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(struct pgen *g, const char *fmt, ...)
{
	va_list ap;
	char *line;
	int i;

	va_start(ap, fmt);
	line = arena_vprintf(g->a, fmt, ap);
	va_end(ap);
	if (line[0])
		for (i = 0; i < g->indent; i++)
			sb_putn(g->sb, "\t", 1);
	sb_puts(g->sb, line);
	sb_putn(g->sb, "\n", 1);
}

static bool is_negated(enum op op)
{
	return op == OP_NOT_IN || op == OP_NOT_PREFIX || op == OP_NOT_POSTFIX;
}

static bool is_ns(enum ir_proc_kind k)
{
	return k >= IR_PROC_NS_UTS && k <= IR_PROC_NS_USER;
}

static bool is_cap(enum ir_proc_kind k)
{
	return k >= IR_PROC_CAP_EFFECTIVE && k <= IR_PROC_CAP_PERMITTED;
}

static bool is_cap_change(enum ir_proc_kind k)
{
	return k >= IR_PROC_CAP_CHANGE_EFFECTIVE && k <= IR_PROC_CAP_CHANGE_PERMITTED;
}

static bool is_change(enum ir_proc_kind k)
{
	return k == IR_PROC_NS_CHANGE || is_cap_change(k);
}

/* matchNamespaceChanges: the namespaces compared (bit i: lang.def's i), In the listed, NotIn the others */
static unsigned int ns_change_set(const struct ir_proc_pred *pp)
{
	unsigned int set = 0;
	int i;

	for (i = 0; i < pp->p.n_values; i++)
		set |= 1u << (pp->p.values[i] & 15);
	return (pp->p.op == OP_NOT_IN ? ~set : set) & ((1u << TPC_NAMESPACES) - 1);
}

static unsigned long long cap_mask(const struct ir_proc_pred *pp)
{
	unsigned long long mask = 0;
	int i;

	for (i = 0; i < pp->p.n_values; i++)
		mask |= 1ULL << (pp->p.values[i] & 63);
	return mask;
}

/*
 * Per namespace kind: the nsproxy member (NULL: not through nsproxy), the
 * namespace's struct and its /proc/PID/ns name (that of tpc_task_ns_*()).
 */
static const struct {
	const char *member;
	const char *type;
	const char *file;
} ns_info[] = {
	[IR_PROC_NS_UTS - IR_PROC_NS_UTS] = { "uts_ns", "uts_namespace", "uts" },
	[IR_PROC_NS_IPC - IR_PROC_NS_UTS] = { "ipc_ns", "ipc_namespace", "ipc" },
	[IR_PROC_NS_MNT - IR_PROC_NS_UTS] = { "mnt_ns", "mnt_namespace", "mnt" },
	/* task->thread_pid->numbers[level].ns */
	[IR_PROC_NS_PID - IR_PROC_NS_UTS] = { NULL, "pid_namespace", "pid" },
	[IR_PROC_NS_PID_FOR_CHILDREN - IR_PROC_NS_UTS] = { "pid_ns_for_children", "pid_namespace", "pid_for_children" },
	[IR_PROC_NS_NET - IR_PROC_NS_UTS] = { "net_ns", "net", "net" },
	[IR_PROC_NS_TIME - IR_PROC_NS_UTS] = { "time_ns", "time_namespace", "time" },
	[IR_PROC_NS_TIME_FOR_CHILDREN - IR_PROC_NS_UTS] = { "time_ns_for_children", "time_namespace",
							    "time_for_children" },
	[IR_PROC_NS_CGROUP - IR_PROC_NS_UTS] = { "cgroup_ns", "cgroup_namespace", "cgroup" },
	/* task->cred->user_ns */
	[IR_PROC_NS_USER - IR_PROC_NS_UTS] = { NULL, "user_namespace", "user" },
};

static const char *const cap_member[] = { "cap_effective", "cap_inheritable", "cap_permitted" };

static bool needs_map(const struct ir_proc_pred *pp)
{
	return pp->kind == IR_PROC_BINARY || (pp->flags & IR_PROCF_FOLLOW) || is_change(pp->kind);
}

bool cgen_proc_used(const struct ir_policy *ir)
{
	int i, j, k;

	for (i = 0; i < ir->n_hooks; i++)
		for (j = 0; j < ir->hooks[i].n_sels; j++)
			for (k = 0; k < ir->hooks[i].sels[j].n_procs; k++)
				if (needs_map(&ir->hooks[i].sels[j].procs[k]))
					return true;
	return false;
}

static int check_member(struct tpc_ctx *ctx, const struct tpc_target *t, const char *sname, const char *member,
			struct loc at, const char *why)
{
	if (btf_member_size(t, sname, member) >= 0)
		return 0;
	diag_error(ctx, at, "target BTF '%s' has no member '%s' in 'struct %s' (needed by %s)", t->path, member, sname,
		   why);
	return -1;
}

int cgen_proc_shadows(struct strbuf *sb, struct arena *a, struct tpc_ctx *ctx, const struct tpc_target *t,
		      const struct ir_policy *ir)
{
	struct pgen g = { .a = a, .sb = sb };
	bool ns[10] = { 0 }, any_ns = false, cap[3] = { 0 }, any_cap = false, host = false, pid_ns = false;
	bool proxy = false, cred = false, ns_pid = false, ns_cap = false;
	bool cur_ns[TPC_NAMESPACES] = { 0 }, cur_cap[3] = { 0 };	/* tpc_task_ns_*(), tpc_task_cap_*() */
	int err = 0, i;

	int h, j, k;

	for (h = 0; h < ir->n_hooks; h++)
	for (j = 0; j < ir->hooks[h].n_sels; j++)
	for (k = 0; k < ir->hooks[h].sels[j].n_procs; k++) {
		const struct ir_proc_pred *pp = &ir->hooks[h].sels[j].procs[k];

		if (is_ns(pp->kind)) {
			int nk = pp->kind - IR_PROC_NS_UTS, v;

			ns[nk] = any_ns = true;
			for (v = 0; v < pp->p.n_values; v++)
				host |= pp->p.values[v] == IR_NS_HOST;
			if (ns_info[nk].member) {
				proxy = true;
				err |= check_member(ctx, t, "nsproxy", ns_info[nk].member, pp->p.loc, "matchNamespaces");
			}
			if (pp->kind == IR_PROC_NS_PID)
				pid_ns = true;
			if (pp->kind == IR_PROC_NS_USER)
				cred = true;
		} else if (is_cap(pp->kind)) {
			cap[pp->kind - IR_PROC_CAP_EFFECTIVE] = any_cap = cred = true;
			err |= check_member(ctx, t, "cred", cap_member[pp->kind - IR_PROC_CAP_EFFECTIVE], pp->p.loc,
					    "matchCapabilities");
			if (pp->flags & IR_PROCF_NS_CAP)	/* the task's user namespace against host_ns */
				ns[IR_PROC_NS_USER - IR_PROC_NS_UTS] = any_ns = host = ns_cap = true;
		} else if (pp->kind == IR_PROC_PID && (pp->flags & IR_PROCF_NS_PID) && !(pp->flags & IR_PROCF_FOLLOW)) {
			pid_ns = ns_pid = true;	/* with followForks: tpc_proc.nspid */
		} else if (pp->kind == IR_PROC_NS_CHANGE) {
			unsigned int set = ns_change_set(pp);

			for (i = 0; i < TPC_NAMESPACES; i++) {
				if (!(set & (1u << i)))
					continue;
				ns[i] = any_ns = cur_ns[i] = true;
				if (ns_info[i].member) {
					proxy = true;
					err |= check_member(ctx, t, "nsproxy", ns_info[i].member, pp->p.loc,
							    "matchNamespaceChanges");
				}
				if (i == IR_PROC_NS_PID - IR_PROC_NS_UTS)
					pid_ns = true;
				if (i == IR_PROC_NS_USER - IR_PROC_NS_UTS)
					cred = true;
			}
		} else if (is_cap_change(pp->kind)) {
			int c = pp->kind - IR_PROC_CAP_CHANGE_EFFECTIVE;

			cap[c] = any_cap = cred = cur_cap[c] = true;
			err |= check_member(ctx, t, "cred", cap_member[c], pp->p.loc, "matchCapabilityChanges");
			if (pp->flags & IR_PROCF_NS_CAP)
				ns[IR_PROC_NS_USER - IR_PROC_NS_UTS] = any_ns = host = ns_cap = true;
		}
	}
	if (!any_ns && !any_cap && !pid_ns)
		return 0;
	out(&g, "/* CO-RE shadows of the task's namespaces and credentials (cgen_proc.c) */");
	if (any_ns) {
		out(&g, "struct ns_common {");
		out(&g, "	unsigned int inum;");
		out(&g, "} __attribute__((preserve_access_index));");
		out(&g, "%s", "");
		for (i = 0; i < 10; i++) {
			bool dup = false;

			if (!ns[i])
				continue;
			for (k = 0; k < i; k++)	/* pid and time namespaces serve two kinds */
				dup |= ns[k] && !strcmp(ns_info[k].type, ns_info[i].type);
			if (dup)
				continue;
			err |= check_member(ctx, t, ns_info[i].type, "ns", (struct loc){ 0 }, "matchNamespaces");
			out(&g, "struct %s {", ns_info[i].type);
			out(&g, "	struct ns_common ns;");
			out(&g, "} __attribute__((preserve_access_index));");
			out(&g, "%s", "");
		}
	}
	if (proxy) {
		out(&g, "struct nsproxy {");
		for (i = 0; i < 10; i++)
			if (ns[i] && ns_info[i].member)
				out(&g, "	struct %s *%s;", ns_info[i].type, ns_info[i].member);
		out(&g, "} __attribute__((preserve_access_index));");
		out(&g, "%s", "");
	}
	if (pid_ns) {
		err |= check_member(ctx, t, "pid", "numbers", (struct loc){ 0 }, "matchNamespaces Pid");
		out(&g, "struct upid {");
		out(&g, "	int nr;");
		out(&g, "	struct pid_namespace *ns;");
		out(&g, "} __attribute__((preserve_access_index));");
		out(&g, "%s", "");
		out(&g, "struct pid {");
		out(&g, "	unsigned int level;");
		out(&g, "	struct upid numbers[1];");
		out(&g, "} __attribute__((preserve_access_index));");
		out(&g, "%s", "");
	}
	if (any_cap) {
		out(&g, "/* kernel_cap_t: one __u64 since 6.3, two __u32 before: the same 8 bytes */");
		out(&g, "struct tpc_kcap {");
		out(&g, "	__u64 val;");
		out(&g, "};");
		out(&g, "%s", "");
	}
	if (cred) {
		out(&g, "struct cred {");
		if (ns[IR_PROC_NS_USER - IR_PROC_NS_UTS]) {
			err |= check_member(ctx, t, "cred", "user_ns", (struct loc){ 0 }, "matchNamespaces User");
			out(&g, "	struct user_namespace *user_ns;");
		}
		for (i = 0; i < 3; i++)
			if (cap[i])
				out(&g, "	struct tpc_kcap %s;", cap_member[i]);
		out(&g, "} __attribute__((preserve_access_index));");
		out(&g, "%s", "");
	}
	out(&g, "struct task_struct___proc {");
	if (proxy) {
		err |= check_member(ctx, t, "task_struct", "nsproxy", (struct loc){ 0 }, "matchNamespaces");
		out(&g, "	struct nsproxy *nsproxy;");
	}
	if (cred) {
		err |= check_member(ctx, t, "task_struct", "cred", (struct loc){ 0 }, "matchCapabilities");
		out(&g, "	const struct cred *cred;");
	}
	if (pid_ns) {
		err |= check_member(ctx, t, "task_struct", "thread_pid", (struct loc){ 0 }, "matchNamespaces Pid");
		out(&g, "	struct pid *thread_pid;");
	}
	out(&g, "} __attribute__((preserve_access_index));");
	out(&g, "%s", "");
	if (host) {
		out(&g, "/* host_ns: the agent writes the inode numbers of /proc/1/ns/<ns> here before load */");
		out(&g, "const volatile __u32 tpc_host_ns[10] = {};	/* in matchNamespaces order: Uts .. User */");
		out(&g, "%s", "");
	}
	if (ns_pid) {
		out(&g, "/* isNamespacePID: the calling thread's pid as its own pid namespace sees it */");
		out(&g, "static __always_inline __u32 tpc_ns_pid(void)");
		out(&g, "{");
		out(&g, "	struct task_struct___proc *task = (struct task_struct___proc *)bpf_get_current_task();");
		out(&g, "	struct pid *pid = BPF_CORE_READ(task, thread_pid);");
		out(&g, "	unsigned int level = BPF_CORE_READ(pid, level);");
		out(&g, "	struct upid *up = &pid->numbers[level & 31];");
		out(&g, "%s", "");
		out(&g, "	return BPF_CORE_READ(up, nr);");
		out(&g, "}");
		out(&g, "%s", "");
	}
	if (ns_cap) {
		out(&g, "/* isNamespaceCapability: the capabilities count only outside the host user namespace */");
		out(&g, "static __always_inline bool tpc_userns_not_host(void)");
		out(&g, "{");
		out(&g, "	struct task_struct___proc *task = (struct task_struct___proc *)bpf_get_current_task();");
		out(&g, "%s", "");
		out(&g, "	return BPF_CORE_READ(task, cred, user_ns, ns.inum) != tpc_host_ns[%d];",
		    IR_PROC_NS_USER - IR_PROC_NS_UTS);
		out(&g, "}");
		out(&g, "%s", "");
	}
	for (i = 0; i < TPC_NAMESPACES; i++) {
		if (!cur_ns[i])
			continue;
		out(&g, "/* matchNamespaceChanges: the task's %s namespace, read as the base object records it */",
		    ns_info[i].file);
		out(&g, "static __always_inline __u32 tpc_task_ns_%s(void)", ns_info[i].file);
		out(&g, "{");
		out(&g, "	struct task_struct___proc *task = (struct task_struct___proc *)bpf_get_current_task();");
		if (i == IR_PROC_NS_PID - IR_PROC_NS_UTS) {
			out(&g, "	struct pid *pid = BPF_CORE_READ(task, thread_pid);");
			out(&g, "	unsigned int level = BPF_CORE_READ(pid, level);");
			out(&g, "	struct upid *up = &pid->numbers[level & 31];");
			out(&g, "%s", "");
			out(&g, "	return BPF_CORE_READ(up, ns, ns.inum);");
		} else if (i == IR_PROC_NS_USER - IR_PROC_NS_UTS) {
			out(&g, "%s", "");
			out(&g, "	return BPF_CORE_READ(task, cred, user_ns, ns.inum);");
		} else {
			out(&g, "%s", "");
			out(&g, "	return BPF_CORE_READ(task, nsproxy, %s, ns.inum);", ns_info[i].member);
		}
		out(&g, "}");
		out(&g, "%s", "");
	}
	for (i = 0; i < 3; i++) {
		if (!cur_cap[i])
			continue;
		out(&g, "/* matchCapabilityChanges: the task's %s set */", cap_member[i] + 4);
		out(&g, "static __always_inline __u64 tpc_task_%s(void)", cap_member[i]);
		out(&g, "{");
		out(&g, "	struct task_struct___proc *task = (struct task_struct___proc *)bpf_get_current_task();");
		out(&g, "	const struct cred *cred = BPF_CORE_READ(task, cred);");
		out(&g, "	__u64 caps = 0;");
		out(&g, "%s", "");
		out(&g, "	bpf_core_read(&caps, sizeof(caps), &cred->%s);", cap_member[i]);
		out(&g, "	return caps;");
		out(&g, "}");
		out(&g, "%s", "");
	}
	return err ? -1 : 0;
}

/* The positive test of one entry p (In, Prefix, Postfix), values ORed. */
static const char *binary_expr(struct pgen *g, const struct ir_pred *p)
{
	struct strbuf sb;
	int i;

	sb_init(&sb, g->a);
	for (i = 0; i < p->n_strs; i++) {
		const char *lit = cgen_c_string(g->a, p->strs[i], p->str_lens[i]);
		const char *fn = p->op == OP_PREFIX || p->op == OP_NOT_PREFIX ? "tpc_proc_prefix" :
				 p->op == OP_POSTFIX || p->op == OP_NOT_POSTFIX ? "tpc_proc_postfix" : "tpc_proc_eq";

		sb_printf(&sb, "%s%s(p, %s, %d)", i ? " || " : "", fn, lit, p->str_lens[i]);
	}
	return sb.buf;
}

static const char *pid_expr(struct pgen *g, const struct ir_pred *p)
{
	struct strbuf sb;
	int i;

	sb_init(&sb, g->a);
	for (i = 0; i < p->n_values; i++)
		sb_printf(&sb, "%spid == %lluU", i ? " || " : "", (unsigned long long)p->values[i]);
	return sb.buf;
}

/* matchNamespaces: the namespace's inode number in `ns`, compared with the values */
static const char *ns_expr(struct pgen *g, const struct ir_proc_pred *pp)
{
	struct strbuf sb;
	int i;

	sb_init(&sb, g->a);
	for (i = 0; i < pp->p.n_values; i++) {
		if (pp->p.values[i] == IR_NS_HOST)
			sb_printf(&sb, "%sns == tpc_host_ns[%d]", i ? " || " : "", (int)(pp->kind - IR_PROC_NS_UTS));
		else
			sb_printf(&sb, "%sns == %lluU", i ? " || " : "", (unsigned long long)(unsigned int)pp->p.values[i]);
	}
	return sb.buf;
}

static const char *fn_name(struct pgen *g, const struct ir_hook *h, const struct ir_selector *s, int k)
{
	return arena_printf(g->a, "tpc_%s_%d_s%d_proc%d", h->name, h->id, s->id, k);
}

static const char *describe(struct pgen *g, const struct ir_proc_pred *pp)
{
	if (is_ns(pp->kind))
		return arena_printf(g->a, "matchNamespaces %s %s", tpc_namespaces[pp->kind - IR_PROC_NS_UTS],
				    op_name(pp->p.op));
	if (is_cap(pp->kind))
		return arena_printf(g->a, "matchCapabilities %s %s%s", cap_member[pp->kind - IR_PROC_CAP_EFFECTIVE] + 4,
				    op_name(pp->p.op), pp->flags & IR_PROCF_NS_CAP ? " (isNamespaceCapability)" : "");
	if (pp->kind == IR_PROC_NS_CHANGE)
		return arena_printf(g->a, "matchNamespaceChanges %s", op_name(pp->p.op));
	if (is_cap_change(pp->kind))
		return arena_printf(g->a, "matchCapabilityChanges %s %s%s",
				    cap_member[pp->kind - IR_PROC_CAP_CHANGE_EFFECTIVE] + 4, op_name(pp->p.op),
				    pp->flags & IR_PROCF_NS_CAP ? " (isNamespaceCapability)" : "");
	if (pp->kind == IR_PROC_BINARY)
		return arena_printf(g->a, "matchBinaries %s%s", op_name(pp->p.op),
				    pp->flags & IR_PROCF_FOLLOW ? " (followChildren)" : "");
	return arena_printf(g->a, "matchPIDs %s%s%s", op_name(pp->p.op),
			    pp->flags & IR_PROCF_FOLLOW ? " (followForks)" : "",
			    pp->flags & IR_PROCF_NS_PID ? " (isNamespacePID)" : "");
}

/* The positive test (In, Prefix, Postfix) as a function; the selector negates NotIn & co. */
static void gen_pred_fn(struct pgen *g, const struct ir_hook *h, const struct ir_selector *s, int k)
{
	const struct ir_proc_pred *pp = &s->procs[k];
	bool follow = pp->flags & IR_PROCF_FOLLOW;

	out(g, "/* %s:%d:%d: %s */", g->source_base, pp->p.loc.line, pp->p.loc.col, describe(g, pp));
	if (is_ns(pp->kind) || is_cap(pp->kind)) {
		int nk = pp->kind - IR_PROC_NS_UTS;

		out(g, "static __always_inline bool %s(void)", fn_name(g, h, s, k));
		out(g, "{");
		g->indent++;
		out(g, "struct task_struct___proc *task = (struct task_struct___proc *)bpf_get_current_task();");
		if (is_cap(pp->kind)) {
			unsigned long long mask = 0;
			int i;

			for (i = 0; i < pp->p.n_values; i++)
				mask |= 1ULL << (pp->p.values[i] & 63);
			out(g, "const struct cred *cred = BPF_CORE_READ(task, cred);");
			out(g, "__u64 caps = 0;");
			out(g, "%s", "");
			out(g, "bpf_core_read(&caps, sizeof(caps), &cred->%s);", cap_member[pp->kind - IR_PROC_CAP_EFFECTIVE]);
			out(g, "/* any of the listed capabilities */");
			out(g, "return (caps & 0x%llxULL) != 0;", mask);
		} else if (pp->kind == IR_PROC_NS_PID) {
			out(g, "struct pid *pid = BPF_CORE_READ(task, thread_pid);");
			out(g, "unsigned int level = BPF_CORE_READ(pid, level);");
			out(g, "struct upid *up = &pid->numbers[level & 31];");
			out(g, "__u32 ns = BPF_CORE_READ(up, ns, ns.inum);");
			out(g, "%s", "");
			out(g, "return %s;", ns_expr(g, pp));
		} else if (pp->kind == IR_PROC_NS_USER) {
			out(g, "__u32 ns = BPF_CORE_READ(task, cred, user_ns, ns.inum);");
			out(g, "%s", "");
			out(g, "return %s;", ns_expr(g, pp));
		} else {
			out(g, "__u32 ns = BPF_CORE_READ(task, nsproxy, %s, ns.inum);", ns_info[nk].member);
			out(g, "%s", "");
			out(g, "return %s;", ns_expr(g, pp));
		}
		g->indent--;
		out(g, "}");
		out(g, "%s", "");
		return;
	}
	if (pp->kind == IR_PROC_NS_CHANGE) {
		unsigned int set = ns_change_set(pp);
		struct strbuf sb;
		int i;

		sb_init(&sb, g->a);
		for (i = 0; i < TPC_NAMESPACES; i++)
			if (set & (1u << i))
				sb_printf(&sb, "%s(p->ns[%d] && p->ns[%d] != tpc_task_ns_%s())", sb.len ? " ||\n\t       " : "",
					  i, i, ns_info[i].file);
		out(g, "static __always_inline bool %s(const struct tpc_proc *p)", fn_name(g, h, s, k));
		out(g, "{");
		g->indent++;
		out(g, "if (!p)");
		out(g, "\treturn false;	/* not in the process map: nothing recorded to compare with */");
		out(g, "/* %s namespace differs from the one recorded at fork or exec (0: not recorded) */",
		    pp->p.op == OP_NOT_IN ? "an unlisted" : "a listed");
		out(g, "return %s;", sb.len ? sb.buf : "false");
	} else if (is_cap_change(pp->kind)) {
		int c = pp->kind - IR_PROC_CAP_CHANGE_EFFECTIVE;
		unsigned long long mask = cap_mask(pp);

		out(g, "static __always_inline bool %s(const struct tpc_proc *p)", fn_name(g, h, s, k));
		out(g, "{");
		g->indent++;
		out(g, "__u64 caps;");
		out(g, "%s", "");
		out(g, "if (!p)");
		out(g, "\treturn false;	/* not in the process map: nothing recorded to compare with */");
		out(g, "caps = tpc_task_%s();", cap_member[c]);
		if (pp->p.op == OP_NOT_IN) {
			out(g, "/* only capabilities not listed changed since fork or exec */");
			out(g, "return (p->caps[%d] & 0x%llxULL) == (caps & 0x%llxULL) && p->caps[%d] != caps;", c, mask,
			    mask, c);
		} else {
			out(g, "/* a listed capability changed since fork or exec */");
			out(g, "return (p->caps[%d] & 0x%llxULL) != (caps & 0x%llxULL);", c, mask, mask);
		}
	} else if (pp->kind == IR_PROC_PID && follow && (pp->flags & IR_PROCF_NS_PID)) {
		out(g, "static __always_inline bool %s(const struct tpc_proc *p)", fn_name(g, h, s, k));
		out(g, "{");
		g->indent++;
		out(g, "__u32 pid;");
		out(g, "int i;");
		out(g, "%s", "");
		out(g, "/* the process, then its ancestors, each by the pid it has in its own pid namespace */");
		out(g, "#pragma clang loop unroll(disable)");
		out(g, "for (i = 0; i < TPC_PROC_DEPTH && p; i++) {");
		out(g, "\tpid = p->nspid;");
		out(g, "\tif (%s)", pid_expr(g, &pp->p));
		out(g, "\t\treturn true;");
		out(g, "\tp = tpc_proc_lookup(p->ppid);");
		out(g, "}");
		out(g, "return false;");
	} else if (pp->kind == IR_PROC_BINARY) {
		out(g, "static __always_inline bool %s(const struct tpc_proc *p)", fn_name(g, h, s, k));
		out(g, "{");
		g->indent++;
		if (follow) {
			out(g, "int i;");
			out(g, "%s", "");
			out(g, "/* the process, then its ancestors */");
			out(g, "#pragma clang loop unroll(disable)");
			out(g, "for (i = 0; i < TPC_PROC_DEPTH && p; i++) {");
			out(g, "\tif (%s)", binary_expr(g, &pp->p));
			out(g, "\t\treturn true;");
			out(g, "\tp = tpc_proc_lookup(p->ppid);");
			out(g, "}");
			out(g, "return false;");
		} else {
			out(g, "return p && (%s);", binary_expr(g, &pp->p));
		}
	} else {
		out(g, "static __always_inline bool %s(const struct tpc_proc *p, __u32 pid)", fn_name(g, h, s, k));
		out(g, "{");
		g->indent++;
		if (follow) {
			out(g, "int i;");
			out(g, "%s", "");
			out(g, "if (%s)", pid_expr(g, &pp->p));
			out(g, "\treturn true;");
			out(g, "/* its ancestors */");
			out(g, "#pragma clang loop unroll(disable)");
			out(g, "for (i = 0; i < TPC_PROC_DEPTH && p; i++) {");
			out(g, "\tpid = p->ppid;");
			out(g, "\tif (%s)", pid_expr(g, &pp->p));
			out(g, "\t\treturn true;");
			out(g, "\tp = tpc_proc_lookup(pid);");
			out(g, "}");
			out(g, "return false;");
		} else {
			out(g, "return %s;", pid_expr(g, &pp->p));
		}
	}
	g->indent--;
	out(g, "}");
	out(g, "%s", "");
}

void cgen_proc_funcs(struct strbuf *sb, struct arena *a, const char *source_base, const struct ir_hook *h)
{
	struct pgen g = { .a = a, .sb = sb, .source_base = source_base };
	int j, k;

	for (j = 0; j < h->n_sels; j++)
		for (k = 0; k < h->sels[j].n_procs; k++)
			gen_pred_fn(&g, h, &h->sels[j], k);
}

void cgen_proc_decls(struct strbuf *sb, struct arena *a, int indent, const struct ir_hook *h)
{
	struct pgen g = { .a = a, .sb = sb, .indent = indent };

	bool map = false, pid = false;
	int j, k;

	for (j = 0; j < h->n_sels; j++) {
		for (k = 0; k < h->sels[j].n_procs; k++) {
			map |= needs_map(&h->sels[j].procs[k]);
			pid |= h->sels[j].procs[k].kind == IR_PROC_PID;
		}
	}
	if (map) {
		out(&g, "/* the calling process in the process map, looked up on first use */");
		out(&g, "struct tpc_proc *proc = NULL;");
		out(&g, "bool have_proc = false;");
	}
	if (pid)
		out(&g, "__u32 tgid = bpf_get_current_pid_tgid() >> 32;");
}

void cgen_proc_sel(struct strbuf *sb, struct arena *a, int indent, const char *source_base, const struct ir_hook *h,
		   const struct ir_selector *s)
{
	struct pgen g = { .a = a, .sb = sb, .indent = indent, .source_base = source_base };
	int k;

	for (k = 0; k < s->n_procs; k++) {
		const struct ir_proc_pred *pp = &s->procs[k];
		const char *call;

		out(&g, "/* %s:%d:%d: %s */", source_base, pp->p.loc.line, pp->p.loc.col, describe(&g, pp));
		if (needs_map(pp)) {
			out(&g, "if (!have_proc) {");
			out(&g, "\tproc = tpc_proc_current();");
			out(&g, "\thave_proc = true;");
			out(&g, "}");
		}
		if (is_ns(pp->kind) || is_cap(pp->kind))
			call = arena_printf(a, "%s()", fn_name(&g, h, s, k));
		else if (pp->kind == IR_PROC_BINARY || is_change(pp->kind) ||
			 (pp->flags & (IR_PROCF_FOLLOW | IR_PROCF_NS_PID)) == (IR_PROCF_FOLLOW | IR_PROCF_NS_PID))
			call = arena_printf(a, "%s(proc)", fn_name(&g, h, s, k));
		else
			call = arena_printf(a, "%s(%s, %s)", fn_name(&g, h, s, k), needs_map(pp) ? "proc" : "NULL",
					    pp->flags & IR_PROCF_NS_PID ? "tpc_ns_pid()" : "tgid");
		if ((is_cap(pp->kind) || is_cap_change(pp->kind)) && (pp->flags & IR_PROCF_NS_CAP)) {
			/* In and NotIn alike: nothing holds in the host user namespace */
			out(&g, "if (!tpc_userns_not_host())");
			out(&g, "\tbreak;");
		}
		if (pp->kind == IR_PROC_PID && (pp->flags & IR_PROCF_FOLLOW) && (pp->flags & IR_PROCF_NS_PID)) {
			/* Tetragon: In and NotIn alike, nothing holds for a process without a namespace pid */
			out(&g, "if (!proc || !proc->nspid)");
			out(&g, "\tbreak;");
		}
		/* the *Changes functions take NotIn into account: "a change outside the listed ones" */
		out(&g, "if (%s%s)", is_negated(pp->p.op) && !is_change(pp->kind) ? "" : "!", call);
		out(&g, "\tbreak;");
	}
}

void cgen_proc_accept(struct strbuf *sb, struct arena *a, int indent, const char *source_base,
		      const struct ir_selector *s)
{
	struct pgen g = { .a = a, .sb = sb, .indent = indent, .source_base = source_base };
	int i, k;

	for (k = 0; k < s->n_procs; k++) {
		const struct ir_proc_pred *pp = &s->procs[k];

		if (!is_change(pp->kind))
			continue;
		out(&g, "/* %s:%d:%d: %s matched: record the current %s, as Tetragon does */", source_base,
		    pp->p.loc.line, pp->p.loc.col, describe(&g, pp), pp->kind == IR_PROC_NS_CHANGE ? "namespaces" :
		    "capabilities");
		out(&g, "if (proc) {");
		if (pp->kind == IR_PROC_NS_CHANGE) {
			unsigned int set = ns_change_set(pp);

			for (i = 0; i < TPC_NAMESPACES; i++)
				if (set & (1u << i))
					out(&g, "\tproc->ns[%d] = tpc_task_ns_%s();", i, ns_info[i].file);
		} else {
			i = pp->kind - IR_PROC_CAP_CHANGE_EFFECTIVE;
			out(&g, "\tproc->caps[%d] = tpc_task_%s();", i, cap_member[i]);
		}
		out(&g, "}");
	}
}

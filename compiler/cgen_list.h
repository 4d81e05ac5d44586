/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The programs a "list:NAME" call's hooks share (cgen_list.c), called by
 * cgen.c: each member hook keeps its own function tpc_<name>_<id>(ctx,
 * variant); one program per shared variant dispatches to them.
 */
#ifndef TPC_CGEN_LIST_H
#define TPC_CGEN_LIST_H

#include "ir.h"

/* Is variant v a program shared by several hooks (generated once, by cgen_list_programs)? */
bool cgen_is_shared_variant(const struct ir_variant *v);
/*
 * The list member whose code the members of h's list share (the first), or -1
 * when h has no shared program. The other members generate no code.
 */
int cgen_list_leader(const struct ir_policy *ir, const struct ir_hook *h);
/* The programs of list member h's own variants (kprobe, tp): set its id, run the shared code. */
void cgen_list_member_progs(struct strbuf *sb, const struct ir_policy *ir, const struct ir_hook *h);
/* tpc_list_cur and tpc_list_hook(): the hook id a shared program runs for. */
void cgen_list_cur(struct strbuf *sb, const struct ir_policy *ir);
/* tpc_in_compat() and tpc_syscall64(), when a syscall64 read or a raw_tp sys_enter list needs them. */
void cgen_compat_helpers(struct strbuf *sb, const struct ir_policy *ir);
/* The shared programs of the policy: kprobe.multi by attach cookie, raw_tp/sys_enter by syscall number. */
void cgen_list_programs(struct strbuf *sb, const struct ir_policy *ir);

#endif /* TPC_CGEN_LIST_H */

/* SPDX-License-Identifier: Apache-2.0 */
/* Code generation for 'resolve' arguments (cgen_resolve.c), called by cgen.c. */
#ifndef TPC_CGEN_RESOLVE_H
#define TPC_CGEN_RESOLVE_H

#include "btf.h"
#include "ir.h"

/*
 * The shadow structs and the function `tpc_<hook>_<id>_res<arg>(__u64 x)`
 * that turns the raw argument of read r into the value of its resolve path
 * on target t. 0, or -EINVAL with a diagnostic at the arg.
 */
int cgen_resolve(struct strbuf *sb, struct tpc_ctx *ctx, const struct tpc_target *t, const char *source_base,
		 const struct ir_hook *h, const struct ir_read *r);

#endif /* TPC_CGEN_RESOLVE_H */

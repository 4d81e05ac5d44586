/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private to the back end: the C++ clang front end (cc.cpp) as seen by emit.c.
 */
#ifndef TPC_CC_H
#define TPC_CC_H

#include <llvm-c/Types.h>

#include "backend.h"

/*
 * The compile's working and DWARF compilation directory. Debug info and LLVM's
 * backend diagnostics name files relative to it.
 */
#define TPC_CC_COMPDIR "/tpc"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Parse opts->src (at opts->vpath, headers from opts->headers, nothing from the
 * real file system) and generate unoptimised LLVM IR for BPF in ctx.
 * Returns 0 and sets *mod (owned by the caller, lives in ctx), or -EINVAL on
 * a compile error, or another -errno. *diag is set to malloc'd text with
 * clang's diagnostics (warnings too) or NULL when there are none.
 */
int tpc_cc_frontend(LLVMContextRef ctx, const struct tpc_cc_opts *opts,
		    LLVMModuleRef *mod, char **diag);

#ifdef __cplusplus
}
#endif

#endif /* TPC_CC_H */

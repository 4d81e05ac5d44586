/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spec.loader: true (cgen_loader.c). Tetragon's loader sensor: a kprobe on
 * perf_event_mmap_output posts a process_loader event (the mapped file and
 * its build id) per executable mapping, fed by the per-CPU perf events the
 * agent opens. The hook is not in the IR: it comes after every IR hook, with
 * id ir->n_hooks, in the generated C and in the meta alike.
 */
#ifndef TPC_CGEN_LOADER_H
#define TPC_CGEN_LOADER_H

#include "ir.h"

#define TPC_LOADER_PROG "tpc_loader"

/* The loader's map and program, when ir->loader. */
void cgen_loader_program(struct strbuf *sb, const struct ir_policy *ir);
/* ",{...}": its hook in the meta "hooks" array (kind "loader"), when ir->loader. */
void meta_loader_hook(struct strbuf *sb, const struct ir_policy *ir);

#endif /* TPC_CGEN_LOADER_H */

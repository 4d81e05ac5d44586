/* SPDX-License-Identifier: Apache-2.0 */
/* The prefix gate (cgen_gate.c): an early exit before a hook reads a whole string. */
#ifndef TPC_CGEN_GATE_H
#define TPC_CGEN_GATE_H

#include "ir.h"

/* The read every selector of h needs a short Prefix of, or -1 when h gets no gate. */
int cgen_gate_read(const struct ir_hook *h);
/* static bool tpc_<hook>_<id>_gate(ctx, variant), when h gets a gate; nothing otherwise. */
void cgen_gate_fn(struct strbuf *sb, struct arena *a, const struct ir_hook *h);

#endif /* TPC_CGEN_GATE_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The text form of the IR (docs/ir.md) and the review tools built on it:
 * the printer (`tpc compile --emit=ir`), the reader (grammar/ir.l, ir.y:
 * `tpc compile x.tpir`), `tpc explain`, `tpc diff` and `tpc inspect`.
 */
#ifndef TPC_IRTEXT_H
#define TPC_IRTEXT_H

#include "ir.h"

struct tpc_target;

/* Enum spellings of the text form, one table per enum of ir.h/ast.h. */
extern const char *const ir_attach_names[];
extern const char *const ir_argsrc_names[];
extern const char *const ir_retsrc_names[];
extern const char *const ir_extract_names[];
extern const char *const ir_shape_names[];
extern const char *const ir_hook_kind_names[];
extern const char *const ir_proc_kind_names[];
extern const int ir_n_proc_kind_names;
extern const int ir_n_attach_names, ir_n_argsrc_names, ir_n_retsrc_names, ir_n_extract_names, ir_n_shape_names,
	ir_n_hook_kind_names;
/* Index of s in names[0..n), or -1. */
int ir_name_lookup(const char *const *names, int n, const char *s);

/* IR -> text. Everything cgen_policy() and meta_policy() read, except targets. */
void ir_print(struct strbuf *sb, const struct ir_policy *ir);

/* Text -> IR, allocated in ctx's arena. Returns 0, or -EINVAL with diagnostics in ctx. */
int ir_parse(struct tpc_ctx *ctx, const struct src_file *f, struct ir_policy **out);

/* `tpc explain`: one plain-language line per selector. t may be NULL (no BTF arg names). */
void explain_policy(struct strbuf *sb, const struct ir_policy *ir, struct tpc_ctx *ctx, const struct tpc_target *t);

/* `tpc diff`: what the kernel will do differently. Returns true if anything differs. */
bool ir_diff(struct strbuf *sb, struct tpc_ctx *ctx, const struct ir_policy *a, const struct ir_policy *b);

/* `tpc inspect`: provenance, programs, maps, variants of an object. Returns 0 or -errno. */
int inspect_object(struct tpc_ctx *ctx, const char *path, FILE *out);

#endif /* TPC_IRTEXT_H */

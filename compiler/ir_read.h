/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The reader of the IR text, shared by grammar/ir.l, grammar/ir.y and
 * compiler/ir_read.c (not a public interface: see irtext.h).
 */
#ifndef TPC_IR_READ_H
#define TPC_IR_READ_H

#include "irtext.h"

/* A string token: any bytes, explicit length. */
struct irp_str {
	const char *s;
	int len;
};

/* An integer token, kept as text until the grammar knows its type. */
struct irp_int {
	const char *text;
	struct loc loc;
};

/* The reader's state: where the lexer is, what is being built. */
struct irp {
	struct tpc_ctx *ctx;
	const struct src_file *f;	/* the .tpir file: syntax errors point here */
	struct src_file *yaml;		/* the policy the IR came from: IR locations point here */
	int line, col;			/* lexer position, 1-based */
	struct ir_policy *ir;
	struct ir_hook *hook;		/* the current hook, NULL before the first */
	struct ir_selector *sel;	/* the current selector of hook */
	struct ir_pred *pred;		/* the pred being read, NULL if it was bad */
	struct loc pred_at;		/* of the current pred's line, for errors in its values */
	struct ir_variant *variant;	/* the last variant of hook, NULL if it was bad */
	struct loc hook_loc;		/* of the current 'hook' line in f */
	unsigned int seen;		/* header statements seen (bits) */
	int cap_values, cap_strs, cap_lens;	/* of the current pred's arrays */
	int cap_tags;			/* of the current hook's tags */
};

struct loc irp_loc(struct irp *p, int line, int col, int len);

/* Called by the grammar's actions; errors go to p->ctx as diagnostics. */
void irp_header(struct irp *p, int which, struct irp_str s, struct loc at);
void irp_hook(struct irp *p, struct irp_int id, const char *kind, struct loc kind_at, struct irp_str fn,
	      struct loc yaml, struct loc at);
void irp_hook_str(struct irp *p, int which, struct irp_str s, struct loc at);
void irp_hook_syscall(struct irp *p, const char *word, struct loc at);
void irp_hook_optional(struct irp *p, const char *word, struct loc at);
void irp_hook_enforcer(struct irp *p, const char *word, struct loc at);
void irp_hook_event_size(struct irp *p, struct irp_int n, struct loc at);
void irp_hook_ref_ctr_offset(struct irp *p, struct irp_int n, struct loc at);
void irp_variant(struct irp *p, const char *attach, struct loc attach_at, const char *src, struct loc src_at,
		 struct irp_str strs[4], struct loc at);
void irp_variant_exit(struct irp *p, const char *attach, struct loc attach_at, const char *src, struct loc src_at,
		      struct irp_str strs[3], struct loc at);
void irp_return(struct irp *p, struct irp_int pending, struct loc at);
/* "return pending N action ACT": returnArgAction (TrackSock, UntrackSock) */
void irp_return_action(struct irp *p, const char *act, struct loc at);
void irp_field(struct irp *p, struct irp_int offset, struct irp_int size, bool sgn, struct loc at);
/* "bytes sizearg N": the length argument of the last read (a char_buf or char_iovec) */
void irp_bytes(struct irp *p, struct irp_int size_arg, struct loc at);
/* "bytes return": the last read (a char_buf) is copied at return (returnCopy) */
void irp_bytes_return(struct irp *p, struct loc at);
void irp_resolve(struct irp *p, struct irp_str root, struct irp_str path, struct loc at);
void irp_register(struct irp *p, struct irp_str name, struct irp_int size, struct loc at);
/* idx NULL: the return value's read (retread) */
void irp_read(struct irp *p, const struct irp_int *idx, struct irp_int arg, const char *type, struct loc type_at,
	      const char *extract, struct loc extract_at, struct irp_int width, bool sgn, struct irp_int offset,
	      struct irp_int size, struct irp_str label, struct loc yaml, struct loc at);
void irp_selector(struct irp *p, struct irp_int id, bool post, struct irp_int bits, struct loc yaml,
		  struct loc at);
void irp_pred_begin(struct irp *p, bool ret, const char *op, struct loc op_at, struct irp_int read, const char *shape,
		    struct loc shape_at, struct loc at);
void irp_proc_begin(struct irp *p, const char *kind, struct loc kind_at, const char *op, struct loc op_at,
		    struct irp_int flags, struct loc at);
void irp_stackslot(struct irp *p, struct irp_int offset, struct loc at);
void irp_imaslot(struct irp *p, struct irp_int offset, struct loc at);
void irp_imahash(struct irp *p, struct loc yaml, struct loc at);
void irp_stacktrace(struct irp *p, const char *which, struct loc which_at, struct loc yaml, struct loc at);
void irp_ratelimit(struct irp *p, struct irp_int ns, const char *scope, struct loc scope_at, struct loc yaml,
		   struct loc at);
void irp_pred_value(struct irp *p, struct irp_int v);
void irp_pred_str(struct irp *p, struct irp_str s);
void irp_pred_end(struct irp *p, struct loc yaml);
/* "strs URL": GetUrl's URL or DnsLookup's name, on the last action */
void irp_action_str(struct irp *p, struct irp_str s, struct loc at);
void irp_action(struct irp *p, const char *act, struct loc act_at, struct irp_int arg, struct loc yaml,
		struct loc at);
void irp_finish(struct irp *p, struct loc at);

enum { IRP_POLICY, IRP_KIND, IRP_NAMESPACE, IRP_SOURCE, IRP_SOURCE_BASE, IRP_SHA256, IRP_MODE, IRP_LOADER };
enum { IRP_NAME, IRP_MESSAGE, IRP_TAG, IRP_PATH };

#endif /* TPC_IR_READ_H */

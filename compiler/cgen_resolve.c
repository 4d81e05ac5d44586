// SPDX-License-Identifier: Apache-2.0
/*
 * cgen_resolve: an argument's `resolve` field path as CO-RE reads.
 *
 * Tetragon follows the path at run time from offsets it computed from BTF
 * (extract_arg_depth in bpf/process/generic_calls.h): each field adds its
 * offset, and a pointer field is dereferenced; the value is the last
 * field's own value when it is a pointer or an integer, else its address
 * (a char array for 'string', an embedded struct). Here the path is walked
 * against the target's BTF at compile time and written as one shadow
 * struct per pointer followed, so that libbpf relocates every offset on the
 * kernel that loads the object:
 *
 *	resolve: "mm.owner.comm" of a struct linux_binprm *
 *	x = BPF_CORE_READ((struct linux_binprm___tpc_... *)x, mm);
 *	x = BPF_CORE_READ((struct mm_struct___tpc_... *)x, owner);
 *	return &((struct task_struct___tpc_... *)x)->comm;
 *
 * A NULL pointer on the way gives 0, as a failed read does in Tetragon.
 */
#include <errno.h>
#include <string.h>

#include "btf.h"
#include "cgen.h"
#include "cgen_resolve.h"


/* The local declaration of an element or final field type CO-RE accepts for the kernel's (libbpf rules). */
static const char *leaf_type(struct tpc_ctx *ctx, const struct ktype *k, const char *enum_name, const char **why)
{
	switch (k->kind) {
	case KT_PTR:
		return "void *";
	case KT_INT:
		return cgen_int_ctype(k->size, k->is_signed);
	case KT_ENUM:
		if (k->size != 4) {
			*why = arena_printf(&ctx->arena, "'%s' is an enum of %d bytes", k->c, k->size);
			return NULL;
		}
		return arena_printf(&ctx->arena, "enum { %s } ", enum_name);	/* any enum matches an anonymous one */
	case KT_STRUCT:
		return "struct { char __tpc_any; } ";	/* any two structs or unions match */
	default:
		*why = arena_printf(&ctx->arena, "'%s' cannot be read", k->c);
		return NULL;
	}
}

static void indent(struct strbuf *sb, int n)
{
	while (n-- > 0)
		sb_puts(sb, "\t");
}

int cgen_resolve(struct strbuf *sb, struct tpc_ctx *ctx, const struct tpc_target *t, const char *source_base,
		 const struct ir_hook *h, const struct ir_read *r)
{
	const char *base = arena_printf(&ctx->arena, "tpc_%s_%d_res%d", h->name, h->id, r->arg);
	struct btf_rstep *st;
	const char *why = NULL;
	struct strbuf fn;
	int n, i, seg = 0;

	if (btf_resolve_steps(ctx, t, r->resolve_root, r->resolve, &st, &n, &why)) {
		diag_error(ctx, r->loc, "cannot resolve '%s' of arg %d ('struct %s *') in target BTF '%s': %s", r->resolve,
			   r->arg, r->resolve_root, t->path, why);
		return -EINVAL;
	}
	sb_init(&fn, &ctx->arena);
	sb_printf(sb, "/* %s:%d:%d: arg %d resolve \"%s\": one CO-RE shadow per pointer followed */\n", source_base,
		  r->loc.line, r->loc.col, r->arg, r->resolve);
	sb_puts(sb, "#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)\n");
	sb_printf(&fn, "static __always_inline __u64 %s(__u64 x)\n{\n", base);
	for (i = 0; i < n; i++) {
		const struct btf_rstep *s = &st[i];
		const char *sname;
		struct strbuf access;
		int j, end;

		if (!s->owner)
			continue;
		/* the segment: steps i..end, read through one pointer to s->owner */
		for (end = i; end < n - 1 && !st[end].deref; end++)
			;
		sname = arena_printf(&ctx->arena, "%s %s___tpc_%s_%d_%d_%d", s->owner_union ? "union" : "struct", s->owner,
				     h->name, h->id, r->arg, seg);
		sb_printf(sb, "%s {\n", sname);
		sb_init(&access, &ctx->arena);
		for (j = i; j <= end; j++) {
			const struct btf_rstep *x = &st[j];

			sb_printf(&access, "%s%s", j > i ? "." : "", x->member);
			if (x->bitfield) {
				diag_error(ctx, r->loc, "cannot resolve '%s' of arg %d: '%s' is a bitfield", r->resolve, r->arg,
					   x->member);
				return -EINVAL;
			}
			indent(sb, j - i + 1);
			if (j < end) {
				sb_printf(sb, "%s {\n", x->embedded_union ? "union" : "struct");
				continue;
			}
			if (x->deref) {
				sb_printf(sb, "void *%s;\n", x->member);
			} else if (x->type.kind == KT_ARRAY) {
				const char *et = leaf_type(ctx, &x->elem, arena_printf(&ctx->arena, "TPC_%s_%d_R%d", h->name,
											 h->id, r->arg), &why);

				if (!et)
					goto bad;
				sb_printf(sb, "%s%s%s[1];\n", et, et[strlen(et) - 1] == ' ' || et[strlen(et) - 1] == '*' ?
					  "" : " ", x->member);
			} else {
				const char *lt = leaf_type(ctx, &x->type, arena_printf(&ctx->arena, "TPC_%s_%d_R%d", h->name,
											 h->id, r->arg), &why);

				if (!lt)
					goto bad;
				sb_printf(sb, "%s%s%s;\n", lt, lt[strlen(lt) - 1] == ' ' || lt[strlen(lt) - 1] == '*' ? "" : " ",
					  x->member);
			}
		}
		for (j = end - 1; j >= i; j--) {
			indent(sb, j - i + 1);
			sb_printf(sb, "} %s;\n", st[j].member);
		}
		sb_puts(sb, "};\n");
		if (end < n - 1) {
			sb_printf(&fn, "\tif (!x)\n\t\treturn 0;\n\tx = (__u64)BPF_CORE_READ((%s *)x, %s);\n", sname, access.buf);
		} else {
			bool addr = st[end].type.kind == KT_ARRAY || st[end].type.kind == KT_STRUCT;

			sb_printf(&fn, "\tif (!x)\n\t\treturn 0;\n");
			if (addr)	/* Tetragon: the address of an array or embedded struct, its value otherwise */
				sb_printf(&fn, "\treturn (__u64)&((%s *)x)->%s;\n", sname, access.buf);
			else
				sb_printf(&fn, "\treturn (__u64)BPF_CORE_READ((%s *)x, %s);\n", sname, access.buf);
		}
		seg++;
	}
	sb_puts(sb, "#pragma clang attribute pop\n\n");
	sb_puts(&fn, "}\n\n");
	sb_puts(sb, fn.buf);
	return 0;
bad:
	diag_error(ctx, r->loc, "cannot resolve '%s' of arg %d: %s", r->resolve, r->arg, why);
	return -EINVAL;
}

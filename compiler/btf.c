// SPDX-License-Identifier: Apache-2.0
/*
 * btf: hook prototypes and field types from a target kernel's BTF (libbpf's
 * BTF API), and syscall prototypes from the shipped syscall table.
 */
#include <errno.h>
#include <string.h>

#include <bpf/btf.h>
#include <openssl/evp.h>

#include "btf.h"

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

static int sha256_file(struct tpc_ctx *ctx, const char *path, char hex[65])
{
	struct src_file *f;
	unsigned char md[32];
	unsigned int len = 0;
	int err, i;

	err = src_file_read(ctx, path, &f);
	if (err == -EINVAL) {
		/* sysfs files report size 0: read them as a stream */
		FILE *fp = fopen(path, "rb");
		EVP_MD_CTX *mctx;
		char buf[65536];
		size_t n;

		if (!fp)
			return -errno;
		mctx = EVP_MD_CTX_new();
		EVP_DigestInit_ex(mctx, EVP_sha256(), NULL);
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			EVP_DigestUpdate(mctx, buf, n);
		EVP_DigestFinal_ex(mctx, md, &len);
		EVP_MD_CTX_free(mctx);
		fclose(fp);
	} else if (err) {
		return err;
	} else {
		EVP_Digest(f->text, f->len, md, &len, EVP_sha256(), NULL);
	}
	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	return 0;
}

int btf_target_open(struct tpc_ctx *ctx, const char *path, struct tpc_target *t)
{
	char hex[65];
	const char *base;
	int err;

	memset(t, 0, sizeof(*t));
	t->path = path ? path : VMLINUX_BTF;
	t->btf = btf__parse(t->path, NULL);
	if (!t->btf)
		return -errno ? -errno : -EINVAL;
	err = sha256_file(ctx, t->path, hex);
	if (err) {
		btf__free(t->btf);
		t->btf = NULL;
		return err;
	}
	base = strrchr(t->path, '/');
	t->id = arena_printf(&ctx->arena, "%s sha256:%s", base ? base + 1 : t->path, hex);
	return 0;
}

void btf_target_close(struct tpc_target *t)
{
	btf__free(t->btf);
	t->btf = NULL;
}

/* Describe BTF type `id` for the checker and for messages. */
static void ktype_of(struct tpc_ctx *ctx, const struct btf *btf, __u32 id, struct ktype *kt)
{
	const struct btf_type *t;
	struct strbuf quals;
	int depth = 0;

	memset(kt, 0, sizeof(*kt));
	sb_init(&quals, &ctx->arena);
	t = btf__type_by_id(btf, id);
	/* const/volatile/typedef on the outside: keep the typedef name for messages */
	while (t && (btf_is_const(t) || btf_is_volatile(t) || btf_is_restrict(t) || btf_is_typedef(t))) {
		if (btf_is_typedef(t) && !kt->c)
			kt->c = btf__name_by_offset(btf, t->name_off);
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (!t || id == 0) {
		kt->kind = KT_OTHER;
		kt->c = kt->c ? kt->c : "void";
		return;
	}
	if (btf_is_int(t)) {
		kt->kind = KT_INT;
		kt->size = t->size;
		kt->is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
		if (!kt->c)
			kt->c = btf__name_by_offset(btf, t->name_off);
		return;
	}
	if (btf_is_any_enum(t)) {
		kt->kind = KT_ENUM;
		kt->size = t->size;
		if (!kt->c)
			kt->c = arena_printf(&ctx->arena, "enum %s", btf__name_by_offset(btf, t->name_off));
		return;
	}
	if (btf_is_composite(t)) {
		kt->kind = KT_STRUCT;
		kt->size = t->size;
		if (!kt->c)
			kt->c = arena_printf(&ctx->arena, "%s %s", btf_is_struct(t) ? "struct" : "union",
					     btf__name_by_offset(btf, t->name_off));
		return;
	}
	if (btf_is_ptr(t)) {
		const struct btf_type *p = btf__type_by_id(btf, t->type);
		const char *typedef_name = kt->c;

		kt->kind = KT_PTR;
		kt->size = 8;
		while (p && (btf_is_const(p) || btf_is_volatile(p) || btf_is_restrict(p) || btf_is_typedef(p)) &&
		       depth++ < 16) {
			if (btf_is_const(p))
				sb_puts(&quals, "const ");
			if (btf_is_typedef(p) && !typedef_name)
				typedef_name = btf__name_by_offset(btf, p->name_off);
			p = btf__type_by_id(btf, p->type);
		}
		if (typedef_name && kt->c) {
			return;		/* a typedef of a pointer: keep its name */
		}
		if (!p || (btf_is_int(p) == false && btf_is_composite(p) == false && !btf_is_ptr(p)))
			kt->c = arena_printf(&ctx->arena, "%svoid *", quals.buf ? quals.buf : "");
		else if (btf_is_composite(p)) {
			kt->pointee = btf__name_by_offset(btf, p->name_off);
			kt->c = arena_printf(&ctx->arena, "%s%s %s *", quals.buf ? quals.buf : "",
					     btf_is_struct(p) ? "struct" : "union", kt->pointee);
		} else if (btf_is_ptr(p))
			kt->c = arena_printf(&ctx->arena, "%svoid **", quals.buf ? quals.buf : "");
		else
			kt->c = arena_printf(&ctx->arena, "%s%s *", quals.buf ? quals.buf : "",
					     btf__name_by_offset(btf, p->name_off));
		return;
	}
	kt->kind = KT_OTHER;
	if (!kt->c)
		kt->c = "?";
}

bool btf_has_func(const struct tpc_target *t, const char *name)
{
	return btf__find_by_name_kind(t->btf, name, BTF_KIND_FUNC) > 0;
}

int btf_func_proto(struct tpc_ctx *ctx, const struct tpc_target *t, const char *name, struct kproto *out)
{
	const struct btf_type *fn, *proto;
	const struct btf_param *p;
	struct strbuf sb;
	int id, i;

	memset(out, 0, sizeof(*out));
	id = btf__find_by_name_kind(t->btf, name, BTF_KIND_FUNC);
	if (id <= 0)
		return -ENOENT;
	fn = btf__type_by_id(t->btf, (__u32)id);
	proto = btf__type_by_id(t->btf, fn->type);
	if (!proto || !btf_is_func_proto(proto))
		return -EINVAL;
	out->name = name;
	out->nargs = btf_vlen(proto);
	if (out->nargs > 8)
		out->nargs = 8;
	ktype_of(ctx, t->btf, proto->type, &out->ret);
	p = btf_params(proto);
	sb_init(&sb, &ctx->arena);
	sb_printf(&sb, "%s %s(", out->ret.c, name);
	for (i = 0; i < out->nargs; i++) {
		ktype_of(ctx, t->btf, p[i].type, &out->args[i]);
		out->arg_names[i] = btf__name_by_offset(t->btf, p[i].name_off);
		sb_printf(&sb, "%s%s%s%s", i ? ", " : "", out->args[i].c,
			  out->args[i].c[strlen(out->args[i].c) - 1] == '*' ? "" : " ", out->arg_names[i]);
	}
	sb_puts(&sb, ")");
	out->c = sb.buf;
	return 0;
}

const char *btf_suggest_func(const struct tpc_target *t, const char *name)
{
	const char *best = NULL;
	__u32 i, n = btf__type_cnt(t->btf);
	const char *batch[256];
	int nb = 0;

	/* diag_suggest works on small arrays: keep the best of each batch */
	for (i = 1; i < n; i++) {
		const struct btf_type *ty = btf__type_by_id(t->btf, i);
		const char *fn;

		if (!btf_is_func(ty))
			continue;
		fn = btf__name_by_offset(t->btf, ty->name_off);
		if (fn[0] != name[0] && fn[0] != '_')
			continue;
		batch[nb++] = fn;
		if (nb == 255) {
			if (best)
				batch[nb++] = best;
			best = diag_suggest(name, batch, nb);
			nb = 0;
		}
	}
	if (best)
		batch[nb++] = best;
	return nb ? diag_suggest(name, batch, nb) : NULL;
}

int btf_member_size(const struct tpc_target *t, const char *sname, const char *field)
{
	const struct btf_type *st;
	const struct btf_member *m;
	int id, i;

	id = btf__find_by_name_kind(t->btf, sname, BTF_KIND_STRUCT);
	if (id <= 0)
		return -ENOENT;
	st = btf__type_by_id(t->btf, (__u32)id);
	m = btf_members(st);
	for (i = 0; i < btf_vlen(st); i++, m++) {
		if (!strcmp(btf__name_by_offset(t->btf, m->name_off), field)) {
			__s64 sz = btf__resolve_size(t->btf, m->type);

			return sz < 0 ? (int)sz : (int)sz;
		}
	}
	return -ENOENT;
}

/* --- syscalls --------------------------------------------------------------- */

struct syscall_info {
	const char *name;
	int nargs;
	const char *types[6];
};

static const struct syscall_info syscalls[] = {
#define SYSCALL(name, n, ...) { #name, n, { __VA_ARGS__ } },
#include "syscalls.def"
#undef SYSCALL
};

#define N_SYSCALLS ((int)(sizeof(syscalls) / sizeof(syscalls[0])))

/* Classify a C type spelled in the syscall table. */
static void ktype_from_c(const char *c, struct ktype *kt)
{
	static const struct {
		const char *c;
		int size;
		bool sgn;
	} ints[] = {
		{ "int", 4, true }, { "unsigned int", 4, false }, { "long", 8, true },
		{ "unsigned long", 8, false }, { "size_t", 8, false }, { "off_t", 8, true },
		{ "loff_t", 8, true }, { "pid_t", 4, true }, { "uid_t", 4, false },
		{ "gid_t", 4, false }, { "umode_t", 2, false }, { "u32", 4, false },
		{ "u64", 8, false }, { "key_serial_t", 4, true }, { "qid_t", 4, false },
		{ "timer_t", 4, true }, { "clockid_t", 4, true }, { "rwf_t", 4, true },
		{ "aio_context_t", 8, false }, { "key_t", 4, true }, { "mqd_t", 4, true },
		{ "old_uid_t", 2, false }, { "old_gid_t", 2, false }, { "__s32", 4, true },
		{ "unsigned", 4, false }, { "__u64", 8, false }, { "__u32", 4, false },
		{ "compat_size_t", 4, false }, { "cap_user_header_t", 8, false },
		{ "cap_user_data_t", 8, false },
	};
	size_t i;

	memset(kt, 0, sizeof(*kt));
	kt->c = c;
	if (strchr(c, '*')) {
		kt->kind = KT_PTR;
		kt->size = 8;
		return;
	}
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		if (!strcmp(ints[i].c, c)) {
			kt->kind = KT_INT;
			kt->size = ints[i].size;
			kt->is_signed = ints[i].sgn;
			return;
		}
	}
	/* an unknown typedef in the syscall ABI is a scalar register value */
	kt->kind = KT_INT;
	kt->size = 8;
}

int syscall_proto(const char *name, struct kproto *out)
{
	int i, j;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < N_SYSCALLS; i++) {
		if (strcmp(syscalls[i].name, name))
			continue;
		out->name = syscalls[i].name;
		out->nargs = syscalls[i].nargs;
		for (j = 0; j < out->nargs; j++)
			ktype_from_c(syscalls[i].types[j], &out->args[j]);
		out->ret.kind = KT_INT;
		out->ret.size = 8;
		out->ret.is_signed = true;
		out->ret.c = "long";
		return 0;
	}
	return -ENOENT;
}

const char *syscall_suggest(const char *name)
{
	const char *names[N_SYSCALLS];
	int i;

	for (i = 0; i < N_SYSCALLS; i++)
		names[i] = syscalls[i].name;
	return diag_suggest(name, names, N_SYSCALLS);
}

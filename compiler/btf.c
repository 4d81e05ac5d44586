// SPDX-License-Identifier: Apache-2.0
/*
 * btf: hook prototypes and field types from a target kernel's BTF (libbpf's
 * BTF API), and syscall prototypes from the shipped syscall table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <openssl/evp.h>

#include "btf.h"

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

static const char **arena_realloc_names(struct tpc_ctx *ctx, const char **names, int n)
{
	const char **v = arena_alloc(&ctx->arena, sizeof(*v) * (size_t)(n + 1));

	if (n)
		memcpy(v, names, sizeof(*v) * (size_t)n);
	return v;
}

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
	/* by content only: the same BTF under another name or path is the same target */
	t->id = arena_printf(&ctx->arena, "sha256:%s", hex);
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
	kt->id = id;
	/* const/volatile/typedef on the outside: keep the typedef name for messages */
	while (t && (btf_is_const(t) || btf_is_volatile(t) || btf_is_restrict(t) || btf_is_typedef(t)) &&
	       depth++ < 32) {
		if (btf_is_typedef(t) && !kt->c)
			kt->c = btf__name_by_offset(btf, t->name_off);
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	depth = 0;
	kt->id = id;
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
	if (btf_is_array(t)) {
		const struct btf_array *arr = btf_array(t);
		struct ktype elem;

		ktype_of(ctx, btf, arr->type, &elem);
		kt->kind = KT_ARRAY;
		kt->size = (int)btf__resolve_size(btf, id);
		if (!kt->c)
			kt->c = arena_printf(&ctx->arena, "%s[%u]", elem.c, arr->nelems);
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int btf_funcs_matching(struct tpc_ctx *ctx, const struct tpc_target *t, const regex_t *re, const char ***out)
{
	__u32 i, n = btf__type_cnt(t->btf);
	const char **v = NULL;
	int nv = 0, cap = 0, j, k;

	for (i = 1; i < n; i++) {
		const struct btf_type *ty = btf__type_by_id(t->btf, i);
		const char *fn;

		if (!btf_is_func(ty))
			continue;
		fn = btf__name_by_offset(t->btf, ty->name_off);
		if (fn && fn[0] && !regexec(re, fn, 0, NULL, 0))
			*ARENA_PUSH(&ctx->arena, v, nv, cap) = fn;
	}
	if (nv)
		qsort(v, (size_t)nv, sizeof(*v), cmp_str);
	for (j = 0, k = 0; j < nv; j++)	/* static functions of the same name appear once */
		if (!k || strcmp(v[k - 1], v[j]))
			v[k++] = v[j];
	*out = v;
	return k;
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
		/* BTF from clang leaves parameters unnamed: "unsigned int", not "unsigned int " */
		sb_printf(&sb, "%s%s%s%s", i ? ", " : "", out->args[i].c,
			  !out->arg_names[i][0] || out->args[i].c[strlen(out->args[i].c) - 1] == '*' ? "" : " ",
			  out->arg_names[i]);
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

/* Size of member `field` of composite type `id`, searching anonymous members too (as CO-RE does). */
static int member_size(const struct btf *btf, __u32 id, const char *field, int depth)
{
	const struct btf_type *st = btf__type_by_id(btf, id);
	const struct btf_member *m;
	int i;

	if (!st || !btf_is_composite(st) || depth > 8)
		return -ENOENT;
	m = btf_members(st);
	for (i = 0; i < btf_vlen(st); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);

		if (!name[0]) {
			int sz = member_size(btf, btf__resolve_type(btf, m->type), field, depth + 1);

			if (sz >= 0)
				return sz;
		} else if (!strcmp(name, field)) {
			__s64 sz = btf__resolve_size(btf, m->type);

			return sz < 0 ? (int)sz : (int)sz;
		}
	}
	return -ENOENT;
}

int btf_member_size(const struct tpc_target *t, const char *sname, const char *field)
{
	const char *flavor = strstr(sname, "___");	/* "cred___args" is struct cred to CO-RE */
	char base[128];
	int id;

	if (flavor && (size_t)(flavor - sname) < sizeof(base)) {
		memcpy(base, sname, (size_t)(flavor - sname));
		base[flavor - sname] = '\0';
		sname = base;
	}
	id = btf__find_by_name_kind(t->btf, sname, BTF_KIND_STRUCT);

	if (id <= 0)	/* cgen's shadow of union bpf_attr */
		id = btf__find_by_name_kind(t->btf, sname, BTF_KIND_UNION);
	if (id <= 0)
		return -ENOENT;
	return member_size(t->btf, (__u32)id, field, 0);
}

/* --- tracepoints and resolve paths ----------------------------------------- */

bool btf_is_running_kernel(const struct tpc_target *t)
{
	return !strcmp(t->path, VMLINUX_BTF);
}

static void ktype_from_c(const char *c, struct ktype *kt);

/* One "field:TYPE NAME[N];" of a tracefs format file into its type. */
static void tp_field_from_format(struct tpc_ctx *ctx, const char *decl, const char **name, struct ktype *kt)
{
	const char *end = decl + strlen(decl), *n;
	char *type;
	const char *br = strchr(decl, '[');

	if (br)
		end = br;
	while (end > decl && end[-1] == ' ')
		end--;
	n = end;
	while (n > decl && (n[-1] == '_' || (n[-1] >= 'a' && n[-1] <= 'z') || (n[-1] >= 'A' && n[-1] <= 'Z') ||
			    (n[-1] >= '0' && n[-1] <= '9')))
		n--;
	*name = arena_strndup(&ctx->arena, n, (size_t)(end - n));
	type = arena_strndup(&ctx->arena, decl, (size_t)(n - decl));
	while (*type && type[strlen(type) - 1] == ' ')
		type[strlen(type) - 1] = 0;
	if (!strncmp(type, "__data_loc ", 11) || (br && strstr(type, "char") && !strchr(type, '*'))) {
		memset(kt, 0, sizeof(*kt));
		kt->kind = KT_ARRAY;
		kt->c = arena_printf(&ctx->arena, "%s%s", type, br ? br : "");
		if (!strncmp(type, "__data_loc ", 11))
			kt->c = arena_strdup(&ctx->arena, type);
		return;
	}
	if (br) {
		memset(kt, 0, sizeof(*kt));
		kt->kind = KT_ARRAY;
		kt->c = arena_printf(&ctx->arena, "%s%s", type, br);
		return;
	}
	if (!strncmp(type, "const ", 6) && !strchr(type, '*'))
		type += 6;
	ktype_from_c(type, kt);
	if (kt->kind == KT_PTR) {
		const char *st = strstr(type, "struct ");

		if (st) {
			const char *e = st + 7;

			while (*e && *e != ' ' && *e != '*')
				e++;
			kt->pointee = arena_strndup(&ctx->arena, st + 7, (size_t)(e - st - 7));
		}
	}
}

/* offsets[0..n) copied into room for n + 1, like arena_realloc_names (formats have a few dozen fields) */
static int *tp_grow_offsets(struct tpc_ctx *ctx, const int *offsets, int n)
{
	int *o = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));

	if (n)
		memcpy(o, offsets, sizeof(int) * (size_t)n);
	return o;
}

static int tp_from_tracefs(struct tpc_ctx *ctx, const char *sub, const char *event, struct tp_info *out)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[512], line[1024];
	FILE *f = NULL;
	size_t i;
	int cap = 0;

	if (strchr(sub, '/') || strchr(event, '/') || !strcmp(sub, "..") || !strcmp(event, ".."))
		return -ENOENT;
	for (i = 0; i < sizeof(roots) / sizeof(roots[0]) && !f; i++) {
		snprintf(path, sizeof(path), "%s/events/%s/%s/format", roots[i], sub, event);
		f = fopen(path, "r");
	}
	if (!f)
		return -ENOENT;
	out->source = arena_printf(&ctx->arena, "tracefs '%s'", path);
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "field:"), *semi;
		const char *name;
		struct ktype kt;

		if (!p)
			continue;
		p += 6;
		semi = strchr(p, ';');
		if (!semi)
			continue;
		*semi = 0;
		tp_field_from_format(ctx, p, &name, &kt);
		out->fields = arena_grow(&ctx->arena, out->fields, &cap, out->nfields + 1, sizeof(*out->fields));
		out->names = arena_realloc_names(ctx, out->names, out->nfields);
		out->offsets = tp_grow_offsets(ctx, out->offsets, out->nfields);
		p = strstr(semi + 1, "offset:");
		out->offsets[out->nfields] = p ? atoi(p + 7) : -1;
		out->fields[out->nfields] = kt;
		out->names[out->nfields++] = name;
	}
	fclose(f);
	return 0;
}

/* Members of struct `id`, flattening the leading 'struct trace_entry ent' into its fields. */
static void tp_add_members(struct tpc_ctx *ctx, const struct btf *btf, __u32 id, struct tp_info *out, int *cap,
			   int depth, int base)
{
	const struct btf_type *st = btf__type_by_id(btf, id);
	const struct btf_member *m;
	int i;

	if (!st || !btf_is_composite(st) || depth > 2)
		return;
	m = btf_members(st);
	for (i = 0; i < btf_vlen(st); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		const struct btf_type *mt = btf__type_by_id(btf, btf__resolve_type(btf, m->type));

		if (!strcmp(name, "__data") && mt && btf_is_array(mt) && btf_array(mt)->nelems == 0)
			continue;
		if (depth == 0 && i == 0 && mt && btf_is_struct(mt) &&
		    !strcmp(btf__name_by_offset(btf, mt->name_off), "trace_entry")) {
			tp_add_members(ctx, btf, btf__resolve_type(btf, m->type), out, cap, depth + 1,
				       base + (int)(btf_member_bit_offset(st, (__u32)i) / 8));
			continue;
		}
		out->fields = arena_grow(&ctx->arena, out->fields, cap, out->nfields + 1, sizeof(*out->fields));
		out->names = arena_realloc_names(ctx, out->names, out->nfields);
		out->offsets = tp_grow_offsets(ctx, out->offsets, out->nfields);
		out->offsets[out->nfields] = base + (int)(btf_member_bit_offset(st, (__u32)i) / 8);
		ktype_of(ctx, btf, m->type, &out->fields[out->nfields]);
		/* trace_entry's members are the format's common_* fields */
		out->names[out->nfields++] = depth ? arena_printf(&ctx->arena, "common_%s", name) : name;
	}
}

static int tp_syscall(struct tpc_ctx *ctx, const struct tpc_target *t, const char *event, struct tp_info *out)
{
	static const char *const common[] = { "unsigned short", "unsigned char", "unsigned char", "int" };
	static const char *const cnames[] = { "common_type", "common_flags", "common_preempt_count", "common_pid" };
	bool enter = !strncmp(event, "sys_enter_", 10);
	struct kproto kp;
	char wrapper[160];
	int i, n;

	if ((!enter && strncmp(event, "sys_exit_", 9)) || syscall_proto(event + (enter ? 10 : 9), &kp))
		return -ENOENT;
	snprintf(wrapper, sizeof(wrapper), "__x64_sys_%s", event + (enter ? 10 : 9));
	if (!btf_has_func(t, wrapper))
		return -ENOENT;
	n = 5 + (enter ? kp.nargs : 1);
	out->fields = arena_alloc(&ctx->arena, sizeof(*out->fields) * (size_t)n);
	out->names = arena_alloc(&ctx->arena, sizeof(*out->names) * (size_t)n);
	out->offsets = arena_alloc(&ctx->arena, sizeof(int) * (size_t)n);
	/* the fixed layout of syscall_trace_enter / syscall_trace_exit */
	out->offsets[0] = 0;
	out->offsets[1] = 2;
	out->offsets[2] = 3;
	out->offsets[3] = 4;
	out->offsets[4] = 8;
	for (i = 5; i < n; i++)
		out->offsets[i] = 16 + 8 * (i - 5);
	for (i = 0; i < 4; i++) {
		ktype_from_c(common[i], &out->fields[i]);
		out->names[i] = cnames[i];
	}
	ktype_from_c("int", &out->fields[4]);
	out->names[4] = "__syscall_nr";
	if (enter) {
		for (i = 0; i < kp.nargs; i++) {
			out->fields[5 + i] = kp.args[i];
			out->names[5 + i] = kp.arg_names[i];
		}
	} else {
		ktype_from_c("long", &out->fields[5]);
		out->names[5] = "ret";
	}
	out->nfields = n;
	out->source = "the syscall table";
	return 0;
}

int btf_tracepoint(struct tpc_ctx *ctx, const struct tpc_target *t, const char *sub, const char *event,
		   struct tp_info *out)
{
	char name[256];
	int id, cap = 0;

	memset(out, 0, sizeof(*out));
	if (btf_is_running_kernel(t) && !tp_from_tracefs(ctx, sub, event, out))
		return 0;
	memset(out, 0, sizeof(*out));
	if (!strcmp(sub, "syscalls"))
		return tp_syscall(ctx, t, event, out);
	snprintf(name, sizeof(name), "trace_event_raw_%s", event);
	id = btf__find_by_name_kind(t->btf, name, BTF_KIND_STRUCT);
	if (id > 0) {
		tp_add_members(ctx, t->btf, (__u32)id, out, &cap, 0, 0);
		out->source = arena_printf(&ctx->arena, "BTF 'struct %s'", name);
		return 0;
	}
	/* events of a DECLARE_EVENT_CLASS share their class's struct: the event exists, its fields are unknown */
	snprintf(name, sizeof(name), "btf_trace_%s", event);
	if (btf__find_by_name_kind(t->btf, name, BTF_KIND_TYPEDEF) > 0)
		return -ENODATA;
	return -ENOENT;
}

int btf_raw_tracepoint(struct tpc_ctx *ctx, const struct tpc_target *t, const char *event, struct kproto *out)
{
	const struct btf_type *ty, *proto;
	const struct btf_param *p;
	char name[256];
	int id, i;

	memset(out, 0, sizeof(*out));
	snprintf(name, sizeof(name), "btf_trace_%s", event);
	id = btf__find_by_name_kind(t->btf, name, BTF_KIND_TYPEDEF);
	if (id <= 0)
		return -ENOENT;
	ty = btf__type_by_id(t->btf, (__u32)id);
	ty = ty ? btf__type_by_id(t->btf, ty->type) : NULL;
	proto = ty && btf_is_ptr(ty) ? btf__type_by_id(t->btf, ty->type) : NULL;
	if (!proto || !btf_is_func_proto(proto) || btf_vlen(proto) < 1)
		return -ENOENT;
	/* the first parameter is the tracepoint's void *data */
	out->name = event;
	out->nargs = btf_vlen(proto) - 1;
	if (out->nargs > 8)
		out->nargs = 8;
	p = btf_params(proto) + 1;
	for (i = 0; i < out->nargs; i++) {
		ktype_of(ctx, t->btf, p[i].type, &out->args[i]);
		out->arg_names[i] = btf__name_by_offset(t->btf, p[i].name_off);
	}
	out->ret.kind = KT_OTHER;
	out->ret.c = "void";
	return 0;
}

/* Member `field` of composite `id` (anonymous members searched too): its type id, or 0. */
static __u32 member_type(const struct btf *btf, __u32 id, const char *field, int depth)
{
	const struct btf_type *st = btf__type_by_id(btf, id);
	const struct btf_member *m;
	int i;

	if (!st || !btf_is_composite(st) || depth > 8)
		return 0;
	m = btf_members(st);
	for (i = 0; i < btf_vlen(st); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);

		if (!name[0]) {
			__u32 r = member_type(btf, btf__resolve_type(btf, m->type), field, depth + 1);

			if (r)
				return r;
		} else if (!strcmp(name, field)) {
			return m->type;
		}
	}
	return 0;
}

int btf_resolve_path(struct tpc_ctx *ctx, const struct tpc_target *t, const struct ktype *from, const char *path,
		     struct ktype *out, const char **bad)
{
	__u32 id = from->id;
	const char *p = path;
	int guard = 0;

	*bad = path;
	if (!id && from->kind == KT_PTR) {
		const char *st = strstr(from->c, "struct ");
		int sid;

		if (st) {
			const char *e = st + 7;
			char name[128];

			while (*e && *e != ' ' && *e != '*')
				e++;
			snprintf(name, sizeof(name), "%.*s", (int)(e - st - 7), st + 7);
			sid = btf__find_by_name_kind(t->btf, name, BTF_KIND_STRUCT);
			if (sid > 0)
				id = (__u32)sid;
		}
	}
	if (!id)
		return -ENOENT;
	while (*p && guard++ < 64) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		char field[128];
		const struct btf_type *ty;
		__u32 mid;

		*bad = arena_strndup(&ctx->arena, p, n);
		if (!n || n >= sizeof(field))
			return -ENOENT;
		memcpy(field, p, n);
		field[n] = 0;
		/* dereference pointers on the way */
		id = btf__resolve_type(t->btf, id);
		ty = btf__type_by_id(t->btf, id);
		if (ty && btf_is_ptr(ty)) {
			id = btf__resolve_type(t->btf, ty->type);
			ty = btf__type_by_id(t->btf, id);
		}
		/* a forward declaration: the full struct is elsewhere in the BTF */
		if (ty && btf_is_fwd(ty)) {
			int full = btf__find_by_name_kind(t->btf, btf__name_by_offset(t->btf, ty->name_off),
							  btf_kflag(ty) ? BTF_KIND_UNION : BTF_KIND_STRUCT);

			if (full > 0) {
				id = (__u32)full;
				ty = btf__type_by_id(t->btf, id);
			}
		}
		if (!ty || !btf_is_composite(ty))
			return -ENOENT;
		mid = member_type(t->btf, id, field, 0);
		if (!mid)
			return -ENOENT;
		id = mid;
		p += n;
		if (*p == '.')
			p++;
	}
	ktype_of(ctx, t->btf, id, out);
	return 0;
}

const char *btf_resolve_root(struct tpc_ctx *ctx, const struct tpc_target *t, const struct ktype *from)
{
	const struct btf_type *ty;
	__u32 id;

	if (from->kind != KT_PTR)
		return NULL;
	if (from->pointee)
		return from->pointee;
	if (!from->id) {
		/* from a syscall table or tracefs: "struct linux_binprm *" */
		const char *st = from->c ? strstr(from->c, "struct ") : NULL;
		const char *e;

		if (!st)
			return NULL;
		for (e = st + 7; *e && *e != ' ' && *e != '*'; e++)
			;
		return arena_strndup(&ctx->arena, st + 7, (size_t)(e - st - 7));
	}
	/* a typedef of a pointer: its pointee */
	id = btf__resolve_type(t->btf, from->id);
	ty = btf__type_by_id(t->btf, id);
	if (!ty || !btf_is_ptr(ty))
		return NULL;
	ty = btf__type_by_id(t->btf, btf__resolve_type(t->btf, ty->type));
	if (!ty || !btf_is_composite(ty) || !ty->name_off)
		return NULL;
	return btf__name_by_offset(t->btf, ty->name_off);
}

/*
 * Member `field` of composite `id`, searched in anonymous members as CO-RE
 * does; NULL if none. *bits: its bitfield size (0: not a bitfield).
 */
static const struct btf_member *find_member(const struct btf *btf, __u32 id, const char *field, int depth, int *bits)
{
	const struct btf_type *st = btf__type_by_id(btf, id);
	const struct btf_member *m;
	int i;

	if (!st || !btf_is_composite(st) || depth > 8)
		return NULL;
	m = btf_members(st);
	for (i = 0; i < btf_vlen(st); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);

		if (!name[0]) {
			const struct btf_member *r = find_member(btf, btf__resolve_type(btf, m->type), field, depth + 1,
								 bits);

			if (r)
				return r;
		} else if (!strcmp(name, field)) {
			*bits = (int)btf_member_bitfield_size(st, (__u32)i);
			return m;
		}
	}
	return NULL;
}

/* The full definition of a struct or union that may be a forward declaration. */
static __u32 full_composite(const struct btf *btf, __u32 id)
{
	const struct btf_type *ty = btf__type_by_id(btf, id);
	int full;

	if (!ty || !btf_is_fwd(ty))
		return id;
	full = btf__find_by_name_kind(btf, btf__name_by_offset(btf, ty->name_off),
				      btf_kflag(ty) ? BTF_KIND_UNION : BTF_KIND_STRUCT);
	return full > 0 ? (__u32)full : id;
}

int btf_resolve_steps(struct tpc_ctx *ctx, const struct tpc_target *t, const char *root, const char *path,
		      struct btf_rstep **out, int *n, const char **why)
{
	int sid = btf__find_by_name_kind(t->btf, root, BTF_KIND_STRUCT);
	const char *p = path;
	struct btf_rstep *v = NULL;
	bool seg = true;
	int cap = 0;
	__u32 id;

	*n = 0;
	if (sid <= 0)
		sid = btf__find_by_name_kind(t->btf, root, BTF_KIND_UNION);
	if (sid <= 0) {
		*why = arena_printf(&ctx->arena, "no struct or union '%s'", root);
		return -ENOENT;
	}
	id = (__u32)sid;
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		const char *field = arena_strndup(&ctx->arena, p, len);
		const struct btf_type *owner = btf__type_by_id(t->btf, id), *mt;
		struct btf_rstep *s;
		const struct btf_member *m;
		int bits = 0;
		__u32 mid;

		m = find_member(t->btf, id, field, 0, &bits);

		if (!m) {
			*why = arena_printf(&ctx->arena, "no field '%s'", field);
			return -ENOENT;
		}
		s = ARENA_PUSH(&ctx->arena, v, *n, cap);
		s->member = field;
		if (seg) {
			s->owner = btf__name_by_offset(t->btf, owner->name_off);
			s->owner_union = btf_is_union(owner);
			seg = false;
		}
		s->bitfield = bits;
		ktype_of(ctx, t->btf, m->type, &s->type);
		if (s->type.kind == KT_ARRAY)
			ktype_of(ctx, t->btf, btf_array(btf__type_by_id(t->btf, s->type.id))->type, &s->elem);
		p += len;
		if (*p == '.')
			p++;
		if (!*p)
			break;
		/* more fields follow: through a pointer (a new segment) or into an embedded struct or union */
		mid = btf__resolve_type(t->btf, m->type);
		mt = btf__type_by_id(t->btf, mid);
		if (mt && btf_is_ptr(mt)) {
			mid = full_composite(t->btf, btf__resolve_type(t->btf, mt->type));
			mt = btf__type_by_id(t->btf, mid);
			if (!mt || !btf_is_composite(mt) || !mt->name_off) {
				*why = arena_printf(&ctx->arena, "'%s' does not point to a named struct or union", field);
				return -EINVAL;
			}
			s->deref = true;
			seg = true;
		} else if (mt && btf_is_composite(mt)) {
			s->embedded_union = btf_is_union(mt);
		} else {
			*why = arena_printf(&ctx->arena, "'%s' is '%s', which has no fields", field, s->type.c);
			return -EINVAL;
		}
		id = mid;
	}
	if (!*n) {
		*why = "an empty path";
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/* --- syscalls --------------------------------------------------------------- */

struct syscall_info {
	const char *name;
	int nargs;
	const char *args[12];	/* C type and name of each argument */
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

const char *syscall_base(const char *call)
{
	static const char *const prefixes[] = { "__x64_sys_", "__ia32_sys_", "__arm64_sys_", "sys_" };
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(call, prefixes[i], strlen(prefixes[i])))
			return call + strlen(prefixes[i]);
	return call;
}

const char *enforcer_symbol(struct arena *a, const char *call)
{
	if (!strncmp(call, "security_", 9) || (syscall_base(call) != call && strncmp(call, "sys_", 4)))
		return call;
	return arena_printf(a, "__x64_sys_%s", syscall_base(call));
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
		for (j = 0; j < out->nargs; j++) {
			ktype_from_c(syscalls[i].args[2 * j], &out->args[j]);
			out->arg_names[j] = syscalls[i].args[2 * j + 1];
		}
		out->ret.kind = KT_INT;
		out->ret.size = 8;
		out->ret.is_signed = true;
		out->ret.c = "long";
		return 0;
	}
	return -ENOENT;
}

const char *syscall_name(int i)
{
	return i >= 0 && i < N_SYSCALLS ? syscalls[i].name : NULL;
}

const char *syscall_suggest(const char *name)
{
	const char *names[N_SYSCALLS];
	int i;

	for (i = 0; i < N_SYSCALLS; i++)
		names[i] = syscalls[i].name;
	return diag_suggest(name, names, N_SYSCALLS);
}

struct sysnr {
	const char *name;
	int nr;
};

static int sysnr_find(const struct sysnr *nrs, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(nrs[i].name, name))
			return nrs[i].nr;
	return -1;
}

/* i386 syscall number of `name` (without prefix), or -1: compiler/syscall_nrs32.def */
static int syscall_nr32(const char *name)
{
	static const struct sysnr nrs[] = {
#define SYSNR(name, nr) { #name, nr },
#include "syscall_nrs32.def"
#undef SYSNR
	};

	return sysnr_find(nrs, sizeof(nrs) / sizeof(nrs[0]), name);
}

long long syscall_id(const char *call)
{
	int nr;

	if (!strncmp(call, "__ia32_sys_", 11)) {
		nr = syscall_nr32(call + 11);
		return nr < 0 ? -1 : (long long)nr | 0x80000000LL;
	}
	if (!strncmp(call, "__arm64_sys_", 12))
		return -1;
	return syscall_nr(syscall_base(call));
}

/* x86-64 syscall number of `name` (without prefix), or -1: compiler/syscall_nrs.def */
int syscall_nr(const char *name)
{
	static const struct sysnr nrs[] = {
#define SYSNR(name, nr) { #name, nr },
#include "syscall_nrs.def"
#undef SYSNR
	};

	return sysnr_find(nrs, sizeof(nrs) / sizeof(nrs[0]), name);
}

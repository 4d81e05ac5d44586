// SPDX-License-Identifier: Apache-2.0
/*
 * ".tpc.meta": find, parse, validate. Every error names the JSON path of the
 * offending key (for example "hooks[0].args[1].offset") so a broken compiler
 * or a tampered object is diagnosed precisely; nothing here may crash on
 * arbitrary bytes.
 */
#include <ctype.h>
#include <errno.h>
#include <gelf.h>
#include <json-c/json.h>
#include <libelf.h>
#include <linux/types.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "tpc_event.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

#define META_MAX_LEN (16u << 20)
#define META_MAX_EVENT_SIZE (256u << 10)	/* ring buffer records are smaller in practice */

static const struct meta_argtype argtypes[] = {
#define ARGTYPE(id, name, cls, width, sgn, key) { name, META_ARG_##cls, width, sgn, key },
#include "argtypes.def"
};

static const struct {
	const char *alias;
	const char *name;
} argaliases[] = {
#define ARGTYPE(id, name, cls, width, sgn, key)
#define ARGALIAS(alias, id) { alias, #id },
#include "argtypes.def"
};

/* ARGALIAS names the id (S8, U64, ...); map an id back to the yaml name. */
static const char *const argtype_ids[] = {
#define ARGTYPE(id, name, cls, width, sgn, key) #id,
#include "argtypes.def"
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct meta_argtype *argtype_find(const char *name)
{
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(argtypes); i++)
		if (!strcmp(argtypes[i].name, name))
			return &argtypes[i];
	for (i = 0; i < ARRAY_SIZE(argaliases); i++) {
		if (strcmp(argaliases[i].alias, name))
			continue;
		for (j = 0; j < ARRAY_SIZE(argtype_ids); j++)
			if (!strcmp(argtype_ids[j], argaliases[i].name))
				return &argtypes[j];
	}
	return NULL;
}

enum meta_slot meta_argtype_slot(const struct meta_argtype *t)
{
	static const char *const str_types[] = { "file", "path", "dentry", "fd", "linux_binprm", "kiocb" };
	/* by name: the types agent/args.c prints */
	static const struct {
		const char *name;
		enum meta_slot slot;
	} by_name[] = {
		{ "capability", META_SLOT_CAP }, { "kernel_cap_t", META_SLOT_CAPS },
		{ "cap_inheritable", META_SLOT_CAPS }, { "cap_permitted", META_SLOT_CAPS },
		{ "cap_effective", META_SLOT_CAPS }, { "syscall64", META_SLOT_SYSCALL },
		{ "cred", META_SLOT_CRED }, { "user_namespace", META_SLOT_USERNS },
		{ "bpf_attr", META_SLOT_BPF_ATTR }, { "bpf_map", META_SLOT_BPF_MAP },
		{ "perf_event", META_SLOT_PERF_EVENT }, { "module", META_SLOT_MODULE },
		{ "load_info", META_SLOT_MODULE }, { "net_device", META_SLOT_NETDEV },
		{ "char_buf", META_SLOT_BYTES }, { "iov_iter", META_SLOT_BYTES },
		{ "char_iovec", META_SLOT_BYTES },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(by_name); i++)
		if (!strcmp(t->name, by_name[i].name))
			return by_name[i].slot;
	if (t->cls == META_ARG_FD)
		return META_SLOT_STR;	/* fd: the path of the file, as file_arg */

	switch (t->cls) {
	case META_ARG_INT:
		/*
		 * Integers whose Tetragon form is a plain scalar. capability_arg
		 * and syscall_id are integers too, but Tetragon prints them as
		 * objects (name, abi) that this agent does not build yet.
		 */
		if (!strcmp(t->json_key, "int_arg") || !strcmp(t->json_key, "uint_arg") ||
		    !strcmp(t->json_key, "long_arg") || !strcmp(t->json_key, "size_arg"))
			return META_SLOT_INT;
		return META_SLOT_NONE;
	case META_ARG_STRING:
		return META_SLOT_STR;
	case META_ARG_PTR:
		/* by name: kiocb prints as file_arg (the path of ki_filp) */
		for (i = 0; i < ARRAY_SIZE(str_types); i++)
			if (!strcmp(t->name, str_types[i]))
				return META_SLOT_STR;
		if (!strcmp(t->json_key, "sock_arg"))
			return META_SLOT_SOCK;
		if (!strcmp(t->json_key, "skb_arg"))
			return META_SLOT_SKB;
		if (!strcmp(t->json_key, "sockaddr_arg"))
			return META_SLOT_SOCKADDR;
		return META_SLOT_NONE;
	default:
		return META_SLOT_NONE;
	}
}

unsigned meta_slot_size(enum meta_slot s)
{
	switch (s) {
	case META_SLOT_INT: return 8;
	case META_SLOT_STR: return sizeof(struct tpc_str_slot);
	case META_SLOT_SOCK: return sizeof(struct tpc_sock_slot);
	case META_SLOT_SKB: return sizeof(struct tpc_skb_slot);
	case META_SLOT_SOCKADDR: return sizeof(struct tpc_sockaddr_slot);
	case META_SLOT_CAP:
	case META_SLOT_CAPS:
	case META_SLOT_SYSCALL: return 8;
	case META_SLOT_CRED: return sizeof(struct tpc_cred_slot);
	case META_SLOT_USERNS: return sizeof(struct tpc_userns_slot);
	case META_SLOT_BPF_ATTR: return sizeof(struct tpc_bpf_attr_slot);
	case META_SLOT_BPF_MAP: return sizeof(struct tpc_bpf_map_slot);
	case META_SLOT_PERF_EVENT: return sizeof(struct tpc_perf_event_slot);
	case META_SLOT_MODULE: return sizeof(struct tpc_module_slot);
	case META_SLOT_NETDEV: return sizeof(struct tpc_netdev_slot);
	case META_SLOT_BYTES: return sizeof(struct tpc_bytes_slot);	/* or tpc_bytes_max_slot */
	default: return 0;
	}
}

const char *meta_slot_name(enum meta_slot s)
{
	switch (s) {
	case META_SLOT_INT: return "an integer slot";
	case META_SLOT_STR: return "struct tpc_str_slot";
	case META_SLOT_SOCK: return "struct tpc_sock_slot";
	case META_SLOT_SKB: return "struct tpc_skb_slot";
	case META_SLOT_SOCKADDR: return "struct tpc_sockaddr_slot";
	case META_SLOT_CAP:
	case META_SLOT_CAPS:
	case META_SLOT_SYSCALL: return "an integer slot";
	case META_SLOT_CRED: return "struct tpc_cred_slot";
	case META_SLOT_USERNS: return "struct tpc_userns_slot";
	case META_SLOT_BPF_ATTR: return "struct tpc_bpf_attr_slot";
	case META_SLOT_BPF_MAP: return "struct tpc_bpf_map_slot";
	case META_SLOT_PERF_EVENT: return "struct tpc_perf_event_slot";
	case META_SLOT_MODULE: return "struct tpc_module_slot";
	case META_SLOT_NETDEV: return "struct tpc_netdev_slot";
	case META_SLOT_BYTES: return "struct tpc_bytes_slot";
	default: return "no slot";
	}
}

const char *meta_hook_kind_name(enum meta_hook_kind k)
{
	switch (k) {
	case META_HOOK_KPROBE: return "kprobe";
	case META_HOOK_TRACEPOINT: return "tracepoint";
	case META_HOOK_LSM: return "lsm";
	case META_HOOK_UPROBE: return "uprobe";
	case META_HOOK_USDT: return "usdt";
	case META_HOOK_LOADER: return "loader";
	}
	return "?";
}

/* --- ELF ------------------------------------------------------------------ */

int meta_elf_section(const void *image, size_t len, char **sec, size_t *sec_len,
		     char *err, size_t err_len)
{
	Elf_Scn *scn = NULL, *found = NULL;
	size_t shstrndx;
	Elf_Data *data;
	GElf_Ehdr ehdr;
	GElf_Shdr shdr;
	int ret = -EINVAL;
	const char *name;
	Elf *elf;

	*sec = NULL;
	*sec_len = 0;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(err, err_len, "libelf: %s", elf_errmsg(-1));
		return -EINVAL;
	}
	elf = elf_memory((char *)image, len);
	if (!elf) {
		snprintf(err, err_len, "not an ELF file: %s", elf_errmsg(-1));
		return -EINVAL;
	}
	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr)) {
		snprintf(err, err_len, "not an ELF file");
		goto out_end_elf;
	}
	if (ehdr.e_ident[EI_CLASS] != ELFCLASS64 || ehdr.e_machine != EM_BPF) {
		snprintf(err, err_len, "not a BPF object (ELF class %d, machine %d)",
			 ehdr.e_ident[EI_CLASS], ehdr.e_machine);
		goto out_end_elf;
	}
	if (elf_getshdrstrndx(elf, &shstrndx)) {
		snprintf(err, err_len, "broken ELF section header string table: %s", elf_errmsg(-1));
		goto out_end_elf;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &shdr)) {
			snprintf(err, err_len, "broken ELF section header: %s", elf_errmsg(-1));
			goto out_end_elf;
		}
		name = elf_strptr(elf, shstrndx, shdr.sh_name);
		if (!name || strcmp(name, META_SECTION))
			continue;
		if (found) {
			snprintf(err, err_len, "more than one " META_SECTION " section");
			goto out_end_elf;
		}
		found = scn;
	}
	if (!found) {
		snprintf(err, err_len, "no " META_SECTION " section (not built by tpc?)");
		ret = -ENOENT;
		goto out_end_elf;
	}
	gelf_getshdr(found, &shdr);
	if (shdr.sh_type == SHT_NOBITS || shdr.sh_size == 0) {
		snprintf(err, err_len, META_SECTION " section is empty");
		goto out_end_elf;
	}
	if (shdr.sh_size > META_MAX_LEN) {
		snprintf(err, err_len, META_SECTION " section is too large (%llu bytes)",
			 (unsigned long long)shdr.sh_size);
		goto out_end_elf;
	}
	data = elf_getdata(found, NULL);
	if (!data || !data->d_buf || data->d_size != shdr.sh_size) {
		snprintf(err, err_len, META_SECTION " section data is unreadable: %s",
			 elf_errmsg(-1));
		goto out_end_elf;
	}
	*sec = malloc(data->d_size + 1);
	if (!*sec) {
		ret = -ENOMEM;
		snprintf(err, err_len, "out of memory");
		goto out_end_elf;
	}
	memcpy(*sec, data->d_buf, data->d_size);
	(*sec)[data->d_size] = '\0';
	*sec_len = data->d_size;
	ret = 0;
out_end_elf:
	elf_end(elf);
	return ret;
}

/* --- JSON ----------------------------------------------------------------- */

struct mp {
	char *err;
	size_t err_len;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct mp *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, c->err_len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *type_name(json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null: return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double: return "a fraction";
	case json_type_int: return "an integer";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	}
	return "?";
}

static const char *want_name(json_type t)
{
	switch (t) {
	case json_type_boolean: return "a boolean";
	case json_type_int: return "an integer";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	default: return "?";
	}
}

/*
 * obj[key] of type t. Missing: -ENOENT when optional, else an error.
 * path is the JSON path of obj ("" for the root).
 */
static int get(struct mp *c, json_object *obj, const char *path, const char *key,
	       json_type t, bool optional, json_object **out)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || !v) {
		if (optional)
			return -ENOENT;
		return fail(c, "%s%s%s: required key is missing", path, path[0] ? "." : "", key);
	}
	if (json_object_get_type(v) != t)
		return fail(c, "%s%s%s: must be %s, not %s", path, path[0] ? "." : "", key,
			    want_name(t), type_name(v));
	*out = v;
	return 0;
}

/* A string without NUL bytes, strdup'd; def when optional and missing. */
static int get_str(struct mp *c, json_object *obj, const char *path, const char *key,
		   bool optional, const char *def, bool nonempty, char **out)
{
	json_object *v;
	const char *s;
	int err;

	*out = NULL;
	err = get(c, obj, path, key, json_type_string, optional, &v);
	if (err == -ENOENT) {
		s = def;
	} else if (err) {
		return err;
	} else {
		s = json_object_get_string(v);
		if ((size_t)json_object_get_string_len(v) != strlen(s))
			return fail(c, "%s%s%s: string contains a NUL byte", path,
				    path[0] ? "." : "", key);
	}
	if (nonempty && !s[0])
		return fail(c, "%s%s%s: must not be empty", path, path[0] ? "." : "", key);
	*out = strdup(s);
	if (!*out)
		return -ENOMEM;
	return 0;
}

static int get_uint(struct mp *c, json_object *obj, const char *path, const char *key,
		    bool optional, uint64_t def, uint64_t max, uint64_t *out)
{
	json_object *v;
	int64_t x;
	int err;

	err = get(c, obj, path, key, json_type_int, optional, &v);
	if (err == -ENOENT) {
		*out = def;
		return 0;
	}
	if (err)
		return err;
	errno = 0;
	x = json_object_get_int64(v);
	if (errno || x < 0 || (uint64_t)x > max)
		return fail(c, "%s%s%s: %s is out of range 0..%llu", path, path[0] ? "." : "", key,
			    json_object_to_json_string(v), (unsigned long long)max);
	*out = (uint64_t)x;
	return 0;
}

static const struct {
	const char *name;
	enum meta_attach attach;
} attach_kinds[] = {
	{ "kprobe", META_ATTACH_KPROBE },
	{ "kretprobe", META_ATTACH_KRETPROBE },
	{ "tracepoint", META_ATTACH_TRACEPOINT },
	{ "raw_tracepoint", META_ATTACH_RAW_TP },
	{ "uprobe", META_ATTACH_UPROBE },
	{ "uretprobe", META_ATTACH_URETPROBE },
	{ "lsm", META_ATTACH_LSM },
	{ "fmod_ret", META_ATTACH_FMOD_RET },
	{ "usdt", META_ATTACH_USDT },
	{ "kprobe_multi", META_ATTACH_KPROBE_MULTI },
};

/* Unknown names are META_ATTACH_UNSUPPORTED: the plan skips such variants. */
static enum meta_attach attach_kind(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(attach_kinds); i++)
		if (!strcmp(name, attach_kinds[i].name))
			return attach_kinds[i].attach;
	return META_ATTACH_UNSUPPORTED;
}

/* The shape of target for its attach kind; key is "target" or "return_target". */
static int check_target(struct mp *c, const char *path, const char *key, enum meta_attach a,
			const char *target)
{
	const char *p;

	switch (a) {
	case META_ATTACH_TRACEPOINT:
		p = strchr(target, '/');
		if (!p || p == target || !p[1] || strchr(p + 1, '/'))
			return fail(c, "%s.%s: tracepoint '%s' is not \"category/name\"",
				    path, key, target);
		break;
	case META_ATTACH_UPROBE:
	case META_ATTACH_URETPROBE:
		p = strrchr(target, ':');
		if (!p || p == target || !p[1])
			return fail(c, "%s.%s: uprobe '%s' is not \"/path/to/binary:symbol\"",
				    path, key, target);
		/* spec offsets: "+0x<hex>", a file offset (docs/object-format.md) */
		if (p[1] == '+' && (strncmp(p + 2, "0x", 2) || !p[4] ||
				    strspn(p + 4, "0123456789abcdef") != strlen(p + 4)))
			return fail(c, "%s.%s: uprobe '%s' is not \"/path/to/binary:+0x<hex file offset>\"",
				    path, key, target);
		break;
	case META_ATTACH_USDT: {
		const char *q = strrchr(target, ':');

		/* provider and name are C identifiers: the last two colons split */
		p = q && q > target ? memrchr(target, ':', (size_t)(q - target)) : NULL;
		if (!p || p == target || p + 1 == q || !q[1])
			return fail(c, "%s.%s: usdt '%s' is not \"/path/to/binary:provider:name\"",
				    path, key, target);
		break;
	}
	case META_ATTACH_LSM:
		/* the hook name, as in section "lsm/<hook>" and bpf_lsm_<hook> */
		for (p = target; *p; p++)
			if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
				return fail(c, "%s.%s: lsm hook '%s' is not a hook name such as "
					    "\"file_open\"", path, key, target);
		break;
	default:
		break;
	}
	return 0;
}

/* want_return: the hook has a "return" slot, so every variant needs an exit program. */
static int parse_variant(struct mp *c, json_object *o, const char *path, bool want_return,
			 struct meta_variant *v)
{
	json_object *tmp;
	bool has_return;
	int err;

	if (json_object_get_type(o) != json_type_object)
		return fail(c, "%s: must be an object, not %s", path, type_name(o));
	err = get_str(c, o, path, "program", false, NULL, true, &v->program);
	err = err ? : get_str(c, o, path, "attach", false, NULL, true, &v->attach_name);
	err = err ? : get_str(c, o, path, "target", false, NULL, true, &v->target);
	if (err)
		return err;
	v->attach = attach_kind(v->attach_name);
	err = check_target(c, path, "target", v->attach, v->target);
	if (err)
		return err;
	if (json_object_object_get_ex(o, "override", &tmp)) {
		if (json_object_get_type(tmp) != json_type_boolean)
			return fail(c, "%s.override: must be a boolean, not %s", path, type_name(tmp));
		v->override = json_object_get_boolean(tmp);
		if (v->override && v->attach != META_ATTACH_KPROBE)
			return fail(c, "%s.override: bpf_override_return needs a kprobe, not '%s'", path,
				    v->attach_name);
	}
	if (json_object_object_get_ex(o, "write_user", &tmp)) {
		if (json_object_get_type(tmp) != json_type_boolean)
			return fail(c, "%s.write_user: must be a boolean, not %s", path, type_name(tmp));
		v->write_user = json_object_get_boolean(tmp);
	}

	has_return = json_object_object_get_ex(o, "return_program", &tmp) ||
		     json_object_object_get_ex(o, "return_attach", &tmp) ||
		     json_object_object_get_ex(o, "return_target", &tmp);
	if (!has_return && want_return)
		return fail(c, "%s.return_program: required key is missing (the hook has a "
			    "\"return\" slot, so every variant needs an exit program)", path);
	if (has_return && !want_return)
		return fail(c, "%s.return_program: a return program, but the hook has no "
			    "\"return\" slot", path);
	if (!has_return)
		return 0;
	err = get_str(c, o, path, "return_program", false, NULL, true, &v->ret_program);
	err = err ? : get_str(c, o, path, "return_attach", false, NULL, true, &v->ret_attach_name);
	err = err ? : get_str(c, o, path, "return_target", false, NULL, true, &v->ret_target);
	if (err)
		return err;
	if (!strcmp(v->ret_program, v->program))
		return fail(c, "%s.return_program: '%s' is the entry program too", path,
			    v->ret_program);
	v->ret_attach = attach_kind(v->ret_attach_name);
	switch (v->ret_attach) {
	case META_ATTACH_KPROBE:
	case META_ATTACH_UPROBE:
	case META_ATTACH_LSM:
	case META_ATTACH_FMOD_RET:
	case META_ATTACH_USDT:
		return fail(c, "%s.return_attach: '%s' attaches at entry, not at return "
			    "(kretprobe, uretprobe, tracepoint)", path, v->ret_attach_name);
	default:
		break;
	}
	return check_target(c, path, "return_target", v->ret_attach, v->ret_target);
}

/* An args[] element, or the hook's "return" slot (is_return: no index, integers, strings and sock only). */
static int parse_arg(struct mp *c, json_object *o, const char *path, uint32_t event_size,
		     bool is_return, struct meta_arg *a)
{
	uint64_t index, offset, size;
	char *type = NULL;
	int err;

	if (json_object_get_type(o) != json_type_object)
		return fail(c, "%s: must be an object, not %s", path, type_name(o));
	err = get_uint(c, o, path, "index", is_return, 0, 127, &index);	/* 64..127: kprobe data entries */
	err = err ? : get_uint(c, o, path, "offset", false, 0, UINT32_MAX, &offset);
	err = err ? : get_uint(c, o, path, "size", false, 0, UINT32_MAX, &size);
	err = err ? : get_str(c, o, path, "label", true, "", false, &a->label);
	err = err ? : get_str(c, o, path, "type", false, NULL, true, &type);
	if (err)
		goto out_free_type;
	a->index = (unsigned)index;
	a->offset = (uint32_t)offset;
	a->size = (uint32_t)size;
	a->type = argtype_find(type);
	if (!a->type) {
		err = fail(c, "%s.type: unknown argument type '%s'", path, type);
		goto out_free_type;
	}
	a->slot = meta_argtype_slot(a->type);
	if (is_return && a->slot != META_SLOT_INT && a->slot != META_SLOT_SOCK && a->slot != META_SLOT_STR &&
	    a->slot != META_SLOT_NONE) {
		err = fail(c, "%s.type: this tpc-agent decodes integer, string and sock return values only, not "
			   "'%s' (%s)", path, type, a->type->json_key);
		goto out_free_type;
	}
	if (a->slot == META_SLOT_NONE) {
		err = fail(c, "%s.type: this tpc-agent cannot decode %s of type '%s' "
			   "(%s) yet", path, is_return ? "return values" : "arguments", type,
			   a->type->json_key);
		goto out_free_type;
	}
	if (a->size != meta_slot_size(a->slot) &&
	    !(a->slot == META_SLOT_BYTES && a->size == sizeof(struct tpc_bytes_max_slot))) {
		err = fail(c, "%s.size: a '%s' %s is %s of %u bytes, not %u", path, type,
			   is_return ? "return value" : "argument", meta_slot_name(a->slot),
			   meta_slot_size(a->slot), a->size);
		goto out_free_type;
	}
	if (a->offset < sizeof(struct tpc_event_hdr)) {
		err = fail(c, "%s.offset: %u overlaps the %zu-byte event header", path,
			   a->offset, sizeof(struct tpc_event_hdr));
		goto out_free_type;
	}
	if ((uint64_t)a->offset + a->size > event_size) {
		err = fail(c, "%s.offset: %u + size %u is beyond event_size %u", path,
			   a->offset, a->size, event_size);
		goto out_free_type;
	}
out_free_type:
	free(type);
	return err;
}

static bool slots_overlap(const struct meta_arg *a, const struct meta_arg *b)
{
	return a->offset < b->offset + b->size && b->offset < a->offset + a->size;
}

/*
 * An optional slot of fixed size (key "stack", "ima") in hook h: inside the
 * event after its header, overlapping no arg, the return slot, nor a fixed
 * slot parsed before it.
 */
static int parse_fixed_slot(struct mp *c, json_object *o, const char *path, struct meta_hook *h, const char *key,
			    const char *type, size_t want, bool *has, uint32_t *offset)
{
	struct meta_arg st = { 0 }, prev = { 0 };
	json_object *v = NULL;
	uint64_t off, size;
	char sub[128];
	size_t i;
	int err;

	err = get(c, o, path, key, json_type_object, true, &v);
	if (err && err != -ENOENT)
		return err;
	if (!v)
		return 0;
	snprintf(sub, sizeof(sub), "%s.%s", path, key);
	err = get_uint(c, v, sub, "offset", false, 0, h->event_size, &off);
	err = err ? : get_uint(c, v, sub, "size", false, 0, h->event_size, &size);
	if (err)
		return err;
	if (size != want)
		return fail(c, "%s.size: %llu, but %s is %zu bytes", sub, (unsigned long long)size, type, want);
	if (off < sizeof(struct tpc_event_hdr))
		return fail(c, "%s.offset: %llu is inside the event header", sub, (unsigned long long)off);
	if (off + size > h->event_size)
		return fail(c, "%s.offset: the slot ends past event_size %u", sub, h->event_size);
	st.offset = (uint32_t)off;
	st.size = (uint32_t)size;
	for (i = 0; i < h->n_args; i++)
		if (slots_overlap(&st, &h->args[i]))
			return fail(c, "%s.offset: slot overlaps args[%zu]", sub, i);
	if (h->has_return && slots_overlap(&st, &h->ret))
		return fail(c, "%s.offset: slot overlaps the return slot", sub);
	prev.offset = h->stack_offset;
	prev.size = sizeof(struct tpc_stack_slot);
	if (has != &h->has_stack && h->has_stack && slots_overlap(&st, &prev))
		return fail(c, "%s.offset: slot overlaps the stack slot", sub);
	*has = true;
	*offset = (uint32_t)off;
	return 0;
}

static int parse_hook(struct mp *c, json_object *o, const char *path, size_t idx,
		      struct meta_hook *h)
{
	static const char *const kinds[] = {
		[META_HOOK_KPROBE] = "kprobe",
		[META_HOOK_TRACEPOINT] = "tracepoint",
		[META_HOOK_LSM] = "lsm",
		[META_HOOK_UPROBE] = "uprobe",
		[META_HOOK_USDT] = "usdt",
		[META_HOOK_LOADER] = "loader",
	};
	json_object *arr, *v;
	char sub[128], *kind = NULL;
	uint64_t id, event_size;
	size_t i, j;
	int err;

	if (json_object_get_type(o) != json_type_object)
		return fail(c, "%s: must be an object, not %s", path, type_name(o));
	err = get_uint(c, o, path, "id", false, 0, TPC_NO_SELECTOR - 1, &id);
	if (err)
		return err;
	if (id != idx)
		return fail(c, "%s.id: %llu, but hooks[].id must equal the index %zu "
			    "(events refer to hooks by index)", path, (unsigned long long)id, idx);
	h->id = (unsigned)id;

	err = get_str(c, o, path, "kind", false, NULL, true, &kind);
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(kind, kinds[i]))
			break;
	if (i == ARRAY_SIZE(kinds)) {
		err = fail(c, "%s.kind: unknown hook kind '%s' (kprobe, tracepoint, lsm, uprobe, usdt, loader)",
			   path, kind);
		free(kind);
		return err;
	}
	free(kind);
	h->kind = (enum meta_hook_kind)i;

	err = get_str(c, o, path, "function", false, NULL, true, &h->function);
	/* uprobe: "function" is the symbol, "path" the binary it is in; usdt: "provider:name" */
	if (!err && (h->kind == META_HOOK_UPROBE || h->kind == META_HOOK_USDT))
		err = get_str(c, o, path, "path", false, NULL, true, &h->path);
	/* refCtrOffsets: perf's uprobe takes a 32-bit one (config bits 32-63) */
	if (!err && h->kind == META_HOOK_UPROBE)
		err = get_uint(c, o, path, "ref_ctr_offset", true, 0, 0xffffffffULL, &h->ref_ctr_offset);
	err = err ? : get_str(c, o, path, "message", true, "", false, &h->message);
	err = err ? : get_uint(c, o, path, "event_size", false, 0, META_MAX_EVENT_SIZE, &event_size);
	if (err)
		return err;
	if (event_size < sizeof(struct tpc_event_hdr))
		return fail(c, "%s.event_size: %llu is smaller than the %zu-byte event header",
			    path, (unsigned long long)event_size, sizeof(struct tpc_event_hdr));
	h->event_size = (uint32_t)event_size;
	if (h->kind == META_HOOK_LOADER && h->event_size != sizeof(struct tpc_loader_event))
		return fail(c, "%s.event_size: %u, but a loader hook writes a %zu-byte struct tpc_loader_event",
			    path, h->event_size, sizeof(struct tpc_loader_event));

	err = get(c, o, path, "syscall", json_type_boolean, true, &v);
	if (err && err != -ENOENT)
		return err;
	h->syscall = v && json_object_get_boolean(v);
	err = get(c, o, path, "optional", json_type_boolean, true, &v);
	if (err && err != -ENOENT)
		return err;
	h->optional = v && json_object_get_boolean(v);
	if (h->optional && h->kind != META_HOOK_KPROBE)
		return fail(c, "%s.optional: only kprobe hooks can be optional, not %s hooks", path,
			    meta_hook_kind_name(h->kind));
	err = get(c, o, path, "enforcer", json_type_boolean, true, &v);
	if (err && err != -ENOENT)
		return err;
	h->enforcer = v && json_object_get_boolean(v);
	if (h->enforcer && h->kind != META_HOOK_KPROBE)
		return fail(c, "%s.enforcer: only kprobe hooks can be enforcers, not %s hooks", path,
			    meta_hook_kind_name(h->kind));

	err = get(c, o, path, "tags", json_type_array, true, &arr);
	if (err && err != -ENOENT)
		return err;
	if (arr && json_object_array_length(arr)) {
		h->n_tags = json_object_array_length(arr);
		h->tags = calloc(h->n_tags, sizeof(*h->tags));
		if (!h->tags)
			return -ENOMEM;
		for (i = 0; i < h->n_tags; i++) {
			v = json_object_array_get_idx(arr, i);
			if (json_object_get_type(v) != json_type_string)
				return fail(c, "%s.tags[%zu]: must be a string, not %s", path, i,
					    type_name(v));
			h->tags[i] = strdup(json_object_get_string(v));
			if (!h->tags[i])
				return -ENOMEM;
		}
	}

	/* the return slot first: it decides whether variants need exit programs */
	err = get(c, o, path, "return", json_type_object, true, &v);
	if (err && err != -ENOENT)
		return err;
	if (v) {
		snprintf(sub, sizeof(sub), "%s.return", path);
		if (h->kind != META_HOOK_KPROBE && h->kind != META_HOOK_UPROBE)
			return fail(c, "%s: a %s hook has no return probe (kprobe and uprobe "
				    "hooks do)", sub, meta_hook_kind_name(h->kind));
		h->has_return = true;
		err = parse_arg(c, v, sub, h->event_size, true, &h->ret);
		if (err)
			return err;
	}

	err = get(c, o, path, "variants", json_type_array, false, &arr);
	if (err)
		return err;
	h->n_variants = json_object_array_length(arr);
	if (!h->n_variants)
		return fail(c, "%s.variants: must list at least one program", path);
	h->variants = calloc(h->n_variants, sizeof(*h->variants));
	if (!h->variants)
		return -ENOMEM;
	for (i = 0; i < h->n_variants; i++) {
		snprintf(sub, sizeof(sub), "%s.variants[%zu]", path, i);
		err = parse_variant(c, json_object_array_get_idx(arr, i), sub, h->has_return,
				    &h->variants[i]);
		if (err)
			return err;
	}

	err = get(c, o, path, "args", json_type_array, false, &arr);
	if (err)
		return err;
	h->n_args = json_object_array_length(arr);
	h->args = calloc(h->n_args ? h->n_args : 1, sizeof(*h->args));
	if (!h->args)
		return -ENOMEM;
	for (i = 0; i < h->n_args; i++) {
		snprintf(sub, sizeof(sub), "%s.args[%zu]", path, i);
		err = parse_arg(c, json_object_array_get_idx(arr, i), sub, h->event_size, false,
				&h->args[i]);
		if (err)
			return err;
		for (j = 0; j < i; j++) {
			if (slots_overlap(&h->args[j], &h->args[i]))
				return fail(c, "%s.offset: slot overlaps args[%zu]", sub, j);
		}
		if (h->has_return && slots_overlap(&h->ret, &h->args[i]))
			return fail(c, "%s.return.offset: slot overlaps args[%zu]", path, i);
	}

	/* kernelStackTrace / userStackTrace: one struct tpc_stack_slot, the stacks in it */
	err = parse_fixed_slot(c, o, path, h, "stack", "struct tpc_stack_slot", sizeof(struct tpc_stack_slot),
			       &h->has_stack, &h->stack_offset);
	/* imaHash: one struct tpc_ima_slot, after the other slots */
	err = err ? : parse_fixed_slot(c, o, path, h, "ima", "struct tpc_ima_slot", sizeof(struct tpc_ima_slot),
				       &h->has_ima, &h->ima_offset);
	if (err)
		return err;

	err = get(c, o, path, "selectors", json_type_array, true, &arr);
	if (err && err != -ENOENT)
		return err;
	h->n_selectors = arr ? json_object_array_length(arr) : 0;
	if (h->n_selectors >= TPC_NO_SELECTOR)
		return fail(c, "%s.selectors: too many (%zu)", path, h->n_selectors);
	h->selectors = calloc(h->n_selectors ? h->n_selectors : 1, sizeof(*h->selectors));
	if (!h->selectors)
		return -ENOMEM;
	for (i = 0; i < h->n_selectors; i++) {
		json_object *acts, *s = json_object_array_get_idx(arr, i);
		size_t k;

		snprintf(sub, sizeof(sub), "%s.selectors[%zu]", path, i);
		if (json_object_get_type(s) != json_type_object)
			return fail(c, "%s: must be an object, not %s", sub, type_name(s));
		err = get(c, s, sub, "actions", json_type_array, true, &acts);
		if (err && err != -ENOENT)
			return err;
		for (k = 0; acts && k < json_object_array_length(acts); k++) {
			json_object *a = json_object_array_get_idx(acts, k);
			char asub[300];

			snprintf(asub, sizeof(asub), "%s.actions[%zu]", sub, k);
			if (json_object_get_type(a) != json_type_object)
				return fail(c, "%s: must be an object, not %s", asub, type_name(a));
			/* GetUrl / DnsLookup carry "url" / "fqdn" (compiler/meta.c) */
			if (!h->selectors[i].url && json_object_object_get_ex(a, "url", NULL)) {
				err = get_str(c, a, asub, "url", false, NULL, true, &h->selectors[i].url);
				if (err)
					return err;
			}
			if (!h->selectors[i].fqdn && json_object_object_get_ex(a, "fqdn", NULL)) {
				err = get_str(c, a, asub, "fqdn", false, NULL, true, &h->selectors[i].fqdn);
				if (err)
					return err;
			}
		}
	}
	return 0;
}

/* "0a00ff": exactly n bytes of hex into out */
static int parse_hex(struct mp *c, const char *path, const char *s, uint8_t *out, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		return fail(c, "%s: must be %zu bytes of hex, not '%s'", path, n, s);
	for (i = 0; i < n; i++) {
		unsigned int b;

		if (!isxdigit((unsigned char)s[2 * i]) || !isxdigit((unsigned char)s[2 * i + 1]) ||
		    sscanf(s + 2 * i, "%2x", &b) != 1)
			return fail(c, "%s: '%s' is not hex", path, s);
		out[i] = (uint8_t)b;
	}
	return 0;
}

/* maps[i]: {"name", "type", "key_size", "value_size", "entries": [{"key": HEX, "value": HEX}]} */
static int parse_map(struct mp *c, json_object *o, const char *path, struct meta_map *mm)
{
	json_object *v, *entries, *e;
	char p[96];
	int64_t ks, vs;
	size_t i;
	int err;

	if (json_object_get_type(o) != json_type_object)
		return fail(c, "%s: must be an object, not %s", path, type_name(o));
	err = get_str(c, o, path, "name", false, NULL, true, &mm->name);
	err = err ? : get(c, o, path, "key_size", json_type_int, false, &v);
	if (err)
		return err;
	ks = json_object_get_int64(v);
	err = get(c, o, path, "value_size", json_type_int, false, &v);
	err = err ? : get(c, o, path, "entries", json_type_array, false, &entries);
	if (err)
		return err;
	vs = json_object_get_int64(v);
	if (ks <= 0 || ks > 512 || vs <= 0 || vs > 512)
		return fail(c, "%s: key_size and value_size must be 1..512", path);
	mm->key_size = (uint32_t)ks;
	mm->value_size = (uint32_t)vs;
	mm->n_entries = json_object_array_length(entries);
	mm->keys = calloc(mm->n_entries + 1, mm->key_size);
	mm->values = calloc(mm->n_entries + 1, mm->value_size);
	if (!mm->keys || !mm->values)
		return -ENOMEM;
	for (i = 0; i < mm->n_entries; i++) {
		char *k = NULL, *val = NULL;

		snprintf(p, sizeof(p), "%s.entries[%zu]", path, i);
		e = json_object_array_get_idx(entries, i);
		if (json_object_get_type(e) != json_type_object)
			return fail(c, "%s: must be an object, not %s", p, type_name(e));
		err = get_str(c, e, p, "key", false, NULL, true, &k);
		err = err ? : get_str(c, e, p, "value", false, NULL, true, &val);
		err = err ? : parse_hex(c, p, k, mm->keys + i * mm->key_size, mm->key_size);
		err = err ? : parse_hex(c, p, val, mm->values + i * mm->value_size, mm->value_size);
		free(k);
		free(val);
		if (err)
			return err;
	}
	return 0;
}

/* Optional "maps": initial map contents (older objects have none). */
static int parse_maps(struct mp *c, json_object *root, struct tpc_meta *m)
{
	json_object *maps;
	char path[32];
	size_t i;
	int err;

	err = get(c, root, "", "maps", json_type_array, true, &maps);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	m->n_maps = json_object_array_length(maps);
	m->maps = calloc(m->n_maps + 1, sizeof(*m->maps));
	if (!m->maps)
		return -ENOMEM;
	for (i = 0; i < m->n_maps; i++) {
		snprintf(path, sizeof(path), "maps[%zu]", i);
		err = parse_map(c, json_object_array_get_idx(maps, i), path, &m->maps[i]);
		if (err)
			return err;
	}
	return 0;
}

static int parse_root(struct mp *c, json_object *root, struct tpc_meta *m)
{
	json_object *v, *policy, *hooks;
	char path[64], *format = NULL;
	size_t i;
	int err;

	if (json_object_get_type(root) != json_type_object)
		return fail(c, "top level must be an object, not %s", type_name(root));
	err = get_str(c, root, "", "format", false, NULL, true, &format);
	if (err)
		return err;
	if (strcmp(format, META_FORMAT)) {
		err = fail(c, "format: '%s' is not supported (this agent reads '" META_FORMAT "')",
			   format);
		free(format);
		return err;
	}
	free(format);

	err = get(c, root, "", "policy", json_type_object, false, &policy);
	err = err ? : get_str(c, policy, "policy", "name", false, NULL, true, &m->policy_name);
	err = err ? : get_str(c, root, "", "ringbuf", true, "tpc_events", true, &m->ringbuf);
	err = err ? : get(c, root, "", "hooks", json_type_array, false, &hooks);
	if (err)
		return err;
	m->n_hooks = json_object_array_length(hooks);
	if (!m->n_hooks)
		return fail(c, "hooks: must not be empty");
	if (m->n_hooks >= TPC_NO_SELECTOR)
		return fail(c, "hooks: too many (%zu)", m->n_hooks);
	m->hooks = calloc(m->n_hooks, sizeof(*m->hooks));
	if (!m->hooks)
		return -ENOMEM;
	for (i = 0; i < m->n_hooks; i++) {
		snprintf(path, sizeof(path), "hooks[%zu]", i);
		v = json_object_array_get_idx(hooks, i);
		err = parse_hook(c, v, path, i, &m->hooks[i]);
		if (err)
			return err;
	}
	return parse_maps(c, root, m);
}

int meta_parse(const char *json, size_t len, struct tpc_meta **out, char *err, size_t err_len)
{
	struct mp c = { .err = err, .err_len = err_len };
	enum json_tokener_error jerr;
	struct json_tokener *tok;
	struct tpc_meta *m;
	json_object *root;
	size_t end, i;
	int ret;

	*out = NULL;
	/* a trailing NUL terminator is fine, any other NUL byte is not */
	while (len && json[len - 1] == '\0')
		len--;
	if (memchr(json, '\0', len))
		return fail(&c, "contains a NUL byte at offset %zu",
			    (size_t)((const char *)memchr(json, '\0', len) - json));
	if (len > META_MAX_LEN)
		return fail(&c, "too large");

	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, json, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!root || jerr != json_tokener_success) {
		json_object_put(root);
		if (jerr == json_tokener_continue)
			return fail(&c, "not valid JSON: truncated");
		return fail(&c, "not valid JSON at byte %zu: %s", end,
			    json_tokener_error_desc(jerr));
	}
	for (i = end; i < len; i++) {
		if (json[i] != ' ' && json[i] != '\n' && json[i] != '\t' && json[i] != '\r') {
			json_object_put(root);
			return fail(&c, "not valid JSON: garbage after the object at byte %zu", i);
		}
	}

	m = calloc(1, sizeof(*m));
	if (!m) {
		json_object_put(root);
		return -ENOMEM;
	}
	ret = parse_root(&c, root, m);
	json_object_put(root);
	if (ret) {
		if (ret == -ENOMEM)
			snprintf(err, err_len, "out of memory");
		meta_free(m);
		return ret;
	}
	*out = m;
	return 0;
}

void meta_free(struct tpc_meta *m)
{
	struct meta_hook *h;
	size_t i, j;

	if (!m)
		return;
	for (i = 0; m->hooks && i < m->n_hooks; i++) {
		h = &m->hooks[i];
		free(h->function);
		free(h->path);
		free(h->message);
		free(h->ret.label);
		for (j = 0; h->tags && j < h->n_tags; j++)
			free(h->tags[j]);
		free(h->tags);
		for (j = 0; h->variants && j < h->n_variants; j++) {
			free(h->variants[j].program);
			free(h->variants[j].attach_name);
			free(h->variants[j].target);
			free(h->variants[j].ret_program);
			free(h->variants[j].ret_attach_name);
			free(h->variants[j].ret_target);
		}
		free(h->variants);
		for (j = 0; h->args && j < h->n_args; j++)
			free(h->args[j].label);
		free(h->args);
		for (j = 0; h->selectors && j < h->n_selectors; j++) {
			free(h->selectors[j].url);
			free(h->selectors[j].fqdn);
		}
		free(h->selectors);
	}
	free(m->hooks);
	for (i = 0; m->maps && i < m->n_maps; i++) {
		free(m->maps[i].name);
		free(m->maps[i].keys);
		free(m->maps[i].values);
	}
	free(m->maps);
	free(m->policy_name);
	free(m->ringbuf);
	free(m);
}

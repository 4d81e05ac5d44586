// SPDX-License-Identifier: Apache-2.0
/*
 * inspect: `tpc inspect x.bpf.o` prints what a compiled object holds: its
 * provenance from ".tpc.meta" (tpc version, policy, sha256 of the policy
 * source, target BTF identities), the hooks and their attach variants, and
 * from libbpf the programs with their instruction counts and the maps.
 * The object is only opened, never loaded: this needs no privileges.
 */
#include <errno.h>
#include <string.h>

#include <bpf/libbpf.h>
#include <gelf.h>
#include <json-c/json.h>
#include <openssl/evp.h>

#include "irtext.h"

#define META_SECTION ".tpc.meta"

/* The bytes of section `name` (pointing into image), or -ENOENT/-EINVAL. */
static int elf_section(const void *image, size_t len, const char *name, const char **data, size_t *size)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	Elf *elf;
	int err = -ENOENT;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	elf = elf_memory((char *)image, len);
	if (!elf)
		return -EINVAL;
	if (elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx)) {
		err = -EINVAL;
		goto out_end_elf;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, &shdr) || !(n = elf_strptr(elf, shstrndx, shdr.sh_name)))
			continue;
		if (strcmp(n, name))
			continue;
		if (shdr.sh_type == SHT_NOBITS || shdr.sh_offset > len || shdr.sh_size > len - shdr.sh_offset) {
			err = -EINVAL;
			break;
		}
		*data = (const char *)image + shdr.sh_offset;
		*size = shdr.sh_size;
		err = 0;
		break;
	}
out_end_elf:
	elf_end(elf);
	return err;
}

static const char *jget_str(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return "?";
	return json_object_get_string(v);
}

static json_object *jget(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (o)
		json_object_object_get_ex(o, key, &v);
	return v;
}

static int insn_cnt(struct bpf_object *obj, const char *prog)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, prog);

	return p ? (int)bpf_program__insn_cnt(p) : -1;
}

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static void print_meta(FILE *out, json_object *m, struct bpf_object *obj)
{
	json_object *pol = jget(m, "policy"), *t = jget(m, "target_btf"), *hooks = jget(m, "hooks");
	size_t i, j;

	fprintf(out, "format      %s\n", jget_str(m, "format"));
	fprintf(out, "tpc         %s\n", jget_str(m, "tpc_version"));
	fprintf(out, "policy      %s (kind %s, namespace \"%s\", mode %s)\n", jget_str(pol, "name"),
		jget_str(pol, "kind"), jget_str(pol, "namespace"), jget_str(pol, "mode"));
	fprintf(out, "source      %s sha256:%s\n", jget_str(pol, "source"), jget_str(pol, "source_sha256"));
	for (i = 0; t && json_object_is_type(t, json_type_array) && i < json_object_array_length(t); i++)
		fprintf(out, "target BTF  %s\n", json_object_get_string(json_object_array_get_idx(t, i)));
	fprintf(out, "ring buffer %s\n", jget_str(m, "ringbuf"));
	for (i = 0; hooks && json_object_is_type(hooks, json_type_array) && i < json_object_array_length(hooks); i++) {
		json_object *h = json_object_array_get_idx(hooks, i), *vs = jget(h, "variants"), *sels = jget(h, "selectors");
		json_object *syscall = jget(h, "syscall");

		fprintf(out, "hook %d      %s %s%s, %zu selector%s, event %d bytes\n", json_object_get_int(jget(h, "id")),
			jget_str(h, "kind"), jget_str(h, "function"),
			syscall && json_object_get_boolean(syscall) ? " (syscall)" : "",
			sels ? json_object_array_length(sels) : 0, sels && json_object_array_length(sels) == 1 ? "" : "s",
			json_object_get_int(jget(h, "event_size")));
		if (jget(h, "ref_ctr_offset"))	/* uprobes: refCtrOffsets */
			fprintf(out, "  ref_ctr   0x%llx (file offset of the semaphore)\n",
				(unsigned long long)json_object_get_int64(jget(h, "ref_ctr_offset")));
		for (j = 0; vs && json_object_is_type(vs, json_type_array) && j < json_object_array_length(vs); j++) {
			json_object *v = json_object_array_get_idx(vs, j);
			const char *prog = jget_str(v, "program");

			fprintf(out, "  variant   %-28s %-10s %-36s %d insns\n", prog, jget_str(v, "attach"),
				jget_str(v, "target"), insn_cnt(obj, prog));
		}
	}
}

int inspect_object(struct tpc_ctx *ctx, const char *path, FILE *out)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "tpc");
	libbpf_print_fn_t old_print;
	struct src_file *f;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	json_object *meta = NULL;
	const char *sec;
	size_t sec_len;
	unsigned char md[32];
	unsigned int md_len = 0;
	int err, i;

	err = src_file_read(ctx, path, &f);
	if (err) {
		fprintf(stderr, "tpc: cannot read '%s': %s\n", path, strerror(-err));
		return err;
	}
	old_print = libbpf_set_print(silent);
	obj = bpf_object__open_mem(f->text, f->len, &opts);
	libbpf_set_print(old_print);
	if (!obj) {
		err = -errno;
		fprintf(stderr, "tpc: '%s' is not a BPF object libbpf can open: %s\n", path, strerror(-err));
		return err;
	}
	EVP_Digest(f->text, f->len, md, &md_len, EVP_sha256(), NULL);
	fprintf(out, "object      %s, %zu bytes, sha256:", path, f->len);
	for (i = 0; i < 32; i++)
		fprintf(out, "%02x", md[i]);
	fprintf(out, "\n");
	err = elf_section(f->text, f->len, META_SECTION, &sec, &sec_len);
	if (!err) {
		struct json_tokener *tok = json_tokener_new();

		meta = json_tokener_parse_ex(tok, sec, (int)sec_len);
		json_tokener_free(tok);
	}
	if (meta)
		print_meta(out, meta, obj);
	else
		fprintf(out, "metadata    none: no valid %s section, not a tpc object\n", META_SECTION);
	fprintf(out, "programs:\n");
	bpf_object__for_each_program(prog, obj)
		fprintf(out, "  %-28s %-14s %-40s %zu insns\n", bpf_program__name(prog),
			libbpf_bpf_prog_type_str(bpf_program__type(prog)), bpf_program__section_name(prog),
			bpf_program__insn_cnt(prog));
	fprintf(out, "maps:\n");
	bpf_object__for_each_map(map, obj)
		fprintf(out, "  %-28s %-14s key %u, value %u, max_entries %u\n", bpf_map__name(map),
			libbpf_bpf_map_type_str(bpf_map__type(map)), bpf_map__key_size(map), bpf_map__value_size(map),
			bpf_map__max_entries(map));
	json_object_put(meta);
	bpf_object__close(obj);
	return meta ? 0 : -ENOENT;
}

// SPDX-License-Identifier: Apache-2.0
/*
 * Stack traces of Post kernelStackTrace / userStackTrace.
 *
 * The BPF program stores bpf_get_stackid() ids in the event's struct
 * tpc_stack_slot; the stacks themselves are in the object's
 * BPF_MAP_TYPE_STACK_TRACE map. Kernel addresses are resolved with
 * /proc/kallsyms, read once into a table sorted by address (binary search);
 * user addresses with /proc/PID/maps at decode time and the symbol tables
 * (.symtab, else .dynsym) of the mapped file, read with libelf. Everything is
 * best effort: an address without a symbol is printed without one, and a
 * process that exited before its event was decoded has no user symbols.
 *
 * Each frame is Tetragon's StackTraceEntry: {"address","offset","symbol",
 * "module"}, uint64 as protojson strings; offset is from the symbol's start,
 * module the kernel module ([name]) or the mapped file.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>

#include <bpf/bpf.h>

#include "stack.h"
#include "tpc_event.h"

struct ksym {
	uint64_t addr;
	char *name;
	char *module;	/* NULL for vmlinux */
};

static struct {
	struct ksym *v;
	size_t n;
	bool loaded;
} ks;

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void ksyms_load(void)
{
	char line[512], name[256], mod[128], type;
	unsigned long long addr;
	size_t cap = 0;
	FILE *f;
	int k;

	ks.loaded = true;
	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		struct ksym *s;

		mod[0] = '\0';
		k = sscanf(line, "%llx %c %255s [%127[^]]]", &addr, &type, name, mod);
		if (k < 3 || !addr || !(type == 't' || type == 'T' || type == 'w' || type == 'W'))
			continue;
		if (ks.n == cap) {
			struct ksym *nv = realloc(ks.v, (cap = cap ? cap * 2 : 65536) * sizeof(*nv));

			if (!nv)
				break;
			ks.v = nv;
		}
		s = &ks.v[ks.n];
		s->addr = addr;
		s->name = strdup(name);
		s->module = k == 4 && mod[0] ? strdup(mod) : NULL;
		if (s->name)
			ks.n++;
	}
	fclose(f);
	qsort(ks.v, ks.n, sizeof(*ks.v), ksym_cmp);
}

/* the last symbol at or below addr */
static const struct ksym *ksym_find(uint64_t addr)
{
	size_t lo = 0, hi;

	if (!ks.loaded)
		ksyms_load();
	hi = ks.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks.v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &ks.v[lo - 1] : NULL;
}

/* protojson: uint64 as a string */
static void kv_u64(struct jw *w, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	jw_kv_str(w, key, buf);
}

static void frame_json(struct jw *w, uint64_t addr, uint64_t off, const char *sym, const char *mod)
{
	jw_obj_open(w);
	kv_u64(w, "address", addr);
	if (sym) {
		kv_u64(w, "offset", off);
		jw_kv_str(w, "symbol", sym);
	}
	if (mod && mod[0])
		jw_kv_str(w, "module", mod);
	jw_obj_close(w);
}

/* One mapping of /proc/PID/maps with a file behind it. */
struct umap {
	uint64_t start, end, off;
	char path[256];
};

/* The function symbol of file-relative virtual address vaddr in an ELF file. */
static bool elf_symbol(const char *path, uint64_t file_off, char *sym, size_t len, uint64_t *sym_off)
{
	uint64_t vaddr = 0, best = 0;
	bool have_vaddr = false, found = false;
	Elf_Scn *scn = NULL;
	size_t i, nph;
	Elf *e;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e)
		goto out_close_fd;
	/* the file offset -> the address the symbols use, through the PT_LOAD that holds it */
	if (!elf_getphdrnum(e, &nph)) {
		for (i = 0; i < nph; i++) {
			GElf_Phdr ph;

			if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD && file_off >= ph.p_offset &&
			    file_off < ph.p_offset + ph.p_filesz) {
				vaddr = file_off - ph.p_offset + ph.p_vaddr;
				have_vaddr = true;
				break;
			}
		}
	}
	if (!have_vaddr)
		goto out_end;
	for (i = 0; i < 2 && !found; i++) {
		/* .symtab first, then .dynsym */
		unsigned want = i ? SHT_DYNSYM : SHT_SYMTAB;

		scn = NULL;
		while ((scn = elf_nextscn(e, scn))) {
			GElf_Shdr sh;
			Elf_Data *d;
			size_t k, n;

			if (!gelf_getshdr(scn, &sh) || sh.sh_type != want || !sh.sh_entsize)
				continue;
			d = elf_getdata(scn, NULL);
			if (!d)
				continue;
			n = sh.sh_size / sh.sh_entsize;
			for (k = 0; k < n; k++) {
				GElf_Sym s;
				const char *name;

				if (!gelf_getsym(d, (int)k, &s) || GELF_ST_TYPE(s.st_info) != STT_FUNC || !s.st_value)
					continue;
				if (vaddr < s.st_value || (s.st_size && vaddr >= s.st_value + s.st_size))
					continue;
				if (found && s.st_value <= best)
					continue;
				name = elf_strptr(e, sh.sh_link, s.st_name);
				if (!name || !name[0])
					continue;
				snprintf(sym, len, "%s", name);
				best = s.st_value;
				found = true;
			}
		}
	}
	if (found)
		*sym_off = vaddr - best;
out_end:
	elf_end(e);
out_close_fd:
	close(fd);
	return found;
}

static size_t read_maps(uint32_t pid, struct umap *m, size_t cap)
{
	char path[64], line[512];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (n < cap && fgets(line, sizeof(line), f)) {
		unsigned long long s, e, o;
		char perms[8], file[256];

		file[0] = '\0';
		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %255[^\n]", &s, &e, perms, &o, file) < 4)
			continue;
		if (file[0] != '/')
			continue;
		m[n].start = s;
		m[n].end = e;
		m[n].off = o;
		snprintf(m[n].path, sizeof(m[n].path), "%s", file);
		n++;
	}
	fclose(f);
	return n;
}

void stack_json(struct jw *w, const char *key, int map_fd, int32_t id, bool user, uint32_t pid)
{
	uint64_t ips[TPC_STACK_DEPTH] = { 0 };
	struct umap *maps = NULL;
	size_t i, j, n_maps = 0;
	__u32 k = (__u32)id;

	if (map_fd < 0 || id < 0 || bpf_map_lookup_elem(map_fd, &k, ips))
		return;
	if (user) {
		maps = calloc(1024, sizeof(*maps));
		if (maps)
			n_maps = read_maps(pid, maps, 1024);
	}
	jw_key(w, key);
	jw_arr_open(w);
	for (i = 0; i < TPC_STACK_DEPTH && ips[i]; i++) {
		if (!user) {
			const struct ksym *s = ksym_find(ips[i]);

			if (s)
				frame_json(w, ips[i], ips[i] - s->addr, s->name, s->module ? s->module : NULL);
			else
				frame_json(w, ips[i], 0, NULL, NULL);
			continue;
		}
		for (j = 0; j < n_maps; j++)
			if (ips[i] >= maps[j].start && ips[i] < maps[j].end)
				break;
		if (j < n_maps) {
			/* frames after the first are return addresses: the call is the byte before */
			uint64_t back = i && ips[i] > maps[j].start ? 1 : 0;
			char sym[256];
			uint64_t off;

			if (elf_symbol(maps[j].path, ips[i] - back - maps[j].start + maps[j].off, sym, sizeof(sym), &off))
				frame_json(w, ips[i], off + back, sym, maps[j].path);
			else
				frame_json(w, ips[i], 0, NULL, maps[j].path);
		} else {
			frame_json(w, ips[i], 0, NULL, NULL);
		}
	}
	jw_arr_close(w);
	/* one stack id per distinct stack: the map keeps them; free this one for reuse */
	bpf_map_delete_elem(map_fd, &k);
	free(maps);
}

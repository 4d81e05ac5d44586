// SPDX-License-Identifier: Apache-2.0
/*
 * Stack traces of Post kernelStackTrace / userStackTrace.
 *
 * The BPF program copies the stacks into the event's struct tpc_stack_slot
 * with bpf_get_stack(). Kernel addresses are resolved with
 * /proc/kallsyms, read once into a table sorted by address (binary search);
 * user addresses with /proc/PID/maps at decode time and the symbol tables
 * (.symtab, else .dynsym) of the mapped file, read with libelf once per
 * file and cached (sorted, binary search). Everything is
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
#include <sys/stat.h>
#include <linux/types.h>


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
	const struct uelf *elf;	/* its symbols, looked up for the first frame in it */
	bool looked_up;
};

/*
 * The function symbols of the ELF files user stacks run through, cached:
 * symbolizing reads the whole symbol table of a file (libc has thousands of
 * entries), and a policy with userStackTrace sees the same few binaries in
 * event after event. A file is known by device, inode, size and mtime, so a
 * binary replaced on disk is read again. The least recently used of
 * UELF_CACHE files is dropped first.
 */
#define UELF_CACHE 16

struct usym {
	uint64_t addr, size;
	size_t order;		/* among the file's symbols: the first of equal addresses wins */
	char *name;
};

struct uload {
	uint64_t off, filesz, vaddr;
};

struct uelf {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	uint64_t used;		/* 0: a free slot */
	struct uload *loads;
	size_t n_loads;
	struct usym *syms;
	size_t n_syms;
};

static struct uelf uelfs[UELF_CACHE];
static uint64_t uelf_tick;
static uint64_t uelf_keep_after;	/* entries used since then serve the stack being printed: not evicted */

static int usym_cmp(const void *a, const void *b)
{
	const struct usym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void uelf_free(struct uelf *u)
{
	size_t i;

	for (i = 0; i < u->n_syms; i++)
		free(u->syms[i].name);
	free(u->syms);
	free(u->loads);
	memset(u, 0, sizeof(*u));
}

/* The PT_LOAD segments and the STT_FUNC symbols of e, .symtab first, .dynsym when it has none. */
static int uelf_read(struct uelf *u, Elf *e)
{
	size_t i, nph, cap = 0;
	Elf_Scn *scn;

	if (elf_getphdrnum(e, &nph))
		return -EINVAL;
	u->loads = calloc(nph ? nph : 1, sizeof(*u->loads));
	if (!u->loads)
		return -ENOMEM;
	for (i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD)
			u->loads[u->n_loads++] = (struct uload){ ph.p_offset, ph.p_filesz, ph.p_vaddr };
	}
	for (i = 0; i < 2 && !u->n_syms; i++) {
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
				const char *name;
				GElf_Sym sy;

				if (!gelf_getsym(d, (int)k, &sy) || GELF_ST_TYPE(sy.st_info) != STT_FUNC || !sy.st_value)
					continue;
				name = elf_strptr(e, sh.sh_link, sy.st_name);
				if (!name || !name[0])
					continue;
				if (u->n_syms == cap) {
					struct usym *v = realloc(u->syms, (cap ? 2 * cap : 256) * sizeof(*v));

					if (!v)
						return -ENOMEM;
					u->syms = v;
					cap = cap ? 2 * cap : 256;
				}
				u->syms[u->n_syms] = (struct usym){ sy.st_value, sy.st_size, u->n_syms, strdup(name) };
				if (!u->syms[u->n_syms].name)
					return -ENOMEM;
				u->n_syms++;
			}
		}
	}
	if (u->n_syms)
		qsort(u->syms, u->n_syms, sizeof(*u->syms), usym_cmp);
	return 0;
}

/*
 * The cached symbols of the file at path, read now if it is not cached (or
 * changed); NULL if unreadable, or if every entry serves the stack being
 * printed (more than UELF_CACHE files in one stack: the rest go unnamed).
 */
static struct uelf *uelf_get(const char *path)
{
	struct uelf *u, *lru = NULL, fresh = { 0 };
	struct stat st;
	size_t i;
	Elf *e;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st)) {
		close(fd);
		return NULL;
	}
	for (i = 0; i < UELF_CACHE; i++) {
		u = &uelfs[i];
		if (u->used && u->dev == st.st_dev && u->ino == st.st_ino && u->size == st.st_size &&
		    u->mtime.tv_sec == st.st_mtim.tv_sec && u->mtime.tv_nsec == st.st_mtim.tv_nsec) {
			u->used = ++uelf_tick;
			close(fd);
			return u;
		}
		if ((!u->used || u->used <= uelf_keep_after) && (!lru || u->used < lru->used))
			lru = u;
	}
	if (!lru) {
		close(fd);
		return NULL;
	}
	/* read into fresh first: a file that does not parse evicts nothing */
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || uelf_read(&fresh, e)) {
		if (e)
			elf_end(e);
		close(fd);
		uelf_free(&fresh);
		return NULL;
	}
	elf_end(e);
	close(fd);
	u = lru;
	uelf_free(u);
	*u = fresh;
	u->dev = st.st_dev;
	u->ino = st.st_ino;
	u->size = st.st_size;
	u->mtime = st.st_mtim;
	u->used = ++uelf_tick;
	return u;
}

/*
 * The function symbol of file offset file_off in the ELF file u: the one
 * with the highest address at or below it whose size covers it (or that has
 * no size).
 */
static bool elf_symbol(const struct uelf *u, uint64_t file_off, char *sym, size_t len, uint64_t *sym_off)
{
	size_t i, lo, hi;
	uint64_t vaddr;

	if (!u)
		return false;
	/* the file offset -> the address the symbols use, through the PT_LOAD that holds it */
	for (i = 0; i < u->n_loads; i++)
		if (file_off >= u->loads[i].off && file_off < u->loads[i].off + u->loads[i].filesz)
			break;
	if (i == u->n_loads)
		return false;
	vaddr = file_off - u->loads[i].off + u->loads[i].vaddr;
	/* lo: the number of symbols at or below vaddr */
	for (lo = 0, hi = u->n_syms; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if (u->syms[mid].addr <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo--) {
		const struct usym *s = &u->syms[lo];

		if (s->size && vaddr >= s->addr + s->size)
			continue;
		/* the first of the symbols at this address */
		while (lo && u->syms[lo - 1].addr == s->addr &&
		       (!u->syms[lo - 1].size || vaddr < u->syms[lo - 1].addr + u->syms[lo - 1].size))
			s = &u->syms[--lo];
		snprintf(sym, len, "%s", s->name);
		*sym_off = vaddr - s->addr;
		return true;
	}
	return false;
}

void stack_cache_free(void)
{
	size_t i;

	for (i = 0; i < UELF_CACHE; i++)
		uelf_free(&uelfs[i]);
	for (i = 0; i < ks.n; i++) {
		free(ks.v[i].name);
		free(ks.v[i].module);
	}
	free(ks.v);
	memset(&ks, 0, sizeof(ks));
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

void stack_json(struct jw *w, const char *key, const uint8_t *stack, int32_t len, bool user, uint32_t pid)
{
	uint64_t ips[TPC_STACK_DEPTH] = { 0 };
	struct umap *maps = NULL;
	size_t i, j, n_maps = 0;

	if (len <= 0)
		return;
	/* bpf_get_stack() wrote len bytes of whole addresses, zeroed the rest (the event may be unaligned) */
	memcpy(ips, stack, (size_t)len < sizeof(ips) ? (size_t)len : sizeof(ips));
	if (user) {
		maps = calloc(1024, sizeof(*maps));
		if (maps)
			n_maps = read_maps(pid, maps, 1024);
		uelf_keep_after = uelf_tick;	/* what this stack looks up stays cached until it is printed */
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

			if (!maps[j].looked_up) {	/* once per mapping and stack, not per frame */
				maps[j].elf = uelf_get(maps[j].path);
				maps[j].looked_up = true;
			}
			if (maps[j].elf &&
			    elf_symbol(maps[j].elf, ips[i] - back - maps[j].start + maps[j].off, sym, sizeof(sym), &off))
				frame_json(w, ips[i], off + back, sym, maps[j].path);
			else
				frame_json(w, ips[i], 0, NULL, maps[j].path);
		} else {
			frame_json(w, ips[i], 0, NULL, NULL);
		}
	}
	jw_arr_close(w);
	free(maps);
}

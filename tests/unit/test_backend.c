// SPDX-License-Identifier: Apache-2.0
/*
 * The back end: C in memory -> BPF object, with its own tiny prelude, so these
 * tests do not depend on the templates or the lowering passes.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

#include <cmocka.h>
#include <bpf/libbpf.h>
#include <gelf.h>
#include <libelf.h>

#include "backend.h"

static const char mini_h[] =
	"#pragma once\n"
	"#define SEC(name) __attribute__((section(name), used))\n"
	"#define __uint(name, val) int (*name)[val]\n"
	"#define __type(name, val) typeof(val) *name\n"
	"typedef unsigned char __u8;\n"
	"typedef unsigned int __u32;\n"
	"typedef int __s32;\n"
	"typedef unsigned long long __u64;\n"
	"typedef long long __s64;\n"
	"enum { BPF_MAP_TYPE_ARRAY = 2, BPF_MAP_TYPE_RINGBUF = 27 };\n"
	"static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;\n"
	"static __u64 (*bpf_get_current_pid_tgid)(void) = (void *)14;\n"
	"static long (*bpf_send_signal)(__u32 sig) = (void *)109;\n"
	"static long (*bpf_probe_read_kernel)(void *dst, __u32 size, const void *src) = (void *)113;\n"
	"static __u64 (*bpf_get_current_task)(void) = (void *)35;\n"
	"static void *(*bpf_ringbuf_reserve)(void *rb, __u64 size, __u64 flags) = (void *)131;\n"
	"static void (*bpf_ringbuf_submit)(void *data, __u64 flags) = (void *)132;\n";

static const struct tpc_vfile mini_headers[] = {
	{ "/tpc/include/mini.h", mini_h, sizeof(mini_h) - 1 },
};

static const char tiny_src[] =
	"#include <mini.h>\n"
	"\n"
	"char LICENSE[] SEC(\"license\") = \"GPL\";\n"
	"\n"
	"SEC(\"tracepoint/syscalls/sys_enter_lseek\")\n"
	"int tpc_lseek_0(void *ctx)\n"
	"{\n"
	"\treturn 0;\n"
	"}\n";

static const char core_src[] =
	"#include <mini.h>\n"
	"\n"
	"char LICENSE[] SEC(\"license\") = \"GPL\";\n"
	"\n"
	"struct task_struct {\n"
	"\tint pid;\n"
	"\tint tgid;\n"
	"} __attribute__((preserve_access_index));\n"
	"\n"
	"SEC(\"tracepoint/syscalls/sys_enter_lseek\")\n"
	"int tpc_lseek_0(void *ctx)\n"
	"{\n"
	"\tstruct task_struct *t = (void *)bpf_get_current_task();\n"
	"\tint tgid = 0;\n"
	"\n"
	"\tbpf_probe_read_kernel(&tgid, sizeof(tgid), __builtin_preserve_access_index(&t->tgid));\n"
	"\treturn tgid == 1;\n"
	"}\n";

/* About 100 lines in the shape cgen produces: shadow types, maps, a selector. */
static const char medium_src[] =
	"#include <mini.h>\n"
	"\n"
	"char LICENSE[] SEC(\"license\") = \"GPL\";\n"
	"\n"
	"struct file;\n"
	"struct qstr { __u32 len; const unsigned char *name; } __attribute__((preserve_access_index));\n"
	"struct dentry {\n"
	"\tstruct dentry *d_parent;\n"
	"\tstruct qstr d_name;\n"
	"} __attribute__((preserve_access_index));\n"
	"struct path { struct dentry *dentry; } __attribute__((preserve_access_index));\n"
	"struct task_struct {\n"
	"\tint pid;\n"
	"\tint tgid;\n"
	"\tstruct task_struct *real_parent;\n"
	"\tchar comm[16];\n"
	"} __attribute__((preserve_access_index));\n"
	"\n"
	"struct event {\n"
	"\t__u32 kind;\n"
	"\t__u32 pid;\n"
	"\t__u32 ppid;\n"
	"\t__s32 fd;\n"
	"\t__s64 off;\n"
	"\t__u32 whence;\n"
	"\tchar comm[16];\n"
	"\tchar name[64];\n"
	"};\n"
	"\n"
	"struct {\n"
	"\t__uint(type, BPF_MAP_TYPE_RINGBUF);\n"
	"\t__uint(max_entries, 1 << 16);\n"
	"} events SEC(\".maps\");\n"
	"\n"
	"struct {\n"
	"\t__uint(type, BPF_MAP_TYPE_ARRAY);\n"
	"\t__uint(max_entries, 1);\n"
	"\t__type(key, __u32);\n"
	"\t__type(value, __u64);\n"
	"} counters SEC(\".maps\");\n"
	"\n"
	"const volatile __u32 target_tgid = 0;\n"
	"\n"
	"struct sys_enter_lseek_args {\n"
	"\t__u64 common;\n"
	"\t__s64 nr;\n"
	"\t__u64 fd;\n"
	"\t__u64 offset;\n"
	"\t__u64 whence;\n"
	"};\n"
	"\n"
	"static __attribute__((always_inline)) int read_comm(struct task_struct *t, char *dst)\n"
	"{\n"
	"\treturn bpf_probe_read_kernel(dst, 16, __builtin_preserve_access_index(&t->comm));\n"
	"}\n"
	"\n"
	"static __attribute__((always_inline)) __u32 parent_tgid(struct task_struct *t)\n"
	"{\n"
	"\tstruct task_struct *p = 0;\n"
	"\t__u32 tgid = 0;\n"
	"\n"
	"\tbpf_probe_read_kernel(&p, sizeof(p), __builtin_preserve_access_index(&t->real_parent));\n"
	"\tif (!p)\n"
	"\t\treturn 0;\n"
	"\tbpf_probe_read_kernel(&tgid, sizeof(tgid), __builtin_preserve_access_index(&p->tgid));\n"
	"\treturn tgid;\n"
	"}\n"
	"\n"
	"/* lseek.yaml:14 */\n"
	"static __attribute__((always_inline)) int sel_lseek_0(const struct sys_enter_lseek_args *a)\n"
	"{\n"
	"\tif ((__s32)a->fd != -1)\n"
	"\t\treturn 0;\n"
	"\tif ((__u32)a->whence != 4444 && (__u32)a->whence != 5555)\n"
	"\t\treturn 0;\n"
	"\treturn 1;\n"
	"}\n"
	"\n"
	"SEC(\"tracepoint/syscalls/sys_enter_lseek\")\n"
	"int tpc_lseek_0(struct sys_enter_lseek_args *a)\n"
	"{\n"
	"\tstruct task_struct *t = (void *)bpf_get_current_task();\n"
	"\t__u64 pid_tgid = bpf_get_current_pid_tgid();\n"
	"\t__u32 key = 0;\n"
	"\t__u64 *cnt;\n"
	"\tstruct event *e;\n"
	"\n"
	"\tif (target_tgid && (pid_tgid >> 32) != target_tgid)\n"
	"\t\treturn 0;\n"
	"\tif (!sel_lseek_0(a))\n"
	"\t\treturn 0;\n"
	"\tcnt = bpf_map_lookup_elem(&counters, &key);\n"
	"\tif (cnt)\n"
	"\t\t__sync_fetch_and_add(cnt, 1);\n"
	"\te = bpf_ringbuf_reserve(&events, sizeof(*e), 0);\n"
	"\tif (!e)\n"
	"\t\treturn 0;\n"
	"\te->kind = 1;\n"
	"\te->pid = pid_tgid >> 32;\n"
	"\te->ppid = parent_tgid(t);\n"
	"\te->fd = (__s32)a->fd;\n"
	"\te->off = (__s64)a->offset;\n"
	"\te->whence = (__u32)a->whence;\n"
	"\tread_comm(t, e->comm);\n"
	"\t__builtin_memset(e->name, 0, sizeof(e->name));\n"
	"\tbpf_ringbuf_submit(e, 0);\n"
	"\tbpf_send_signal(9);\n"
	"\treturn 0;\n"
	"}\n";

static const unsigned char meta[] = { 'T', 'P', 'C', 'M', 1, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 0 };

static struct tpc_cc_opts opts_for(const char *src, const char *vpath)
{
	struct tpc_cc_opts o = {
		.src = src,
		.src_len = strlen(src),
		.vpath = vpath,
		.headers = mini_headers,
		.n_headers = 1,
		.meta = meta,
		.meta_len = sizeof(meta),
	};
	return o;
}

static int compile(const char *src, const char *vpath, void **obj, size_t *len, char **diag)
{
	struct tpc_cc_opts o = opts_for(src, vpath);

	return tpc_cc_compile(&o, obj, len, diag);
}

/* Returns the bytes of section name in an ELF image, or NULL. */
static const void *elf_section(const void *obj, size_t len, const char *name, size_t *size)
{
	const void *found = NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf *elf;

	assert_int_not_equal(elf_version(EV_CURRENT), EV_NONE);
	elf = elf_memory((char *)obj, len);
	assert_non_null(elf);
	assert_int_equal(elf_getshdrstrndx(elf, &shstrndx), 0);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		assert_non_null(gelf_getshdr(scn, &sh));
		if (strcmp(elf_strptr(elf, shstrndx, sh.sh_name), name))
			continue;
		d = elf_getdata(scn, NULL);
		assert_non_null(d);
		*size = d->d_size;
		found = d->d_buf;
		break;
	}
	elf_end(elf);
	return found;
}

static void test_tiny_compiles(void **state)
{
	void *obj = NULL, *obj2 = NULL;
	size_t len = 0, len2 = 0, meta_size = 0;
	char *diag = NULL, *diag2 = NULL;
	char cwd[4096];
	const void *sec;

	assert_int_equal(compile(tiny_src, "/tpc/tiny.bpf.c", &obj, &len, &diag), 0);
	if (diag)
		fail_msg("unexpected diagnostics: %s", diag);
	assert_true(len > 64);
	assert_memory_equal(obj, "\x7f" "ELF", 4);

	/* Neither the cwd nor the environment may leak into the object. */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir("/"), 0);
	setenv("CPATH", "/usr/include", 1);
	assert_int_equal(compile(tiny_src, "/tpc/tiny.bpf.c", &obj2, &len2, &diag2), 0);
	unsetenv("CPATH");
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(obj, obj2, len);

	sec = elf_section(obj, len, ".tpc.meta", &meta_size);
	assert_non_null(sec);
	assert_int_equal(meta_size, sizeof(meta));
	assert_memory_equal(sec, meta, sizeof(meta));

	free(obj);
	free(obj2);
	free(diag);
	free(diag2);
}

static void test_libbpf_opens(void **state)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "tiny");
	struct bpf_object *bo;
	struct bpf_program *prog;
	void *obj = NULL;
	size_t len = 0;
	char *diag = NULL;

	assert_int_equal(compile(medium_src, "/tpc/medium.bpf.c", &obj, &len, &diag), 0);
	bo = bpf_object__open_mem(obj, len, &oo);
	assert_non_null(bo);
	assert_int_equal(libbpf_get_error(bo), 0);
	prog = bpf_object__find_program_by_name(bo, "tpc_lseek_0");
	assert_non_null(prog);
	assert_string_equal(bpf_program__section_name(prog), "tracepoint/syscalls/sys_enter_lseek");
	assert_non_null(bpf_object__find_map_by_name(bo, "events"));
	bpf_object__close(bo);
	free(obj);
	free(diag);
}

static void test_syntax_error(void **state)
{
	static const char bad[] =
		"#include <mini.h>\n"
		"int f(void)\n"
		"{ return 0 }\n";
	void *obj = NULL;
	size_t len = 0;
	char *diag = NULL;

	assert_int_equal(compile(bad, "/tpc/bad.bpf.c", &obj, &len, &diag), -EINVAL);
	assert_null(obj);
	assert_non_null(diag);
	assert_non_null(strstr(diag, "/tpc/bad.bpf.c:3:"));
	assert_non_null(strstr(diag, "error"));
	free(diag);
}

/* -nostdinc and the in-memory file system: the host's headers are invisible. */
static void test_no_real_headers(void **state)
{
	static const char src[] = "#include <stdint.h>\nint x;\n";
	void *obj = NULL;
	size_t len = 0;
	char *diag = NULL;

	assert_int_equal(compile(src, "/tpc/inc.bpf.c", &obj, &len, &diag), -EINVAL);
	assert_non_null(diag);
	assert_non_null(strstr(diag, "/tpc/inc.bpf.c:1:10: fatal error: 'stdint.h' file not found"));
	free(diag);
}

/* Pitfall 1 of TOOLCHAIN.md: only safe because every compile has its own process. */
static void test_core_twice(void **state)
{
	for (int i = 0; i < 2; i++) {
		void *obj = NULL;
		size_t len = 0, btf_ext_len = 0;
		char *diag = NULL;

		assert_int_equal(compile(core_src, "/tpc/core.bpf.c", &obj, &len, &diag), 0);
		assert_non_null(elf_section(obj, len, ".BTF.ext", &btf_ext_len));
		free(obj);
		free(diag);
	}
}

static void test_backend_error(void **state)
{
	/* Signed division needs -mcpu=v4: the backend, not clang, rejects this. */
	static const char src[] =
		"#include <mini.h>\n"
		"SEC(\"tracepoint/x/y\")\n"
		"int p(void *ctx) { long x = (long)ctx; return x / -3; }\n";
	void *obj = NULL;
	size_t len = 0;
	char *diag = NULL;
	int err = compile(src, "/tpc/sdiv.bpf.c", &obj, &len, &diag);

	assert_int_equal(err, -EINVAL);
	assert_null(obj);
	assert_non_null(diag);
	assert_non_null(strstr(diag, "/tpc/sdiv.bpf.c:3:"));
	assert_non_null(strstr(diag, ": error: in function p"));
	free(diag);
}

static double ms_of(struct timeval tv)
{
	return tv.tv_sec * 1e3 + tv.tv_usec / 1e3;
}

static void test_measure(void **state)
{
	struct timespec t0, t1;
	struct rusage c0, c1, s0, s1;
	void *obj = NULL;
	size_t len = 0;
	char *diag = NULL;
	int lines = 0;

	for (const char *p = medium_src; *p; p++)
		lines += *p == '\n';
	getrusage(RUSAGE_CHILDREN, &c0);
	getrusage(RUSAGE_SELF, &s0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(compile(medium_src, "/tpc/medium.bpf.c", &obj, &len, &diag), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_CHILDREN, &c1);
	getrusage(RUSAGE_SELF, &s1);

	printf("backend: %d-line program -> %zu-byte object: %.1f ms wall, %.1f ms CPU "
	       "(child %.1f user+sys)\n", lines, len,
	       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6,
	       ms_of(c1.ru_utime) - ms_of(c0.ru_utime) + ms_of(c1.ru_stime) - ms_of(c0.ru_stime) +
	       ms_of(s1.ru_utime) - ms_of(s0.ru_utime) + ms_of(s1.ru_stime) - ms_of(s0.ru_stime),
	       ms_of(c1.ru_utime) - ms_of(c0.ru_utime) + ms_of(c1.ru_stime) - ms_of(c0.ru_stime));
	free(obj);
	free(diag);
}

static int quiet_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiny_compiles),
		cmocka_unit_test(test_libbpf_opens),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_no_real_headers),
		cmocka_unit_test(test_core_twice),
		cmocka_unit_test(test_backend_error),
		cmocka_unit_test(test_measure),
	};

	libbpf_set_print(quiet_libbpf);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The back end: generated C in memory -> BPF ELF object in memory.
 *
 * cc.cpp runs the clang 19 front end on an in-memory file system and hands
 * back an LLVM module; emit.c runs the O2 pipeline with the BPF target
 * machine, emits the object and adds the ".tpc.meta" section.
 */
#ifndef TPC_BACKEND_H
#define TPC_BACKEND_H

#include <stddef.h>

/* A file served to clang from memory. */
struct tpc_vfile {
	const char *path;	/* absolute virtual path, e.g. "/tpc/include/tpc_event.h" */
	const char *data;
	size_t len;
};

struct tpc_cc_opts {
	const char *src;		/* generated C, not NUL-terminated necessarily */
	size_t src_len;
	const char *vpath;		/* virtual path of the main file, e.g. "/tpc/lseek-kill.bpf.c" */
	const struct tpc_vfile *headers;	/* served from memory; "-I/tpc/include" is passed */
	size_t n_headers;
	const void *meta;		/* bytes for section ".tpc.meta", may be NULL */
	size_t meta_len;
};

/*
 * Compile opts->src to a BPF object. On success returns 0 and sets *obj (malloc'd,
 * caller frees) and *obj_len. On a compile error returns -EINVAL and sets *diag to a
 * malloc'd text with clang's diagnostics. Other failures return -errno and may set *diag
 * (-EIO with "internal compiler error: ..." when clang/LLVM crashed or failed inside).
 * On success *diag holds the warnings, or is NULL. Always free(*diag).
 * Each call runs in a forked child, so LLVM state never leaks between compiles
 * and an LLVM crash is reported as an error instead of taking tpc down.
 */
int tpc_cc_compile(const struct tpc_cc_opts *opts, void **obj, size_t *obj_len, char **diag);

#endif /* TPC_BACKEND_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tpc: the compilation context shared by every pass.
 *
 * One arena per compilation owns the AST, the IR, strings and generated
 * text; it is freed once at the end. Diagnostics are collected in the
 * context and printed by the driver; a pass reports every error it can find
 * and returns -EINVAL, and the driver stops before the next pass.
 */
#ifndef TPC_H
#define TPC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* --- arena --------------------------------------------------------------- */

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;	/* bytes used in head */
	size_t cap;	/* capacity of head */
	size_t total;	/* all bytes handed out, for statistics */
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Zeroed, 16-byte aligned; aborts on out-of-memory (a compiler cannot go on). */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Grow an arena array of *cap elements of size elem to hold at least n. */
void *arena_grow(struct arena *a, void *ptr, int *cap, int n, size_t elem);

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))
#define ARENA_PUSH(a, arr, n, cap) \
	((arr) = arena_grow((a), (arr), &(cap), (n) + 1, sizeof(*(arr))), &(arr)[(n)++])

/* A growable text buffer living in an arena (the one emitter for generated text). */
struct strbuf {
	struct arena *arena;
	char *buf;
	size_t len, cap;
};

void sb_init(struct strbuf *sb, struct arena *a);
void sb_putn(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);

/* --- source locations and diagnostics ------------------------------------ */

struct src_file {
	const char *name;	/* as given on the command line */
	const char *text;	/* whole file, NUL-terminated */
	size_t len;
};

struct loc {
	const struct src_file *file;
	int line;	/* 1-based; 0 = no location */
	int col;	/* 1-based */
	int len;	/* characters to underline, >= 1 */
};

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };
enum diag_format { DIAG_FMT_GCC, DIAG_FMT_JSON, DIAG_FMT_GITHUB };

struct diag {
	enum diag_level level;
	struct loc loc;
	const char *msg;
};

struct tpc_ctx {
	struct arena arena;
	struct diag *diags;
	int n_diags, cap_diags;
	int n_errors;
	enum diag_format diag_format;
	bool color;
	FILE *diag_out;
};

void tpc_ctx_init(struct tpc_ctx *ctx);
void tpc_ctx_fini(struct tpc_ctx *ctx);

void diag_report(struct tpc_ctx *ctx, enum diag_level level, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define diag_error(ctx, loc, ...) diag_report((ctx), DIAG_ERROR, (loc), __VA_ARGS__)
#define diag_warning(ctx, loc, ...) diag_report((ctx), DIAG_WARNING, (loc), __VA_ARGS__)
#define diag_note(ctx, loc, ...) diag_report((ctx), DIAG_NOTE, (loc), __VA_ARGS__)
/* Print and forget the diagnostics collected so far. */
void diag_flush(struct tpc_ctx *ctx);
/* The closest of names[0..n) to s by edit distance, or NULL if none is close. */
const char *diag_suggest(const char *s, const char *const *names, int n);

/* Read a whole file into the arena. Returns 0 or -errno. */
int src_file_read(struct tpc_ctx *ctx, const char *path, struct src_file **out);
struct src_file *src_file_from_mem(struct tpc_ctx *ctx, const char *name, const char *text, size_t len);

#endif /* TPC_H */

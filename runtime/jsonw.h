/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small JSON writer into a growable buffer, in the spirit of bpftool's
 * json_writer: the caller builds one JSON document (one event, one report)
 * and writes it with a single fwrite, so lines never interleave.
 *
 * Strings are escaped carefully because they come from the kernel or from
 * /proc and can contain anything: quotes, backslashes and control characters
 * are escaped, invalid UTF-8 becomes U+FFFD, valid UTF-8 passes through.
 * Out of memory is sticky (jw->oom) and checked once by the caller.
 */
#ifndef TPC_JSONW_H
#define TPC_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JW_MAX_DEPTH 32

struct jw {
	char *buf;
	size_t len;
	size_t cap;
	int depth;
	bool first[JW_MAX_DEPTH];	/* no member written yet at this level */
	bool after_key;			/* the next value follows a key */
	bool oom;
};

void jw_init(struct jw *w);
void jw_reset(struct jw *w);
void jw_free(struct jw *w);

void jw_obj_open(struct jw *w);
void jw_obj_close(struct jw *w);
void jw_arr_open(struct jw *w);
void jw_arr_close(struct jw *w);
void jw_key(struct jw *w, const char *key);

void jw_str(struct jw *w, const char *s);
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, int64_t v);
void jw_uint(struct jw *w, uint64_t v);
void jw_bool(struct jw *w, bool v);

/* key + value shorthands */
void jw_kv_str(struct jw *w, const char *key, const char *s);
void jw_kv_int(struct jw *w, const char *key, int64_t v);
void jw_kv_uint(struct jw *w, const char *key, uint64_t v);

/* Append raw bytes, for example a trailing newline. */
void jw_raw(struct jw *w, const char *s, size_t n);

/* Append the escaped body of a JSON string (no quotes) for s[0..n). */
void jw_escape(struct jw *w, const char *s, size_t n);

#endif /* TPC_JSONW_H */

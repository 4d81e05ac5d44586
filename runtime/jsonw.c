// SPDX-License-Identifier: Apache-2.0
/* A small JSON writer; see jsonw.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

void jw_init(struct jw *w)
{
	memset(w, 0, sizeof(*w));
	w->first[0] = true;
}

void jw_reset(struct jw *w)
{
	w->len = 0;
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
	w->oom = false;
}

void jw_free(struct jw *w)
{
	free(w->buf);
	jw_init(w);
}

static bool jw_reserve(struct jw *w, size_t n)
{
	size_t cap;
	char *p;

	if (w->oom)
		return false;
	if (w->len + n + 1 <= w->cap)
		return true;
	cap = w->cap ? w->cap : 256;
	while (cap < w->len + n + 1)
		cap *= 2;
	p = realloc(w->buf, cap);
	if (!p) {
		w->oom = true;
		return false;
	}
	w->buf = p;
	w->cap = cap;
	return true;
}

void jw_raw(struct jw *w, const char *s, size_t n)
{
	if (!jw_reserve(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void jw_putc(struct jw *w, char c)
{
	jw_raw(w, &c, 1);
}

/* Comma handling before a value or a key. */
static void jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		jw_putc(w, ',');
	w->first[w->depth] = false;
}

static void jw_open(struct jw *w, char c)
{
	jw_sep(w);
	jw_putc(w, c);
	if (w->depth + 1 >= JW_MAX_DEPTH) {
		/* a programming error in the caller, not a data problem */
		fprintf(stderr, "jsonw: nesting deeper than %d\n", JW_MAX_DEPTH);
		abort();
	}
	w->first[++w->depth] = true;
}

static void jw_close(struct jw *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	jw_putc(w, c);
}

void jw_obj_open(struct jw *w) { jw_open(w, '{'); }
void jw_obj_close(struct jw *w) { jw_close(w, '}'); }
void jw_arr_open(struct jw *w) { jw_open(w, '['); }
void jw_arr_close(struct jw *w) { jw_close(w, ']'); }

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if invalid:
 * no overlong forms, no surrogates, nothing above U+10FFFF (RFC 3629).
 */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

void jw_escape(struct jw *w, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	char tmp[8];
	size_t i = 0, len;

	while (i < n) {
		unsigned char c = s[i];

		switch (c) {
		case '"':  jw_raw(w, "\\\"", 2); i++; continue;
		case '\\': jw_raw(w, "\\\\", 2); i++; continue;
		case '\n': jw_raw(w, "\\n", 2); i++; continue;
		case '\r': jw_raw(w, "\\r", 2); i++; continue;
		case '\t': jw_raw(w, "\\t", 2); i++; continue;
		case '\b': jw_raw(w, "\\b", 2); i++; continue;
		case '\f': jw_raw(w, "\\f", 2); i++; continue;
		default:
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);
			jw_raw(w, tmp, 6);
			i++;
			continue;
		}
		len = utf8_seq_len(s + i, n - i);
		if (!len) {
			jw_raw(w, "\\ufffd", 6);
			i++;
			continue;
		}
		jw_raw(w, (const char *)s + i, len);
		i += len;
	}
}

void jw_key(struct jw *w, const char *key)
{
	jw_sep(w);
	jw_putc(w, '"');
	jw_escape(w, key, strlen(key));
	jw_raw(w, "\":", 2);
	w->after_key = true;
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	jw_sep(w);
	jw_putc(w, '"');
	jw_escape(w, s, n);
	jw_putc(w, '"');
}

void jw_str(struct jw *w, const char *s)
{
	jw_strn(w, s ? s : "", s ? strlen(s) : 0);
}

void jw_int(struct jw *w, int64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%" PRId64, v);

	jw_sep(w);
	jw_raw(w, tmp, (size_t)n);
}

void jw_uint(struct jw *w, uint64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%" PRIu64, v);

	jw_sep(w);
	jw_raw(w, tmp, (size_t)n);
}

void jw_bool(struct jw *w, bool v)
{
	jw_sep(w);
	if (v)
		jw_raw(w, "true", 4);
	else
		jw_raw(w, "false", 5);
}

void jw_kv_str(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_kv_int(struct jw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kv_uint(struct jw *w, const char *key, uint64_t v)
{
	jw_key(w, key);
	jw_uint(w, v);
}

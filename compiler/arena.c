// SPDX-License-Identifier: Apache-2.0
/* The per-compilation arena and the text buffer built on it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpc.h"

struct arena_block {
	struct arena_block *next;
	max_align_t data[];
};

#define ARENA_BLOCK (64 * 1024)

void arena_init(struct arena *a)
{
	memset(a, 0, sizeof(*a));
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
	memset(a, 0, sizeof(*a));
}

void *arena_alloc(struct arena *a, size_t size)
{
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (!a->head || a->used + size > a->cap) {
		size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
		struct arena_block *b = malloc(sizeof(*b) + cap);

		if (!b) {
			fprintf(stderr, "tpc: out of memory\n");
			abort();
		}
		b->next = a->head;
		a->head = b;
		a->used = 0;
		a->cap = cap;
	}
	p = (char *)a->head->data + a->used;
	a->used += size;
	a->total += size;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *ptr, int *cap, int n, size_t elem)
{
	void *p;
	int ncap;

	if (n <= *cap)
		return ptr;
	ncap = *cap ? *cap * 2 : 4;
	while (ncap < n)
		ncap *= 2;
	p = arena_alloc(a, (size_t)ncap * elem);
	if (ptr)
		memcpy(p, ptr, (size_t)*cap * elem);
	*cap = ncap;
	return p;
}

void sb_init(struct strbuf *sb, struct arena *a)
{
	memset(sb, 0, sizeof(*sb));
	sb->arena = a;
}

void sb_putn(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		size_t ncap = sb->cap ? sb->cap * 2 : 256;
		char *p;

		while (ncap < sb->len + n + 1)
			ncap *= 2;
		p = arena_alloc(sb->arena, ncap);
		if (sb->buf)
			memcpy(p, sb->buf, sb->len);
		sb->buf = p;
		sb->cap = ncap;
	}
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}

void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	char tmp[512];
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap2);
	va_end(ap2);
	if ((size_t)n < sizeof(tmp)) {
		sb_putn(sb, tmp, (size_t)n);
	} else {
		char *p = arena_vprintf(sb->arena, fmt, ap);

		sb_putn(sb, p, (size_t)n);
	}
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

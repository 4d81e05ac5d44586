// SPDX-License-Identifier: Apache-2.0
/*
 * irdiff: `tpc diff old new` in IR terms. Both policies are printed with the
 * IR printer, so every field the kernel sees takes part and a field added to
 * the IR takes part without a change here. What does not change what the
 * kernel does is left out: comments, YAML locations, the source file's name
 * and hash. Hooks are paired by kind and function, selectors by position
 * (their order is evaluation order), and the lines of each pair are
 * compared with a longest-common-subsequence diff.
 */
#include <string.h>

#include "irtext.h"

struct lines {
	const char **v;
	int n, cap;
};

struct section {	/* a hook: its own lines, then one struct lines per selector */
	const char *key;	/* "hook kprobe \"f\"" without the id */
	const char *title;
	struct lines own;
	struct lines *sels;
	int n_sels, cap_sels;
	bool matched;
};

struct doc {
	struct lines header;
	struct section *hooks;
	int n_hooks, cap_hooks;
};

static bool starts(const char *s, const char *word)
{
	size_t n = strlen(word);

	return !strncmp(s, word, n) && (s[n] == ' ' || s[n] == '\0');
}

/* One IR line without indentation and without its trailing " @line:col". */
static const char *normalize(struct arena *a, const char *s, size_t len)
{
	size_t end = len, i;

	while (len && (*s == '\t' || *s == ' '))
		s++, len--, end--;
	i = end;
	while (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == ':'))
		i--;
	if (i >= 2 && i < end && s[i - 1] == '@' && s[i - 2] == ' ')
		end = i - 2;
	return arena_strndup(a, s, end);
}

static void split(struct tpc_ctx *ctx, const char *text, struct doc *d)
{
	struct arena *a = &ctx->arena;
	struct section *h = NULL;
	struct lines *cur = &d->header;
	const char *p = text;

	memset(d, 0, sizeof(*d));
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *l = normalize(a, p, len);

		p += len + (eol ? 1 : 0);
		if (!*l || *l == ';' || starts(l, "source") || starts(l, "source_base") || starts(l, "sha256"))
			continue;
		if (starts(l, "hook")) {
			const char *rest = strchr(l + 5, ' ');

			h = ARENA_PUSH(a, d->hooks, d->n_hooks, d->cap_hooks);
			h->key = arena_printf(a, "hook%s", rest ? rest : "");
			h->title = h->key;
			cur = &h->own;
		} else if (starts(l, "selector") && h) {
			cur = ARENA_PUSH(a, h->sels, h->n_sels, h->cap_sels);
		}
		*ARENA_PUSH(a, cur->v, cur->n, cur->cap) = l;
	}
}

/* Print the differences between two line lists; returns true if any. */
static bool diff_lines(struct tpc_ctx *ctx, struct strbuf *sb, const char *title, const struct lines *x,
		       const struct lines *y)
{
	int n = x->n, m = y->n, i, j;
	int *lcs = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1) * (size_t)(m + 1));
	bool any = false;

#define L(i, j) lcs[(i) * (m + 1) + (j)]
	for (i = n - 1; i >= 0; i--)
		for (j = m - 1; j >= 0; j--)
			L(i, j) = !strcmp(x->v[i], y->v[j]) ? L(i + 1, j + 1) + 1 :
				  L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1);
	for (i = 0, j = 0; i < n || j < m;) {
		if (i < n && j < m && !strcmp(x->v[i], y->v[j])) {
			i++, j++;
			continue;
		}
		if (!any)
			sb_printf(sb, "@@ %s @@\n", title);
		any = true;
		if (i < n && (j == m || L(i + 1, j) >= L(i, j + 1)))
			sb_printf(sb, "-%s\n", x->v[i++]);
		else
			sb_printf(sb, "+%s\n", y->v[j++]);
	}
#undef L
	return any;
}

static const struct lines no_lines;

static bool diff_hook(struct tpc_ctx *ctx, struct strbuf *sb, const struct section *x, const struct section *y)
{
	const struct section *s = x ? x : y;
	const char *state = !x ? " (added)" : !y ? " (removed)" : "";
	bool any;
	int nx = x ? x->n_sels : 0, ny = y ? y->n_sels : 0, n = nx > ny ? nx : ny, i;

	any = diff_lines(ctx, sb, arena_printf(&ctx->arena, "%s%s", s->title, state), x ? &x->own : &no_lines,
			 y ? &y->own : &no_lines);
	for (i = 0; i < n; i++) {
		const struct lines *a = x && i < x->n_sels ? &x->sels[i] : &no_lines;
		const struct lines *b = y && i < y->n_sels ? &y->sels[i] : &no_lines;

		any |= diff_lines(ctx, sb, arena_printf(&ctx->arena, "%s, selector %d%s", s->title, i,
						       !a->n ? " (added)" : !b->n ? " (removed)" : ""), a, b);
	}
	return any;
}

bool ir_diff(struct strbuf *sb, struct tpc_ctx *ctx, const struct ir_policy *a, const struct ir_policy *b)
{
	struct strbuf ta, tb;
	struct doc x, y;
	size_t start = sb->len;
	bool any;
	int i, j;

	sb_init(&ta, &ctx->arena);
	sb_init(&tb, &ctx->arena);
	ir_print(&ta, a);
	ir_print(&tb, b);
	split(ctx, ta.buf, &x);
	split(ctx, tb.buf, &y);
	sb_printf(sb, "--- %s\n+++ %s\n", a->source, b->source);
	any = diff_lines(ctx, sb, "policy", &x.header, &y.header);
	/* pair hooks by kind and function, in order; the rest are removed or added */
	for (i = 0; i < x.n_hooks; i++) {
		struct section *match = NULL;

		for (j = 0; j < y.n_hooks && !match; j++)
			if (!y.hooks[j].matched && !strcmp(x.hooks[i].key, y.hooks[j].key))
				match = &y.hooks[j];
		if (match)
			match->matched = true;
		any |= diff_hook(ctx, sb, &x.hooks[i], match);
	}
	for (j = 0; j < y.n_hooks; j++)
		if (!y.hooks[j].matched)
			any |= diff_hook(ctx, sb, NULL, &y.hooks[j]);
	if (!any)
		sb->len = start, sb->buf[start] = '\0';
	return any;
}

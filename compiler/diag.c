// SPDX-License-Identifier: Apache-2.0
/*
 * Diagnostics in the style of clang: "file:line:col: error: msg", the source
 * line and a caret under the offending text. Also JSON lines and GitHub
 * workflow annotations for CI.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tpc.h"

void tpc_ctx_init(struct tpc_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	arena_init(&ctx->arena);
	ctx->diag_out = stderr;
}

void tpc_ctx_fini(struct tpc_ctx *ctx)
{
	arena_free(&ctx->arena);
}

void diag_report(struct tpc_ctx *ctx, enum diag_level level, struct loc loc, const char *fmt, ...)
{
	struct diag *d;
	va_list ap;

	d = ARENA_PUSH(&ctx->arena, ctx->diags, ctx->n_diags, ctx->cap_diags);
	d->level = level;
	d->loc = loc;
	va_start(ap, fmt);
	d->msg = arena_vprintf(&ctx->arena, fmt, ap);
	va_end(ap);
	if (level == DIAG_ERROR)
		ctx->n_errors++;
}

static const char *level_name(enum diag_level l)
{
	switch (l) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	default:
		return "note";
	}
}

/* The text of line `line` (1-based) of f, and its length. */
static const char *src_line(const struct src_file *f, int line, int *len)
{
	const char *p = f->text, *end = f->text + f->len, *eol;
	int l;

	for (l = 1; l < line && p < end; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return NULL;
		p++;
	}
	if (p >= end && line > 1)
		return NULL;
	eol = memchr(p, '\n', (size_t)(end - p));
	*len = (int)((eol ? eol : end) - p);
	if (*len > 0 && p[*len - 1] == '\r')
		(*len)--;
	return p;
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void print_gcc(struct tpc_ctx *ctx, const struct diag *d)
{
	FILE *out = ctx->diag_out;
	const char *text;
	int len, i, width;

	if (d->loc.file && d->loc.line)
		fprintf(out, "%s:%d:%d: ", d->loc.file->name, d->loc.line, d->loc.col);
	fprintf(out, "%s: %s\n", level_name(d->level), d->msg);
	if (!d->loc.file || !d->loc.line)
		return;
	text = src_line(d->loc.file, d->loc.line, &len);
	if (!text)
		return;
	width = fprintf(out, "%5d", d->loc.line);
	fprintf(out, " | ");
	for (i = 0; i < len; i++)
		fputc(text[i] == '\t' ? ' ' : text[i], out);
	fprintf(out, "\n%*s | ", width, "");
	for (i = 1; i < d->loc.col; i++)
		fputc(' ', out);
	fputc('^', out);
	for (i = 1; i < d->loc.len && d->loc.col + i <= len; i++)
		fputc('~', out);
	fputc('\n', out);
}

static void print_json(struct tpc_ctx *ctx, const struct diag *d)
{
	FILE *out = ctx->diag_out;

	fprintf(out, "{\"level\":\"%s\",\"file\":", level_name(d->level));
	json_str(out, d->loc.file ? d->loc.file->name : "");
	fprintf(out, ",\"line\":%d,\"col\":%d,\"message\":", d->loc.line, d->loc.col);
	json_str(out, d->msg);
	fprintf(out, "}\n");
}

/* GitHub workflow commands: message data must escape %, CR and LF. */
static void github_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else
			fputc(*s, out);
	}
}

static void print_github(struct tpc_ctx *ctx, const struct diag *d)
{
	FILE *out = ctx->diag_out;

	fprintf(out, "::%s", d->level == DIAG_ERROR ? "error" : d->level == DIAG_WARNING ? "warning" : "notice");
	if (d->loc.file && d->loc.line)
		fprintf(out, " file=%s,line=%d,col=%d", d->loc.file->name, d->loc.line, d->loc.col);
	fputs("::", out);
	github_escape(out, d->msg);
	fputc('\n', out);
}

void diag_flush(struct tpc_ctx *ctx)
{
	int i;

	for (i = 0; i < ctx->n_diags; i++) {
		switch (ctx->diag_format) {
		case DIAG_FMT_JSON:
			print_json(ctx, &ctx->diags[i]);
			break;
		case DIAG_FMT_GITHUB:
			print_github(ctx, &ctx->diags[i]);
			break;
		default:
			print_gcc(ctx, &ctx->diags[i]);
		}
	}
	fflush(ctx->diag_out);
	ctx->n_diags = 0;
}

static int edit_distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), i, j;
	int row[64];

	if (la >= 63 || lb >= 63)
		return 1000;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		int prev = row[0], tmp;

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			int ca = a[i - 1] | 0x20, cb = b[j - 1] | 0x20; /* case-insensitive */
			int best = prev + (ca != cb);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

const char *diag_suggest(const char *s, const char *const *names, int n)
{
	const char *best = NULL;
	int best_d = 1000, i, max;

	for (i = 0; i < n; i++) {
		int d = edit_distance(s, names[i]);

		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	max = (int)strlen(s) / 3 + 1;
	if (max > 3)
		max = 3;
	return best_d <= max ? best : NULL;
}

struct src_file *src_file_from_mem(struct tpc_ctx *ctx, const char *name, const char *text, size_t len)
{
	struct src_file *f = ARENA_NEW(&ctx->arena, struct src_file);

	f->name = arena_strdup(&ctx->arena, name);
	f->text = arena_strndup(&ctx->arena, text, len);
	f->len = len;
	return f;
}

int src_file_read(struct tpc_ctx *ctx, const char *path, struct src_file **out)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto out_close;
	}
	if (st.st_size > 16 * 1024 * 1024) {
		err = -EFBIG;
		goto out_close;
	}
	buf = arena_alloc(&ctx->arena, (size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out_close;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*out = ARENA_NEW(&ctx->arena, struct src_file);
	(*out)->name = arena_strdup(&ctx->arena, path);
	(*out)->text = buf;
	(*out)->len = got;
out_close:
	close(fd);
	return err;
}

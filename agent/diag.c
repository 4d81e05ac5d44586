// SPDX-License-Identifier: Apache-2.0
/*
 * tpc-agent's error reporting: one line of text, or one JSON object per
 * line built with runtime/jsonw.c (so messages quoting kernel or file data
 * stay valid UTF-8) and written with a single fwrite.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "jsonw.h"

static bool diag_json;

void diag_set_json(bool json)
{
	diag_json = json;
}

bool diag_is_json(void)
{
	return diag_json;
}

static void emit_json(const char *level, const struct diag *d, const char *msg)
{
	struct jw w;
	size_t i;

	jw_init(&w);
	jw_obj_open(&w);
	jw_kv_str(&w, level, msg);
	if (d->object)
		jw_kv_str(&w, "object", d->object);
	if (d->policy)
		jw_kv_str(&w, "policy", d->policy);
	if (d->hook)
		jw_kv_str(&w, "hook", d->hook);
	if (d->hook_id >= 0)
		jw_kv_int(&w, "hook_id", d->hook_id);
	if (d->program)
		jw_kv_str(&w, "program", d->program);
	if (d->lines_key) {
		jw_key(&w, d->lines_key);
		jw_arr_open(&w);
		for (i = 0; i < d->n_lines; i++)
			jw_str(&w, d->lines[i]);
		jw_arr_close(&w);
		if (d->lines_total > d->n_lines) {
			char key[64];

			snprintf(key, sizeof(key), "%s_lines", d->lines_key);
			jw_kv_uint(&w, key, d->lines_total);
		}
	}
	jw_obj_close(&w);
	jw_raw(&w, "\n", 1);
	if (w.oom)
		fprintf(stderr, "{\"%s\":\"out of memory reporting an error\"}\n", level);
	else
		fwrite(w.buf, 1, w.len, stderr);
	jw_free(&w);
}

static void emit_text(const char *level, const struct diag *d, const char *msg)
{
	size_t i;

	fputs("tpc-agent: ", stderr);
	if (level[0] == 'w')
		fputs("warning: ", stderr);
	if (d->object)
		fprintf(stderr, "%s: ", d->object);
	if (d->policy)
		fprintf(stderr, "policy '%s': ", d->policy);
	if (d->hook_id >= 0 && d->hook)
		fprintf(stderr, "hook %d '%s': ", d->hook_id, d->hook);
	else if (d->hook)
		fprintf(stderr, "hook '%s': ", d->hook);
	fprintf(stderr, "%s\n", msg);
	if (d->lines_title && d->n_lines)
		fprintf(stderr, "%s\n", d->lines_title);
	for (i = 0; i < d->n_lines; i++)
		fprintf(stderr, "  %s\n", d->lines[i]);
}

static void report(const char *level, const struct diag *d, const char *fmt, va_list ap)
{
	char *msg = NULL;

	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	flockfile(stderr);	/* agent/notify.c reports from its own thread */
	if (diag_json)
		emit_json(level, d, msg ? msg : fmt);
	else
		emit_text(level, d, msg ? msg : fmt);
	fflush(stderr);
	funlockfile(stderr);
	free(msg);
}

void diag_error(const struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("error", d, fmt, ap);
	va_end(ap);
}

void diag_warn(const struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("warning", d, fmt, ap);
	va_end(ap);
}

void diag_info(const struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("info", d, fmt, ap);
	va_end(ap);
}

void diag_libbpf(const char *msg)
{
	struct jw w;
	size_t n = strlen(msg);

	if (!diag_json) {
		fputs(msg, stderr);
		return;
	}
	while (n && msg[n - 1] == '\n')
		n--;
	jw_init(&w);
	jw_obj_open(&w);
	jw_key(&w, "warning");
	jw_strn(&w, msg, n);
	jw_kv_str(&w, "source", "libbpf");
	jw_obj_close(&w);
	jw_raw(&w, "\n", 1);
	if (!w.oom)
		fwrite(w.buf, 1, w.len, stderr);
	jw_free(&w);
}

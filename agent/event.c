// SPDX-License-Identifier: Apache-2.0
/*
 * Event decoding and printing.
 *
 * JSON is written with runtime/jsonw.c rather than json-c: each line is built
 * in one reused buffer and written with one fwrite (no per-field allocation,
 * lines never interleave), numbers get exactly Tetragon's protojson form
 * (64-bit integers as strings), and strings from the kernel or /proc are
 * escaped so that the output is always valid UTF-8 - json-c passes bytes
 * >= 0x80 through unchecked. json-c is only used to parse the meta.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/types.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "tpc_event.h"

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int event_printer_init(struct event_printer *pr, enum event_output mode, FILE *out,
		       uint64_t limit)
{
	int64_t boot, real;

	memset(pr, 0, sizeof(*pr));
	pr->mode = mode;
	pr->out = out;
	pr->limit = limit;
	jw_init(&pr->w);
	if (gethostname(pr->node_name, sizeof(pr->node_name) - 1))
		snprintf(pr->node_name, sizeof(pr->node_name), "unknown");
	/* the offset between the clocks, measured between two boot-time reads */
	boot = clock_ns(CLOCK_BOOTTIME);
	real = clock_ns(CLOCK_REALTIME);
	boot = (boot + clock_ns(CLOCK_BOOTTIME)) / 2;
	pr->boot_to_real_ns = real - boot;
	return 0;
}

void event_printer_fini(struct event_printer *pr)
{
	jw_free(&pr->w);
}

/* --- pieces --------------------------------------------------------------- */

struct decoded_proc {
	char comm[17];
	/*
	 * The binary is read from /proc/<pid>/exe when the event is decoded, not
	 * when it happened: a process that already exited (for example because
	 * the policy killed it) or exec'd something else in between gives a
	 * wrong or no answer, and then comm is used. Process tracking (exec
	 * events kept in a pid cache, as Tetragon does) comes later.
	 */
	char binary[PATH_MAX];
};

static void decode_proc(const struct tpc_event_hdr *h, struct decoded_proc *p)
{
	char path[64];
	ssize_t n;

	memcpy(p->comm, h->comm, sizeof(h->comm));
	p->comm[sizeof(h->comm)] = '\0';
	snprintf(path, sizeof(path), "/proc/%u/exe", h->pid);
	n = readlink(path, p->binary, sizeof(p->binary) - 1);
	if (n <= 0)
		snprintf(p->binary, sizeof(p->binary), "%s", p->comm);
	else
		p->binary[n] = '\0';
}

/* Tetragon's KprobeAction names, most severe action first. */
static const char *action_name(uint32_t actions, bool short_form)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} acts[] = {
		{ TPC_ACT_OVERRIDE, "KPROBE_ACTION_OVERRIDE" },
		{ TPC_ACT_SIGKILL, "KPROBE_ACTION_SIGKILL" },
		{ TPC_ACT_SIGNAL, "KPROBE_ACTION_SIGNAL" },
	};
	size_t i;

	for (i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (actions & acts[i].bit)
			return short_form ? acts[i].name + 14 : acts[i].name;
	return short_form ? "POST" : "KPROBE_ACTION_POST";
}

struct arg_value {
	bool is_signed;
	bool as_string;		/* protojson prints 64-bit integers as strings */
	int64_t s;
	uint64_t u;
};

/* Narrow the 8-byte slot to the declared width, then widen by sign. */
static void decode_int(const struct meta_arg *a, const uint8_t *ev, struct arg_value *v)
{
	unsigned bits = a->type->width * 8;
	uint64_t raw;

	memcpy(&raw, ev + a->offset, sizeof(raw));
	v->is_signed = a->type->is_signed;
	v->as_string = a->type->width == 8;
	if (bits < 64) {
		raw &= (1ull << bits) - 1;
		if (v->is_signed && (raw & (1ull << (bits - 1))))
			raw |= ~((1ull << bits) - 1);
	}
	v->u = raw;
	v->s = (int64_t)raw;
}

static void format_time_rfc3339(int64_t ns, char *buf, size_t len)
{
	time_t sec = (time_t)(ns / 1000000000);
	long frac = (long)(ns % 1000000000);
	struct tm tm;
	size_t n;

	if (frac < 0) {
		frac += 1000000000;
		sec--;
	}
	gmtime_r(&sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%09ldZ", frac);
}

/* --- JSON ----------------------------------------------------------------- */

static void json_args(struct jw *w, const struct meta_hook *hk, const uint8_t *ev)
{
	struct arg_value v;
	char num[32];
	size_t i;

	if (!hk->n_args)
		return;
	jw_key(w, "args");
	jw_arr_open(w);
	for (i = 0; i < hk->n_args; i++) {
		const struct meta_arg *a = &hk->args[i];

		/* meta.c only lets decodable (integer) types through */
		decode_int(a, ev, &v);
		jw_obj_open(w);
		jw_key(w, a->type->json_key);
		if (v.as_string) {
			if (v.is_signed)
				snprintf(num, sizeof(num), "%" PRId64, v.s);
			else
				snprintf(num, sizeof(num), "%" PRIu64, v.u);
			jw_str(w, num);
		} else if (v.is_signed) {
			jw_int(w, v.s);
		} else {
			jw_uint(w, v.u);
		}
		if (a->label[0])
			jw_kv_str(w, "label", a->label);
		jw_obj_close(w);
	}
	jw_arr_close(w);
}

static void json_policy_fields(struct jw *w, const struct event_src *src,
			       const struct meta_hook *hk, const struct tpc_event_hdr *h)
{
	size_t i;

	jw_kv_str(w, "action", action_name(h->actions, false));
	jw_kv_str(w, "policy_name", src->meta->policy_name);
	if (hk->message[0])
		jw_kv_str(w, "message", hk->message);
	if (hk->n_tags) {
		jw_key(w, "tags");
		jw_arr_open(w);
		for (i = 0; i < hk->n_tags; i++)
			jw_str(w, hk->tags[i]);
		jw_arr_close(w);
	}
	/* not in Tetragon: the enforcement helper failed */
	if (h->flags & TPC_EVF_ACTION_FAILED)
		jw_kv_int(w, "action_error", h->action_ret);
}

static void print_json(struct event_printer *pr, const struct event_src *src,
		       const struct meta_hook *hk, const struct tpc_event_hdr *h,
		       const uint8_t *ev)
{
	static const char *const event_keys[] = {
		[META_HOOK_KPROBE] = "process_kprobe",
		[META_HOOK_TRACEPOINT] = "process_tracepoint",
		[META_HOOK_LSM] = "process_lsm",
		[META_HOOK_UPROBE] = "process_uprobe",
	};
	struct jw *w = &pr->w;
	struct decoded_proc p;
	const char *sep;
	char tbuf[64];

	decode_proc(h, &p);
	jw_reset(w);
	jw_obj_open(w);
	jw_key(w, event_keys[hk->kind]);
	jw_obj_open(w);

	jw_key(w, "process");
	jw_obj_open(w);
	jw_kv_uint(w, "pid", h->pid);
	jw_kv_uint(w, "tid", h->tid);
	jw_kv_uint(w, "uid", h->uid);
	jw_kv_str(w, "binary", p.binary);
	jw_kv_str(w, "comm", p.comm);
	jw_obj_close(w);

	switch (hk->kind) {
	case META_HOOK_TRACEPOINT:
		/* "category/name" as the meta records it */
		sep = strchr(hk->function, '/');
		if (sep) {
			jw_key(w, "subsys");
			jw_strn(w, hk->function, (size_t)(sep - hk->function));
			jw_kv_str(w, "event", sep + 1);
		} else {
			jw_kv_str(w, "event", hk->function);
		}
		break;
	case META_HOOK_UPROBE:
		/* "/path/to/binary:symbol" */
		sep = strrchr(hk->function, ':');
		if (sep) {
			jw_key(w, "path");
			jw_strn(w, hk->function, (size_t)(sep - hk->function));
			jw_kv_str(w, "symbol", sep + 1);
		} else {
			jw_kv_str(w, "symbol", hk->function);
		}
		break;
	default:
		jw_kv_str(w, "function_name", hk->function);
		break;
	}
	json_args(w, hk, ev);
	json_policy_fields(w, src, hk, h);
	jw_obj_close(w);

	jw_kv_str(w, "node_name", pr->node_name);
	format_time_rfc3339((int64_t)h->ktime_ns + pr->boot_to_real_ns, tbuf, sizeof(tbuf));
	jw_kv_str(w, "time", tbuf);
	jw_obj_close(w);
	jw_raw(w, "\n", 1);
}

/* --- compact -------------------------------------------------------------- */

/* printable ASCII as is, anything else as \xNN, so a line stays one line */
static void compact_str(struct jw *w, const char *s)
{
	char tmp[8];

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || c == '\\') {
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			jw_raw(w, tmp, 4);
		} else {
			jw_raw(w, s, 1);
		}
	}
}

static void print_compact(struct event_printer *pr, const struct event_src *src,
			  const struct meta_hook *hk, const struct tpc_event_hdr *h,
			  const uint8_t *ev)
{
	int64_t ns = (int64_t)h->ktime_ns + pr->boot_to_real_ns;
	time_t sec = (time_t)(ns / 1000000000);
	struct jw *w = &pr->w;
	struct decoded_proc p;
	struct arg_value v;
	char buf[128];
	struct tm tm;
	size_t i, n;

	decode_proc(h, &p);
	jw_reset(w);
	localtime_r(&sec, &tm);
	n = strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
	snprintf(buf + n, sizeof(buf) - n, ".%03ld ", (long)((ns % 1000000000) / 1000000));
	jw_raw(w, buf, strlen(buf));
	compact_str(w, src->meta->policy_name);
	snprintf(buf, sizeof(buf), "  %-8s pid=%u ", action_name(h->actions, true), h->pid);
	jw_raw(w, buf, strlen(buf));
	compact_str(w, p.binary);
	jw_raw(w, "  ", 2);
	compact_str(w, hk->function);
	jw_raw(w, "(", 1);
	for (i = 0; i < hk->n_args; i++) {
		const struct meta_arg *a = &hk->args[i];

		if (i)
			jw_raw(w, ", ", 2);
		if (a->label[0]) {
			compact_str(w, a->label);
		} else {
			snprintf(buf, sizeof(buf), "arg%u", a->index);
			jw_raw(w, buf, strlen(buf));
		}
		decode_int(a, ev, &v);
		if (v.is_signed)
			snprintf(buf, sizeof(buf), "=%" PRId64, v.s);
		else
			snprintf(buf, sizeof(buf), "=%" PRIu64, v.u);
		jw_raw(w, buf, strlen(buf));
	}
	jw_raw(w, ")", 1);
	if (h->flags & TPC_EVF_ACTION_FAILED) {
		snprintf(buf, sizeof(buf), " action failed: %d", h->action_ret);
		jw_raw(w, buf, strlen(buf));
	}
	jw_raw(w, "\n", 1);
}

/* --- entry point ---------------------------------------------------------- */

__attribute__((format(printf, 2, 3)))
static void bad_event(const struct event_src *src, const char *fmt, ...)
{
	va_list ap;

	src->pr->n_bad++;
	fprintf(stderr, "tpc-agent: %s: dropped malformed event: ", src->obj_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int event_handle(void *ctx, void *data, size_t size)
{
	const struct event_src *src = ctx;
	struct event_printer *pr = src->pr;
	const struct meta_hook *hk;
	struct tpc_event_hdr h;

	if (pr->done)
		return -ECANCELED;
	if (size < sizeof(h)) {
		bad_event(src, "%zu bytes, shorter than the %zu-byte header", size, sizeof(h));
		return 0;
	}
	memcpy(&h, data, sizeof(h));
	if (h.magic != TPC_EVENT_MAGIC) {
		bad_event(src, "magic 0x%08x, expected 0x%08x", h.magic, TPC_EVENT_MAGIC);
		return 0;
	}
	if (h.hook >= src->meta->n_hooks) {
		bad_event(src, "hook %u, but the object has %zu hooks", h.hook, src->meta->n_hooks);
		return 0;
	}
	hk = &src->meta->hooks[h.hook];
	if (h.size != hk->event_size || size < h.size) {
		bad_event(src, "hook %u: size %u in header, %zu in ring buffer, meta says %u",
			  h.hook, h.size, size, hk->event_size);
		return 0;
	}
	if (h.selector != TPC_NO_SELECTOR && h.selector >= hk->n_selectors) {
		bad_event(src, "hook %u: selector %u, but the hook has %zu selectors",
			  h.hook, h.selector, hk->n_selectors);
		return 0;
	}

	if (pr->mode == EVENT_OUT_JSON)
		print_json(pr, src, hk, &h, data);
	else
		print_compact(pr, src, hk, &h, data);
	if (pr->w.oom) {
		fprintf(stderr, "tpc-agent: out of memory formatting an event\n");
		return 0;
	}
	if (fwrite(pr->w.buf, 1, pr->w.len, pr->out) != pr->w.len || fflush(pr->out)) {
		pr->write_err = -(errno ? errno : EIO);
		return -EIO;
	}
	pr->n_events++;
	if (pr->limit && pr->n_events >= pr->limit) {
		pr->done = true;
		return -ECANCELED;
	}
	return 0;
}

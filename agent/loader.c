// SPDX-License-Identifier: Apache-2.0
/*
 * Loading tpc objects: file -> meta -> bpf_object -> attach plan -> load ->
 * links. The meta drives everything: programs are attached explicitly with
 * the kind and target it records, never by libbpf's section-name magic, and
 * variants the kernel cannot attach are never shown to the verifier.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "loader.h"
#include "probe.h"

#define LOADER_MAX_FILE (256u << 20)
#define VERIFIER_TAIL_LINES 40
#define LOG_BEGIN "-- BEGIN PROG LOAD LOG --\n"
#define LOG_END "-- END PROG LOAD LOG --"

/*
 * libbpf reports through one global print callback, so what it says about a
 * failing load is kept here: the program name and its verifier log.
 */
static struct {
	bool verbose;
	char *fail_prog;
	char *fail_log;
} lp;

static void lp_reset(void)
{
	free(lp.fail_prog);
	free(lp.fail_log);
	lp.fail_prog = NULL;
	lp.fail_log = NULL;
}

/* "libbpf: prog 'NAME': ..." -> strdup("NAME") */
static char *prog_name_of(const char *msg)
{
	const char *s = strstr(msg, "prog '"), *e;

	if (!s)
		return NULL;
	s += 6;
	e = strchr(s, '\'');
	return e ? strndup(s, (size_t)(e - s)) : NULL;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *msg = NULL, *body, *end, *name;
	bool is_log;
	int n;

	if (level != LIBBPF_WARN && !lp.verbose)
		return 0;
	n = vasprintf(&msg, fmt, ap);
	if (n < 0)
		return 0;
	body = strstr(msg, LOG_BEGIN);
	is_log = body != NULL;
	if (level == LIBBPF_WARN && is_log) {
		body += strlen(LOG_BEGIN);
		end = strstr(body, LOG_END);
		free(lp.fail_log);
		lp.fail_log = strndup(body, end ? (size_t)(end - body) : strlen(body));
	}
	if (level == LIBBPF_WARN && (is_log || strstr(msg, "BPF program load failed"))) {
		name = prog_name_of(msg);
		if (name) {
			free(lp.fail_prog);
			lp.fail_prog = name;
		}
	}
	/* without -v the verifier log is shown as a tail by loader_load() */
	if (lp.verbose || !is_log)
		fputs(msg, stderr);
	free(msg);
	return n;
}

void loader_setup_libbpf(bool verbose)
{
	lp.verbose = verbose;
	libbpf_set_print(libbpf_print);
}

/* --- open ----------------------------------------------------------------- */

static int read_file(const char *path, void **buf, size_t *len)
{
	struct stat st;
	size_t off = 0;
	ssize_t n;
	int fd, err = 0;
	char *p;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto out_close_fd;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto out_close_fd;
	}
	if ((uint64_t)st.st_size > LOADER_MAX_FILE) {
		err = -EFBIG;
		goto out_close_fd;
	}
	p = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!p) {
		err = -ENOMEM;
		goto out_close_fd;
	}
	while (off < (size_t)st.st_size) {
		n = read(fd, p + off, (size_t)st.st_size - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			free(p);
			goto out_close_fd;
		}
		off += (size_t)n;
	}
	*buf = p;
	*len = off;
out_close_fd:
	close(fd);
	return err;
}

static enum bpf_prog_type expected_prog_type(enum meta_attach a)
{
	switch (a) {
	case META_ATTACH_KPROBE:
	case META_ATTACH_KRETPROBE:
	case META_ATTACH_UPROBE:
	case META_ATTACH_URETPROBE:
		return BPF_PROG_TYPE_KPROBE;
	case META_ATTACH_TRACEPOINT:
		return BPF_PROG_TYPE_TRACEPOINT;
	case META_ATTACH_RAW_TP:
		return BPF_PROG_TYPE_RAW_TRACEPOINT;
	default:
		return BPF_PROG_TYPE_UNSPEC;
	}
}

/* The checks of the meta that need the opened object. */
static int check_against_object(struct loader_obj *o)
{
	const struct tpc_meta *m = o->meta;
	const struct meta_variant *v;
	struct bpf_program *prog;
	enum bpf_prog_type want;
	struct bpf_map *map;
	size_t i, j;

	map = bpf_object__find_map_by_name(o->obj, m->ringbuf);
	if (!map) {
		fprintf(stderr, "tpc-agent: %s: .tpc.meta: ringbuf: no map '%s' in the object\n",
			o->path, m->ringbuf);
		return -EINVAL;
	}
	if (bpf_map__type(map) != BPF_MAP_TYPE_RINGBUF) {
		fprintf(stderr, "tpc-agent: %s: .tpc.meta: ringbuf: map '%s' is not a "
			"BPF_MAP_TYPE_RINGBUF\n", o->path, m->ringbuf);
		return -EINVAL;
	}
	for (i = 0; i < m->n_hooks; i++) {
		for (j = 0; j < m->hooks[i].n_variants; j++) {
			v = &m->hooks[i].variants[j];
			prog = bpf_object__find_program_by_name(o->obj, v->program);
			if (!prog) {
				fprintf(stderr, "tpc-agent: %s: .tpc.meta: hooks[%zu].variants[%zu]"
					".program: no program '%s' in the object\n",
					o->path, i, j, v->program);
				return -EINVAL;
			}
			want = expected_prog_type(v->attach);
			if (want != BPF_PROG_TYPE_UNSPEC && bpf_program__type(prog) != want &&
			    !(want == BPF_PROG_TYPE_RAW_TRACEPOINT &&
			      bpf_program__type(prog) == BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE)) {
				fprintf(stderr, "tpc-agent: %s: .tpc.meta: hooks[%zu].variants[%zu]"
					".attach: '%s' does not fit program '%s' (section '%s')\n",
					o->path, i, j, v->attach_name, v->program,
					bpf_program__section_name(prog));
				return -EINVAL;
			}
		}
	}
	return 0;
}

int loader_open(struct loader_obj *o, const char *path)
{
	char err_msg[512];
	char *sec = NULL;
	size_t sec_len;
	int err;
	LIBBPF_OPTS(bpf_object_open_opts, opts);

	memset(o, 0, sizeof(*o));
	o->ringbuf_fd = -1;
	o->path = strdup(path);
	if (!o->path)
		return -ENOMEM;
	o->name = strrchr(o->path, '/') ? strrchr(o->path, '/') + 1 : o->path;

	err = read_file(path, &o->image, &o->image_len);
	if (err) {
		fprintf(stderr, "tpc-agent: %s: cannot read: %s\n", path,
			err == -EINVAL ? "not a regular file" : strerror(-err));
		return err;
	}
	err = meta_elf_section(o->image, o->image_len, &sec, &sec_len, err_msg, sizeof(err_msg));
	if (err) {
		fprintf(stderr, "tpc-agent: %s: %s\n", path, err_msg);
		return err;
	}
	err = meta_parse(sec, sec_len, &o->meta, err_msg, sizeof(err_msg));
	free(sec);
	if (err) {
		fprintf(stderr, "tpc-agent: %s: .tpc.meta: %s\n", path, err_msg);
		return err;
	}

	opts.object_name = o->name;
	/* with -v, libbpf requests and prints the verifier log of every program */
	opts.kernel_log_level = lp.verbose ? 1 : 0;
	o->obj = bpf_object__open_mem(o->image, o->image_len, &opts);
	if (!o->obj) {
		err = -errno;
		fprintf(stderr, "tpc-agent: %s: libbpf cannot open the object: %s\n", path,
			strerror(errno));
		return err ? err : -EINVAL;
	}
	err = check_against_object(o);
	if (err)
		return err;

	o->chosen = calloc(o->meta->n_hooks, sizeof(*o->chosen));
	o->links = calloc(o->meta->n_hooks, sizeof(*o->links));
	if (!o->chosen || !o->links)
		return -ENOMEM;
	o->src.obj_name = o->name;
	o->src.meta = o->meta;
	return 0;
}

bool loader_needs_tracefs(const struct loader_obj *o)
{
	size_t i, j;

	for (i = 0; i < o->meta->n_hooks; i++)
		for (j = 0; j < o->meta->hooks[i].n_variants; j++)
			if (o->meta->hooks[i].variants[j].attach == META_ATTACH_TRACEPOINT)
				return true;
	return false;
}

int loader_ensure_tracefs(bool verbose)
{
	char dir[64];

	if (tpc_tracefs_dir(dir, sizeof(dir)) == 0)
		return 0;
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL)) {
		int err = -errno;

		fprintf(stderr, "tpc-agent: warning: tracefs is not mounted and mounting it at "
			"/sys/kernel/tracing failed: %s; tracepoint variants are unusable\n",
			strerror(-err));
		return err;
	}
	if (verbose)
		fprintf(stderr, "tpc-agent: mounted tracefs at /sys/kernel/tracing\n");
	return 0;
}

/* --- plan ----------------------------------------------------------------- */

static bool feature_ok(enum tpc_feature f, char *why, size_t len)
{
	const struct tpc_probe *p = tpc_probe_cached();

	if (p->feat[f].state == TPC_PROBE_YES)
		return true;
	snprintf(why, len, "kernel %s %s: %s", tpc_feature_name(f),
		 tpc_probe_state_name(p->feat[f].state), p->feat[f].how);
	return false;
}

static bool variant_usable(const struct meta_variant *v, char *why, size_t len)
{
	char dir[64], path[512], *colon;

	switch (v->attach) {
	case META_ATTACH_KPROBE:
		return feature_ok(TPC_FEAT_KPROBE, why, len);
	case META_ATTACH_KRETPROBE:
		return feature_ok(TPC_FEAT_KRETPROBE, why, len);
	case META_ATTACH_RAW_TP:
		return feature_ok(TPC_FEAT_RAW_TP, why, len);
	case META_ATTACH_TRACEPOINT:
		if (!feature_ok(TPC_FEAT_TRACEPOINT, why, len))
			return false;
		if (tpc_tracefs_dir(dir, sizeof(dir)) == 0) {
			snprintf(path, sizeof(path), "%s/events/%s/id", dir, v->target);
			if (access(path, F_OK)) {
				snprintf(why, len, "no tracepoint %.100s in this kernel (%.150s)",
					 v->target, path);
				return false;
			}
		}
		return true;
	case META_ATTACH_UPROBE:
	case META_ATTACH_URETPROBE:
		if (!feature_ok(TPC_FEAT_UPROBE, why, len))
			return false;
		snprintf(path, sizeof(path), "%s", v->target);
		colon = strrchr(path, ':');
		if (colon)
			*colon = '\0';
		if (access(path, F_OK)) {
			snprintf(why, len, "%.200s: %s", path, strerror(errno));
			return false;
		}
		return true;
	default:
		snprintf(why, len, "attach kind '%s' is not supported by tpc-agent yet",
			 v->attach_name);
		return false;
	}
}

int loader_plan(struct loader_obj *o)
{
	const struct tpc_meta *m = o->meta;
	struct bpf_program *prog;
	char why[8][320];
	bool keep;
	size_t i, j;

	if (!tpc_probe_has(TPC_FEAT_RINGBUF)) {
		fprintf(stderr, "tpc-agent: %s: policy '%s': the kernel has no BPF ring buffer: %s\n",
			o->path, m->policy_name, tpc_probe_cached()->feat[TPC_FEAT_RINGBUF].how);
		return -EOPNOTSUPP;
	}
	for (i = 0; i < m->n_hooks; i++) {
		const struct meta_hook *h = &m->hooks[i];

		o->chosen[i] = -1;
		for (j = 0; j < h->n_variants; j++) {
			char scratch[320];
			char *w = j < 8 ? why[j] : scratch;

			if (variant_usable(&h->variants[j], w, sizeof(why[0]))) {
				o->chosen[i] = (int)j;
				break;
			}
		}
		if (o->chosen[i] < 0) {
			fprintf(stderr, "tpc-agent: %s: policy '%s': hook %zu '%s': no attach "
				"variant works on this kernel:\n", o->path, m->policy_name, i,
				h->function);
			for (j = 0; j < h->n_variants && j < 8; j++)
				fprintf(stderr, "  %s (%s %s): %s\n", h->variants[j].program,
					h->variants[j].attach_name, h->variants[j].target, why[j]);
			return -EOPNOTSUPP;
		}
		if (lp.verbose) {
			for (j = 0; j < (size_t)o->chosen[i] && j < 8; j++)
				fprintf(stderr, "tpc-agent: %s: hook %zu: skipping %s: %s\n",
					o->name, i, h->variants[j].program, why[j]);
			fprintf(stderr, "tpc-agent: %s: hook %zu '%s': using %s (%s %s)\n",
				o->name, i, h->function, h->variants[o->chosen[i]].program,
				h->variants[o->chosen[i]].attach_name,
				h->variants[o->chosen[i]].target);
		}
	}

	/* only chosen programs are loaded; everything else never meets the verifier */
	bpf_object__for_each_program(prog, o->obj) {
		keep = false;
		for (i = 0; i < m->n_hooks && !keep; i++)
			keep = !strcmp(bpf_program__name(prog),
				       m->hooks[i].variants[o->chosen[i]].program);
		bpf_program__set_autoload(prog, keep);
	}
	return 0;
}

/* --- load ----------------------------------------------------------------- */

/* The hook whose chosen program is called name, or -1. */
static int hook_of_prog(const struct loader_obj *o, const char *name)
{
	size_t i;

	for (i = 0; name && i < o->meta->n_hooks; i++)
		if (!strcmp(o->meta->hooks[i].variants[o->chosen[i]].program, name))
			return (int)i;
	return -1;
}

static void print_log_tail(const char *log)
{
	const char *p, *start = log;
	size_t lines = 0, skip, len = strlen(log);

	while (len && log[len - 1] == '\n')
		len--;
	if (!len)
		return;
	for (p = log; p < log + len; p++)
		if (*p == '\n')
			lines++;
	lines++;
	skip = lines > VERIFIER_TAIL_LINES ? lines - VERIFIER_TAIL_LINES : 0;
	if (skip)
		fprintf(stderr, "verifier log (last %d of %zu lines; -v prints all):\n",
			VERIFIER_TAIL_LINES, lines);
	else
		fprintf(stderr, "verifier log:\n");
	for (p = log; skip && p < log + len; p++) {
		if (*p == '\n' && !--skip)
			start = p + 1;
	}
	while (start < log + len) {
		p = memchr(start, '\n', (size_t)(log + len - start));
		if (!p)
			p = log + len;
		fprintf(stderr, "  %.*s\n", (int)(p - start), start);
		start = p + 1;
	}
}

int loader_load(struct loader_obj *o)
{
	const struct tpc_meta *m = o->meta;
	const char *failed = NULL;
	struct bpf_program *prog;
	int err, hook;

	lp_reset();
	err = bpf_object__load(o->obj);
	if (!err) {
		lp_reset();
		o->ringbuf_fd = bpf_object__find_map_fd_by_name(o->obj, m->ringbuf);
		return o->ringbuf_fd < 0 ? -ENOENT : 0;
	}

	/* which program failed: libbpf said so, else the first one without an fd */
	failed = lp.fail_prog;
	if (!failed) {
		bpf_object__for_each_program(prog, o->obj) {
			if (bpf_program__autoload(prog) && bpf_program__fd(prog) < 0) {
				failed = bpf_program__name(prog);
				break;
			}
		}
	}
	hook = hook_of_prog(o, failed);
	if (hook >= 0)
		fprintf(stderr, "tpc-agent: %s: policy '%s': hook %d '%s': program '%s' "
			"failed to load: %s\n", o->path, m->policy_name, hook,
			m->hooks[hook].function, failed, strerror(-err));
	else
		fprintf(stderr, "tpc-agent: %s: policy '%s': loading failed: %s\n",
			o->path, m->policy_name, strerror(-err));
	if (lp.fail_log && !lp.verbose)
		print_log_tail(lp.fail_log);
	lp_reset();
	return err;
}

/* --- attach --------------------------------------------------------------- */

static struct bpf_link *attach_variant(struct bpf_program *prog, const struct meta_variant *v)
{
	char buf[512], *sep;
	LIBBPF_OPTS(bpf_uprobe_opts, uopts);

	switch (v->attach) {
	case META_ATTACH_KPROBE:
	case META_ATTACH_KRETPROBE:
		return bpf_program__attach_kprobe(prog, v->attach == META_ATTACH_KRETPROBE,
						  v->target);
	case META_ATTACH_TRACEPOINT:
		snprintf(buf, sizeof(buf), "%s", v->target);
		sep = strchr(buf, '/');		/* meta.c checked "category/name" */
		*sep = '\0';
		return bpf_program__attach_tracepoint(prog, buf, sep + 1);
	case META_ATTACH_RAW_TP:
		return bpf_program__attach_raw_tracepoint(prog, v->target);
	case META_ATTACH_UPROBE:
	case META_ATTACH_URETPROBE:
		snprintf(buf, sizeof(buf), "%s", v->target);
		sep = strrchr(buf, ':');	/* meta.c checked "binary:symbol" */
		*sep = '\0';
		uopts.func_name = sep + 1;
		uopts.retprobe = v->attach == META_ATTACH_URETPROBE;
		return bpf_program__attach_uprobe_opts(prog, -1, buf, 0, &uopts);
	default:
		errno = EOPNOTSUPP;
		return NULL;
	}
}

int loader_attach(struct loader_obj *o)
{
	const struct tpc_meta *m = o->meta;
	const struct meta_variant *v;
	struct bpf_program *prog;
	size_t i;
	int err;

	for (i = 0; i < m->n_hooks; i++) {
		v = &m->hooks[i].variants[o->chosen[i]];
		prog = bpf_object__find_program_by_name(o->obj, v->program);
		o->links[i] = attach_variant(prog, v);
		if (!o->links[i]) {
			err = -errno;
			fprintf(stderr, "tpc-agent: %s: policy '%s': hook %zu '%s': attaching "
				"program '%s' to %s %s failed: %s\n", o->path, m->policy_name, i,
				m->hooks[i].function, v->program, v->attach_name, v->target,
				strerror(-err));
			return err ? err : -EINVAL;
		}
	}
	return 0;
}

void loader_close(struct loader_obj *o)
{
	size_t i;

	if (o->links) {
		for (i = 0; o->meta && i < o->meta->n_hooks; i++)
			bpf_link__destroy(o->links[i]);
	}
	free(o->links);
	free(o->chosen);
	bpf_object__close(o->obj);
	meta_free(o->meta);
	free(o->image);
	free(o->path);
	memset(o, 0, sizeof(*o));
	o->ringbuf_fd = -1;
}

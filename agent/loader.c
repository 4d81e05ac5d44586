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
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "diag.h"
#include "loader.h"
#include "probe.h"
#include "process.h"
#include "tpc_event.h"

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
	if (lp.verbose && level != LIBBPF_WARN)
		fputs(msg, stderr);	/* debug output stays text, also in JSON mode */
	else if (lp.verbose || !is_log)
		diag_libbpf(msg);
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
	case META_ATTACH_KPROBE_MULTI:
	case META_ATTACH_KRETPROBE:
	case META_ATTACH_UPROBE:
	case META_ATTACH_URETPROBE:
	case META_ATTACH_USDT:
		return BPF_PROG_TYPE_KPROBE;
	case META_ATTACH_TRACEPOINT:
		return BPF_PROG_TYPE_TRACEPOINT;
	case META_ATTACH_RAW_TP:
		return BPF_PROG_TYPE_RAW_TRACEPOINT;
	case META_ATTACH_LSM:
		return BPF_PROG_TYPE_LSM;
	case META_ATTACH_FMOD_RET:
		return BPF_PROG_TYPE_TRACING;
	default:
		return BPF_PROG_TYPE_UNSPEC;
	}
}

/* The checks of the meta that need the opened object. */
static struct diag obj_diag(const struct loader_obj *o)
{
	struct diag d = DIAG_NONE;

	d.object = o->path;
	d.policy = o->meta ? o->meta->policy_name : NULL;
	return d;
}

static struct diag hook_diag(const struct loader_obj *o, size_t hook, const char *program)
{
	struct diag d = obj_diag(o);

	d.hook_id = (int)hook;
	d.hook = o->meta->hooks[hook].function;
	d.program = program;
	return d;
}

/* "lsm/file_open" or "lsm.s/file_open" -> "file_open" */
static const char *lsm_section_hook(const char *sec)
{
	if (!strncmp(sec, "lsm/", 4))
		return sec + 4;
	if (!strncmp(sec, "lsm.s/", 6))
		return sec + 6;
	return NULL;
}

/* One program named by variant j of hook i: it exists and fits its attach kind. */
static int check_program(struct loader_obj *o, size_t i, size_t j, const char *key,
			 const char *name, enum meta_attach attach, const char *attach_name,
			 const char *target)
{
	struct diag d = obj_diag(o);
	struct bpf_program *prog;
	enum bpf_prog_type want;
	const char *sec_hook;

	d.policy = NULL;	/* a meta problem: say where, not which policy */
	prog = bpf_object__find_program_by_name(o->obj, name);
	if (!prog) {
		diag_error(&d, ".tpc.meta: hooks[%zu].variants[%zu].%s: no program '%s' in the "
			   "object", i, j, key, name);
		return -EINVAL;
	}
	want = expected_prog_type(attach);
	if (want != BPF_PROG_TYPE_UNSPEC && bpf_program__type(prog) != want &&
	    !(want == BPF_PROG_TYPE_RAW_TRACEPOINT &&
	      bpf_program__type(prog) == BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE)) {
		diag_error(&d, ".tpc.meta: hooks[%zu].variants[%zu].%s: '%s' does not fit "
			   "program '%s' (section '%s')", i, j,
			   strcmp(key, "program") ? "return_attach" : "attach", attach_name, name,
			   bpf_program__section_name(prog));
		return -EINVAL;
	}
	/* libbpf finds the BTF id of bpf_lsm_<hook> from the section name */
	sec_hook = lsm_section_hook(bpf_program__section_name(prog));
	if (attach == META_ATTACH_LSM && (!sec_hook || strcmp(sec_hook, target))) {
		diag_error(&d, ".tpc.meta: hooks[%zu].variants[%zu].target: lsm hook '%s', but "
			   "program '%s' is in section '%s'", i, j, target, name,
			   bpf_program__section_name(prog));
		return -EINVAL;
	}
	/* likewise the BTF id of the fmod_ret target */
	if (attach == META_ATTACH_FMOD_RET &&
	    (strncmp(bpf_program__section_name(prog), "fmod_ret/", 9) ||
	     strcmp(bpf_program__section_name(prog) + 9, target))) {
		diag_error(&d, ".tpc.meta: hooks[%zu].variants[%zu].target: fmod_ret on '%s', but "
			   "program '%s' is in section '%s'", i, j, target, name,
			   bpf_program__section_name(prog));
		return -EINVAL;
	}
	return 0;
}

/* The checks of the meta that need the opened object. */
static int check_against_object(struct loader_obj *o)
{
	const struct tpc_meta *m = o->meta;
	struct diag d = obj_diag(o);
	const struct meta_variant *v;
	struct bpf_map *map;
	size_t i, j;
	int err;

	d.policy = NULL;	/* a meta problem: say where, not which policy */
	map = bpf_object__find_map_by_name(o->obj, m->ringbuf);
	if (!map) {
		diag_error(&d, ".tpc.meta: ringbuf: no map '%s' in the object", m->ringbuf);
		return -EINVAL;
	}
	if (bpf_map__type(map) != BPF_MAP_TYPE_RINGBUF) {
		diag_error(&d, ".tpc.meta: ringbuf: map '%s' is not a BPF_MAP_TYPE_RINGBUF",
			   m->ringbuf);
		return -EINVAL;
	}
	for (i = 0; i < m->n_hooks; i++) {
		for (j = 0; j < m->hooks[i].n_variants; j++) {
			v = &m->hooks[i].variants[j];
			err = check_program(o, i, j, "program", v->program, v->attach,
					    v->attach_name, v->target);
			if (!err && v->ret_program)
				err = check_program(o, i, j, "return_program", v->ret_program,
						    v->ret_attach, v->ret_attach_name,
						    v->ret_target);
			if (err)
				return err;
		}
	}
	return 0;
}

/*
 * libbpf's ELF and BTF parsing is not hardened against hostile input: some
 * corrupted objects (random byte flips, tests/agent/run.sh) crash
 * bpf_object__open_mem() in libbpf 1.1. So the object is parsed once in a
 * forked child first, and a child killed by a signal makes the object an
 * error instead of the agent's death. 0, or -SIGNAL.
 */
static int open_in_child(const void *image, size_t len, const char *name)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = name);
	struct bpf_object *obj;
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return 0;	/* cannot tell: the real open below decides */
	if (pid == 0) {
		libbpf_set_print(NULL);	/* the real open prints the errors */
		obj = bpf_object__open_mem(image, len, &opts);
		bpf_object__close(obj);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 0;
	return WIFSIGNALED(status) ? -WTERMSIG(status) : 0;
}

int loader_open(struct loader_obj *o, const char *path)
{
	char err_msg[512];
	char *sec = NULL;
	struct diag d;
	size_t sec_len;
	int err;
	LIBBPF_OPTS(bpf_object_open_opts, opts);

	memset(o, 0, sizeof(*o));
	o->ringbuf_fd = -1;
	o->path = strdup(path);
	if (!o->path)
		return -ENOMEM;
	o->name = strrchr(o->path, '/') ? strrchr(o->path, '/') + 1 : o->path;

	d = obj_diag(o);
	err = read_file(path, &o->image, &o->image_len);
	if (err) {
		diag_error(&d, "cannot read: %s",
			   err == -EINVAL ? "not a regular file" : strerror(-err));
		return err;
	}
	err = meta_elf_section(o->image, o->image_len, &sec, &sec_len, err_msg, sizeof(err_msg));
	if (err) {
		diag_error(&d, "%s", err_msg);
		return err;
	}
	err = meta_parse(sec, sec_len, &o->meta, err_msg, sizeof(err_msg));
	free(sec);
	if (err) {
		diag_error(&d, ".tpc.meta: %s", err_msg);
		return err;
	}

	err = open_in_child(o->image, o->image_len, o->name);
	if (err) {
		diag_error(&d, "libbpf crashed parsing the object (%s): it is malformed or tampered with",
			   strsignal(-err));
		return -EINVAL;
	}
	opts.object_name = o->name;
	/* maps declared with LIBBPF_PIN_BY_NAME (the process map) are shared through bpffs */
	opts.pin_root_path = process_pin_root();
	/* with -v, libbpf requests and prints the verifier log of every program */
	opts.kernel_log_level = lp.verbose ? 1 : 0;
	o->obj = bpf_object__open_mem(o->image, o->image_len, &opts);
	if (!o->obj) {
		err = -errno;
		d = obj_diag(o);
		diag_error(&d, "libbpf cannot open the object: %s", strerror(errno));
		return err ? err : -EINVAL;
	}
	err = check_against_object(o);
	if (err)
		return err;

	o->chosen = calloc(o->meta->n_hooks, sizeof(*o->chosen));
	o->links = calloc(o->meta->n_hooks, sizeof(*o->links));
	o->ret_links = calloc(o->meta->n_hooks, sizeof(*o->ret_links));
	if (!o->chosen || !o->links || !o->ret_links)
		return -ENOMEM;
	o->src.obj_name = o->name;
	o->src.meta = o->meta;
	return 0;
}

bool loader_needs_tracefs(const struct loader_obj *o)
{
	size_t i, j;

	const struct meta_variant *v;

	for (i = 0; i < o->meta->n_hooks; i++) {
		if (o->meta->hooks[i].optional)
			return true;	/* available_filter_functions (kernel_can_trace) */
		for (j = 0; j < o->meta->hooks[i].n_variants; j++) {
			v = &o->meta->hooks[i].variants[j];
			if (v->attach == META_ATTACH_TRACEPOINT ||
			    (v->ret_program && v->ret_attach == META_ATTACH_TRACEPOINT))
				return true;
		}
	}
	return false;
}

int loader_ensure_tracefs(bool verbose)
{
	char dir[64];

	if (tpc_tracefs_dir(dir, sizeof(dir)) == 0)
		return 0;
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL)) {
		int err = -errno;

		diag_warn(&DIAG_NONE, "tracefs is not mounted and mounting it at "
			  "/sys/kernel/tracing failed: %s; tracepoint variants are unusable",
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

static bool attach_usable(enum meta_attach attach, const char *attach_name, const char *target,
			  char *why, size_t len)
{
	char dir[64], path[512], *colon;

	switch (attach) {
	case META_ATTACH_KPROBE:
		return feature_ok(TPC_FEAT_KPROBE, why, len);
	case META_ATTACH_KRETPROBE:
		return feature_ok(TPC_FEAT_KRETPROBE, why, len);
	case META_ATTACH_KPROBE_MULTI:
		return feature_ok(TPC_FEAT_KPROBE_MULTI, why, len);
	case META_ATTACH_RAW_TP:
		return feature_ok(TPC_FEAT_RAW_TP, why, len);
	case META_ATTACH_FMOD_RET:
		/* allowed per function (security_*, error injection): try this one */
		return tpc_probe_fmod_ret(target, why, len) == 0;
	case META_ATTACH_LSM:
		if (tpc_probe_has(TPC_FEAT_LSM))
			return true;
		snprintf(why, len, "BPF-LSM is unavailable on this kernel (bpf_lsm: %s: %s)",
			 tpc_probe_state_name(tpc_probe_cached()->feat[TPC_FEAT_LSM].state),
			 tpc_probe_cached()->feat[TPC_FEAT_LSM].how);
		return false;
	case META_ATTACH_TRACEPOINT:
		if (!feature_ok(TPC_FEAT_TRACEPOINT, why, len))
			return false;
		if (tpc_tracefs_dir(dir, sizeof(dir)) == 0) {
			snprintf(path, sizeof(path), "%s/events/%s/id", dir, target);
			if (access(path, F_OK)) {
				snprintf(why, len, "no tracepoint %.100s in this kernel (%.150s)",
					 target, path);
				return false;
			}
		}
		return true;
	case META_ATTACH_UPROBE:
	case META_ATTACH_URETPROBE:
	case META_ATTACH_USDT:
		if (!feature_ok(TPC_FEAT_UPROBE, why, len))
			return false;
		snprintf(path, sizeof(path), "%s", target);
		colon = strrchr(path, ':');
		if (colon)
			*colon = '\0';
		colon = attach == META_ATTACH_USDT ? strrchr(path, ':') : NULL;	/* "path:provider:name" */
		if (colon)
			*colon = '\0';
		if (access(path, F_OK)) {
			snprintf(why, len, "%.200s: %s", path, strerror(errno));
			return false;
		}
		return true;
	default:
		snprintf(why, len, "attach kind '%s' is not supported by tpc-agent yet",
			 attach_name);
		return false;
	}
}

/* A variant is usable when its entry program and, for return probes, its exit program are. */
static bool variant_usable(const struct meta_variant *v, char *why, size_t len)
{
	char ret_why[256];

	if (!attach_usable(v->attach, v->attach_name, v->target, why, len))
		return false;
	if (v->override && !feature_ok(TPC_FEAT_OVERRIDE, why, len))
		return false;	/* the verifier would refuse bpf_override_return */
	if (v->write_user && !tpc_probe_has(TPC_FEAT_WRITE_USER)) {
		/* action Set: without the helper the verifier refuses the program */
		snprintf(why, len, "action 'Set' writes the USDT argument in the process's memory with "
			 "bpf_probe_write_user, which this kernel does not allow (kernel lockdown "
			 "'integrity' or 'confidentiality' hides it): %.100s",
			 tpc_probe_cached()->feat[TPC_FEAT_WRITE_USER].how);
		return false;
	}
	if (!v->ret_program)
		return true;
	if (attach_usable(v->ret_attach, v->ret_attach_name, v->ret_target, ret_why,
			  sizeof(ret_why)))
		return true;
	snprintf(why, len, "return program %.64s (%.16s %.80s): %.120s", v->ret_program,
		 v->ret_attach_name, v->ret_target, ret_why);
	return false;
}

/*
 * Whether the running kernel has a function (its BTF, parsed once for the
 * whole agent; kernels without BTF cannot run tpc objects anyway).
 */
static bool kernel_has_func(const char *name)
{
	const struct btf *vmlinux = tpc_vmlinux_btf();

	if (!vmlinux)
		return true;	/* cannot tell: try to attach, which then fails precisely */
	return btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC) > 0;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Whether ftrace can trace function `name`: it is in available_filter_functions
 * (vmlinux entries, before the first "name [module]" line), which is where
 * Tetragon takes a generated_ftrace list from. True when the file cannot be read.
 */
static bool kernel_can_trace(const char *name)
{
	static char **funcs;
	static size_t n;
	static bool tried;
	char dir[64], path[128], line[512];
	size_t cap = 0;
	FILE *f;

	if (!tried) {
		tried = true;
		snprintf(path, sizeof(path), "/sys/kernel/tracing/available_filter_functions");
		if (access(path, R_OK) && tpc_tracefs_dir(dir, sizeof(dir)) == 0)
			snprintf(path, sizeof(path), "%s/available_filter_functions", dir);
		f = fopen(path, "re");
		while (f && fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			if (strchr(line, ' '))
				break;	/* modules follow vmlinux */
			if (n == cap) {
				char **nf = realloc(funcs, (cap = cap ? 2 * cap : 4096) * sizeof(*funcs));

				if (!nf)
					break;
				funcs = nf;
			}
			funcs[n] = strdup(line);
			if (funcs[n])
				n++;
		}
		if (f)
			fclose(f);
		if (n)
			qsort(funcs, n, sizeof(*funcs), cmp_strp);
	}
	if (!n)
		return true;	/* cannot tell: try to attach, which then fails precisely */
	return bsearch(&name, funcs, n, sizeof(*funcs), cmp_strp) != NULL;
}

/* The hook whose chosen entry or exit program is called name, or -1. */
static int hook_of_prog(const struct loader_obj *o, const char *name)
{
	const struct meta_variant *v;
	size_t i;

	for (i = 0; name && i < o->meta->n_hooks; i++) {
		if (o->chosen[i] < 0)
			continue;	/* an optional hook this kernel lacks */
		v = &o->meta->hooks[i].variants[o->chosen[i]];
		if (!strcmp(v->program, name) || (v->ret_program && !strcmp(v->ret_program, name)))
			return (int)i;
	}
	return -1;
}

/* Variants of a hook that enforces Override (fmod_ret, kprobe + bpf_override_return): tpc's lower.c. */
static bool hook_overrides(const struct meta_hook *h)
{
	size_t j;

	for (j = 0; j < h->n_variants; j++)
		if (h->variants[j].attach == META_ATTACH_FMOD_RET || h->variants[j].override)
			return true;
	return false;
}

int loader_plan(struct loader_obj *o)
{
	const struct tpc_meta *m = o->meta;
	struct bpf_program *prog;
	char why[8][320], lines[8][500];
	const char *line_ptrs[8];
	const struct meta_variant *v;
	struct diag d;
	size_t i, j;

	for (i = 0; i < 8; i++)
		line_ptrs[i] = lines[i];

	if (!tpc_probe_has(TPC_FEAT_RINGBUF)) {
		d = obj_diag(o);
		diag_error(&d, "the kernel has no BPF ring buffer: %s",
			   tpc_probe_cached()->feat[TPC_FEAT_RINGBUF].how);
		return -EOPNOTSUPP;
	}
	for (i = 0; i < m->n_hooks; i++) {
		const struct meta_hook *h = &m->hooks[i];

		o->chosen[i] = -1;
		if (h->optional && !kernel_has_func(h->function)) {
			/* Tetragon's ignore.callNotFound: left out, and said so */
			fprintf(stderr, "tpc-agent: %s: hook %zu '%s': not in this kernel's BTF, left out "
				"(ignore.callNotFound)\n", o->name, i, h->function);
			continue;
		}
		if (h->optional && !kernel_can_trace(h->function)) {
			/* generated_ftrace: Tetragon lists available_filter_functions */
			if (lp.verbose)
				fprintf(stderr, "tpc-agent: %s: hook %zu '%s': not in available_filter_functions, "
					"left out\n", o->name, i, h->function);
			continue;
		}
		for (j = 0; j < h->n_variants; j++) {
			char scratch[320];
			char *w = j < 8 ? why[j] : scratch;

			if (variant_usable(&h->variants[j], w, sizeof(why[0]))) {
				o->chosen[i] = (int)j;
				break;
			}
		}
		if (o->chosen[i] < 0) {
			size_t n = h->n_variants < 8 ? h->n_variants : 8;
			bool ovr = hook_overrides(h);

			if (h->n_variants == 1 && !ovr) {
				/* one way to attach: its reason is the error */
				d = hook_diag(o, i, h->variants[0].program);
				diag_error(&d, "cannot attach %s %s: %s", h->variants[0].attach_name,
					   h->variants[0].target, why[0]);
				return -EOPNOTSUPP;
			}
			for (j = 0; j < n; j++)
				snprintf(lines[j], sizeof(lines[j]), "%.64s (%.16s %.80s): %.320s",
					 h->variants[j].program, h->variants[j].attach_name,
					 h->variants[j].target, why[j]);
			d = hook_diag(o, i, NULL);
			d.lines_key = "variants";
			d.lines = line_ptrs;
			d.n_lines = n;
			if (h->enforcer)
				/* spec.enforcers: the same two ways to change a return value */
				diag_error(&d, "action 'NotifyEnforcer' cannot be enforced on this kernel: "
					   "spec.enforcers needs fmod_ret on '%s' (allowed for security_* functions, "
					   "and for syscalls where the kernel has CONFIG_FUNCTION_ERROR_INJECTION) "
					   "or CONFIG_BPF_KPROBE_OVERRIDE for bpf_override_return%s", h->function,
					   n ? ":" : "");
			else if (ovr)
				/* never fall back to a program that only observes: say what is missing */
				diag_error(&d, "action 'Override' cannot be enforced on this kernel: it needs "
					   "fmod_ret on '%s' (allowed for security_* hooks and error-injectable "
					   "functions) or CONFIG_BPF_KPROBE_OVERRIDE for bpf_override_return; use "
					   "an lsmhooks hook instead%s%s%s%s", h->function,
					   strncmp(h->function, "security_", 9) ? "" : " (hook: \"",
					   strncmp(h->function, "security_", 9) ? "" : h->function + 9,
					   strncmp(h->function, "security_", 9) ? "" : "\")", n ? ":" : "");
			else
				diag_error(&d, "no attach variant works on this kernel%s", n ? ":" : "");
			return -EOPNOTSUPP;
		}
		if (lp.verbose) {
			for (j = 0; j < (size_t)o->chosen[i] && j < 8; j++)
				fprintf(stderr, "tpc-agent: %s: hook %zu: skipping %s: %s\n",
					o->name, i, h->variants[j].program, why[j]);
			v = &h->variants[o->chosen[i]];
			fprintf(stderr, "tpc-agent: %s: hook %zu '%s': using %s (%s %s)", o->name,
				i, h->function, v->program, v->attach_name, v->target);
			if (v->ret_program)
				fprintf(stderr, " + %s (%s %s)", v->ret_program, v->ret_attach_name,
					v->ret_target);
			fputc('\n', stderr);
		}
	}

	/*
	 * only chosen programs (both halves of a return probe pair) are loaded;
	 * everything else never meets the verifier
	 */
	bpf_object__for_each_program(prog, o->obj)
		bpf_program__set_autoload(prog, hook_of_prog(o, bpf_program__name(prog)) >= 0);
	return 0;
}

/* --- load ----------------------------------------------------------------- */

/*
 * The last VERIFIER_TAIL_LINES lines of log, split in place (log is modified):
 * pointers into log in lines[], their number returned, the total in *total.
 */
static size_t log_tail(char *log, const char **lines, size_t *total)
{
	size_t len = strlen(log), n = 0, skip, i;
	char *p, *start = log;

	*total = 0;
	while (len && log[len - 1] == '\n')
		log[--len] = '\0';
	if (!len)
		return 0;
	for (p = log; *p; p++)
		if (*p == '\n')
			(*total)++;
	(*total)++;
	skip = *total > VERIFIER_TAIL_LINES ? *total - VERIFIER_TAIL_LINES : 0;
	for (i = 0; start; i++) {
		p = strchr(start, '\n');
		if (p)
			*p = '\0';
		if (i >= skip)
			lines[n++] = start;
		start = p ? p + 1 : NULL;
	}
	return n;
}

/* Is this the attach of a chosen LSM variant? */
static bool is_lsm_hook(const struct loader_obj *o, int hook)
{
	return hook >= 0 && o->meta->hooks[hook].variants[o->chosen[hook]].attach == META_ATTACH_LSM;
}

/* Initial map contents from the metadata (LPM tries of address predicates), before any attach. */
static int fill_maps(struct loader_obj *o)
{
	const struct tpc_meta *m = o->meta;
	struct diag d = obj_diag(o);
	size_t i, j;
	int err;

	for (i = 0; i < m->n_maps; i++) {
		const struct meta_map *mm = &m->maps[i];
		struct bpf_map *map = bpf_object__find_map_by_name(o->obj, mm->name);

		if (!map || bpf_map__key_size(map) != mm->key_size || bpf_map__value_size(map) != mm->value_size) {
			diag_error(&d, "map '%s' of the metadata is %s", mm->name,
				   map ? "not the size the object declares" : "not in the object");
			return -EINVAL;
		}
		for (j = 0; j < mm->n_entries; j++) {
			err = bpf_map__update_elem(map, mm->keys + j * mm->key_size, mm->key_size,
						   mm->values + j * mm->value_size, mm->value_size, BPF_ANY);
			if (err) {
				diag_error(&d, "cannot fill map '%s' (entry %zu): %s", mm->name, j, strerror(-err));
				return err;
			}
		}
	}
	return 0;
}

int loader_load(struct loader_obj *o)
{
	const struct tpc_meta *m = o->meta;
	const char *lines[VERIFIER_TAIL_LINES];
	const char *failed = NULL;
	struct bpf_program *prog;
	char title[128];
	size_t total = 0;
	struct diag d;
	size_t i;
	int err, hook;

	/*
	 * imaHash: without IMA (CONFIG_IMA) bpf_ima_file_hash() only ever
	 * fails, and every event would lack its hash: refuse to load instead
	 */
	for (i = 0; i < m->n_hooks; i++) {
		if (!m->hooks[i].has_ima || kernel_has_func("ima_file_hash"))
			continue;
		d = hook_diag(o, i, NULL);
		diag_error(&d, "imaHash needs IMA (CONFIG_IMA), which this kernel lacks ('ima_file_hash' is not "
			   "in its BTF): the events of '%s' would have no hash", m->hooks[i].function);
		return -EOPNOTSUPP;
	}
	lp_reset();
	err = bpf_object__load(o->obj);
	if (!err) {
		lp_reset();
		err = fill_maps(o);
		if (err)
			return err;
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
	d = hook >= 0 ? hook_diag(o, (size_t)hook, failed) : obj_diag(o);
	if (lp.fail_log && !lp.verbose) {
		d.lines_key = "verifier_log";
		d.n_lines = log_tail(lp.fail_log, lines, &total);
		d.lines = lines;
		d.lines_total = total;
		if (total > d.n_lines)
			snprintf(title, sizeof(title), "verifier log (last %zu of %zu lines; "
				 "-v prints all):", d.n_lines, total);
		else
			snprintf(title, sizeof(title), "verifier log:");
		d.lines_title = title;
	}
	if (is_lsm_hook(o, hook) && err == -EPERM)
		/* the probe said yes, the kernel says no: say what it means */
		diag_error(&d, "program '%s' failed to load: BPF-LSM refused lsm hook '%s' (%s); "
			   "is 'bpf' in /sys/kernel/security/lsm?", failed,
			   m->hooks[hook].variants[o->chosen[hook]].target, strerror(-err));
	else if (hook >= 0)
		diag_error(&d, "program '%s' failed to load: %s", failed, strerror(-err));
	else
		diag_error(&d, "loading failed: %s", strerror(-err));
	lp_reset();
	return err;
}

/* --- attach --------------------------------------------------------------- */

/* ref_ctr: a uprobe's USDT semaphore (refCtrOffsets), the kernel counts attached probes in it; 0: none */
static struct bpf_link *attach_variant(struct bpf_program *prog, const struct meta_variant *v, uint64_t ref_ctr)
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
	case META_ATTACH_LSM:
		/* the target was checked against the section name at open */
		return bpf_program__attach_lsm(prog);
	case META_ATTACH_FMOD_RET:
		return bpf_program__attach_trace(prog);
	case META_ATTACH_UPROBE:
	case META_ATTACH_URETPROBE:
		snprintf(buf, sizeof(buf), "%s", v->target);
		sep = strrchr(buf, ':');	/* meta.c checked "binary:symbol" or "binary:+0x<offset>" */
		*sep = '\0';
		uopts.retprobe = v->attach == META_ATTACH_URETPROBE;
		uopts.ref_ctr_offset = (size_t)ref_ctr;
		if (sep[1] == '+')	/* spec offsets: a file offset, no symbol lookup */
			return bpf_program__attach_uprobe_opts(prog, -1, buf, (size_t)strtoull(sep + 2, NULL, 16),
							       &uopts);
		uopts.func_name = sep + 1;
		return bpf_program__attach_uprobe_opts(prog, -1, buf, 0, &uopts);
	case META_ATTACH_USDT: {
		char *name;

		snprintf(buf, sizeof(buf), "%s", v->target);
		name = strrchr(buf, ':');	/* meta.c checked "binary:provider:name" */
		*name++ = '\0';
		sep = strrchr(buf, ':');
		*sep = '\0';
		/* libbpf reads the probe's ELF note and fills usdt.bpf.h's spec maps */
		return bpf_program__attach_usdt(prog, -1, buf, sep + 1, name, NULL);
	}
	default:
		errno = EOPNOTSUPP;
		return NULL;
	}
}

static int attach_one(struct loader_obj *o, size_t hook, const char *name,
		      const struct meta_variant *v, bool is_return, struct bpf_link **link)
{
	struct meta_variant half = *v;
	struct bpf_program *prog;
	struct diag d;
	int err;

	if (is_return) {
		half.attach = v->ret_attach;
		half.attach_name = v->ret_attach_name;
		half.target = v->ret_target;
	}
	prog = bpf_object__find_program_by_name(o->obj, name);
	*link = attach_variant(prog, &half, o->meta->hooks[hook].ref_ctr_offset);
	if (*link)
		return 0;
	err = -errno;
	d = hook_diag(o, hook, name);
	if (half.attach == META_ATTACH_LSM && err == -EPERM)
		diag_error(&d, "attaching to lsm hook '%s' failed: BPF-LSM refused it (%s); is "
			   "'bpf' in /sys/kernel/security/lsm?", half.target, strerror(-err));
	else if (o->meta->hooks[hook].ref_ctr_offset && err == -EINVAL)
		/* the kernel: another probe on this offset with another counter; libbpf: no perf uprobe PMU */
		diag_error(&d, "attaching %sprogram '%s' to %s %s with reference counter offset 0x%llx "
			   "failed: %s (another uprobe on it with a different counter, or no perf uprobe "
			   "PMU to pass a counter to)", is_return ? "return " : "", name, half.attach_name,
			   half.target, (unsigned long long)o->meta->hooks[hook].ref_ctr_offset,
			   strerror(-err));
	else
		diag_error(&d, "attaching %sprogram '%s' to %s %s failed: %s",
			   is_return ? "return " : "", name, half.attach_name, half.target,
			   strerror(-err));
	return err ? err : -EINVAL;
}

/*
 * A return probe's exit program is attached before its entry program, so
 * that no entry parks an event that no exit collects; loader_close()
 * detaches in the reverse order.
 */
/* Did a hook before `hook` choose a variant with program `name` (a program the hooks of a list share)? */
static bool attached_before(const struct loader_obj *o, size_t hook, const char *name)
{
	size_t i;

	for (i = 0; i < hook; i++)
		if (o->chosen[i] >= 0 && !strcmp(o->meta->hooks[i].variants[o->chosen[i]].program, name))
			return true;
	return false;
}

/*
 * A kprobe.multi program shared by the hooks of a list: one link for every
 * hook from `hook` on that chose it, each function with its hook id as the
 * cookie the program dispatches on (tpc's cgen_list.c).
 */
static int attach_multi(struct loader_obj *o, size_t hook, const struct meta_variant *v)
{
	const struct tpc_meta *m = o->meta;
	const char **syms = calloc(m->n_hooks, sizeof(*syms));
	__u64 *cookies = calloc(m->n_hooks, sizeof(*cookies));
	struct bpf_program *prog;
	size_t i, n = 0;
	struct diag d;
	int err = 0;
	LIBBPF_OPTS(bpf_kprobe_multi_opts, opts);

	if (!syms || !cookies) {
		err = -ENOMEM;
		goto out_free;
	}
	for (i = hook; i < m->n_hooks; i++) {
		const struct meta_variant *w;

		if (o->chosen[i] < 0)
			continue;
		w = &m->hooks[i].variants[o->chosen[i]];
		if (w->attach != META_ATTACH_KPROBE_MULTI || strcmp(w->program, v->program))
			continue;
		syms[n] = w->target;
		cookies[n++] = m->hooks[i].id;
	}
	opts.syms = syms;
	opts.cookies = cookies;
	opts.cnt = n;
	prog = bpf_object__find_program_by_name(o->obj, v->program);
	o->links[hook] = bpf_program__attach_kprobe_multi_opts(prog, NULL, &opts);
	if (!o->links[hook]) {
		err = -errno;
		d = hook_diag(o, hook, v->program);
		diag_error(&d, "attaching program '%s' with kprobe.multi to %zu functions (%s, ...) failed: %s",
			   v->program, n, v->target, strerror(-err));
		err = err ? err : -EINVAL;
	} else if (lp.verbose) {
		fprintf(stderr, "tpc-agent: %s: %s: one kprobe.multi link for %zu functions\n", o->name,
			v->program, n);
	}
out_free:
	free(syms);
	free(cookies);
	return err;
}

/*
 * spec.loader: the kernel fills a perf_mmap_event with the build id only
 * while some perf event asks for mmap records with build ids. As Tetragon's
 * loader sensor (createLoaderEvents), open one software event per CPU that
 * asks for MMAP, MMAP2, mmap of data and build ids, never read it, and tell
 * the program each one's id (map TPC_LOADER_IDS_MAP, per CPU), so that it
 * keeps only the calls of perf_event_mmap_output made for these events.
 */
static int open_loader_events(struct loader_obj *o, size_t hook)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_type = PERF_SAMPLE_RAW,
		.mmap = 1,
		.mmap2 = 1,
		.mmap_data = 1,
		.build_id = 1,
	};
	struct bpf_map *map = bpf_object__find_map_by_name(o->obj, TPC_LOADER_IDS_MAP);
	int n = libbpf_num_possible_cpus(), cpu, fd, err, opened = 0;
	__u32 key = 0;
	__u64 *ids;
	struct diag d = hook_diag(o, hook, NULL);

	if (!map) {
		diag_error(&d, "the object has no map '" TPC_LOADER_IDS_MAP "' for its loader hook");
		return -EINVAL;
	}
	if (n <= 0) {
		diag_error(&d, "cannot count the possible CPUs: %s", strerror(n ? -n : EINVAL));
		return n ? n : -EINVAL;
	}
	ids = calloc((size_t)n, sizeof(*ids));
	o->perf_fds = calloc((size_t)n, sizeof(*o->perf_fds));
	if (!ids || !o->perf_fds) {
		free(ids);
		return -ENOMEM;
	}
	o->n_perf_fds = n;
	for (cpu = 0; cpu < n; cpu++)
		o->perf_fds[cpu] = -1;
	for (cpu = 0; cpu < n; cpu++) {
		fd = (int)syscall(SYS_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0 && errno == ENODEV)
			continue;	/* a possible CPU that is not online */
		if (fd < 0) {
			err = -errno;
			diag_error(&d, "perf_event_open(mmap records with build ids) on CPU %d failed: %s",
				   cpu, strerror(-err));
			goto out_free_ids;
		}
		o->perf_fds[cpu] = fd;
		if (ioctl(fd, PERF_EVENT_IOC_ID, &ids[cpu])) {
			err = -errno;
			diag_error(&d, "PERF_EVENT_IOC_ID on CPU %d failed: %s", cpu, strerror(-err));
			goto out_free_ids;
		}
		opened++;
	}
	if (!opened) {
		err = -ENODEV;
		diag_error(&d, "perf_event_open(mmap records with build ids) failed on every CPU");
		goto out_free_ids;
	}
	err = bpf_map__update_elem(map, &key, sizeof(key), ids, (size_t)n * sizeof(*ids), BPF_ANY);
	if (err)
		diag_error(&d, "writing the perf event ids to map '" TPC_LOADER_IDS_MAP "' failed: %s",
			   strerror(-err));
out_free_ids:
	free(ids);
	return err;
}

static void close_loader_events(struct loader_obj *o)
{
	int i;

	for (i = 0; i < o->n_perf_fds; i++)
		if (o->perf_fds[i] >= 0)
			close(o->perf_fds[i]);
	free(o->perf_fds);
	o->perf_fds = NULL;
	o->n_perf_fds = 0;
}

int loader_attach(struct loader_obj *o)
{
	const struct tpc_meta *m = o->meta;
	const struct meta_variant *v;
	size_t i;
	int err;

	for (i = 0; i < m->n_hooks; i++) {
		if (o->chosen[i] < 0)
			continue;	/* an optional hook this kernel lacks */
		v = &m->hooks[i].variants[o->chosen[i]];
		if (attached_before(o, i, v->program))
			continue;	/* a program of a list: attached once, with the first hook */
		if (v->attach == META_ATTACH_KPROBE_MULTI) {
			err = attach_multi(o, i, v);
			if (err)
				return err;
			continue;
		}
		if (m->hooks[i].kind == META_HOOK_LOADER) {
			err = open_loader_events(o, i);
			if (err)
				return err;
		}
		if (v->ret_program) {
			err = attach_one(o, i, v->ret_program, v, true, &o->ret_links[i]);
			if (err)
				return err;
		}
		err = attach_one(o, i, v->program, v, false, &o->links[i]);
		if (err)
			return err;
	}
	return 0;
}

void loader_close(struct loader_obj *o)
{
	size_t i;

	/* the reverse of loader_attach(): entry before exit, last hook first */
	for (i = o->meta ? o->meta->n_hooks : 0; i-- > 0;) {
		if (o->links)
			bpf_link__destroy(o->links[i]);
		if (o->ret_links)
			bpf_link__destroy(o->ret_links[i]);
	}
	close_loader_events(o);	/* after the links: no event is left half-known */
	free(o->links);
	free(o->ret_links);
	free(o->chosen);
	bpf_object__close(o->obj);
	meta_free(o->meta);
	free(o->image);
	free(o->path);
	memset(o, 0, sizeof(*o));
	o->ringbuf_fd = -1;
}

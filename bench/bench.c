// SPDX-License-Identifier: Apache-2.0
/*
 * `make bench`: what a policy costs per event, against an empty program on
 * the same hook, measured in one run.
 *
 * For every contender (a row of `contenders[]` below) and every round:
 * attach it, run each of its workloads from this thread twice -- once with
 * bpf_stats off for the caller's CPU time, once with bpf_stats on for the
 * kernel's run_time_ns / run_cnt of the attached programs -- then detach.
 * Each round also times every workload with nothing attached (the baseline
 * that "added CPU ns per syscall" is measured against). Medians and the
 * min-max spread over the rounds go to stdout and to -o FILE.
 *
 * A contender is loaded one of two ways:
 *   .prog: the driver opens .obj with libbpf and attaches that one program
 *          (its section name says where);
 *   .argv: a loader process (tpc-agent, later bpftrace, ...) runs in the
 *          background; the programs it holds are found through
 *          /proc/PID/fdinfo, so whatever it attached is what gets measured.
 * Adding a contender is adding one entry to contenders[].
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define MAX_ROUNDS 15
#define MAX_CASES 3
#define MAX_PROGS 8
#define READY_TIMEOUT_MS 30000

/* --- workloads: the syscalls this thread makes ------------------------------ */

enum workload_id {
	W_LSEEK_NOMATCH,
	W_LSEEK_MATCH,
	W_OPEN_NOMATCH,
	W_OPEN_MATCH,
	W_COUNT,
};

#define BENCH_DIR "/tmp/tpcbench"	/* the Prefix of bench/policies/openat-prefix.yaml */
#define OTHER_DIR "/tmp/tpcother"

static const struct workload {
	const char *desc;
	int fd;			/* lseek(fd, 0, SEEK_CUR) */
	const char *path;	/* else open(path, O_RDONLY) + close */
	long n;			/* syscalls per measured loop (scaled by -s) */
} workloads[W_COUNT] = {
	[W_LSEEK_NOMATCH] = { "lseek(-2, 0, SEEK_CUR)", -2, NULL, 200000 },
	[W_LSEEK_MATCH] = { "lseek(-77, 0, SEEK_CUR)", -77, NULL, 50000 },
	[W_OPEN_NOMATCH] = { "open(\"" OTHER_DIR "/file\") + close", 0, OTHER_DIR "/file", 100000 },
	[W_OPEN_MATCH] = { "open(\"" BENCH_DIR "/file\") + close", 0, BENCH_DIR "/file", 20000 },
};

static double scale = 1.0;

static long workload_n(enum workload_id w)
{
	long n = (long)(workloads[w].n * scale);

	return n > 100 ? n : 100;
}

/*
 * The loader's ring buffer (consumer and producer positions), when there is
 * one: loops run in batches that fit in it, and between batches wait, off
 * the clock, until the reader has caught up. Otherwise a matching workload
 * outruns the reader, most reservations fail, and what gets measured is the
 * drop path.
 */
static const volatile __u64 *rb_cons, *rb_prod;
#define BATCH 256

static void drain(void)
{
	int i;

	for (i = 0; rb_cons && *rb_cons != *rb_prod && i < 200000; i++)
		usleep(50);
}

static void run_n(const struct workload *wl, long n)
{
	long i;

	if (!wl->path) {
		for (i = 0; i < n; i++)
			(void)lseek(wl->fd, 0, SEEK_CUR);
		return;
	}
	for (i = 0; i < n; i++) {
		int fd = open(wl->path, O_RDONLY);

		if (fd >= 0)
			close(fd);
	}
}

static __u64 thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + (__u64)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * n syscalls in batches of BATCH; returns the median over the batches of
 * this thread's CPU ns per syscall. A batch that a timer interrupt or the
 * neighbours' cache traffic hit is an outlier, not an average.
 */
static double workload_run(enum workload_id w, long n)
{
	long done, nb = 0, max = n / BATCH + 1;
	double *per = calloc((size_t)max, sizeof(double)), med;

	if (!per) {
		fprintf(stderr, "bench: out of memory\n");
		exit(1);
	}
	drain();
	for (done = 0; done < n; done += BATCH) {
		long k = n - done < BATCH ? n - done : BATCH;
		__u64 t0 = thread_cpu_ns();

		run_n(&workloads[w], k);
		if (k == BATCH)
			per[nb++] = (double)(thread_cpu_ns() - t0) / (double)k;
		drain();
	}
	qsort(per, (size_t)nb, sizeof(double), cmp_double);
	med = nb ? per[nb / 2] : 0;
	free(per);
	return med;
}

/* CPU ns of this thread per syscall, after a short warm-up */
static double workload_cpu(enum workload_id w)
{
	long n = workload_n(w);

	workload_run(w, n / 10);
	return workload_run(w, n);
}

/* --- contenders --------------------------------------------------------------- */

struct bcase {
	const char *label;	/* "non-matching", "matching", "any" */
	enum workload_id w;
	double target;		/* if set: print "X.XXx of empty (target <= T)" */
	const char *target_name;
};

struct contender {
	const char *name;
	const char *hook;	/* for the table; ratios compare rows of one hook */
	bool floor;		/* the empty program of this hook */
	const char *obj;	/* %b-relative object file */
	const char *prog;	/* loaded here: the program to attach */
	const char *argv[10];	/* or run by a loader: %b build dir, %o object, %r ready file */
	struct bcase cases[MAX_CASES];
};

/* Exactly how tests/e2e/lib.sh starts the agent, stdout going nowhere. */
#define TPC_AGENT(o) .obj = (o), .argv = { "%b/tpc-agent", "-o", "json", "--ready-file", "%r", "%o" }

static const struct contender contenders[] = {
	{ .name = "empty", .hook = "sys_enter_lseek", .floor = true,
	  .obj = "bench/empty.bpf.o", .prog = "empty_lseek",
	  .cases = { { "any", W_LSEEK_NOMATCH } } },
	{ .name = "tpc lseek-kill", .hook = "sys_enter_lseek", TPC_AGENT("bench/lseek-kill.bpf.o"),
	  .cases = { { "non-matching", W_LSEEK_NOMATCH, 1.10, "non-matching lseek" } } },
	{ .name = "tpc lseek-post", .hook = "sys_enter_lseek", TPC_AGENT("bench/lseek-post.bpf.o"),
	  .cases = { { "non-matching", W_LSEEK_NOMATCH }, { "matching", W_LSEEK_MATCH } } },
	{ .name = "empty", .hook = "sys_enter_openat", .floor = true,
	  .obj = "bench/empty.bpf.o", .prog = "empty_openat",
	  .cases = { { "any", W_OPEN_NOMATCH } } },
	{ .name = "tpc openat-prefix", .hook = "sys_enter_openat", TPC_AGENT("bench/openat-prefix.bpf.o"),
	  .cases = { { "non-matching", W_OPEN_NOMATCH, 1.10, "non-matching openat" },
		     { "matching", W_OPEN_MATCH } } },
	/* string Equal: 16 values inline, 64 through a hash map (compiler/strmap.h picks by count) */
	{ .name = "tpc openat-equal16", .hook = "sys_enter_openat", TPC_AGENT("bench/openat-equal16.bpf.o"),
	  .cases = { { "non-matching", W_OPEN_NOMATCH }, { "matching", W_OPEN_MATCH } } },
	{ .name = "tpc openat-equal64", .hook = "sys_enter_openat", TPC_AGENT("bench/openat-equal64.bpf.o"),
	  .cases = { { "non-matching", W_OPEN_NOMATCH }, { "matching", W_OPEN_MATCH } } },
#ifdef BENCH_EXTRA
#include BENCH_EXTRA	/* ad-hoc contenders: cc -DBENCH_EXTRA='"x.h"' */
#endif
};
#define N_CONTENDERS (sizeof(contenders) / sizeof(contenders[0]))

/* --- attached programs ---------------------------------------------------------- */

struct attached {
	const struct contender *c;
	pid_t pid;			/* loader process, or 0 */
	struct bpf_object *obj;		/* loaded here, or NULL */
	struct bpf_link *link;
	int prog_fd[MAX_PROGS];
	int n_progs;
	void *rb_map;		/* first two pages of the loader's ring buffer */
	size_t rb_len;
};

struct prog_stats {
	__u64 run_time_ns, run_cnt;
};

static const char *build_dir = "build";
static char log_path[PATH_MAX];

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void path_of(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", build_dir, rel);
}

static int prog_info(int fd, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	return bpf_obj_get_info_by_fd(fd, info, &len);
}

/* The fds (in this process) of every BPF object of type `kind` that pid holds. */
static int fds_of_pid(pid_t pid, const char *kind, const char *id_key, int *out, int max)
{
	char dir[64], p[PATH_MAX], link[128], line[256];
	struct dirent *de;
	int n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && n < max) {
		ssize_t l;
		FILE *f;

		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		l = readlink(p, link, sizeof(link) - 1);
		if (l <= 0)
			continue;
		link[l] = 0;
		if (strcmp(link, kind))
			continue;
		snprintf(p, sizeof(p), "/proc/%d/fdinfo/%s", (int)pid, de->d_name);
		f = fopen(p, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			unsigned int id;
			int fd;

			if (strncmp(line, id_key, strlen(id_key)) ||
			    sscanf(line + strlen(id_key), "%u", &id) != 1)
				continue;
			fd = !strcmp(kind, "anon_inode:bpf-prog") ? bpf_prog_get_fd_by_id(id)
								   : bpf_map_get_fd_by_id(id);
			if (fd >= 0)
				out[n++] = fd;
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

/*
 * A global variable of a loader's object (.bss, .rodata), found through the
 * BTF of its maps: tpc_drops, tpc_rb_flags. -ENOENT when nothing has it.
 */
static int read_global(pid_t pid, const char *var, __u64 *val)
{
	int fds[16], n, i, err = -ENOENT;

	n = fds_of_pid(pid, "anon_inode:bpf-map", "map_id:", fds, 16);
	for (i = 0; i < n; i++) {
		struct bpf_map_info info = {};
		__u32 len = sizeof(info), key = 0;
		const struct btf_var_secinfo *vs;
		const struct btf_type *t;
		struct btf *btf;
		char *buf;
		int j;

		if (err != -ENOENT || bpf_obj_get_info_by_fd(fds[i], &info, &len) ||
		    info.type != BPF_MAP_TYPE_ARRAY || !info.btf_id || !info.btf_value_type_id)
			continue;
		btf = btf__load_from_kernel_by_id(info.btf_id);
		if (!btf)
			continue;
		t = btf__type_by_id(btf, info.btf_value_type_id);
		if (!t || !btf_is_datasec(t)) {
			btf__free(btf);
			continue;
		}
		vs = btf_var_secinfos(t);
		for (j = 0; j < btf_vlen(t); j++, vs++) {
			const struct btf_type *v = btf__type_by_id(btf, vs->type);

			if (strcmp(btf__name_by_offset(btf, v->name_off), var) || vs->size > 8)
				continue;
			buf = calloc(1, info.value_size);
			if (buf && !bpf_map_lookup_elem(fds[i], &key, buf)) {
				*val = 0;
				memcpy(val, buf + vs->offset, vs->size);
				err = 0;
			}
			free(buf);
			break;
		}
		btf__free(btf);
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
	return err;
}

static void print_log_tail(void)
{
	char cmd[PATH_MAX + 32];

	fprintf(stderr, "--- %s\n", log_path);
	snprintf(cmd, sizeof(cmd), "tail -n 20 '%s' >&2", log_path);
	if (system(cmd))
		fprintf(stderr, "(cannot show it)\n");
}

/* Watch the positions of the (first) ring buffer the loader holds. */
static void map_ringbuf(struct attached *a)
{
	int fds[16], n, i;
	long page = sysconf(_SC_PAGESIZE);

	n = fds_of_pid(a->pid, "anon_inode:bpf-map", "map_id:", fds, 16);
	for (i = 0; i < n; i++) {
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);

		if (!a->rb_map && !bpf_obj_get_info_by_fd(fds[i], &info, &len) &&
		    info.type == BPF_MAP_TYPE_RINGBUF) {
			a->rb_len = 2 * page;
			a->rb_map = mmap(NULL, a->rb_len, PROT_READ, MAP_SHARED, fds[i], 0);
			if (a->rb_map == MAP_FAILED) {
				fprintf(stderr, "bench: warning: cannot map %s's ring buffer: %s\n",
					a->c->name, strerror(errno));
				a->rb_map = NULL;
			} else {
				rb_cons = a->rb_map;
				rb_prod = (const volatile __u64 *)((char *)a->rb_map + page);
			}
		}
		close(fds[i]);
	}
}

static void attach_cmd(struct attached *a)
{
	char obj[PATH_MAX], ready[PATH_MAX], bin[PATH_MAX], *argv[12];
	bool want_ready = false;
	int i, waited = 0, stable = 0, last = -1;

	path_of(obj, sizeof(obj), a->c->obj);
	path_of(ready, sizeof(ready), "bench/ready");
	for (i = 0; a->c->argv[i]; i++) {
		const char *s = a->c->argv[i];

		if (!strcmp(s, "%o"))
			argv[i] = obj;
		else if (!strcmp(s, "%r"))
			argv[i] = ready, want_ready = true;
		else if (!strncmp(s, "%b/", 3))
			argv[i] = (snprintf(bin, sizeof(bin), "%s/%s", build_dir, s + 3), bin);
		else
			argv[i] = (char *)s;
	}
	argv[i] = NULL;
	unlink(ready);

	a->pid = fork();
	if (a->pid < 0)
		die("fork: %s", strerror(errno));
	if (a->pid == 0) {
		int out = open("/dev/null", O_WRONLY), err = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		prctl(PR_SET_PDEATHSIG, SIGTERM);	/* never outlive the bench */
		dup2(out, 1);
		dup2(err, 2);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	/*
	 * Ready when the ready file exists; a loader without one is ready when
	 * the programs it holds have not changed for 300 ms.
	 */
	for (;;) {
		int st;

		if (waitpid(a->pid, &st, WNOHANG) == a->pid) {
			a->pid = 0;
			print_log_tail();
			die("%s: loader exited before it was ready", a->c->name);
		}
		if (want_ready && access(ready, F_OK) == 0)
			break;
		if (!want_ready) {
			int fds[MAX_PROGS], n = fds_of_pid(a->pid, "anon_inode:bpf-prog", "prog_id:", fds, MAX_PROGS);

			for (i = 0; i < n; i++)
				close(fds[i]);
			stable = n > 0 && n == last ? stable + 1 : 0;
			last = n;
			if (stable >= 30)
				break;
		}
		if (waited >= READY_TIMEOUT_MS) {
			print_log_tail();
			die("%s: loader not ready after %d ms", a->c->name, READY_TIMEOUT_MS);
		}
		usleep(10000);
		waited += 10;
	}
	a->n_progs = fds_of_pid(a->pid, "anon_inode:bpf-prog", "prog_id:", a->prog_fd, MAX_PROGS);
	if (a->n_progs <= 0)
		die("%s: loader %d holds no BPF program", a->c->name, (int)a->pid);
	map_ringbuf(a);
}

static void attach_libbpf(struct attached *a)
{
	char obj[PATH_MAX];
	struct bpf_program *p, *want = NULL;

	path_of(obj, sizeof(obj), a->c->obj);
	a->obj = bpf_object__open_file(obj, NULL);
	if (!a->obj)
		die("%s: cannot open %s: %s", a->c->name, obj, strerror(errno));
	bpf_object__for_each_program(p, a->obj) {
		bool me = !strcmp(bpf_program__name(p), a->c->prog);

		bpf_program__set_autoload(p, me);
		if (me)
			want = p;
	}
	if (!want)
		die("%s: no program '%s' in %s", a->c->name, a->c->prog, obj);
	if (bpf_object__load(a->obj))
		die("%s: cannot load %s: %s", a->c->name, obj, strerror(errno));
	a->link = bpf_program__attach(want);
	if (!a->link)
		die("%s: cannot attach '%s': %s", a->c->name, a->c->prog, strerror(errno));
	a->prog_fd[0] = bpf_program__fd(want);
	a->n_progs = 1;
}

static void attach(struct attached *a, const struct contender *c)
{
	memset(a, 0, sizeof(*a));
	a->c = c;
	if (c->prog)
		attach_libbpf(a);
	else
		attach_cmd(a);
}

static void detach(struct attached *a)
{
	int i, st;

	if (a->rb_map) {
		rb_cons = rb_prod = NULL;
		munmap(a->rb_map, a->rb_len);
	}
	if (a->obj) {
		bpf_link__destroy(a->link);
		bpf_object__close(a->obj);	/* closes prog_fd[0] */
		return;
	}
	for (i = 0; i < a->n_progs; i++)
		close(a->prog_fd[i]);
	if (!a->pid)
		return;
	kill(a->pid, SIGTERM);
	for (i = 0; i < 500; i++) {
		if (waitpid(a->pid, &st, WNOHANG) == a->pid)
			return;
		usleep(10000);
	}
	kill(a->pid, SIGKILL);
	waitpid(a->pid, &st, 0);
}

static struct prog_stats stats_of(const struct attached *a)
{
	struct prog_stats s = {};
	struct bpf_prog_info info;
	int i;

	for (i = 0; i < a->n_progs; i++) {
		if (prog_info(a->prog_fd[i], &info))
			die("bpf_prog_info: %s", strerror(errno));
		s.run_time_ns += info.run_time_ns;
		s.run_cnt += info.run_cnt;
	}
	return s;
}

/* --- measurement ------------------------------------------------------------- */

struct row {
	const struct contender *c;
	const struct bcase *k;
	double bpf[MAX_ROUNDS], cpu[MAX_ROUNDS], base[MAX_ROUNDS];
	__u64 runs[MAX_ROUNDS];	/* run_cnt delta: >= the syscalls made */
	__u32 insns;
	char progs[128];	/* name (type) of what was measured */
	long long drops;	/* tpc_drops after the last round, -1 if none */
	long long rb_flags;	/* tpc_rb_flags, -1 if none */
	const struct row *floor;
};

struct summary {
	double med, min, max;
};

static struct summary summarize(const double *v, int n)
{
	double s[MAX_ROUNDS * 2 * N_CONTENDERS];
	struct summary r;

	memcpy(s, v, sizeof(double) * n);
	qsort(s, n, sizeof(double), cmp_double);
	r.min = s[0];
	r.max = s[n - 1];
	r.med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	return r;
}

static void describe_progs(struct row *row, const struct attached *a)
{
	struct bpf_prog_info info;
	size_t off = 0;
	int i;

	row->insns = 0;
	for (i = 0; i < a->n_progs; i++) {
		static const char *const types[] = {
			[BPF_PROG_TYPE_TRACEPOINT] = "tracepoint", [BPF_PROG_TYPE_KPROBE] = "kprobe",
			[BPF_PROG_TYPE_RAW_TRACEPOINT] = "raw_tp", [BPF_PROG_TYPE_TRACING] = "tracing",
		};
		const char *t = "?";

		if (prog_info(a->prog_fd[i], &info))
			die("bpf_prog_info: %s", strerror(errno));
		if (info.type < sizeof(types) / sizeof(types[0]) && types[info.type])
			t = types[info.type];
		/* the agent's base object (process tracking, fork/exec/exit) is not the policy's code */
		if (strncmp(info.name, "tpc_base_", 9))
			row->insns += info.verified_insns;
		off += snprintf(row->progs + off, sizeof(row->progs) - off, "%s%s (%s)",
				i ? ", " : "", info.name, t);
		if (off >= sizeof(row->progs))
			break;
	}
}

static void pin_cpu(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(ncpu > 1 ? ncpu - 1 : 0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "bench: warning: cannot pin to a CPU: %s\n", strerror(errno));
}

static void make_files(void)
{
	static const char *const files[] = { BENCH_DIR "/file", OTHER_DIR "/file" };
	size_t i;

	mkdir(BENCH_DIR, 0755);
	mkdir(OTHER_DIR, 0755);
	for (i = 0; i < 2; i++) {
		int fd = open(files[i], O_WRONLY | O_CREAT, 0644);

		if (fd < 0)
			die("cannot create %s: %s", files[i], strerror(errno));
		close(fd);
	}
}

static int read_sysctl_stats(void)
{
	FILE *f = fopen("/proc/sys/kernel/bpf_stats_enabled", "r");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static void emit_report(FILE *o, struct row *rows, int n_rows, int rounds,
			double base[W_COUNT][MAX_ROUNDS * 2 * N_CONTENDERS], const int *n_base, int stats_before)
{
	struct utsname u;
	char cpu[128] = "?", line[256];
	time_t now = time(NULL);
	FILE *f;
	int i, w;

	uname(&u);
	f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
			snprintf(cpu, sizeof(cpu), "%s", strchr(line, ':') + 2);
			cpu[strcspn(cpu, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	strftime(line, sizeof(line), "%Y-%m-%d %H:%M UTC", gmtime(&now));
	fprintf(o, "tpc bench, %s: kernel %s, %s, %ld CPUs (driver pinned to the last)\n", line,
		u.release, cpu, sysconf(_SC_NPROCESSORS_ONLN));
	fprintf(o, "%d rounds, medians (min-max); in-BPF = run_time_ns / run_cnt with "
		"kernel.bpf_stats_enabled (includes the ~30 ns of the stats clock);\n", rounds);
	fprintf(o, "added CPU = CLOCK_THREAD_CPUTIME_ID per syscall (median over batches of %d), bpf_stats "
		"off, minus the same loop with nothing attached\n(mean of the runs just before the attach and "
		"just after the detach)\n\n", BATCH);

	fprintf(o, "%-18s %-17s %-13s %24s %7s %22s %8s\n", "contender", "hook", "case",
		"in-BPF ns/event", "ratio", "added CPU ns/syscall", "insns");
	for (i = 0; i < n_rows; i++) {
		struct row *r = &rows[i];
		struct summary b = summarize(r->bpf, rounds), c = summarize(r->cpu, rounds);
		char bs[64], cs[64], ratio[16] = "-";

		snprintf(bs, sizeof(bs), "%.0f (%.0f-%.0f)", b.med, b.min, b.max);
		snprintf(cs, sizeof(cs), "%.0f (%.0f-%.0f)", c.med, c.min, c.max);
		if (r->floor)
			snprintf(ratio, sizeof(ratio), "%.2fx", b.med / summarize(r->floor->bpf, rounds).med);
		else if (r->c->floor)
			snprintf(ratio, sizeof(ratio), "1.00x");
		fprintf(o, "%-18s %-17s %-13s %24s %7s %22s %8u\n", r->c->name, r->c->hook, r->k->label,
			bs, ratio, cs, r->insns);
	}

	fprintf(o, "\nworkloads (syscalls per loop; CPU ns/syscall with nothing attached, all baseline runs):\n");
	for (w = 0; w < W_COUNT; w++) {
		struct summary s;

		if (!n_base[w])
			continue;
		s = summarize(base[w], n_base[w]);
		fprintf(o, "  %-40s %7ld  %6.0f (%.0f-%.0f)\n", workloads[w].desc, workload_n(w), s.med,
			s.min, s.max);
	}
	fprintf(o, "\nprograms measured:\n");
	for (i = 0; i < n_rows; i++) {
		struct row *r = &rows[i];
		if (i && rows[i - 1].c == r->c)
			continue;
		fprintf(o, "  %-18s %s", r->c->name, r->progs);
		if (r->rb_flags >= 0)
			fprintf(o, ", tpc_rb_flags=%lld (%s)", r->rb_flags,
				r->rb_flags == 0 ? "wake the reader on every event" :
				r->rb_flags & BPF_RB_NO_WAKEUP ? "no wake-up" : "forced wake-up");
		if (r->drops >= 0)
			fprintf(o, ", ring buffer drops %lld (all rounds)", r->drops);
		fprintf(o, "\n");
	}
	if (stats_before > 0)
		fprintf(o, "\nnote: kernel.bpf_stats_enabled was already 1 before the run: the added-CPU "
			"column includes the stats clock\n");

	fprintf(o, "\n");
	for (i = 0; i < n_rows; i++) {
		struct row *r = &rows[i];
		double x;

		if (!r->k->target || !r->floor)
			continue;
		x = summarize(r->bpf, rounds).med / summarize(r->floor->bpf, rounds).med;
		fprintf(o, "%s: %.2fx of empty (target <= %.2fx): %s\n", r->k->target_name, x, r->k->target,
			x <= r->k->target ? "met" : "NOT met");
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: bench [-b BUILD_DIR] [-o FILE] [-r ROUNDS] [-s SCALE]\n"
		   "  -b DIR    where tpc-agent and bench/*.bpf.o are (default: build)\n"
		   "  -o FILE   also write the report to FILE\n"
		   "  -r N      rounds (default 5, at most %d)\n"
		   "  -s X      scale the syscalls per loop by X (default 1)\n", MAX_ROUNDS);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

int main(int argc, char **argv)
{
	static struct row rows[N_CONTENDERS * MAX_CASES];
	static double base[W_COUNT][MAX_ROUNDS * 2 * N_CONTENDERS];
	int n_base[W_COUNT] = {};
	const char *out_path = NULL;
	int rounds = 5, n_rows = 0, r, i, opt, stats_before;
	char *report;
	size_t report_len;
	FILE *o;

	while ((opt = getopt(argc, argv, "b:o:r:s:h")) != -1) {
		switch (opt) {
		case 'b': build_dir = optarg; break;
		case 'o': out_path = optarg; break;
		case 'r': rounds = atoi(optarg); break;
		case 's': scale = atof(optarg); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (rounds < 1 || rounds > MAX_ROUNDS || scale <= 0) {
		usage(stderr);
		return 2;
	}
	if (geteuid() != 0)
		die("needs root (BPF programs, bpf_stats)");
	libbpf_set_print(NULL);
	path_of(log_path, sizeof(log_path), "bench/loader.log");
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	pin_cpu();
	make_files();
	stats_before = read_sysctl_stats();

	for (i = 0; i < (int)N_CONTENDERS; i++) {
		const struct contender *c = &contenders[i];
		int j;

		for (j = 0; j < MAX_CASES && c->cases[j].label; j++) {
			struct row *row = &rows[n_rows++];

			row->c = c;
			row->k = &c->cases[j];
			row->drops = row->rb_flags = -1;
		}
	}
	/* ratios are against the first row of the floor contender of the same hook */
	for (i = 0; i < n_rows; i++) {
		int j;

		for (j = 0; j < n_rows && !rows[i].c->floor; j++)
			if (rows[j].c->floor && !strcmp(rows[j].c->hook, rows[i].c->hook)) {
				rows[i].floor = &rows[j];
				break;
			}
	}

	for (r = 0; r < rounds && !stop; r++) {
		fprintf(stderr, "bench: round %d/%d\n", r + 1, rounds);
		for (i = 0; i < n_rows && !stop;) {
			const struct contender *c = rows[i].c;
			double pre[MAX_CASES];
			struct attached a;
			int first = i, j;

			/*
			 * The baseline of a row is the same loop with nothing attached,
			 * right before the attach and right after the detach, averaged:
			 * the neighbours' load drifts within a round.
			 */
			for (j = first; j < n_rows && rows[j].c == c; j++)
				pre[j - first] = workload_cpu(rows[j].k->w);
			attach(&a, c);
			for (; i < n_rows && rows[i].c == c; i++) {
				struct row *row = &rows[i];
				struct prog_stats s0, s1;
				long n = workload_n(row->k->w);
				int stats_fd;

				row->cpu[r] = workload_cpu(row->k->w);
				stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
				if (stats_fd < 0)
					die("cannot enable bpf_stats: %s", strerror(errno));
				workload_run(row->k->w, n / 10);
				s0 = stats_of(&a);
				workload_run(row->k->w, n);
				s1 = stats_of(&a);
				close(stats_fd);
				row->runs[r] = s1.run_cnt - s0.run_cnt;
				if (row->runs[r] < (__u64)n)
					die("%s: %llu program runs for %ld syscalls: is it attached to %s?",
					    c->name, (unsigned long long)row->runs[r], n, c->hook);
				row->bpf[r] = (double)(s1.run_time_ns - s0.run_time_ns) / (double)row->runs[r];
			}
			describe_progs(&rows[first], &a);
			if (a.pid) {
				__u64 v;

				if (!read_global(a.pid, "tpc_drops", &v))
					rows[first].drops = (rows[first].drops < 0 ? 0 : rows[first].drops) +
							    (long long)v;
				if (!read_global(a.pid, "tpc_rb_flags", &v))
					rows[first].rb_flags = (long long)v;
			}
			for (j = first + 1; j < i; j++) {
				rows[j].insns = rows[first].insns;
				memcpy(rows[j].progs, rows[first].progs, sizeof(rows[j].progs));
			}
			detach(&a);
			for (j = first; j < i; j++) {
				enum workload_id w = rows[j].k->w;
				double post = workload_cpu(w);

				rows[j].base[r] = (pre[j - first] + post) / 2;
				rows[j].cpu[r] -= rows[j].base[r];
				if (n_base[w] < MAX_ROUNDS * 2 * (int)N_CONTENDERS) {
					base[w][n_base[w]++] = pre[j - first];
					base[w][n_base[w]++] = post;
				}
			}
		}
	}
	if (stop)
		die("interrupted");

	o = open_memstream(&report, &report_len);
	if (!o)
		die("out of memory");
	emit_report(o, rows, n_rows, rounds, base, n_base, stats_before);
	fclose(o);
	fputs(report, stdout);
	if (out_path) {
		FILE *f = fopen(out_path, "w");

		if (!f || fputs(report, f) < 0 || fclose(f))
			die("cannot write %s: %s", out_path, strerror(errno));
	}
	free(report);
	return 0;
}

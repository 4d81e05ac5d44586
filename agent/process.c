// SPDX-License-Identifier: Apache-2.0
/*
 * Process tracking in the agent: load the embedded base object, share its
 * process map through bpffs, fill it with the processes that existed before
 * we started, and remove exited processes a little after they exit (so
 * that events of a process the policy killed still find its binary).
 *
 * The map is pinned at TPC_PIN_ROOT/TPC_PROC_MAP and outlives the agent:
 * several agents share it, and each start reconciles it with /proc.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define TPC_PROC_LAYOUT_ONLY
#include "tpc_proc.h"

#include "diag.h"
#include "process.h"

#define BPF_FS_MAGIC 0xcafe4a11
#define GC_AFTER_NS (5ull * 1000000000ull)	/* exited entries kept this long */
#define GC_PERIOD_MS 1000

extern const char tpc_base_obj[], tpc_base_obj_end[];

static struct {
	struct bpf_object *obj;
	struct bpf_link *links[3];
	int map_fd;
	pthread_t gc;
	bool gc_running;
	volatile bool stop;
	uint64_t attach_ns;
} ps = { .map_fd = -1 };

const char *process_pin_root(void)
{
	return TPC_PIN_ROOT;
}

bool process_needed_by(struct bpf_object *obj)
{
	return bpf_object__find_map_by_name(obj, TPC_PROC_MAP) != NULL;
}

static uint64_t boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int ensure_bpffs(bool verbose)
{
	struct statfs st;

	if (statfs("/sys/fs/bpf", &st) || st.f_type != BPF_FS_MAGIC) {
		if (mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL))
			return -errno;
		if (verbose)
			fprintf(stderr, "tpc-agent: mounted bpffs at /sys/fs/bpf\n");
	}
	if (mkdir(TPC_PIN_ROOT, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

/* /proc/PID/stat: ppid (field 4) and start time (field 22, clock ticks since boot). */
static bool read_stat(uint32_t pid, __u32 *ppid, __u64 *start_ns)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "/proc/%u/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = (int)fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* comm may contain spaces and parentheses */
	if (!p || sscanf(p + 2, "%*c %u %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
			 ppid, &start) != 2)
		return false;
	*start_ns = start * (1000000000ull / (unsigned long long)sysconf(_SC_CLK_TCK));
	return true;
}

/* /proc/PID/status: real uid and gid, capability sets, the pid in its innermost namespace (NSpid's last). */
static void read_status(uint32_t pid, struct tpc_proc *e)
{
	char path[64], line[256], *p, *end;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/status", pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Uid:", 4))
			e->uid = (uint32_t)strtoul(line + 4, NULL, 10);
		else if (!strncmp(line, "Gid:", 4))
			e->gid = (uint32_t)strtoul(line + 4, NULL, 10);
		else if (!strncmp(line, "CapEff:", 7))
			e->caps[0] = strtoull(line + 7, NULL, 16);
		else if (!strncmp(line, "CapInh:", 7))
			e->caps[1] = strtoull(line + 7, NULL, 16);
		else if (!strncmp(line, "CapPrm:", 7))
			e->caps[2] = strtoull(line + 7, NULL, 16);
		else if (!strncmp(line, "NSpid:", 6))
			for (p = line + 6;; p = end) {
				unsigned long v = strtoul(p, &end, 10);

				if (end == p)
					break;
				e->nspid = (__u32)v;
			}
	}
	fclose(f);
}

/* The inode number of namespace `name` of process pid ("pid" for /proc/self), 0 if unknown. */
static __u32 ns_inum(const char *pid, const char *name)
{
	char path[64], link[64], *br;
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%s/ns/%s", pid, name);
	len = readlink(path, link, sizeof(link) - 1);	/* "mnt:[4026531841]" */
	if (len <= 0)
		return 0;
	link[len] = '\0';
	br = strchr(link, '[');
	return br ? (__u32)strtoul(br + 1, NULL, 10) : 0;
}

/* in matchNamespaces order (compiler/lang.def NAMESPACE), as tpc_proc.ns[] */
static const char *const ns_files[TPC_PROC_NS] = { "uts", "ipc", "mnt", "pid", "pid_for_children", "net", "time",
						   "time_for_children", "cgroup", "user" };

/* One process from /proc into e; false for kernel threads and processes gone meanwhile. */
static bool proc_entry(uint32_t pid, struct tpc_proc *e)
{
	char path[64], exe[4096];
	ssize_t n;
	size_t len;
	int i;

	memset(e, 0, sizeof(*e));
	snprintf(path, sizeof(path), "/proc/%u/exe", pid);
	n = readlink(path, exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	len = (size_t)n;
	if (len > 10 && !strcmp(exe + len - 10, " (deleted)"))
		exe[len -= 10] = '\0';
	if (!read_stat(pid, &e->ppid, &e->start_ns))
		return false;
	read_status(pid, e);
	snprintf(path, sizeof(path), "%u", pid);
	for (i = 0; i < TPC_PROC_NS; i++)
		e->ns[i] = ns_inum(path, ns_files[i]);
	e->pid = pid;
	e->update_ns = boot_ns();
	e->flags = TPC_PROCF_PROCFS;
	if (len > TPC_PROC_PATH - 1) {
		len = TPC_PROC_PATH - 1;
		e->flags |= TPC_PROCF_TRUNCATED;
	}
	memcpy(e->path, exe, len);
	e->path_len = (__u16)len;
	return true;
}

static bool pid_exists(uint32_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%u", pid);
	return access(path, F_OK) == 0;
}

/*
 * Entries older than our attach come from /proc or from an earlier agent:
 * drop those whose process is gone, rewrite the others from /proc. Entries
 * the base object wrote since attach are newer and stay.
 */
static void fill_from_proc(void)
{
	struct tpc_proc e, old;
	__u32 key, next, *prev = NULL;
	struct dirent *d;
	DIR *dir;

	while (!bpf_map_get_next_key(ps.map_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (!bpf_map_lookup_elem(ps.map_fd, &key, &old) && old.update_ns < ps.attach_ns &&
		    !pid_exists(key))
			bpf_map_delete_elem(ps.map_fd, &key);
	}
	dir = opendir("/proc");
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		char *end;
		unsigned long pid = strtoul(d->d_name, &end, 10);

		if (*end || !pid)
			continue;
		key = (__u32)pid;
		if (!bpf_map_lookup_elem(ps.map_fd, &key, &old) && old.update_ns >= ps.attach_ns)
			continue;	/* the base object saw it fork or exec */
		if (proc_entry(key, &e))
			bpf_map_update_elem(ps.map_fd, &key, &e, BPF_ANY);
	}
	closedir(dir);
}

static void gc_once(void)
{
	uint64_t now = boot_ns();
	__u32 key, next, *prev = NULL;
	struct tpc_proc e;

	while (!bpf_map_get_next_key(ps.map_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(ps.map_fd, &key, &e))
			continue;
		if ((e.flags & TPC_PROCF_EXITED) && e.exit_ns + GC_AFTER_NS < now)
			bpf_map_delete_elem(ps.map_fd, &key);
	}
}

static void *gc_thread(void *arg)
{
	struct timespec ts = { .tv_sec = GC_PERIOD_MS / 1000, .tv_nsec = (GC_PERIOD_MS % 1000) * 1000000L };

	(void)arg;
	while (!ps.stop) {
		nanosleep(&ts, NULL);
		if (!ps.stop)
			gc_once();
	}
	return NULL;
}

int process_start(bool required, bool verbose)
{
	static const char *const progs[] = { "tpc_base_fork", "tpc_base_exec", "tpc_base_exit" };
	struct diag d = DIAG_NONE;
	struct bpf_program *prog;
	size_t i;
	int err;
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "tpc_base", .pin_root_path = TPC_PIN_ROOT);

	d.object = "(built-in base object)";
	err = ensure_bpffs(verbose);
	if (err) {
		if (required)
			diag_error(&d, "process tracking needs bpffs at /sys/fs/bpf and %s: %s", TPC_PIN_ROOT,
				   strerror(-err));
		return err;
	}
	ps.obj = bpf_object__open_mem(tpc_base_obj, (size_t)(tpc_base_obj_end - tpc_base_obj), &opts);
	if (!ps.obj) {
		err = -errno;
		diag_error(&d, "cannot open the base object: %s", strerror(-err));
		return err;
	}
	err = bpf_object__load(ps.obj);
	if (err) {
		if (required)
			diag_error(&d, "loading the process tracking programs failed: %s (they need BTF and "
				   "tp_btf tracepoints and bpf_loop, kernel 5.17 or later)", strerror(-err));
		else if (verbose)
			fprintf(stderr, "tpc-agent: no process tracking: %s\n", strerror(-err));
		goto out_close;
	}
	ps.map_fd = bpf_object__find_map_fd_by_name(ps.obj, TPC_PROC_MAP);
	for (i = 0; i < 3; i++) {
		prog = bpf_object__find_program_by_name(ps.obj, progs[i]);
		ps.links[i] = prog ? bpf_program__attach(prog) : NULL;
		if (!ps.links[i]) {
			err = prog ? -errno : -ENOENT;
			if (required)
				diag_error(&d, "attaching '%s' failed: %s", progs[i], strerror(-err));
			goto out_close;
		}
	}
	ps.attach_ns = boot_ns();
	fill_from_proc();
	if (!pthread_create(&ps.gc, NULL, gc_thread, NULL))
		ps.gc_running = true;
	if (verbose)
		fprintf(stderr, "tpc-agent: process tracking on (map %s/%s)\n", TPC_PIN_ROOT, TPC_PROC_MAP);
	return 0;

out_close:
	process_stop();
	return err ? err : -EINVAL;
}

void process_stop(void)
{
	size_t i;

	if (ps.gc_running) {
		ps.stop = true;
		pthread_join(ps.gc, NULL);
		ps.gc_running = false;
	}
	for (i = 0; i < 3; i++) {
		bpf_link__destroy(ps.links[i]);
		ps.links[i] = NULL;
	}
	bpf_object__close(ps.obj);
	ps.obj = NULL;
	ps.map_fd = -1;
}

/*
 * host_ns: the namespaces of pid 1 as this agent sees them, in
 * matchNamespaces order (compiler/lang.def NAMESPACE), written into the
 * const volatile tpc_host_ns[] of an object before it is loaded.
 */
int process_prepare(struct bpf_object *obj)
{
	static const char *const files[10] = { "uts", "ipc", "mnt", "pid", "pid_for_children", "net", "time",
					       "time_for_children", "cgroup", "user" };
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	struct bpf_map *map;
	const struct btf *btf = bpf_object__btf(obj);
	__u32 inums[10] = { 0 };
	char path[64];
	struct stat st;
	const void *init;
	size_t size;
	char *data;
	int id, i, n;

	if (!btf)
		return 0;
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (id < 0)
		return 0;
	sec = btf__type_by_id(btf, (__u32)id);
	vs = btf_var_secinfos(sec);
	n = btf_vlen(sec);
	for (i = 0; i < n; i++, vs++)
		if (!strcmp(btf__name_by_offset(btf, btf__type_by_id(btf, vs->type)->name_off), "tpc_host_ns"))
			break;
	if (i == n)
		return 0;
	if (vs->size != sizeof(inums))
		return -EINVAL;
	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);
		size_t len = strlen(name);

		if (len >= 7 && !strcmp(name + len - 7, ".rodata"))
			break;
	}
	if (!map)
		return -ENOENT;
	init = bpf_map__initial_value(map, &size);
	if (!init || vs->offset + sizeof(inums) > size)
		return -EINVAL;
	for (i = 0; i < 10; i++) {
		char link[64], *br;
		ssize_t len;

		/*
		 * readlink ("mnt:[4026531841]"); pid 1's when we may read it, else
		 * our own (an agent that cannot see pid 1 runs in the host's
		 * namespaces or is misplaced anyway)
		 */
		snprintf(path, sizeof(path), "/proc/1/ns/%s", files[i]);
		len = readlink(path, link, sizeof(link) - 1);
		if (len <= 0) {
			snprintf(path, sizeof(path), "/proc/self/ns/%s", files[i]);
			len = readlink(path, link, sizeof(link) - 1);
		}
		if (len > 0) {
			link[len] = '\0';
			br = strchr(link, '[');
			if (br)
				inums[i] = (__u32)strtoul(br + 1, NULL, 10);
		} else if (!stat(path, &st)) {
			inums[i] = (__u32)st.st_ino;
		}
	}
	data = malloc(size);
	if (!data)
		return -ENOMEM;
	memcpy(data, init, size);
	memcpy(data + vs->offset, inums, sizeof(inums));
	i = bpf_map__set_initial_value(map, data, size);
	free(data);
	return i;
}

bool process_binary(uint32_t pid, char *buf, size_t len)
{
	struct tpc_proc e;
	__u32 key = pid;
	size_t n;

	if (ps.map_fd < 0 || !len || bpf_map_lookup_elem(ps.map_fd, &key, &e) || !e.path_len)
		return false;
	n = e.path_len < len - 1 ? e.path_len : len - 1;
	memcpy(buf, e.path, n);
	buf[n] = '\0';
	return true;
}

/*
 * The start of process pid as Tetragon's exec_id counts it: the last exec,
 * else the fork (boot-time ns), and its parent's tgid. The process map
 * first (it keeps exited processes a few seconds), else /proc/PID/stat.
 */
bool process_start_time(uint32_t pid, uint64_t *ktime, uint32_t *ppid)
{
	struct tpc_proc e;
	__u32 key = pid, pp;
	__u64 start;

	if (ps.map_fd >= 0 && !bpf_map_lookup_elem(ps.map_fd, &key, &e)) {
		*ktime = e.exec_ns ? e.exec_ns : e.start_ns;
		*ppid = e.ppid;
		return true;
	}
	if (!read_stat(pid, &pp, &start))
		return false;
	*ktime = start;
	*ppid = pp;
	return true;
}

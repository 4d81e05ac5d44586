// SPDX-License-Identifier: Apache-2.0
/*
 * Kernel capability probes; see probe.h.
 *
 * Programs are two to four raw instructions loaded with bpf_prog_load(); perf
 * events are opened disabled and closed right away, so nothing ever runs.
 * libbpf's own helper probe is not used for bpf_override_return because it
 * can be wrong on newer kernels (docs: TOOLCHAIN.md): a real load decides.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "jsonw.h"
#include "probe.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define PMU_DIR "/sys/bus/event_source/devices"
#define BTF_VMLINUX "/sys/kernel/btf/vmlinux"
#define LSM_LIST "/sys/kernel/security/lsm"

static const char *const feature_names[] = {
#define TPC_FEATURE_NAME(id, name) [TPC_FEAT_##id] = name,
	TPC_FEATURES(TPC_FEATURE_NAME)
#undef TPC_FEATURE_NAME
};

/*
 * Functions to attach the probe programs to: harmless to trace, present in
 * every kernel built with CONFIG_BPF_SYSCALL and CONFIG_NET (test_run.c).
 * bpf_modify_return_test is also on the error-injection list.
 */
static const char *const benign_funcs[] = {
	"bpf_fentry_test1", "bpf_modify_return_test", "do_nanosleep", "vfs_read",
};
static const char *const errinj_funcs[] = {
	"bpf_modify_return_test", "should_failslab",
};

const char *tpc_feature_name(enum tpc_feature f)
{
	return (unsigned)f < TPC_FEAT__COUNT ? feature_names[f] : "?";
}

const char *tpc_probe_state_name(enum tpc_probe_state s)
{
	switch (s) {
	case TPC_PROBE_YES: return "yes";
	case TPC_PROBE_NO: return "no";
	default: return "unknown";
	}
}

__attribute__((format(printf, 4, 5)))
static void set(struct tpc_probe *p, enum tpc_feature f, enum tpc_probe_state s,
		const char *fmt, ...)
{
	va_list ap;

	p->feat[f].state = s;
	va_start(ap, fmt);
	vsnprintf(p->feat[f].how, sizeof(p->feat[f].how), fmt, ap);
	va_end(ap);
}

static bool path_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Read a small text file into buf (NUL-terminated, trailing newline cut). */
static int read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static int read_int(const char *path, int *val)
{
	char buf[32], *end;
	long v;
	int err;

	err = read_text(path, buf, sizeof(buf));
	if (err)
		return err;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || end == buf)
		return -EINVAL;
	*val = (int)v;
	return 0;
}

int tpc_tracefs_dir(char *buf, size_t len)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/events", dirs[i]);
		if (path_exists(path)) {
			snprintf(buf, len, "%s", dirs[i]);
			return 0;
		}
	}
	return -ENOENT;
}

static int perf_event_open(struct perf_event_attr *attr)
{
	int fd = (int)syscall(__NR_perf_event_open, attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* --- tiny programs ------------------------------------------------------ */

#define INSN_MOV64_IMM(dst, v) \
	((struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = (dst), .imm = (v) })
#define INSN_CALL(fn) ((struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = (fn) })
#define INSN_EXIT() ((struct bpf_insn){ .code = BPF_JMP | BPF_EXIT })

struct load_req {
	enum bpf_prog_type type;
	enum bpf_attach_type attach;
	__u32 attach_btf_id;
	int helper;		/* helper to call with r1 = ctx, r2 = 0, or 0 for none */
};

/*
 * The verifier's complaint: the last line of its log that is not one of the
 * statistics lines it appends ("processed N insns", "verification time").
 */
static void verifier_complaint(char *log, char *why, size_t why_len)
{
	char *line, *save = NULL;

	why[0] = '\0';
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "processed ", 10) || !strncmp(line, "verification time", 17) ||
		    !strncmp(line, "stack depth", 11) || !line[0])
			continue;
		snprintf(why, why_len, "%s", line);
	}
}

/*
 * Load a program "[r2 = 0; call helper;] r0 = 0; exit". Returns the fd, or
 * -errno with the first verifier line in why (if the kernel gave one).
 */
static int load_tiny(const struct load_req *req, char *why, size_t why_len)
{
	struct bpf_insn insns[4];
	char log[4096] = "";
	size_t n = 0;
	int fd;
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		.expected_attach_type = req->attach,
		.attach_btf_id = req->attach_btf_id,
		.log_buf = log,
		.log_size = sizeof(log),
	);

	if (req->helper) {
		insns[n++] = INSN_MOV64_IMM(BPF_REG_2, 0);
		insns[n++] = INSN_CALL(req->helper);
	}
	insns[n++] = INSN_MOV64_IMM(BPF_REG_0, 0);
	insns[n++] = INSN_EXIT();

	fd = bpf_prog_load(req->type, "tpc_probe", "GPL", insns, n, &opts);
	if (fd < 0) {
		fd = -errno;
		if (why)
			verifier_complaint(log, why, why_len);
	}
	return fd;
}

static const char *errstr(int err)
{
	return strerror(err < 0 ? -err : err);
}

/* "EPERM (Operation not permitted): <verifier line>" into buf */
static const char *load_failure(char *buf, size_t len, int err, const char *why)
{
	snprintf(buf, len, "%s%s%.160s", errstr(err), why && why[0] ? ": " : "", why ? why : "");
	return buf;
}

static __s32 btf_func_id(const struct btf *btf, const char *name)
{
	return btf ? btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) : -ENOENT;
}

/* --- the probes ----------------------------------------------------------- */

/* *vmlinux: the process's one parse (tpc_vmlinux_btf), not freed here */
static void probe_btf(struct tpc_probe *p, const struct btf **vmlinux)
{
	const struct btf *btf;

	*vmlinux = NULL;
	if (!path_exists(BTF_VMLINUX)) {
		set(p, TPC_FEAT_BTF, TPC_PROBE_NO, BTF_VMLINUX " missing (CONFIG_DEBUG_INFO_BTF off)");
		return;
	}
	btf = tpc_vmlinux_btf();
	if (!btf) {
		set(p, TPC_FEAT_BTF, TPC_PROBE_NO, BTF_VMLINUX " present but does not parse: %s",
		    errstr(errno));
		return;
	}
	set(p, TPC_FEAT_BTF, TPC_PROBE_YES, BTF_VMLINUX " parses, %u types", btf__type_cnt(btf));
	*vmlinux = btf;
}

static void probe_ringbuf(struct tpc_probe *p)
{
	int fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "tpc_probe", 0, 0, 4096, NULL);

	if (fd < 0) {
		set(p, TPC_FEAT_RINGBUF, TPC_PROBE_NO, "BPF_MAP_TYPE_RINGBUF create: %s", errstr(errno));
		return;
	}
	close(fd);
	set(p, TPC_FEAT_RINGBUF, TPC_PROBE_YES, "BPF_MAP_TYPE_RINGBUF map created");
}

static void probe_send_signal(struct tpc_probe *p)
{
	struct load_req req = { .type = BPF_PROG_TYPE_TRACEPOINT, .helper = BPF_FUNC_send_signal };
	char why[256], msg[200];
	int fd;

	fd = load_tiny(&req, why, sizeof(why));
	if (fd < 0) {
		set(p, TPC_FEAT_SEND_SIGNAL, TPC_PROBE_NO, "tracepoint prog calling it: %s",
		    load_failure(msg, sizeof(msg), fd, why));
		return;
	}
	close(fd);
	set(p, TPC_FEAT_SEND_SIGNAL, TPC_PROBE_YES, "tracepoint prog calling it loads");
}

/*
 * bpf_probe_write_user (action Set on a usdt): the kernel hides the helper
 * from programs under lockdown (LOCKDOWN_BPF_WRITE_USER, "integrity" and
 * above), so the verifier then does not know it.
 */
static void probe_write_user(struct tpc_probe *p)
{
	/* *(u32 *)(r10 - 8) = 0; r1 = 0; r2 = r10; r2 += -8; r3 = 4; call; r0 = 0; exit */
	struct bpf_insn insns[] = {
		{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -8, .imm = 0 },
		INSN_MOV64_IMM(BPF_REG_1, 0),
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_2, .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2, .imm = -8 },
		INSN_MOV64_IMM(BPF_REG_3, 4),
		INSN_CALL(BPF_FUNC_probe_write_user),
		INSN_MOV64_IMM(BPF_REG_0, 0),
		INSN_EXIT(),
	};
	char log[4096] = "", why[256], msg[200], lockdown[128] = "";
	FILE *f;
	int fd;
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = sizeof(log));

	fd = bpf_prog_load(BPF_PROG_TYPE_TRACEPOINT, "tpc_probe", "GPL", insns, ARRAY_SIZE(insns), &opts);
	if (fd >= 0) {
		close(fd);
		set(p, TPC_FEAT_WRITE_USER, TPC_PROBE_YES, "tracepoint prog calling it loads");
		return;
	}
	fd = -errno;
	verifier_complaint(log, why, sizeof(why));
	f = fopen("/sys/kernel/security/lockdown", "re");
	if (f) {
		if (!fgets(lockdown, sizeof(lockdown), f))
			lockdown[0] = '\0';
		lockdown[strcspn(lockdown, "\n")] = '\0';
		fclose(f);
	}
	set(p, TPC_FEAT_WRITE_USER, TPC_PROBE_NO, "tracepoint prog calling it: %s%s%s%s",
	    load_failure(msg, sizeof(msg), fd, why), lockdown[0] ? " (lockdown: " : "", lockdown,
	    lockdown[0] ? ")" : "");
}

static int kprobe_pmu_open(int type, int retbit, const char *func, bool ret)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = (__u32)type,
		.disabled = 1,
		.config1 = (__u64)(uintptr_t)func,	/* kprobe_func */
		.config2 = 0,				/* probe_offset */
	};

	if (ret)
		attr.config |= 1ull << retbit;
	return perf_event_open(&attr);
}

static int kprobe_pmu(int *type, int *retbit)
{
	char buf[64];
	int err;

	err = read_int(PMU_DIR "/kprobe/type", type);
	if (err)
		return err;
	*retbit = -1;
	if (read_text(PMU_DIR "/kprobe/format/retprobe", buf, sizeof(buf)) == 0)
		sscanf(buf, "config:%d", retbit);
	return 0;
}

static bool kernel_at_least(const struct tpc_probe *p, int maj, int min)
{
	int a = 0, b = 0;

	if (sscanf(p->kernel, "%d.%d", &a, &b) != 2)
		return false;
	return a > maj || (a == maj && b >= min);
}

/* kprobes and kretprobes through the kprobe PMU, with libbpf's legacy fallback */
static void probe_kprobes(struct tpc_probe *p)
{
	enum tpc_feature feats[2] = { TPC_FEAT_KPROBE, TPC_FEAT_KRETPROBE };
	char tracefs[64], path[128];
	int type, retbit, fd = -ENOENT, i;
	size_t j;

	if (kprobe_pmu(&type, &retbit)) {
		for (i = 0; i < 2; i++) {
			if (tpc_tracefs_dir(tracefs, sizeof(tracefs)) == 0) {
				snprintf(path, sizeof(path), "%s/kprobe_events", tracefs);
				if (path_exists(path))
					set(p, feats[i], TPC_PROBE_YES,
					    "no kprobe PMU, but %s exists (legacy attach)", path);
				else
					set(p, feats[i], TPC_PROBE_NO,
					    "no kprobe PMU in " PMU_DIR " and no %s", path);
			} else if (kernel_at_least(p, 4, 17)) {
				set(p, feats[i], TPC_PROBE_NO,
				    "no kprobe PMU in " PMU_DIR " (kernels >= 4.17 register it "
				    "whenever CONFIG_KPROBE_EVENTS=y)");
			} else {
				set(p, feats[i], TPC_PROBE_UNKNOWN,
				    "no kprobe PMU (kernel < 4.17) and tracefs not mounted "
				    "to check kprobe_events");
			}
		}
		return;
	}

	for (i = 0; i < 2; i++) {
		if (i == 1 && retbit < 0) {
			set(p, feats[i], TPC_PROBE_NO, "kprobe PMU has no format/retprobe bit");
			continue;
		}
		for (j = 0; j < ARRAY_SIZE(benign_funcs); j++) {
			fd = kprobe_pmu_open(type, retbit, benign_funcs[j], i == 1);
			if (fd >= 0)
				break;
		}
		if (fd < 0) {
			set(p, feats[i], TPC_PROBE_NO, "kprobe PMU present, perf_event_open(%s): %s",
			    benign_funcs[ARRAY_SIZE(benign_funcs) - 1], errstr(fd));
			continue;
		}
		close(fd);
		set(p, feats[i], TPC_PROBE_YES, "perf_event_open(kprobe PMU type %d, %s%s) ok",
		    type, benign_funcs[j], i == 1 ? ", retprobe" : "");
	}
}

static void probe_kprobe_multi(struct tpc_probe *p, const struct btf *btf)
{
	struct load_req req = { .type = BPF_PROG_TYPE_KPROBE, .attach = BPF_TRACE_KPROBE_MULTI };
	char why[256], msg[200];
	const char *sym = NULL;
	int fd, link;
	size_t j;
	LIBBPF_OPTS(bpf_link_create_opts, opts);

	for (j = 0; j < ARRAY_SIZE(benign_funcs) && !sym; j++)
		if (btf_func_id(btf, benign_funcs[j]) > 0 || !btf)
			sym = benign_funcs[j];
	fd = load_tiny(&req, why, sizeof(why));
	if (fd < 0) {
		set(p, TPC_FEAT_KPROBE_MULTI, TPC_PROBE_NO, "kprobe.multi prog load: %s",
		    load_failure(msg, sizeof(msg), fd, why));
		return;
	}
	opts.kprobe_multi.syms = &sym;
	opts.kprobe_multi.cnt = 1;
	link = bpf_link_create(fd, 0, BPF_TRACE_KPROBE_MULTI, &opts);
	if (link < 0) {
		link = -errno;
		close(fd);
		set(p, TPC_FEAT_KPROBE_MULTI, TPC_PROBE_NO, "link_create(BPF_TRACE_KPROBE_MULTI, %s): %s",
		    sym, errstr(link));
		return;
	}
	close(link);
	close(fd);
	set(p, TPC_FEAT_KPROBE_MULTI, TPC_PROBE_YES, "link_create(BPF_TRACE_KPROBE_MULTI, %s) ok", sym);
}

static void probe_override(struct tpc_probe *p)
{
	struct load_req req = { .type = BPF_PROG_TYPE_KPROBE, .helper = BPF_FUNC_override_return };
	char why[256], msg[200], list[128];
	int type, retbit, fd, ev = -ENOENT;
	const char *func = NULL;
	size_t j;

	fd = load_tiny(&req, why, sizeof(why));
	if (fd < 0) {
		set(p, TPC_FEAT_OVERRIDE, TPC_PROBE_NO, "kprobe prog calling it: %s",
		    load_failure(msg, sizeof(msg), fd, why));
		return;
	}
	if (p->feat[TPC_FEAT_KPROBE].state != TPC_PROBE_YES || kprobe_pmu(&type, &retbit)) {
		close(fd);
		set(p, TPC_FEAT_OVERRIDE,
		    p->feat[TPC_FEAT_KPROBE].state == TPC_PROBE_UNKNOWN ? TPC_PROBE_UNKNOWN : TPC_PROBE_NO,
		    "helper loads, but it needs a kprobe PMU to attach (kprobes: %s)",
		    tpc_probe_state_name(p->feat[TPC_FEAT_KPROBE].state));
		return;
	}
	for (j = 0; j < ARRAY_SIZE(errinj_funcs); j++) {
		func = errinj_funcs[j];
		ev = kprobe_pmu_open(type, retbit, func, false);
		if (ev < 0)
			continue;
		if (ioctl(ev, PERF_EVENT_IOC_SET_BPF, fd) == 0)
			break;
		close(ev);
		ev = -errno;
	}
	close(fd);
	if (ev >= 0) {
		close(ev);
		set(p, TPC_FEAT_OVERRIDE, TPC_PROBE_YES,
		    "kprobe prog calling it loads and attaches to %s", func);
		return;
	}
	/* say where the authoritative list is, if debugfs is there to read it */
	snprintf(list, sizeof(list), "/sys/kernel/debug/error_injection/list");
	if (!path_exists(list))
		snprintf(list, sizeof(list), "error_injection/list (debugfs not mounted)");
	set(p, TPC_FEAT_OVERRIDE, TPC_PROBE_NO,
	    "helper loads, attach to %s failed: %s; see %s", func ? func : "?", errstr(ev), list);
}

/* fentry/fexit and fmod_ret: load a BPF_PROG_TYPE_TRACING prog and attach it */
static void probe_tracing(struct tpc_probe *p, const struct btf *btf, enum tpc_feature f,
			  enum bpf_attach_type attach, const char *const *funcs, size_t n)
{
	const char *kind = f == TPC_FEAT_FENTRY ? "fentry" : "fmod_ret";
	struct load_req req = { .type = BPF_PROG_TYPE_TRACING, .attach = attach };
	char why[256], msg[200];
	const char *func = NULL;
	int fd, link;
	__s32 id = -1;
	size_t j;

	if (!btf) {
		set(p, f, TPC_PROBE_NO, "needs vmlinux BTF (btf_vmlinux: no)");
		return;
	}
	for (j = 0; j < n && id <= 0; j++) {
		func = funcs[j];
		id = btf_func_id(btf, func);
	}
	if (id <= 0) {
		set(p, f, TPC_PROBE_UNKNOWN, "no probe target function in vmlinux BTF");
		return;
	}
	req.attach_btf_id = (__u32)id;
	fd = load_tiny(&req, why, sizeof(why));
	if (fd < 0) {
		set(p, f, TPC_PROBE_NO, "%s prog on %s: load: %s", kind, func,
		    load_failure(msg, sizeof(msg), fd, why));
		return;
	}
	link = bpf_raw_tracepoint_open(NULL, fd);
	if (link < 0) {
		link = -errno;
		close(fd);
		set(p, f, TPC_PROBE_NO, "%s prog on %s loads, attach: %s", kind, func, errstr(link));
		return;
	}
	close(link);
	close(fd);
	set(p, f, TPC_PROBE_YES, "%s prog on %s loads and attaches", kind, func);
}

const struct btf *tpc_vmlinux_btf(void)
{
	static struct btf *btf;
	static bool tried;
	static int err;

	if (!tried) {
		tried = true;
		btf = btf__load_vmlinux_btf();	/* libbpf 1.x: NULL and errno on errors */
		err = btf ? 0 : errno;
	}
	if (!btf)
		errno = err;	/* every caller can say why */
	return btf;
}

int tpc_probe_fmod_ret(const char *func, char *why, size_t len)
{
	const struct btf *btf = tpc_vmlinux_btf();
	struct load_req req = { .type = BPF_PROG_TYPE_TRACING, .attach = BPF_MODIFY_RETURN };
	char log[256], msg[200];
	__s32 id;
	int fd, link;

	if (!btf) {
		snprintf(why, len, "no vmlinux BTF to find '%s' in (%s)", func, errstr(errno));
		return -ENOENT;
	}
	id = btf_func_id(btf, func);
	if (id <= 0) {
		snprintf(why, len, "'%s' is not a function in vmlinux BTF", func);
		return -ENOENT;
	}
	req.attach_btf_id = (__u32)id;
	fd = load_tiny(&req, log, sizeof(log));
	if (fd < 0) {
		snprintf(why, len, "fmod_ret prog on %s: load: %s", func, load_failure(msg, sizeof(msg), fd, log));
		return fd;
	}
	link = bpf_raw_tracepoint_open(NULL, fd);
	if (link < 0) {
		link = -errno;
		close(fd);
		snprintf(why, len, "fmod_ret prog on %s loads, attach: %s", func, errstr(link));
		return link;
	}
	close(link);
	close(fd);
	snprintf(why, len, "fmod_ret prog on %s loads and attaches", func);
	return 0;
}

/* is tok one of the comma-separated words of list? */
static bool has_token(const char *list, const char *tok)
{
	size_t n = strlen(tok);
	const char *s = list;

	while (*s) {
		if (!strncmp(s, tok, n) && (s[n] == ',' || s[n] == '\0'))
			return true;
		s = strchr(s, ',');
		if (!s)
			break;
		s++;
	}
	return false;
}

static void probe_lsm(struct tpc_probe *p, const struct btf *btf)
{
	struct load_req req = { .type = BPF_PROG_TYPE_LSM, .attach = BPF_LSM_MAC };
	char why[256], msg[200], lsms[512];
	bool listed;
	__s32 id;
	int fd, err;

	if (!btf) {
		set(p, TPC_FEAT_LSM, TPC_PROBE_NO, "needs vmlinux BTF (btf_vmlinux: no)");
		return;
	}
	id = btf_func_id(btf, "bpf_lsm_file_open");
	if (id <= 0) {
		set(p, TPC_FEAT_LSM, TPC_PROBE_NO, "bpf_lsm_file_open not in vmlinux BTF (CONFIG_BPF_LSM off)");
		return;
	}
	req.attach_btf_id = (__u32)id;
	fd = load_tiny(&req, why, sizeof(why));
	if (fd < 0) {
		set(p, TPC_FEAT_LSM, TPC_PROBE_NO, "lsm prog on file_open: load: %s",
		    load_failure(msg, sizeof(msg), fd, why));
		return;
	}
	close(fd);
	err = read_text(LSM_LIST, lsms, sizeof(lsms));
	if (err) {
		set(p, TPC_FEAT_LSM, TPC_PROBE_UNKNOWN,
		    "lsm prog loads, but %s is unreadable (%s; securityfs not mounted?)",
		    LSM_LIST, errstr(err));
		return;
	}
	listed = has_token(lsms, "bpf");
	if (!listed) {
		set(p, TPC_FEAT_LSM, TPC_PROBE_NO, "lsm prog loads, but 'bpf' is not in %s (%s)",
		    LSM_LIST, lsms);
		return;
	}
	set(p, TPC_FEAT_LSM, TPC_PROBE_YES, "'bpf' in %s and an lsm prog loads", LSM_LIST);
}

static void probe_uprobes(struct tpc_probe *p)
{
	int type;

	/*
	 * A real uprobe registration would have to patch some binary at an
	 * instruction boundary we would first have to find; the PMU is what
	 * libbpf attaches through, and it exists only with CONFIG_UPROBE_EVENTS.
	 */
	if (read_int(PMU_DIR "/uprobe/type", &type)) {
		set(p, TPC_FEAT_UPROBE, TPC_PROBE_NO, "no uprobe PMU in " PMU_DIR);
		return;
	}
	set(p, TPC_FEAT_UPROBE, TPC_PROBE_YES, "uprobe PMU registered (type %d)", type);
}

static void probe_tracepoints(struct tpc_probe *p)
{
	static const char *const events[] = {
		"syscalls/sys_enter_getpid", "sched/sched_process_exec", "sched/sched_switch",
	};
	struct load_req req = { .type = BPF_PROG_TYPE_TRACEPOINT };
	struct perf_event_attr attr = { .size = sizeof(attr), .type = PERF_TYPE_TRACEPOINT,
					.disabled = 1 };
	char why[256], msg[200], tracefs[64], path[192];
	int fd, ev = -ENOENT, id;
	size_t j;

	fd = load_tiny(&req, why, sizeof(why));
	if (fd < 0) {
		set(p, TPC_FEAT_TRACEPOINT, TPC_PROBE_NO, "tracepoint prog load: %s",
		    load_failure(msg, sizeof(msg), fd, why));
		return;
	}
	if (tpc_tracefs_dir(tracefs, sizeof(tracefs))) {
		close(fd);
		set(p, TPC_FEAT_TRACEPOINT, TPC_PROBE_UNKNOWN,
		    "prog loads, but tracefs is mounted neither at /sys/kernel/tracing nor at "
		    "/sys/kernel/debug/tracing, so no tracepoint id can be read");
		return;
	}
	for (j = 0; j < ARRAY_SIZE(events); j++) {
		snprintf(path, sizeof(path), "%s/events/%s/id", tracefs, events[j]);
		if (read_int(path, &id))
			continue;
		attr.config = (__u64)id;
		ev = perf_event_open(&attr);
		if (ev < 0)
			continue;
		if (ioctl(ev, PERF_EVENT_IOC_SET_BPF, fd) == 0)
			break;
		close(ev);
		ev = -errno;
	}
	close(fd);
	if (ev < 0) {
		set(p, TPC_FEAT_TRACEPOINT, TPC_PROBE_NO, "prog loads, attach via %s/events: %s",
		    tracefs, errstr(ev));
		return;
	}
	close(ev);
	set(p, TPC_FEAT_TRACEPOINT, TPC_PROBE_YES, "prog attaches to %s (%s)", events[j], tracefs);
}

static void probe_raw_tp(struct tpc_probe *p)
{
	struct load_req req = { .type = BPF_PROG_TYPE_RAW_TRACEPOINT };
	char why[256], msg[200];
	int fd, link;

	fd = load_tiny(&req, why, sizeof(why));
	if (fd < 0) {
		set(p, TPC_FEAT_RAW_TP, TPC_PROBE_NO, "raw_tracepoint prog load: %s",
		    load_failure(msg, sizeof(msg), fd, why));
		return;
	}
	link = bpf_raw_tracepoint_open("sys_enter", fd);
	if (link < 0) {
		link = -errno;
		close(fd);
		set(p, TPC_FEAT_RAW_TP, TPC_PROBE_NO, "prog loads, raw_tracepoint_open(sys_enter): %s",
		    errstr(link));
		return;
	}
	close(link);
	close(fd);
	set(p, TPC_FEAT_RAW_TP, TPC_PROBE_YES, "prog attaches to raw tracepoint sys_enter");
}

int tpc_probe_kernel(struct tpc_probe *out)
{
	const struct btf *btf;
	struct utsname u;

	memset(out, 0, sizeof(*out));
	if (uname(&u) == 0)
		snprintf(out->kernel, sizeof(out->kernel), "%s", u.release);

	probe_btf(out, &btf);
	probe_ringbuf(out);
	probe_send_signal(out);
	probe_write_user(out);
	probe_tracepoints(out);
	probe_raw_tp(out);
	probe_kprobes(out);
	probe_kprobe_multi(out, btf);
	probe_override(out);
	probe_tracing(out, btf, TPC_FEAT_FENTRY, BPF_TRACE_FENTRY,
		      benign_funcs, ARRAY_SIZE(benign_funcs));
	probe_tracing(out, btf, TPC_FEAT_FMOD_RET, BPF_MODIFY_RETURN,
		      errinj_funcs, ARRAY_SIZE(errinj_funcs));
	probe_lsm(out, btf);
	probe_uprobes(out);
	return 0;
}

static struct tpc_probe probe_cache;
static bool probe_cache_valid;

const struct tpc_probe *tpc_probe_cached(void)
{
	if (!probe_cache_valid) {
		tpc_probe_kernel(&probe_cache);
		probe_cache_valid = true;
	}
	return &probe_cache;
}

bool tpc_probe_has(enum tpc_feature f)
{
	if ((unsigned)f >= TPC_FEAT__COUNT)
		return false;
	return tpc_probe_cached()->feat[f].state == TPC_PROBE_YES;
}

void tpc_probe_print(FILE *out, const struct tpc_probe *p, bool json)
{
	struct jw w;
	int f;

	if (!json) {
		fprintf(out, "%-20s %s\n", "kernel", p->kernel);
		for (f = 0; f < TPC_FEAT__COUNT; f++)
			fprintf(out, "%-20s %-8s %s\n", feature_names[f],
				tpc_probe_state_name(p->feat[f].state), p->feat[f].how);
		fflush(out);
		return;
	}
	jw_init(&w);
	jw_obj_open(&w);
	jw_kv_str(&w, "kernel", p->kernel);
	jw_key(&w, "features");
	jw_obj_open(&w);
	for (f = 0; f < TPC_FEAT__COUNT; f++) {
		jw_key(&w, feature_names[f]);
		jw_obj_open(&w);
		jw_kv_str(&w, "state", tpc_probe_state_name(p->feat[f].state));
		jw_kv_str(&w, "how", p->feat[f].how);
		jw_obj_close(&w);
	}
	jw_obj_close(&w);
	jw_obj_close(&w);
	jw_raw(&w, "\n", 1);
	if (!w.oom)
		fwrite(w.buf, 1, w.len, out);
	fflush(out);
	jw_free(&w);
}

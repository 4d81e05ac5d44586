/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the running kernel can attach, found out for real and cheaply: by
 * looking at sysfs/tracefs, loading tiny programs with libbpf's low-level API
 * and attaching them (disabled) for a moment. Used by tpc-agent to pick the
 * attach variant of each hook, by `tpc-agent --probe` and by the qemu tier,
 * and meant to be usable from the compiler (no agent state in here).
 *
 * Every answer carries how it was decided. "unknown" means the probe could not
 * decide (for example tracefs not mounted) and says why; it never guesses.
 */
#ifndef TPC_PROBE_H
#define TPC_PROBE_H

#include <stdbool.h>
#include <stdio.h>

/* TPC_FEATURE(id, name in reports) */
#define TPC_FEATURES(X)				\
	X(KPROBE,	"kprobes")		\
	X(KRETPROBE,	"kretprobes")		\
	X(KPROBE_MULTI,	"kprobe.multi")		\
	X(OVERRIDE,	"bpf_override_return")	\
	X(FMOD_RET,	"fmod_ret")		\
	X(LSM,		"bpf_lsm")		\
	X(FENTRY,	"fentry/fexit")		\
	X(RINGBUF,	"ringbuf")		\
	X(UPROBE,	"uprobes")		\
	X(TRACEPOINT,	"tracepoints")		\
	X(RAW_TP,	"raw_tracepoints")	\
	X(BTF,		"btf_vmlinux")		\
	X(SEND_SIGNAL,	"bpf_send_signal")	\
	X(WRITE_USER,	"bpf_probe_write_user")

enum tpc_feature {
#define TPC_FEATURE_ENUM(id, name) TPC_FEAT_##id,
	TPC_FEATURES(TPC_FEATURE_ENUM)
#undef TPC_FEATURE_ENUM
	TPC_FEAT__COUNT
};

enum tpc_probe_state {
	TPC_PROBE_UNKNOWN = 0,
	TPC_PROBE_NO,
	TPC_PROBE_YES,
};

struct tpc_probe_result {
	enum tpc_probe_state state;
	char how[256];		/* how it was decided, or why it is unknown */
};

struct tpc_probe {
	char kernel[128];	/* uname release */
	struct tpc_probe_result feat[TPC_FEAT__COUNT];
};

/* Probe every feature now (tens of milliseconds). Returns 0 or -errno. */
int tpc_probe_kernel(struct tpc_probe *out);

/*
 * Cached results: the first call probes the kernel, later calls reuse it.
 * Not thread-safe; call it once from the main thread before spawning any.
 */
const struct tpc_probe *tpc_probe_cached(void);
bool tpc_probe_has(enum tpc_feature f);

const char *tpc_feature_name(enum tpc_feature f);
const char *tpc_probe_state_name(enum tpc_probe_state s);

/* The running kernel's BTF, parsed once per process (several MB); NULL (errno) without it. */
struct btf;
const struct btf *tpc_vmlinux_btf(void);

/*
 * fmod_ret on one kernel function: the kernel allows BPF_MODIFY_RETURN only on
 * security_* hooks and error-injectable functions, so the feature probe (one
 * test function) does not decide it for a given target. Loads a program that
 * returns 0 (modifies nothing) with func as its target and attaches it for a
 * moment. Returns 0, or -errno with the reason (verifier line, attach error) in why.
 */
int tpc_probe_fmod_ret(const char *func, char *why, size_t len);

/* One line per feature ("name  yes|no|unknown  how"), or one JSON object. */
void tpc_probe_print(FILE *out, const struct tpc_probe *p, bool json);

/*
 * The mounted tracefs root (/sys/kernel/tracing or /sys/kernel/debug/tracing,
 * whichever has an "events" directory) copied into buf. Returns 0 or -ENOENT.
 */
int tpc_tracefs_dir(char *buf, size_t len);

#endif /* TPC_PROBE_H */

// SPDX-License-Identifier: Apache-2.0
/*
 * Constant slots of the tpc_args.h types, to check how the agent prints
 * them without the hooks that fill them. Only processes whose comm starts
 * with "tpcargs" report.
 *   hook 0, getpid:  capability, kernel_cap_t, cap_permitted, syscall64 (x64
 *                    and i386), cred, user_namespace, fd, linux_binprm
 *   hook 1, getppid: bpf_attr, bpf_map, perf_event, module, load_info,
 *                    net_device, a capability without a name
 */
#include "fixture_common.h"

struct tpc_event_args_0 {
	struct tpc_event_hdr hdr;
	__u64 cap;
	__u64 kcap;
	__u64 prm;
	__u64 sys;
	__u64 sys32;
	struct tpc_cred_slot cred;
	struct tpc_userns_slot ns;
	struct tpc_str_slot fd;
	struct tpc_str_slot bprm;
};

struct tpc_event_args_1 {
	struct tpc_event_hdr hdr;
	struct tpc_bpf_attr_slot attr;
	struct tpc_bpf_map_slot map;
	struct tpc_perf_event_slot perf;
	struct tpc_module_slot mod;
	struct tpc_module_slot info;
	struct tpc_netdev_slot dev;
	__u64 cap;
};

static __always_inline int is_test_comm(void)
{
	char c[16];

	bpf_get_current_comm(c, sizeof(c));
	return c[0] == 't' && c[1] == 'p' && c[2] == 'c' && c[3] == 'a' && c[4] == 'r' &&
	       c[5] == 'g' && c[6] == 's';
}

#define SET_STR(slot, s)							\
	do {									\
		__builtin_memset(&(slot), 0, sizeof(slot));			\
		__builtin_memcpy((slot).buf, s, sizeof(s) - 1);			\
		(slot).len = sizeof(s) - 1;					\
		(slot).full_len = sizeof(s) - 1;				\
	} while (0)

SEC("tracepoint/syscalls/sys_enter_getpid")
int tpc_args_0_tp(void *ctx)
{
	struct tpc_event_args_0 *e;

	if (!is_test_comm())
		return 0;
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 0, TPC_NO_SELECTOR, TPC_ACT_POST, 0, sizeof(*e));
	e->cap = 21;				/* CAP_SYS_ADMIN */
	e->kcap = 0x1ffffffffffull;
	e->prm = (1ull << 1) | (1ull << 7);	/* DAC_OVERRIDE, CAP_SETUID */
	e->sys = 59;				/* execve */
	e->sys32 = 0x80000000ull | 11;		/* i386 execve */
	__builtin_memset(&e->cred, 0, sizeof(e->cred));
	e->cred.uid = 1000;
	e->cred.gid = 1001;
	e->cred.euid = 0;
	e->cred.egid = 1003;
	e->cred.suid = 1004;
	e->cred.sgid = 1005;
	e->cred.fsuid = 1006;
	e->cred.fsgid = 1007;
	e->cred.securebits = 0x11;		/* NoRoot, KeepCaps */
	e->cred.cap_permitted = (1ull << 0) | (1ull << 21);
	e->cred.cap_effective = 1ull << 21;
	e->cred.cap_inheritable = 0;
	e->cred.user_ns.level = 1;
	e->cred.user_ns.uid = 1000;
	e->cred.user_ns.gid = 1000;
	e->cred.user_ns.inum = 4026532000u;
	__builtin_memset(&e->ns, 0, sizeof(e->ns));
	e->ns.inum = 4026531837u;
	SET_STR(e->fd, "/tmp/tpc-fd");
	SET_STR(e->bprm, "/usr/bin/true");
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int tpc_args_1_tp(void *ctx)
{
	struct tpc_event_args_1 *e;

	if (!is_test_comm())
		return 0;
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 1, TPC_NO_SELECTOR, TPC_ACT_POST, 0, sizeof(*e));
	__builtin_memset(&e->attr, 0, sizeof(e->attr));
	e->attr.prog_type = 2;			/* KPROBE */
	e->attr.insn_cnt = 12;
	__builtin_memcpy(e->attr.prog_name, "tpc_lseek_0_kpr", 15);
	__builtin_memset(&e->map, 0, sizeof(e->map));
	e->map.map_type = 27;			/* RINGBUF */
	e->map.max_entries = 262144;
	__builtin_memcpy(e->map.name, "tpc_events", 10);
	__builtin_memset(&e->perf, 0, sizeof(e->perf));
	e->perf.type = 2;			/* TRACEPOINT */
	e->perf.config = 1234;
	__builtin_memset(&e->mod, 0, sizeof(e->mod));
	__builtin_memcpy(e->mod.name, "dummy", 5);
	e->mod.taints = (1ull << 12) | (1ull << 13);	/* out of tree, unsigned */
	__builtin_memset(&e->info, 0, sizeof(e->info));
	__builtin_memcpy(e->info.name, "xfs", 3);
	e->info.flags = TPC_MODF_SIG_KNOWN;
	e->info.sig_ok = 1;
	__builtin_memset(&e->dev, 0, sizeof(e->dev));
	__builtin_memcpy(e->dev.name, "lo", 2);
	e->cap = 63;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Harness sanity object, independent of tpc: one kprobe and one syscall
 * tracepoint program that read task->tgid through CO-RE. Loading it with
 * bpftool proves the verifier and the CO-RE relocation against the running
 * kernel's BTF work, so an e2e failure elsewhere points at tpc, not at the box.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___smoke {
	int tgid;
} __attribute__((preserve_access_index));

__u64 hits;

static __always_inline int count_self(void)
{
	struct task_struct___smoke *t = (void *)bpf_get_current_task();

	if (BPF_CORE_READ(t, tgid) > 0)
		__sync_fetch_and_add(&hits, 1);
	return 0;
}

SEC("kprobe/__x64_sys_getppid")
int smoke_kprobe(void *ctx)
{
	return count_self();
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int smoke_tp(void *ctx)
{
	return count_self();
}

char LICENSE[] SEC("license") = "GPL";

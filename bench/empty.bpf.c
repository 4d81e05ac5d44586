/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The floor for `make bench`: a program that does nothing, on the same
 * syscall tracepoints the tpc objects attach to here. The bench driver
 * loads only the one it needs.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_lseek")
int empty_lseek(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int empty_openat(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

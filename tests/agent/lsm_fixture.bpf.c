// SPDX-License-Identifier: Apache-2.0
/*
 * An lsm/file_open program, and a sys_enter_openat tracepoint program as
 * the fallback variant a meta may list after it. Neither reports anything:
 * the tests are about choosing, loading and the errors when BPF-LSM is off.
 */
#include "fixture_common.h"

SEC("lsm/file_open")
int tpc_open_0_lsm(unsigned long long *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int tpc_open_0_tp(struct tpc_sys_enter *ctx)
{
	return 0;
}

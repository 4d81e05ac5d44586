// SPDX-License-Identifier: Apache-2.0
/*
 * ignore.callNotFound: lseek_post_fixture's program, plus a kprobe on a
 * function no kernel has. The meta marks that hook "optional": the agent
 * must leave it out (and say so) and run the rest.
 */
#include "lseek_post_fixture.bpf.c"

SEC("kprobe/tpc_no_such_function")
int tpc_missing_0_kprobe(void *ctx)
{
	return 0;
}

// SPDX-License-Identifier: Apache-2.0
/*
 * Hand-written stand-in for a string argument: tracepoint sys_enter_openat,
 * arg 1 (the user's filename) copied into a struct tpc_str_slot the way the
 * compiler is meant to: the whole value (up to TPC_STR_MAX) read into a
 * per-CPU scratch buffer, its first TPC_STR_SLOT bytes kept in the event,
 * len/full_len without the NUL, TRUNCATED or FAULT flagged. Only processes
 * whose comm starts with "tpcopen" report, so the test sees its own opens.
 */
#include "fixture_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[TPC_STR_MAX]);
} tpc_scratch SEC(".maps");

struct tpc_event_open_0 {
	struct tpc_event_hdr hdr;
	struct tpc_str_slot arg1;
};

static __always_inline int is_test_comm(void)
{
	char c[16];

	bpf_get_current_comm(c, sizeof(c));
	return c[0] == 't' && c[1] == 'p' && c[2] == 'c' && c[3] == 'o' && c[4] == 'p' &&
	       c[5] == 'e' && c[6] == 'n';
}

SEC("tracepoint/syscalls/sys_enter_openat")
int tpc_open_0_tp(struct tpc_sys_enter *ctx)
{
	struct tpc_event_open_0 *e;
	__u32 zero = 0;
	__u16 flags = 0;
	char *buf;
	long n;

	if (!is_test_comm())
		return 0;
	buf = bpf_map_lookup_elem(&tpc_scratch, &zero);
	if (!buf)
		return 0;
	n = bpf_probe_read_user_str(buf, TPC_STR_MAX, (const void *)ctx->args[1]);
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 0, TPC_NO_SELECTOR, TPC_ACT_POST, 0, sizeof(*e));
	if (n <= 0) {
		flags = TPC_STRF_FAULT;
		e->arg1.len = 0;
		e->arg1.full_len = 0;
	} else {
		n--;			/* the NUL is not part of the value */
		if (n >= TPC_STR_MAX - 1)
			flags |= TPC_STRF_TRUNCATED;	/* longer than a predicate sees */
		if (n > TPC_STR_SLOT) {
			flags |= TPC_STRF_TRUNCATED;
			e->arg1.len = TPC_STR_SLOT;
		} else {
			e->arg1.len = n;
		}
		e->arg1.full_len = n;
	}
	e->arg1.flags = flags;
	bpf_probe_read_kernel(e->arg1.buf, TPC_STR_SLOT, buf);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

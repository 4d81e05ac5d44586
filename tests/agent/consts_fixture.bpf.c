// SPDX-License-Identifier: Apache-2.0
/*
 * Fixed argument slots, to check how the agent prints them without needing
 * sockets or LSM on the test machine. Only processes whose comm starts with
 * "tpcconst" report.
 *   hook 0, getpid:  sock IPv4, socket IPv6, a sock of unknown numbers,
 *                    a partial file path, a dentry that faulted, a path
 *   hook 1, getppid: an "lsm" hook (file_open) that overrode, file arg
 *   hook 2, getuid:  a malformed string slot (len 300) the agent must drop
 */
#include "fixture_common.h"

struct tpc_event_const_0 {
	struct tpc_event_hdr hdr;
	struct tpc_sock_slot sk4;
	struct tpc_sock_slot sk6;
	struct tpc_sock_slot skx;
	struct tpc_str_slot file;
	struct tpc_str_slot dentry;
	struct tpc_str_slot path;
};

struct tpc_event_const_1 {
	struct tpc_event_hdr hdr;
	struct tpc_str_slot file;
};

static __always_inline int is_test_comm(void)
{
	char c[16];

	bpf_get_current_comm(c, sizeof(c));
	return c[0] == 't' && c[1] == 'p' && c[2] == 'c' && c[3] == 'c' && c[4] == 'o' &&
	       c[5] == 'n' && c[6] == 's' && c[7] == 't';
}

#define SET_STR(slot, s, fl)							\
	do {									\
		__builtin_memset(&(slot), 0, sizeof(slot));			\
		__builtin_memcpy((slot).buf, s, sizeof(s) - 1);			\
		(slot).len = sizeof(s) - 1;					\
		(slot).full_len = sizeof(s) - 1;				\
		(slot).flags = (fl);						\
	} while (0)

SEC("tracepoint/syscalls/sys_enter_getpid")
int tpc_const_0_tp(void *ctx)
{
	struct tpc_event_const_0 *e;

	if (!is_test_comm())
		return 0;
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 0, TPC_NO_SELECTOR, TPC_ACT_POST, 0, sizeof(*e));

	__builtin_memset(&e->sk4, 0, sizeof(e->sk4));
	e->sk4.family = 2;		/* AF_INET */
	e->sk4.type = 1;		/* SOCK_STREAM */
	e->sk4.protocol = 6;		/* IPPROTO_TCP */
	e->sk4.state = 2;		/* TCP_SYN_SENT */
	e->sk4.sport = 41234;
	e->sk4.dport = 80;
	e->sk4.saddr[0] = 127;
	e->sk4.saddr[3] = 1;
	e->sk4.daddr[0] = 10;
	e->sk4.daddr[3] = 2;
	e->sk4.cookie = 0xffff888012345678ull;

	__builtin_memset(&e->sk6, 0, sizeof(e->sk6));
	e->sk6.family = 10;		/* AF_INET6 */
	e->sk6.type = 2;		/* SOCK_DGRAM */
	e->sk6.protocol = 17;		/* IPPROTO_UDP */
	e->sk6.state = 7;		/* TCP_CLOSE */
	e->sk6.sport = 5353;
	e->sk6.dport = 53;
	e->sk6.saddr[15] = 1;		/* ::1 */
	e->sk6.daddr[0] = 0x20;		/* 2001:db8::2 */
	e->sk6.daddr[1] = 0x01;
	e->sk6.daddr[2] = 0x0d;
	e->sk6.daddr[3] = 0xb8;
	e->sk6.daddr[15] = 2;
	e->sk6.cookie = 1;

	__builtin_memset(&e->skx, 0, sizeof(e->skx));
	e->skx.family = 99;
	e->skx.type = 42;
	e->skx.protocol = 200;
	e->skx.state = 77;

	SET_STR(e->file, "/7/8/testfile", TPC_STRF_PARTIAL_PATH);
	SET_STR(e->dentry, "", TPC_STRF_FAULT);
	SET_STR(e->path, "/etc/passwd", 0);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int tpc_const_1_tp(void *ctx)
{
	struct tpc_event_const_1 *e;

	if (!is_test_comm())
		return 0;
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 1, 0, TPC_ACT_POST | TPC_ACT_OVERRIDE, 0, sizeof(*e));
	SET_STR(e->file, "/tmp/denied", 0);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getuid")
int tpc_const_2_tp(void *ctx)
{
	struct tpc_event_const_1 *e;

	if (!is_test_comm())
		return 0;
	e = bpf_ringbuf_reserve(&tpc_events, sizeof(*e), 0);
	if (!e)
		return 0;
	tpc_fill_hdr(&e->hdr, 2, TPC_NO_SELECTOR, TPC_ACT_POST, 0, sizeof(*e));
	SET_STR(e->file, "/x", 0);
	e->file.len = 300;		/* larger than the slot: must be dropped */
	bpf_ringbuf_submit(e, 0);
	return 0;
}

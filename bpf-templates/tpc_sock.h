/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* struct sock -> struct tpc_sock_slot: what Tetragon's sock_arg reports. */
#ifndef TPC_SOCK_H
#define TPC_SOCK_H

#include <bpf/bpf_endian.h>

#define TPC_AF_INET 2
#define TPC_AF_INET6 10

static __always_inline void tpc_sock_read(struct sock *sk, struct tpc_sock_slot *o)
{
	__builtin_memset(o, 0, sizeof(*o));
	if (!sk)
		return;
	o->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	o->state = BPF_CORE_READ(sk, __sk_common.skc_state);
	o->type = BPF_CORE_READ(sk, sk_type);
	o->protocol = BPF_CORE_READ(sk, sk_protocol);
	o->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	o->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	o->cookie = (__u64)(unsigned long)sk;
	if (o->family == TPC_AF_INET) {
		bpf_core_read(o->saddr, 4, &sk->__sk_common.skc_rcv_saddr);
		bpf_core_read(o->daddr, 4, &sk->__sk_common.skc_daddr);
	} else if (o->family == TPC_AF_INET6 && bpf_core_field_exists(sk->__sk_common.skc_v6_daddr)) {
		bpf_core_read(o->saddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
		bpf_core_read(o->daddr, 16, &sk->__sk_common.skc_v6_daddr);
	}
}

#endif /* TPC_SOCK_H */

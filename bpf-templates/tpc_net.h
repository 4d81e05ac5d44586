/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Network arguments for events and predicates: struct sk_buff and struct
 * sockaddr into their slots (Tetragon's skb_arg and sockaddr_arg), and the
 * address helpers the generated SAddr/DAddr compares use. Needs the CO-RE
 * shadow of sk_buff (cgen emits it before including this file) when a
 * policy reads an skb.
 */
#ifndef TPC_NET_H
#define TPC_NET_H

#include <bpf/bpf_endian.h>

#define TPC_NET_AF_INET 2
#define TPC_NET_AF_INET6 10
#define TPC_NET_NO_PREALLOC 1	/* BPF_F_NO_PREALLOC, required by LPM tries */

/*
 * Key of the LPM tries of SAddr/DAddr with many values: data[0] is the
 * family, data[4..19] the address (IPv4 in data[4..7]); prefixlen counts
 * the 32 bits of family and padding plus the CIDR's prefix length. One trie
 * holds both families. The agent fills it at load time from the object's
 * .tpc.meta ("maps"), before it attaches anything.
 */
struct tpc_net_lpm_key {
	__u32 prefixlen;
	__u8 data[20];
};

/* An address's first 4 bytes as they lie in memory (network order, read little-endian). */
static __always_inline __u32 tpc_net_a4(const __u8 *a)
{
	__u32 x;

	__builtin_memcpy(&x, a, 4);
	return x;
}

/* Bytes 0..7 (i = 0) or 8..15 (i = 1) of an IPv6 address, read little-endian. */
static __always_inline __u64 tpc_net_a6(const __u8 *a, const int i)
{
	__u64 x;

	__builtin_memcpy(&x, a + 8 * i, 8);
	return x;
}

/* Whether family/addr is in the LPM trie `map`. */
static __always_inline bool tpc_net_lpm(void *map, __u16 family, const __u8 *addr)
{
	struct tpc_net_lpm_key k = { .prefixlen = 32 + 128 };

	if (family != TPC_NET_AF_INET && family != TPC_NET_AF_INET6)
		return false;
	k.data[0] = (__u8)family;
	__builtin_memcpy(k.data + 4, addr, 16);
	return bpf_map_lookup_elem(map, &k) != NULL;
}

/* Wire formats: fixed by RFC, not by the kernel's BTF, so no CO-RE. */
struct tpc_iphdr {
	__u8 ihl_version;
	__u8 tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off;
	__u8 ttl;
	__u8 protocol;
	__u16 check;
	__u8 saddr[4];
	__u8 daddr[4];
};

struct tpc_ipv6hdr {
	__u8 version_prio;
	__u8 flow_lbl[3];
	__be16 payload_len;
	__u8 nexthdr;
	__u8 hop_limit;
	__u8 saddr[16];
	__u8 daddr[16];
};

static __always_inline bool tpc_net_has_ports(__u16 proto)
{
	/* TCP, UDP, SCTP, UDP-Lite: source and destination port lead the header */
	return proto == 6 || proto == 17 || proto == 132 || proto == 136;
}

#ifdef TPC_NET_SKB
/*
 * struct sk_buff -> struct tpc_skb_slot: the IP header at
 * skb->head + skb->network_header, the ports right after it (IPv4: after
 * ihl words; IPv6: after the fixed header, extension headers are not
 * walked). Only the fields Tetragon's skb_arg reports.
 */
static __always_inline void tpc_skb_read(struct sk_buff *skb, struct tpc_skb_slot *o)
{
	unsigned char *head;
	__u16 nh;
	__u32 l4 = 0;
	__u8 first = 0;
	__be16 ports[2] = {};

	__builtin_memset(o, 0, sizeof(*o));
	if (!skb)
		return;
	o->hash = BPF_CORE_READ(skb, hash);
	o->len = BPF_CORE_READ(skb, len);
	o->priority = BPF_CORE_READ(skb, priority);
	o->mark = BPF_CORE_READ(skb, mark);
	head = BPF_CORE_READ(skb, head);
	nh = BPF_CORE_READ(skb, network_header);
	if (!head || nh == (__u16)~0U)
		return;
	if (bpf_probe_read_kernel(&first, 1, head + nh))
		return;
	if (first >> 4 == 4) {
		struct tpc_iphdr ip;

		if (bpf_probe_read_kernel(&ip, sizeof(ip), head + nh))
			return;
		o->family = TPC_NET_AF_INET;
		o->protocol = ip.protocol;
		__builtin_memcpy(o->saddr, ip.saddr, 4);
		__builtin_memcpy(o->daddr, ip.daddr, 4);
		l4 = nh + (ip.ihl_version & 15) * 4;
	} else if (first >> 4 == 6) {
		struct tpc_ipv6hdr ip6;

		if (bpf_probe_read_kernel(&ip6, sizeof(ip6), head + nh))
			return;
		o->family = TPC_NET_AF_INET6;
		o->protocol = ip6.nexthdr;
		__builtin_memcpy(o->saddr, ip6.saddr, 16);
		__builtin_memcpy(o->daddr, ip6.daddr, 16);
		l4 = nh + sizeof(ip6);
	} else {
		return;
	}
	if (tpc_net_has_ports(o->protocol) && !bpf_probe_read_kernel(ports, sizeof(ports), head + l4)) {
		o->sport = bpf_ntohs(ports[0]);
		o->dport = bpf_ntohs(ports[1]);
	}
}
#endif

/*
 * struct sockaddr -> struct tpc_sockaddr_slot. sockaddr_in and sockaddr_in6
 * are uapi: port at byte 2, the IPv4 address at 4, the IPv6 one at 8.
 */
static __always_inline void tpc_sockaddr_read(const void *sa, bool user, struct tpc_sockaddr_slot *o)
{
	__u8 b[24];

	__builtin_memset(o, 0, sizeof(*o));
	if (!sa)
		return;
	if (user ? bpf_probe_read_user(b, sizeof(b), sa) : bpf_probe_read_kernel(b, sizeof(b), sa)) {
		/* sockaddr_in is 16 bytes: it may end right before unreadable memory */
		if (user ? bpf_probe_read_user(b, 16, sa) : bpf_probe_read_kernel(b, 16, sa))
			return;
		__builtin_memset(b + 16, 0, 8);
	}
	__builtin_memcpy(&o->family, b, 2);
	if (o->family == TPC_NET_AF_INET) {
		o->port = ((__u16)b[2] << 8) | b[3];
		__builtin_memcpy(o->addr, b + 4, 4);
	} else if (o->family == TPC_NET_AF_INET6) {
		o->port = ((__u16)b[2] << 8) | b[3];
		__builtin_memcpy(o->addr, b + 8, 16);
	}
}

#endif /* TPC_NET_H */

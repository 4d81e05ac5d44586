/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The fixed part of every generated program: basic types and libbpf's
 * BPF-side headers. Kernel types are not included from anywhere: the
 * generated file declares CO-RE shadow structs with only the fields it uses,
 * and libbpf relocates them against the target kernel's BTF at load time.
 * tpc serves this file (and libbpf's headers) to clang from memory.
 */
#ifndef TPC_PRELUDE_H
#define TPC_PRELUDE_H

typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u64 __be64;
typedef __u32 __wsum;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

enum {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_STACK_TRACE = 7,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_LPM_TRIE = 11,
	BPF_MAP_TYPE_RINGBUF = 27,
};

enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
	BPF_EXIST = 2,
};

enum {
	BPF_F_USER_STACK = 1 << 8,	/* bpf_get_stackid() */
};

enum {
	BPF_RB_NO_WAKEUP = 1,
	BPF_RB_FORCE_WAKEUP = 2,
};

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "tpc_event.h"

char LICENSE[] SEC("license") = "GPL";

#endif /* TPC_PRELUDE_H */

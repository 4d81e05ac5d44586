/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Layout of the events a tpc object writes to its ring buffer.
 *
 * This header is shared verbatim by the generated BPF C (it is embedded in
 * tpc and served to clang from memory) and by the agent. It therefore uses
 * only fixed-width kernel-style types and no libc.
 *
 * Every event is one struct tpc_event_hdr followed by the hook's argument
 * slots. Where each argument lives (offset, size, type) is not compiled into
 * the agent: the object's ".tpc.meta" section records it per hook (see
 * docs/object-format.md), so the agent decodes events without the compiler.
 */
#ifndef TPC_EVENT_H
#define TPC_EVENT_H

#define TPC_EVENT_MAGIC 0x31435054u /* "TPC1" little endian */

/* hdr.selector when no selector matched (hooks without selectors) */
#define TPC_NO_SELECTOR 0xffffu

/* Bits of hdr.actions: what the BPF program did for this event. */
#define TPC_ACT_POST (1u << 0)
#define TPC_ACT_SIGKILL (1u << 1)
#define TPC_ACT_SIGNAL (1u << 2)
#define TPC_ACT_OVERRIDE (1u << 3)
/* performed by the agent on receipt: the URL/FQDN is in the meta of the event's selector */
#define TPC_ACT_GETURL (1u << 4)
#define TPC_ACT_DNSLOOKUP (1u << 5)
/* spec.enforcers: the error/signal were recorded for the thread's enforcer programs */
#define TPC_ACT_NOTIFY_ENFORCER (1u << 8)
/* usdt Set: argValue was written to the argument's memory (failed: TPC_EVF_ACTION_FAILED) */
#define TPC_ACT_SET (1u << 9)

/* Bits of hdr.flags */
#define TPC_EVF_ACTION_FAILED (1u << 0) /* a helper behind an action returned < 0 */

struct tpc_event_hdr {
	__u32 magic;        /* TPC_EVENT_MAGIC */
	__u16 hook;         /* index into the object's meta "hooks" array */
	__u16 selector;     /* index of the first matching selector, or TPC_NO_SELECTOR */
	__u32 actions;      /* TPC_ACT_* bits performed */
	__u32 flags;        /* TPC_EVF_* */
	__s32 action_ret;   /* return value of the enforcement helper (0 on success) */
	__u32 pid;          /* tgid as seen from the root pid namespace */
	__u32 tid;
	__u32 uid;
	__u32 gid;
	__u32 size;         /* total size of the event, header included */
	__u64 ktime_ns;     /* bpf_ktime_get_boot_ns() */
	__u64 cgroup_id;    /* bpf_get_current_cgroup_id() */
	char comm[16];
};

/*
 * Post kernelStackTrace / userStackTrace: a hook with a selector that asks has
 * one struct tpc_stack_slot after its argument and return slots (meta
 * "stack"), the stacks copied into the event by bpf_get_stack(). (Not ids of a
 * BPF_MAP_TYPE_STACK_TRACE map: equal stacks share an id, so a reader that
 * deletes an id once read loses it for the next event with the same stack, and
 * one that does not lets the map fill up or, with BPF_F_REUSE_STACKID, hands
 * an older event a newer stack.)
 */
#define TPC_STACK_DEPTH 127	/* PERF_MAX_STACK_DEPTH */
#define TPC_STACKF_KERNEL (1u << 0)	/* the selector asked for the kernel stack */
#define TPC_STACKF_USER (1u << 1)	/* the selector asked for the user stack */

struct tpc_stack_slot {
	__u32 flags;		/* TPC_STACKF_*: which stacks are set */
	__s32 kernel_len;	/* bpf_get_stack(): bytes of kernel[], < 0 -errno */
	__s32 user_len;		/* the same for user[], BPF_F_USER_STACK */
	__u32 pad;
	__u64 kernel[TPC_STACK_DEPTH];	/* return addresses, innermost first */
	__u64 user[TPC_STACK_DEPTH];
};

/*
 * Post imaHash (lsmhooks on a file or linux_binprm): a hook with a selector
 * that asks has one struct tpc_ima_slot after every other slot (meta "ima"),
 * filled by a sleepable program with bpf_ima_file_hash() of the file.
 */
#define TPC_IMA_HASH_MAX 64	/* Tetragon's MAX_IMA_HASH_SIZE */

struct tpc_ima_slot {
	__s32 algo;		/* enum hash_algo (4: sha256), or -errno; 0: the selector did not ask */
	__u32 pad;
	__u8 hash[TPC_IMA_HASH_MAX];
};

/*
 * Argument slots after the header. Integers are 8 bytes, already narrowed to
 * the declared type and then sign- or zero-extended. The others: */

/* Bytes of a string or path kept in an event, at most TPC_STR_SLOT - 1 (the compare sees the whole value). */
#define TPC_STR_SLOT 256
/* The longest string or path a predicate compares; longer values are truncated and flagged. */
#define TPC_STR_MAX 4096

/* tpc_str_slot.flags */
#define TPC_STRF_TRUNCATED (1u << 0)	/* the value did not fit the slot (or TPC_STR_MAX) */
#define TPC_STRF_FAULT (1u << 1)	/* the kernel could not read it (NULL or unmapped) */
#define TPC_STRF_PARTIAL_PATH (1u << 2)	/* the dentry walk hit its depth limit: a suffix of the path */

/* string, file, path, dentry: the text, not NUL-terminated */
struct tpc_str_slot {
	__u16 len;	/* bytes used in buf */
	__u16 flags;	/* TPC_STRF_* */
	__u32 full_len;	/* length of the whole value, when known */
	char buf[TPC_STR_SLOT];
};

/* sock, socket: what Tetragon's sock_arg reports */
struct tpc_sock_slot {
	__u16 family;
	__u16 type;
	__u16 protocol;
	__u8 state;
	__u8 pad;
	__u16 sport;	/* host byte order */
	__u16 dport;	/* host byte order */
	__u32 pad2;
	__u8 saddr[16];	/* AF_INET: the first 4 bytes */
	__u8 daddr[16];
	__u64 cookie;	/* the kernel address of the struct sock, as Tetragon reports it */
};

/* skb: what Tetragon's skb_arg reports, from the IP and L4 headers */
struct tpc_skb_slot {
	__u32 hash;
	__u32 len;
	__u32 priority;
	__u32 mark;
	__u16 family;	/* from the IP version: AF_INET, AF_INET6, else 0 */
	__u16 protocol;	/* IP protocol (IPv6: next header) */
	__u16 sport;	/* host byte order; TCP, UDP, UDP-Lite and SCTP only */
	__u16 dport;
	__u8 saddr[16];	/* AF_INET: the first 4 bytes */
	__u8 daddr[16];
};

/* sockaddr: what Tetragon's sockaddr_arg reports */
struct tpc_sockaddr_slot {
	__u16 family;	/* sa_family */
	__u16 port;	/* host byte order; AF_INET and AF_INET6 only */
	__u32 pad;
	__u8 addr[16];	/* AF_INET: the first 4 bytes */
};

/*
 * capability, syscall64, kernel_cap_t, cap_inheritable, cap_permitted,
 * cap_effective: 8-byte integer slots (the capability number, the syscall
 * id, the 64-bit capability mask). The others below.
 */

/* user_namespace, and the user_ns of a cred: what Tetragon's UserNamespace reports */
struct tpc_userns_slot {
	__s32 level;	/* nesting level, 0 = the initial user namespace */
	__u32 uid;	/* owner */
	__u32 gid;	/* group */
	__u32 inum;	/* ns.inum */
};

/* cred: what Tetragon's ProcessCredentials reports */
struct tpc_cred_slot {
	__u32 uid;
	__u32 gid;
	__u32 euid;
	__u32 egid;
	__u32 suid;
	__u32 sgid;
	__u32 fsuid;
	__u32 fsgid;
	__u32 securebits;
	__u32 pad;
	__u64 cap_permitted;
	__u64 cap_effective;
	__u64 cap_inheritable;
	struct tpc_userns_slot user_ns;
};

/* bpf_attr (BPF_PROG_LOAD): what Tetragon's KprobeBpfAttr reports */
struct tpc_bpf_attr_slot {
	__u32 prog_type;
	__u32 insn_cnt;
	char prog_name[16];	/* BPF_OBJ_NAME_LEN, NUL-padded */
};

/* bpf_map: what Tetragon's KprobeBpfMap reports */
struct tpc_bpf_map_slot {
	__u32 map_type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	char name[16];		/* BPF_OBJ_NAME_LEN, NUL-padded */
};

/* perf_event: what Tetragon's KprobePerfEvent reports, without KprobeFunc */
struct tpc_perf_event_slot {
	__u32 type;
	__u32 pad;
	__u64 config;
	__u64 probe_offset;
};

/* tpc_module_slot.flags */
#define TPC_MODF_SIG_KNOWN (1u << 0)	/* sig_ok was read (load_info, CONFIG_MODULE_SIG) */
#define TPC_MODF_FAULT (1u << 1)	/* the name could not be read */

/* module, load_info: what Tetragon's KernelModule reports */
struct tpc_module_slot {
	char name[56];		/* MODULE_NAME_LEN, NUL-terminated */
	__u64 taints;
	__u32 sig_ok;
	__u32 flags;		/* TPC_MODF_* */
};

/* net_device: what Tetragon's KprobeNetDev reports */
struct tpc_netdev_slot {
	char name[16];		/* IFNAMSIZ, NUL-terminated */
};

/*
 * char_buf, char_iovec: bytes copied from memory. TPC_BYTES_SLOT bytes at
 * most, TPC_BYTES_SLOT_MAX with maxData (struct tpc_bytes_max_slot: the same
 * header, a longer buf); Tetragon's own limit without maxData is 4095.
 */
#define TPC_BYTES_SLOT 256
#define TPC_BYTES_SLOT_MAX 4096

/* tpc_bytes_slot.flags */
#define TPC_BYTESF_TRUNCATED (1u << 0)	/* orig_size > len: Tetragon's truncated_bytes_arg */
#define TPC_BYTESF_FAULT (1u << 1)	/* the memory could not be read (Tetragon: CharBufErrorPageFault) */

struct tpc_bytes_slot {
	__u32 len;		/* bytes used in buf */
	__u32 flags;		/* TPC_BYTESF_* */
	__u64 orig_size;	/* the size argument (sizeArgIndex), or the iovec total */
	__u8 buf[TPC_BYTES_SLOT];
};

struct tpc_bytes_max_slot {
	__u32 len;
	__u32 flags;
	__u64 orig_size;
	__u8 buf[TPC_BYTES_SLOT_MAX];
};

/*
 * spec.loader: true. The object has one more hook (kind "loader", the last
 * one) whose program, a kprobe on perf_event_mmap_output, writes one struct
 * tpc_loader_event per executable mapping that has a build id. The kernel
 * computes build ids only while some perf event asks for mmap records with
 * them: the agent opens one such (dummy) event per CPU and writes each one's
 * id into the per-CPU array TPC_LOADER_IDS_MAP, so the program keeps only
 * the calls made for its own events (as Tetragon's bpf_loader.c).
 */
#define TPC_LOADER_IDS_MAP "tpc_loader_ids"
#define TPC_LOADER_FUNC "perf_event_mmap_output"
#define TPC_BUILD_ID_MAX 20	/* BUILD_ID_SIZE_MAX */
#define TPC_LOADER_PATH_MAX 4096

struct tpc_loader_event {
	struct tpc_event_hdr hdr;
	__u32 buildid_size;	/* bytes of buildid used (1..TPC_BUILD_ID_MAX) */
	__u32 path_size;	/* bpf_probe_read_kernel_str(): bytes with the NUL, < 0 failed */
	__u8 buildid[TPC_BUILD_ID_MAX];
	__u32 pad;
	char path[TPC_LOADER_PATH_MAX];	/* the mapped file, d_path() */
};

#endif /* TPC_EVENT_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ".tpc.meta" section of a tpc object (docs/object-format.md): found with
 * libelf, parsed with json-c, validated and turned into plain structs. Nothing
 * here touches the kernel or libbpf; loader.c checks the parts that need the
 * opened bpf_object (programs and the ring buffer map exist, program types).
 */
#ifndef TPC_AGENT_META_H
#define TPC_AGENT_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define META_FORMAT "tpc-object/1"
#define META_SECTION ".tpc.meta"

enum meta_argclass {
	META_ARG_INT,
	META_ARG_STRING,
	META_ARG_BUF,
	META_ARG_PTR,
	META_ARG_FD,
	META_ARG_NOP,
};

/* How an argument is stored in the event (runtime/tpc_event.h). */
enum meta_slot {
	META_SLOT_NONE,		/* this agent cannot decode the type */
	META_SLOT_INT,		/* 8 bytes, narrowed then extended */
	META_SLOT_STR,		/* struct tpc_str_slot: string, filename, file, path, dentry */
	META_SLOT_SOCK,		/* struct tpc_sock_slot: sock, socket */
	META_SLOT_SKB,		/* struct tpc_skb_slot: skb */
	META_SLOT_SOCKADDR,	/* struct tpc_sockaddr_slot: sockaddr */
	/* printed by agent/args.c */
	META_SLOT_CAP,		/* 8 bytes: a capability number (capability_arg) */
	META_SLOT_CAPS,		/* 8 bytes: a capability mask (kernel_cap_t, cap_*) */
	META_SLOT_SYSCALL,	/* 8 bytes: a syscall id (syscall64) */
	META_SLOT_CRED,		/* struct tpc_cred_slot: cred */
	META_SLOT_USERNS,	/* struct tpc_userns_slot: user_namespace */
	META_SLOT_BPF_ATTR,	/* struct tpc_bpf_attr_slot */
	META_SLOT_BPF_MAP,	/* struct tpc_bpf_map_slot */
	META_SLOT_PERF_EVENT,	/* struct tpc_perf_event_slot */
	META_SLOT_MODULE,	/* struct tpc_module_slot: module, load_info */
	META_SLOT_NETDEV,	/* struct tpc_netdev_slot: net_device */
	META_SLOT_BYTES,	/* struct tpc_bytes_slot or tpc_bytes_max_slot (maxData): char_buf */
};

/* One row of runtime/argtypes.def. */
struct meta_argtype {
	const char *name;
	enum meta_argclass cls;
	unsigned width;
	bool is_signed;
	const char *json_key;	/* Tetragon's key: int_arg, size_arg, ... */
};

enum meta_hook_kind {
	META_HOOK_KPROBE,
	META_HOOK_TRACEPOINT,
	META_HOOK_LSM,
	META_HOOK_UPROBE,
	META_HOOK_USDT,		/* function is "provider:name", path the binary */
	META_HOOK_LOADER,	/* spec.loader: struct tpc_loader_event, perf events from agent/loader.c */
};

enum meta_attach {
	META_ATTACH_KPROBE,
	META_ATTACH_KRETPROBE,
	META_ATTACH_TRACEPOINT,
	META_ATTACH_RAW_TP,
	META_ATTACH_UPROBE,
	META_ATTACH_URETPROBE,
	META_ATTACH_LSM,		/* BPF-LSM, target is the hook ("file_open") */
	META_ATTACH_FMOD_RET,		/* BPF_MODIFY_RETURN trampoline, target a kernel function */
	META_ATTACH_USDT,		/* USDT probe, target "/path/to/binary:provider:name" */
	META_ATTACH_KPROBE_MULTI,	/* kprobe.multi: the hooks naming the program share one link,
					 * each target with its hook id as attach cookie */
	META_ATTACH_UNSUPPORTED,	/* a kind this agent cannot attach yet (fentry, ...) */
};

#define META_DATA_INDEX 64	/* an index from 64 on is 'data' entry index - 64 (compiler/ir.h IR_DATA_ARG) */

struct meta_arg {
	unsigned index;
	const struct meta_argtype *type;
	enum meta_slot slot;
	char *label;
	uint32_t offset;
	uint32_t size;
};

struct meta_variant {
	char *program;
	char *attach_name;	/* as written in the meta */
	enum meta_attach attach;
	char *target;
	bool override;		/* the program calls bpf_override_return ("override": true) */
	bool write_user;	/* the program calls bpf_probe_write_user (action Set: "write_user": true) */
	/*
	 * Return probes: the exit half of the pair, NULL/unset when the hook
	 * has no "return" slot. The entry program parks the event, this one
	 * posts it with the return value; both are attached or neither.
	 */
	char *ret_program;
	char *ret_attach_name;
	enum meta_attach ret_attach;
	char *ret_target;
};

/* What the agent itself does for a selector's events (agent/notify.c); NULL: nothing. */
struct meta_selector {
	char *url;		/* GetUrl's argUrl */
	char *fqdn;		/* DnsLookup's argFqdn */
};

struct meta_hook {
	unsigned id;
	enum meta_hook_kind kind;
	char *function;		/* uprobe: the symbol */
	char *path;		/* uprobe: the binary; NULL for other kinds */
	uint64_t ref_ctr_offset;	/* uprobe: the semaphore's file offset (refCtrOffsets); 0: none */
	bool syscall;
	bool optional;		/* ignore.callNotFound: skip where the kernel lacks the function */
	bool enforcer;		/* spec.enforcers: applies NotifyEnforcer's error and signal, posts nothing */
	char *message;
	char **tags;
	size_t n_tags;
	uint32_t event_size;
	struct meta_variant *variants;
	size_t n_variants;
	struct meta_arg *args;
	size_t n_args;
	bool has_return;	/* a return probe: ret is the return value's slot */
	struct meta_arg ret;	/* index unused */
	bool has_stack;		/* "stack": a struct tpc_stack_slot at stack_offset */
	uint32_t stack_offset;
	bool has_ima;		/* "ima": a struct tpc_ima_slot at ima_offset (imaHash) */
	uint32_t ima_offset;
	size_t n_selectors;
	struct meta_selector *selectors;	/* n_selectors */
};

/*
 * A map whose initial contents the object carries in its metadata (the LPM
 * tries of address predicates with many values): written after load,
 * before anything is attached.
 */
struct meta_map {
	char *name;
	uint32_t key_size, value_size;
	uint8_t *keys;		/* n_entries * key_size bytes */
	uint8_t *values;	/* n_entries * value_size bytes */
	size_t n_entries;
};

struct tpc_meta {
	char *policy_name;
	char *ringbuf;
	struct meta_hook *hooks;
	size_t n_hooks;
	struct meta_map *maps;
	size_t n_maps;
};

/*
 * Find META_SECTION in the ELF image; on success *sec points into a malloc'd
 * copy the caller frees. Returns 0, -ENOENT (no such section), -EINVAL (not a
 * BPF ELF file, broken section table) with a message in err.
 */
int meta_elf_section(const void *image, size_t len, char **sec, size_t *sec_len,
		     char *err, size_t err_len);

/* Parse and validate; returns 0 or -EINVAL/-ENOMEM with a message in err. */
int meta_parse(const char *json, size_t len, struct tpc_meta **out, char *err, size_t err_len);
void meta_free(struct tpc_meta *m);

const char *meta_hook_kind_name(enum meta_hook_kind k);
/* The event slot of a type, META_SLOT_NONE when event.c cannot print it. */
enum meta_slot meta_argtype_slot(const struct meta_argtype *t);
/* Size in bytes of a slot (0 for META_SLOT_NONE). */
unsigned meta_slot_size(enum meta_slot s);
const char *meta_slot_name(enum meta_slot s);

#endif /* TPC_AGENT_META_H */

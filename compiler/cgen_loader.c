// SPDX-License-Identifier: Apache-2.0
/*
 * spec.loader: true, as Tetragon's loader sensor (bpf/process/bpf_loader.c,
 * pkg/sensors/tracing/loader_linux.go): a kprobe on perf_event_mmap_output
 * reads the struct perf_mmap_event the perf core prepared (file name, build
 * id) and posts a struct tpc_loader_event (runtime/tpc_event.h). The perf
 * core calls that function for every perf event that wants mmap records, so
 * the program keeps only the calls for the event the agent opened on this
 * CPU (its id in tpc_loader_ids), and only mappings with a build id.
 */
#include <stddef.h>
#include <linux/types.h>

#include "cgen_loader.h"
#include "tpc_event.h"

static const char *const loader_c[] = {
	"/* spec.loader: process_loader events (cgen_loader.c) */",
	"struct perf_event___tpc_loader {",
	"\t__u64 id;",
	"} __attribute__((preserve_access_index));",
	"",
	"struct perf_mmap_event___tpc_loader {",
	"\tconst char *file_name;",
	"\t__u8 build_id[TPC_BUILD_ID_MAX];",
	"\t__u32 build_id_size;",
	"} __attribute__((preserve_access_index));",
	"",
	"struct pt_regs___tpc_loader {",
	"\tunsigned long di;",
	"\tunsigned long si;",
	"} __attribute__((preserve_access_index));",
	"",
	"/* per CPU: the id of the perf event tpc-agent opened on it (PERF_EVENT_IOC_ID) */",
	"struct {",
	"\t__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);",
	"\t__uint(max_entries, 1);",
	"\t__type(key, __u32);",
	"\t__type(value, __u64);",
	"} tpc_loader_ids SEC(\".maps\");",
	"",
	"SEC(\"kprobe/" TPC_LOADER_FUNC "\")",
	"int " TPC_LOADER_PROG "(struct pt_regs___tpc_loader *ctx)",
	"{",
	"\tstruct perf_mmap_event___tpc_loader *me = (void *)ctx->si;",
	"\tstruct perf_event___tpc_loader *pe = (void *)ctx->di;",
	"\tstruct tpc_loader_event *e;",
	"\t__u32 key = 0, n;",
	"\t__u64 *id;",
	"\tlong len;",
	"",
	"\tid = bpf_map_lookup_elem(&tpc_loader_ids, &key);",
	"\tif (!id || !*id || BPF_CORE_READ(pe, id) != *id)",
	"\t\treturn 0;",
	"\tn = BPF_CORE_READ(me, build_id_size);",
	"\tif (!n)",
	"\t\treturn 0;\t/* as Tetragon: only mappings with a build id */",
	"\te = tpc_event_reserve(sizeof(*e));",
	"\tif (!e)",
	"\t\treturn 0;",
	NULL,	/* tpc_event_header(), with the hook id */
	"\te->buildid_size = n < TPC_BUILD_ID_MAX ? n : TPC_BUILD_ID_MAX;",
	"\te->pad = 0;",
	"\tif (bpf_probe_read_kernel(e->buildid, sizeof(e->buildid),",
	"\t\t\t\t  __builtin_preserve_access_index(&me->build_id)))",
	"\t\te->buildid_size = 0;",
	"\tlen = bpf_probe_read_kernel_str(e->path, sizeof(e->path), BPF_CORE_READ(me, file_name));",
	"\te->path_size = len > 0 ? (__u32)len : 0;",
	"\tbpf_ringbuf_submit(e, tpc_rb_flags);",
	"\treturn 0;",
	"}",
	"",
};

void cgen_loader_program(struct strbuf *sb, const struct ir_policy *ir)
{
	size_t i;

	if (!ir->loader)
		return;
	for (i = 0; i < sizeof(loader_c) / sizeof(loader_c[0]); i++) {
		if (loader_c[i])
			sb_printf(sb, "%s\n", loader_c[i]);
		else
			sb_printf(sb, "\ttpc_event_header(&e->hdr, %d, TPC_NO_SELECTOR, TPC_ACT_POST, 0, sizeof(*e));\n",
				  ir->n_hooks);
	}
}

void meta_loader_hook(struct strbuf *sb, const struct ir_policy *ir)
{
	if (!ir->loader)
		return;
	sb_printf(sb, "%s{\"id\":%d,\"kind\":\"loader\",\"function\":\"" TPC_LOADER_FUNC "\",\"message\":\"\","
		  "\"tags\":[],\"event_size\":%d,\"variants\":[{\"program\":\"" TPC_LOADER_PROG "\","
		  "\"attach\":\"kprobe\",\"target\":\"" TPC_LOADER_FUNC "\"}],\"args\":[],\"selectors\":[]}",
		  ir->n_hooks ? "," : "", ir->n_hooks, (int)sizeof(struct tpc_loader_event));
}

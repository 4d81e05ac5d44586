// SPDX-License-Identifier: Apache-2.0
/*
 * meta: the ".tpc.meta" JSON that makes an object describe itself
 * (docs/object-format.md). Written with a few lines of escaping rather than
 * a JSON library: the output must be byte-stable (key order, number format)
 * for reproducible objects, and it is only ever written here.
 */
#include <string.h>
#include <linux/types.h>

#include "cgen_loader.h"
#include "intmap.h"
#include "strmap.h"
#include "ir.h"
#include "net.h"
#include "tpc_event.h"

static void jstr(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	sb_putn(sb, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };

			sb_putn(sb, e, 2);
		} else if (c == '\n') {
			sb_puts(sb, "\\n");
		} else if (c < 0x20 || c == 0x7f) {
			char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

			sb_putn(sb, e, 6);
		} else {
			sb_putn(sb, (const char *)&c, 1);
		}
	}
	sb_putn(sb, "\"", 1);
}

static const char *attach_name(enum ir_attach a)
{
	switch (a) {
	case IR_ATTACH_KPROBE:
		return "kprobe";
	case IR_ATTACH_LSM:
		return "lsm";
	case IR_ATTACH_KRETPROBE:
		return "kretprobe";
	case IR_ATTACH_UPROBE:
		return "uprobe";
	case IR_ATTACH_URETPROBE:
		return "uretprobe";
	case IR_ATTACH_FMOD_RET:
		return "fmod_ret";
	case IR_ATTACH_RAW_TP:
		return "raw_tracepoint";
	case IR_ATTACH_USDT:
		return "usdt";
	case IR_ATTACH_KPROBE_MULTI:
		return "kprobe_multi";	/* one program for the hooks that name it: cookie = hook id */
	case IR_ATTACH_RAW_TP_SYSCALLS:
		return "raw_tracepoint";	/* sys_enter, one program for the hooks that name it */
	default:
		return "tracepoint";
	}
}

static void meta_hook(struct strbuf *sb, const struct ir_hook *h)
{
	bool override = false, write_user = false;
	int i, j;

	static const char *const kinds[] = { "kprobe", "tracepoint", "uprobe", "usdt", "lsm" };

	sb_printf(sb, "{\"id\":%d,\"kind\":\"%s\",\"function\":", h->id, kinds[h->kind]);
	jstr(sb, h->function);
	if (h->path) {
		sb_puts(sb, ",\"path\":");
		jstr(sb, h->path);
	}
	if (h->ref_ctr_offset)	/* uprobes: refCtrOffsets, the agent's bpf_uprobe_opts.ref_ctr_offset */
		sb_printf(sb, ",\"ref_ctr_offset\":%llu", h->ref_ctr_offset);
	sb_printf(sb, ",\"syscall\":%s,%s%s\"message\":", h->syscall ? "true" : "false",
		  h->optional ? "\"optional\":true," : "", h->enforcer ? "\"enforcer\":true," : "");
	jstr(sb, h->message);
	sb_puts(sb, ",\"tags\":[");
	for (i = 0; i < h->n_tags; i++) {
		if (i)
			sb_puts(sb, ",");
		jstr(sb, h->tags[i]);
	}
	sb_printf(sb, "],\"event_size\":%d,\"variants\":[", h->event_size);
	for (i = 0; i < h->n_sels; i++)
		override |= (h->sels[i].act_bits & TPC_ACT_OVERRIDE) != 0;
	override |= h->enforcer;	/* its kprobe variant calls bpf_override_return (cgen_enforce.c) */
	for (i = 0; i < h->n_sels; i++)
		write_user |= (h->sels[i].act_bits & TPC_ACT_SET) != 0;
	for (i = 0; i < h->n_variants; i++) {
		sb_printf(sb, "%s{\"program\":", i ? "," : "");
		jstr(sb, h->variants[i].prog);
		sb_printf(sb, ",\"attach\":\"%s\",\"target\":", attach_name(h->variants[i].attach));
		jstr(sb, h->variants[i].target);
		/* the program calls bpf_override_return (cgen.c): usable only where the kernel allows it */
		if (override && h->variants[i].attach == IR_ATTACH_KPROBE)
			sb_puts(sb, ",\"override\":true");
		if (write_user)	/* action Set: bpf_probe_write_user (cgen_enforce.c) */
			sb_puts(sb, ",\"write_user\":true");
		if (h->variants[i].exit_prog) {
			sb_puts(sb, ",\"return_program\":");
			jstr(sb, h->variants[i].exit_prog);
			sb_printf(sb, ",\"return_attach\":\"%s\",\"return_target\":", attach_name(h->variants[i].exit_attach));
			jstr(sb, h->variants[i].exit_target);
		}
		sb_puts(sb, "}");
	}
	sb_puts(sb, "],\"args\":[");
	for (i = 0; i < h->n_reads; i++) {
		const struct ir_read *r = &h->reads[i];

		sb_printf(sb, "%s{\"index\":%d,\"type\":", i ? "," : "", r->arg);
		jstr(sb, argtype_name(r->type));
		sb_puts(sb, ",\"label\":");
		jstr(sb, r->label);
		sb_printf(sb, ",\"offset\":%d,\"size\":%d}", r->offset, r->size);
	}
	sb_puts(sb, "]");
	if (h->is_return) {
		sb_puts(sb, ",\"return\":{\"type\":");
		jstr(sb, argtype_name(h->ret_read.type));
		sb_puts(sb, ",\"label\":");
		jstr(sb, h->ret_read.label);
		sb_printf(sb, ",\"offset\":%d,\"size\":%d}", h->ret_read.offset, h->ret_read.size);
	}
	if (h->stack_offset)	/* kernelStackTrace / userStackTrace: a struct tpc_stack_slot */
		sb_printf(sb, ",\"stack\":{\"offset\":%d,\"size\":%d}", h->stack_offset, (int)sizeof(struct tpc_stack_slot));
	if (h->ima_offset)	/* imaHash: a struct tpc_ima_slot */
		sb_printf(sb, ",\"ima\":{\"offset\":%d,\"size\":%d}", h->ima_offset, (int)sizeof(struct tpc_ima_slot));
	sb_puts(sb, ",\"selectors\":[");
	for (i = 0; i < h->n_sels; i++) {
		const struct ir_selector *s = &h->sels[i];

		sb_printf(sb, "%s{\"id\":%d,\"actions\":[", i ? "," : "", s->id);
		for (j = 0; j < s->n_acts; j++) {
			sb_printf(sb, "%s{\"action\":", j ? "," : "");
			jstr(sb, action_name(s->acts[j].act));
			if (s->acts[j].act == ACT_SIGNAL || s->acts[j].act == ACT_SIGKILL)
				sb_printf(sb, ",\"signal\":%lld", s->acts[j].arg);
			if (s->acts[j].act == ACT_OVERRIDE)
				sb_printf(sb, ",\"error\":%lld", s->acts[j].arg);
			if (s->acts[j].act == ACT_GETURL || s->acts[j].act == ACT_DNSLOOKUP) {
				sb_puts(sb, s->acts[j].act == ACT_GETURL ? ",\"url\":" : ",\"fqdn\":");
				jstr(sb, s->acts[j].str);	/* tpc-agent performs it (agent/notify.c) */
			}
			sb_puts(sb, "}");
		}
		sb_puts(sb, "]}");
	}
	sb_puts(sb, "]}");
}

int meta_policy(struct tpc_ctx *ctx, const struct ir_policy *ir, char **out)
{
	struct strbuf sb;
	size_t before;
	int i, n_maps;

	sb_init(&sb, &ctx->arena);
	sb_puts(&sb, "{\"format\":\"tpc-object/1\",\"tpc_version\":");
	jstr(&sb, TPC_VERSION);
	sb_puts(&sb, ",\"policy\":{\"name\":");
	jstr(&sb, ir->name);
	sb_puts(&sb, ",\"kind\":");
	jstr(&sb, ir->kind);
	sb_puts(&sb, ",\"namespace\":");
	jstr(&sb, ir->namespace);
	sb_puts(&sb, ",\"source\":");
	jstr(&sb, ir->source_base);
	sb_puts(&sb, ",\"source_sha256\":");
	jstr(&sb, ir->source_sha256 ? ir->source_sha256 : "");
	sb_printf(&sb, ",\"mode\":\"%s\"},\"target_btf\":[", ir->monitor ? "monitor" : "enforce");
	for (i = 0; i < ir->n_targets; i++) {
		if (i)
			sb_puts(&sb, ",");
		jstr(&sb, ir->targets[i]);
	}
	sb_puts(&sb, "],\"ringbuf\":\"tpc_events\",\"hooks\":[");
	for (i = 0; i < ir->n_hooks; i++) {
		if (i)
			sb_puts(&sb, ",");
		meta_hook(&sb, &ir->hooks[i]);
	}
	meta_loader_hook(&sb, ir);	/* spec.loader: the last hook */
	sb_puts(&sb, "],\"maps\":[");
	before = sb.len;
	meta_net_maps(&sb, ir);	/* lower_net.c: initial contents of LPM tries */
	n_maps = sb.len > before;
	meta_intmap_maps(&sb, ir, &n_maps);	/* intmap.c: hash maps of InMap/NotInMap */
	meta_strmap_maps(&sb, ir, &n_maps);	/* strmap.c: maps of many string values */
	sb_puts(&sb, "]}\n");
	*out = sb.buf;
	return 0;
}

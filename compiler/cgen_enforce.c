// SPDX-License-Identifier: Apache-2.0
/*
 * NotifyEnforcer and the enforcer programs (lower_enforce.c). As in
 * Tetragon's bpf_enforcer.h, the map is keyed by pid_tgid: a notification is
 * for the thread that made it, and its enforcer consumes it (deletes the
 * entry) when that thread enters an enforcer call.
 */
#include "cgen_enforce.h"

#define ENFORCER_ENTRIES 32768	/* threads with a pending notification */

void cgen_enforce_map(struct strbuf *sb, const struct ir_policy *ir)
{
	int i;

	for (i = 0; i < ir->n_hooks && !ir->hooks[i].enforcer; i++)
		;
	if (i == ir->n_hooks)
		return;
	sb_puts(sb, "/* spec.enforcers: what NotifyEnforcer recorded for a thread (pid_tgid) */\n");
	sb_puts(sb, "struct tpc_enforcer_data {\n\t__s32 error;\n\t__s32 signal;\n};\n\n");
	sb_printf(sb, "struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n\t__uint(max_entries, %d);\n"
		  "\t__type(key, __u64);\n\t__type(value, struct tpc_enforcer_data);\n} tpc_enforcer SEC(\".maps\");\n\n",
		  ENFORCER_ENTRIES);
	sb_puts(sb, "static __always_inline long tpc_enforcer_notify(__s32 error, __s32 signal)\n{\n"
		    "\t__u64 id = bpf_get_current_pid_tgid();\n"
		    "\tstruct tpc_enforcer_data d = { .error = error, .signal = signal };\n\n"
		    "\treturn bpf_map_update_elem(&tpc_enforcer, &id, &d, BPF_ANY);\n}\n\n");
	sb_puts(sb, "/* in an enforcer call: send the signal, return the error (0: none), forget the notification */\n");
	sb_puts(sb, "static __always_inline long tpc_enforce(void)\n{\n"
		    "\t__u64 id = bpf_get_current_pid_tgid();\n"
		    "\tstruct tpc_enforcer_data *d = bpf_map_lookup_elem(&tpc_enforcer, &id);\n"
		    "\tlong err;\n\n"
		    "\tif (!d)\n\t\treturn 0;\n"
		    "\terr = d->error;\n"
		    "\tif (d->signal)\n\t\tbpf_send_signal(d->signal);\n"
		    "\tbpf_map_delete_elem(&tpc_enforcer, &id);\n"
		    "\treturn err;\n}\n\n");
}

void cgen_enforce_hook(struct strbuf *sb, const struct ir_hook *h)
{
	int j;

	sb_printf(sb, "/* spec.enforcers: '%s' */\n", h->function);
	for (j = 0; j < h->n_variants; j++) {
		const struct ir_variant *v = &h->variants[j];

		sb_printf(sb, "SEC(\"%s\")\n", v->section);
		sb_printf(sb, "int %s(void *ctx)\n{\n", v->prog);
		if (v->attach == IR_ATTACH_FMOD_RET) {
			/* non-zero: the function is skipped and returns it */
			sb_puts(sb, "\treturn tpc_enforce();\n}\n\n");
			continue;
		}
		/* the verifier accepts this only with CONFIG_BPF_KPROBE_OVERRIDE */
		sb_puts(sb, "\tlong err = tpc_enforce();\n\n\tif (err)\n\t\tbpf_override_return(ctx, (__u64)err);\n"
			    "\treturn 0;\n}\n\n");
	}
}

/*
 * Set (Tetragon's do_set_action, GENERIC_USDT): argValue, as 4 bytes, into
 * the memory of a USDT argument whose spec is "register + offset" (e.g.
 * "-4@-20(%rbp)"); an argument in a register or a constant cannot be
 * written, and the write does nothing. Tetragon then flags the event
 * (MSG_COMMON_FLAG_ACTION_FAILED); tpc writes after posting the event (whose
 * args, read at post, must be the values the process passed, as Tetragon
 * reports them), so its events do not carry that flag.
 * The spec is the one libbpf stored for this probe site (usdt.bpf.h).
 */
void cgen_usdt_set_helper(struct strbuf *sb, const struct ir_policy *ir)
{
	int i, j, k;

	for (i = 0; i < ir->n_hooks; i++)
		for (j = 0; j < ir->hooks[i].n_sels; j++)
			for (k = 0; k < ir->hooks[i].sels[j].n_acts; k++)
				if (ir->hooks[i].sels[j].acts[k].act == ACT_SET)
					goto found;
	return;
found:
	sb_puts(sb, "/* action Set: write value over USDT argument arg_num of this probe site, in user memory */\n");
	sb_puts(sb, "static __always_inline long tpc_usdt_set(void *ctx, __u64 arg_num, __u32 value)\n{\n"
		    "\tstruct __bpf_usdt_arg_spec *arg;\n"
		    "\tstruct __bpf_usdt_spec *spec;\n"
		    "\tint spec_id = __bpf_usdt_spec_id(ctx);\n"
		    "\tunsigned long base;\n\n"
		    "\tif (spec_id < 0)\n\t\treturn -ESRCH;\n"
		    "\tspec = bpf_map_lookup_elem(&__bpf_usdt_specs, &spec_id);\n"
		    "\tif (!spec)\n\t\treturn -ESRCH;\n"
		    "\tif (arg_num >= BPF_USDT_MAX_ARG_CNT || arg_num >= spec->arg_cnt)\n\t\treturn -ENOENT;\n"
		    "\targ = &spec->args[arg_num];\n"
		    "\tif (arg->arg_type != BPF_USDT_ARG_REG_DEREF)\n"
		    "\t\treturn -EINVAL; /* a register or a constant: nothing in memory to write */\n"
		    "\tif (bpf_probe_read_kernel(&base, sizeof(base), (char *)ctx + (arg->reg_off & 0xfff)))\n"
		    "\t\treturn -EFAULT;\n"
		    "\treturn bpf_probe_write_user((void *)(base + arg->val_off), &value, sizeof(value));\n}\n\n");
}

void cgen_enforce_notify(struct strbuf *sb, int indent, const char *source_base, const struct ir_action *a)
{
	int i;

	for (i = 0; i < indent; i++)
		sb_puts(sb, "\t");
	sb_printf(sb, "/* %s:%d:%d: %s */\n", source_base, a->loc.line, a->loc.col,
		  a->act == ACT_SET ? "Set" : "NotifyEnforcer");
	for (i = 0; i < indent; i++)
		sb_puts(sb, "\t");
	if (a->act == ACT_SET)
		sb_printf(sb, "tpc_usdt_set(ctx, %d, %uU);\n", IR_SET_INDEX(a->arg), IR_SET_VALUE(a->arg));
	else
		sb_printf(sb, "ret = tpc_enforcer_notify(%d, %d);\n", IR_NOTIFY_ERROR(a->arg), IR_NOTIFY_SIG(a->arg));
}

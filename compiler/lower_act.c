// SPDX-License-Identifier: Apache-2.0
/*
 * lower_act: policy-wide decisions about actions.
 *
 * spec.options policy-mode: monitor makes every enforcement action (Sigkill,
 * Signal, Override) an event only, as in Tetragon: the selectors still
 * match and post, nothing is killed or denied. The actions are removed from
 * the IR (so the kernel code cannot perform them) and ir->monitor says why;
 * the object's meta records "mode":"monitor". enforce is the default.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/types.h>

#include "ir.h"
#include "tpc_event.h"

const char *const ir_rate_scope_names[] = { "thread", "process", "global" };

/* "10" (seconds), "10s", "5m", "1h" -> ns; check.c validated the form */
static long long duration_ns(const char *s)
{
	char *end;
	long long n = strtoll(s, &end, 10);

	switch (*end) {
	case 'm':
		return n * 60 * 1000000000LL;
	case 'h':
		return n * 3600 * 1000000000LL;
	default:
		return n * 1000000000LL;
	}
}

void lower_selector_actions(struct tpc_ctx *ctx, struct ir_selector *sel, const struct ast_selector *s)
{
	int i;

	(void)ctx;
	for (i = 0; i < s->actions.n; i++) {
		const struct ast_action *a = &s->actions.v[i];

		if (a->act == ACT_POST && ast_has(&a->kernel_stack) && !strcasecmp(a->kernel_stack.s, "true")) {
			sel->stacks |= TPC_STACKF_KERNEL;
			sel->stack_loc = a->kernel_stack.loc;
		}
		if (a->act == ACT_POST && ast_has(&a->user_stack) && !strcasecmp(a->user_stack.s, "true")) {
			sel->stacks |= TPC_STACKF_USER;
			if (!(sel->stacks & TPC_STACKF_KERNEL))
				sel->stack_loc = a->user_stack.loc;
		}
		if (a->act == ACT_POST && ast_has(&a->ima_hash) && !strcasecmp(a->ima_hash.s, "true")) {
			sel->ima = true;
			sel->ima_loc = a->ima_hash.loc;
		}
		if (a->act != ACT_POST || !ast_has(&a->rate_limit))
			continue;
		sel->rate_ns = duration_ns(a->rate_limit.s);
		sel->rate_loc = a->rate_limit.loc;
		sel->rate_scope = IR_RATE_THREAD;	/* Tetragon's default */
		if (ast_has(&a->rate_limit_scope))
			sel->rate_scope = !strcmp(a->rate_limit_scope.s, "global") ? IR_RATE_GLOBAL :
					  !strcmp(a->rate_limit_scope.s, "process") ? IR_RATE_PROCESS : IR_RATE_THREAD;
	}
}

const char *const ir_stack_names[] = { "", "kernel", "user", "both" };

void lower_hook_stacks(struct tpc_ctx *ctx, struct ir_hook *h)
{
	int i;

	(void)ctx;
	for (i = 0; i < h->n_sels; i++)
		if (h->sels[i].post && h->sels[i].stacks) {
			h->stack_offset = h->event_size;
			h->event_size += (int)sizeof(struct tpc_stack_slot);
			return;
		}
}

int ir_ima_source(const char *hook)
{
	static const char *const bprm[] = { "bprm_check_security", "bprm_committed_creds", "bprm_committing_creds",
					    "bprm_creds_for_exec", "bprm_creds_from_file" };
	static const char *const file[] = { "file_ioctl", "file_lock", "file_open", "file_post_open", "file_receive",
					    "mmap_file" };
	size_t i;

	for (i = 0; i < sizeof(bprm) / sizeof(bprm[0]); i++)
		if (!strcmp(hook, bprm[i]))
			return IR_IMA_BPRM;
	for (i = 0; i < sizeof(file) / sizeof(file[0]); i++)
		if (!strcmp(hook, file[i]))
			return IR_IMA_FILE;
	return IR_IMA_NONE;
}

/*
 * bpf_ima_file_hash() may sleep: the hook becomes one sleepable program
 * (lsm.s/), where Tetragon chains a sleepable hash program between its
 * filter and output programs. The event carries the slot either way. The
 * verifier lets sleepable programs use array, hash, ringbuf and local
 * storage maps, not LPM tries: the hook's LPM-shaped predicates (many
 * prefixes, postfixes or CIDRs) compare inline instead.
 */
void lower_hook_ima(struct tpc_ctx *ctx, struct ir_hook *h)
{
	int i, j;

	for (i = 0; i < h->n_sels; i++)
		if (h->sels[i].post && h->sels[i].ima)
			break;
	if (i == h->n_sels || h->kind != HOOK_LSM)
		return;
	h->ima_offset = h->event_size;
	h->event_size += (int)sizeof(struct tpc_ima_slot);
	for (i = 0; i < h->n_variants; i++)
		if (h->variants[i].attach == IR_ATTACH_LSM)
			h->variants[i].section = arena_printf(&ctx->arena, "lsm.s/%s", h->variants[i].target);
	for (i = 0; i < h->n_sels; i++) {
		for (j = 0; j < h->sels[i].n_preds; j++)
			if (h->sels[i].preds[j].shape == IR_SHAPE_LPM)
				h->sels[i].preds[j].shape = IR_SHAPE_INLINE;
		for (j = 0; j < h->sels[i].n_ret_preds; j++)
			if (h->sels[i].ret_preds[j].shape == IR_SHAPE_LPM)
				h->sels[i].ret_preds[j].shape = IR_SHAPE_INLINE;
	}
}

static bool is_enforcement(enum action a)
{
	return a == ACT_SIGKILL || a == ACT_SIGNAL || a == ACT_OVERRIDE || a == ACT_NOTIFY_ENFORCER;
}

void lower_policy_mode(struct tpc_ctx *ctx, const struct ast_policy *p, struct ir_policy *ir)
{
	int i, j, k, n;

	(void)ctx;
	for (i = 0; i < p->options.n; i++)
		if (ast_has(&p->options.v[i].name) && !strcmp(p->options.v[i].name.s, "policy-mode") &&
		    ast_has(&p->options.v[i].value))
			ir->monitor = !strcmp(p->options.v[i].value.s, "monitor");
	if (!ir->monitor)
		return;
	for (i = 0; i < ir->n_hooks; i++) {
		for (j = 0; j < ir->hooks[i].n_sels; j++) {
			struct ir_selector *s = &ir->hooks[i].sels[j];

			for (k = n = 0; k < s->n_acts; k++)
				if (!is_enforcement(s->acts[k].act))
					s->acts[n++] = s->acts[k];
			s->n_acts = n;
			s->act_bits &= ~(TPC_ACT_SIGKILL | TPC_ACT_SIGNAL | TPC_ACT_OVERRIDE | TPC_ACT_NOTIFY_ENFORCER);
		}
	}
}

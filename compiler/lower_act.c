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

static bool is_enforcement(enum action a)
{
	return a == ACT_SIGKILL || a == ACT_SIGNAL || a == ACT_OVERRIDE;
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
			s->act_bits &= ~(TPC_ACT_SIGKILL | TPC_ACT_SIGNAL | TPC_ACT_OVERRIDE);
		}
	}
}

// SPDX-License-Identifier: Apache-2.0
/*
 * spec.enforcers, as Tetragon's enforcer sensor (pkg/sensors/tracing/
 * enforcer.go, bpf/process/bpf_enforcer.c): NotifyEnforcer records an error
 * and a signal for the calling thread; a program on each enforcer call
 * (syscalls, security_* functions) applies it when the thread gets there:
 * sends the signal and makes the function return the error. Each call is a
 * hook without args or selectors whose variants can change the return value:
 * fmod_ret, or a kprobe calling bpf_override_return. In monitor mode no
 * action notifies, so no enforcer is attached.
 */
#include <string.h>
#include <linux/types.h>

#include "btf.h"
#include "ir.h"
#include "tpc_event.h"

static const char *ident(struct arena *a, const char *s)
{
	char *p = arena_strdup(a, s), *q;

	for (q = p; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')))
			*q = '_';
	return p;
}

static void push_variant(struct tpc_ctx *ctx, struct ir_hook *h, enum ir_attach at, const char *section,
			 const char *suffix)
{
	struct ir_variant *v = ARENA_PUSH(&ctx->arena, h->variants, h->n_variants, h->cap_variants);

	v->attach = at;
	v->src = IR_SRC_BTF_ARGS;	/* no argument is read */
	v->target = h->function;
	v->section = section;
	v->suffix = suffix;
	v->prog = arena_printf(&ctx->arena, "tpc_%s_%d_%s", h->name, h->id, suffix);
}

static void add_enforcer(struct tpc_ctx *ctx, struct ir_policy *ir, const char *fn, struct loc loc)
{
	struct ir_hook *h;
	int i;

	for (i = 0; i < ir->n_hooks; i++)
		if (ir->hooks[i].enforcer && !strcmp(ir->hooks[i].function, fn))
			return;	/* named twice */
	h = ARENA_PUSH(&ctx->arena, ir->hooks, ir->n_hooks, ir->cap_hooks);
	h->id = ir->n_hooks - 1;
	h->kind = HOOK_KPROBE;
	h->loc = loc;
	h->enforcer = true;
	h->function = fn;
	h->syscall = strncmp(fn, "security_", 9) != 0;
	h->name = arena_printf(&ctx->arena, "enforce_%s", ident(&ctx->arena, strncmp(fn, "__x64_sys_", 10) ? fn : fn + 10));
	h->message = "";
	h->tags = arena_alloc(&ctx->arena, sizeof(char *));
	h->event_size = (int)sizeof(struct tpc_event_hdr);
	push_variant(ctx, h, IR_ATTACH_FMOD_RET, arena_printf(&ctx->arena, "fmod_ret/%s", fn), "fmod_ret");
	push_variant(ctx, h, IR_ATTACH_KPROBE, arena_printf(&ctx->arena, "kprobe/%s", fn), "kprobe");
}

void lower_enforcers(struct tpc_ctx *ctx, const struct ast_policy *p, struct ir_policy *ir)
{
	int i, j, k;

	if (ir->monitor)
		return;
	for (i = 0; i < p->enforcer_list.n; i++) {
		const struct ast_enforcer *e = &p->enforcer_list.v[i];

		for (j = 0; j < e->calls.n; j++) {
			const struct ast_scalar *c = &e->calls.v[j];
			const struct ast_list *l = NULL;

			if (!strncmp(c->s, "list:", 5)) {
				for (k = 0; k < p->lists.n; k++)
					if (ast_has(&p->lists.v[k].name) && !strcmp(p->lists.v[k].name.s, c->s + 5))
						l = &p->lists.v[k];
				for (k = 0; l && k < l->values.n; k++)
					add_enforcer(ctx, ir, enforcer_symbol(&ctx->arena, l->values.v[k].s), l->values.v[k].loc);
				continue;
			}
			add_enforcer(ctx, ir, enforcer_symbol(&ctx->arena, c->s), c->loc);
		}
	}
}

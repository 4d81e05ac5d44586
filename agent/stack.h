/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Post kernelStackTrace / userStackTrace: the stacks bpf_get_stack() copied
 * into the event, symbolized best effort (agent/stack.c).
 */
#ifndef TPC_AGENT_STACK_H
#define TPC_AGENT_STACK_H

#include <stdbool.h>
#include <stdint.h>

#include "jsonw.h"

/*
 * Write Tetragon's kernel_stack_trace / user_stack_trace (key) array of
 * StackTraceEntry for the len bytes of addresses at stack (bpf_get_stack();
 * len < 0: -errno, nothing is written): kernel addresses from
 * /proc/kallsyms, user ones from /proc/PID/maps and the ELF symbols of the
 * mapped file.
 */
void stack_json(struct jw *w, const char *key, const uint8_t *stack, int32_t len, bool user, uint32_t pid);
/* Drop the cached symbols: kallsyms and the ELF files of user stacks (at exit). */
void stack_cache_free(void);

#endif /* TPC_AGENT_STACK_H */

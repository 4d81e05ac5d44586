/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Post kernelStackTrace / userStackTrace: stacks read from the object's
 * TPC_STACK_MAP by id, symbolized best effort (agent/stack.c).
 */
#ifndef TPC_AGENT_STACK_H
#define TPC_AGENT_STACK_H

#include <stdbool.h>
#include <stdint.h>

#include "jsonw.h"

/*
 * Write Tetragon's kernel_stack_trace / user_stack_trace (key) array of
 * StackTraceEntry for stack id of map_fd: kernel addresses from
 * /proc/kallsyms, user ones from /proc/PID/maps and the ELF symbols of the
 * mapped file. Nothing is written when the stack cannot be read.
 */
void stack_json(struct jw *w, const char *key, int map_fd, int32_t id, bool user, uint32_t pid);

#endif /* TPC_AGENT_STACK_H */

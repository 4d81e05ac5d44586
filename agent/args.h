/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Printing the argument slots of bpf-templates/tpc_args.h: capability,
 * capability masks, syscall ids, cred, user_namespace, bpf_attr, bpf_map,
 * perf_event, module/load_info and net_device, in Tetragon's JSON shapes.
 */
#ifndef TPC_AGENT_ARGS_H
#define TPC_AGENT_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "jsonw.h"
#include "meta.h"

/* The slots this file prints (META_SLOT_CAP and after). */
bool args_handles(enum meta_slot s);
/* {"<json_key>":...} members of one args[] element; false if not one of ours. */
bool args_json(struct jw *w, const struct meta_arg *a, const uint8_t *ev);
/* The compact value, e.g. "cred(uid=0 euid=0 ...)"; false if not one of ours. */
bool args_compact(struct jw *w, const struct meta_arg *a, const uint8_t *ev);

#endif /* TPC_AGENT_ARGS_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What tpc's code generator can compile today. The checker first decides
 * whether a policy is valid TracingPolicy; then it asks these functions and
 * rejects, at the feature's location, what is valid but not compilable yet
 * ("... is not supported by tpc yet"). Growing the code generator means
 * flipping answers here, next to the code that makes them true.
 */
#ifndef TPC_SUPPORT_H
#define TPC_SUPPORT_H

#include "ast.h"

bool cg_hook_kind(enum hook_kind k);
bool cg_argtype(enum argtype t);
/* Operator `op` in matchArgs on an argument of type t. */
bool cg_match_arg_op(enum op op, enum argtype t);
/* Action a in matchActions of a hook of kind k. */
bool cg_action(enum action a, enum hook_kind k);
/* The type of a kretprobe's returnArg. */
bool cg_return_argtype(enum argtype t);
/* A selector key other than matchArgs / matchActions, e.g. "matchBinaries". */
bool cg_selector(const char *key);
/* Parameter p of action a (e.g. argSig of Signal, rateLimit of Post). */
bool cg_action_param(enum action a, enum actparam p);
/*
 * Any other key or variant of the language, as (where, what):
 * ("spec", "lists" | "options" | "enforcers" | "loader" | "podSelector" | "containerSelector"),
 * ("policy", "TracingPolicyNamespaced"), ("kprobe", "return" | "returnArg" | "returnArgAction" |
 * "ignore" | "data"), ("arg", "maxData" | "sizeArgIndex" | "returnCopy" | "resolve" | "source" | "auto"),
 * ("uprobe", "offsets" | "refCtrOffsets" | "return"), ("matchArgs", "args"), ("value", "nul"),
 * ("returnArgAction", "Post" | "TrackSock" | "UntrackSock").
 */
bool cg_key(const char *where, const char *what);

#endif /* TPC_SUPPORT_H */

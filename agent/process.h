/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Process tracking: the base object (bpf-templates/tpc_base.bpf.c, embedded
 * in tpc-agent) and its pinned process map, shared by every policy object
 * with process selectors (matchBinaries, matchPIDs followForks).
 */
#ifndef TPC_AGENT_PROCESS_H
#define TPC_AGENT_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bpf_object;

/* The pin root every object is opened with (bpf-templates/tpc_proc.h). */
const char *process_pin_root(void);
/* Does this opened object use the process map? */
bool process_needed_by(struct bpf_object *obj);
/*
 * Mount bpffs if needed, load and attach the base object, fill the map from
 * /proc and start removing exited entries in the background. Errors are
 * reported (as errors when required, else as a warning) and returned.
 */
int process_start(bool required, bool verbose);
void process_stop(void);
/* Before load: write the host's namespace inums into the object's tpc_host_ns[] (matchNamespaces host_ns). */
int process_prepare(struct bpf_object *obj);
/* The executable of pid from the map; false when unknown. */
bool process_binary(uint32_t pid, char *buf, size_t len);
bool process_start_time(uint32_t pid, uint64_t *ktime, uint32_t *ppid);

#endif /* TPC_AGENT_PROCESS_H */

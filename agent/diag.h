/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Errors and warnings of tpc-agent on stderr: "tpc-agent: OBJ: policy 'P':
 * hook N 'H': message" lines in text mode, one JSON object per line in JSON
 * mode ({"error":"message","object":..,"policy":..,"hook":..,"hook_id":..}),
 * so that a consumer of `-o json` can parse all of stderr line by line.
 * Verbose (-v) progress messages and libbpf's debug output stay text.
 */
#ifndef TPC_AGENT_DIAG_H
#define TPC_AGENT_DIAG_H

#include <stdbool.h>
#include <stddef.h>

/* Where a message comes from; every field is optional (NULL, or hook_id < 0). */
struct diag {
	const char *object;	/* path of the object file */
	const char *policy;
	int hook_id;		/* index of the hook in the meta, -1 for none */
	const char *hook;	/* the hook's function, tracepoint or LSM hook name */
	const char *program;
	/*
	 * Extra lines: text mode prints lines_title then each line indented,
	 * JSON mode an array of strings under lines_key (e.g. "verifier_log").
	 */
	const char *lines_key;
	const char *lines_title;
	const char *const *lines;
	size_t n_lines;
	size_t lines_total;	/* JSON: "<lines_key>_lines" when more than n_lines */
};

#define DIAG_NONE ((struct diag){ .hook_id = -1 })

void diag_set_json(bool json);
bool diag_is_json(void);

__attribute__((format(printf, 2, 3)))
void diag_error(const struct diag *d, const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
void diag_warn(const struct diag *d, const char *fmt, ...);
/* An outcome worth logging, not a problem: text without a prefix, JSON {"info":..} */
__attribute__((format(printf, 2, 3)))
void diag_info(const struct diag *d, const char *fmt, ...);

/* A libbpf warning line (already formatted, may end in a newline). */
void diag_libbpf(const char *msg);

#endif /* TPC_AGENT_DIAG_H */

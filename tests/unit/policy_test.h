/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by test_parse.c and test_check.c: run a policy held in
 * memory through the front end exactly as `tpc check` does (parse; stop on
 * errors; check every policy against the target), then assert on the
 * diagnostics collected in ctx.diags[]: level, line, column, message.
 *
 * The target is the BTF fixture built from tests/fixtures/vmlinux.c, never
 * the running kernel. The Makefile passes its absolute path as
 * TPC_FIXTURE_BTF; the environment variable of the same name overrides it.
 *
 * Table-driven cases: one `struct policy_case` per malformed policy, run as
 * one cmocka test each by run_cases().
 */
#ifndef TPC_POLICY_TEST_H
#define TPC_POLICY_TEST_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ast.h"
#include "btf.h"
#include "ir.h"

#ifndef TPC_FIXTURE_BTF
#define TPC_FIXTURE_BTF "build/tests/fixture-vmlinux.o"
#endif

/* The first lines of most test policies; the hook starts on line 7. */
#define POLICY_HEAD                          \
	"apiVersion: cilium.io/v1alpha1\n"   \
	"kind: TracingPolicy\n"              \
	"metadata:\n"                        \
	"  name: \"t\"\n"                    \
	"spec:\n"                            \
	"  kprobes:\n"

enum stage { AT_PARSE, AT_CHECK };

struct policy_case {
	const char *name;
	const char *yaml;
	int line, col;		/* of the first error */
	const char *msg;	/* substring of its message */
	/* optional: a note that must follow somewhere, with its location */
	const char *note;
	int note_line, note_col;
	enum stage stage;	/* the pass expected to report it */
};

struct policy_run {
	struct tpc_ctx ctx;
	struct tpc_target target;
	bool have_target;
	struct ast_policy **pols;
	int n_pols;
	int parse_err, check_err;
	bool checked;
};

/* The run of the test in progress, freed by policy_teardown() even when an assertion failed. */
static struct policy_run *cur_run;

static const char *fixture_btf(void)
{
	const char *p = getenv("TPC_FIXTURE_BTF");

	return p && *p ? p : TPC_FIXTURE_BTF;
}

static void policy_run_fini(struct policy_run *r)
{
	if (r->have_target)
		btf_target_close(&r->target);
	tpc_ctx_fini(&r->ctx);
	free(r);
}

static int policy_teardown(void **state)
{
	(void)state;
	if (cur_run)
		policy_run_fini(cur_run);
	cur_run = NULL;
	return 0;
}

/* Parse `yaml` as file "t.yaml", without checking it. */
static struct policy_run *policy_parse(const char *yaml)
{
	struct policy_run *r = calloc(1, sizeof(*r));
	const struct src_file *f;

	assert_non_null(r);
	if (cur_run)
		policy_run_fini(cur_run);
	cur_run = r;
	tpc_ctx_init(&r->ctx);
	r->ctx.diag_out = stdout;
	f = src_file_from_mem(&r->ctx, "t.yaml", yaml, strlen(yaml));
	r->parse_err = parse_policies(&r->ctx, f, &r->pols, &r->n_pols);
	return r;
}

/* Parse and, when parsing succeeded, check `yaml` as `tpc check` does. */
static struct policy_run *policy_run(const char *yaml)
{
	struct policy_run *r = policy_parse(yaml);
	int i, err;

	if (r->parse_err)
		return r;
	err = btf_target_open(&r->ctx, fixture_btf(), &r->target);
	if (err) {
		fail_msg("cannot load the BTF fixture '%s': %s (build it with make, or set TPC_FIXTURE_BTF)",
			 fixture_btf(), strerror(-err));
	}
	r->have_target = true;
	r->checked = true;
	for (i = 0; i < r->n_pols; i++)
		if (check_policy(&r->ctx, r->pols[i], &r->target, 1))
			r->check_err = -EINVAL;
	return r;
}

static const char *level_str(enum diag_level l)
{
	return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning" : "note";
}

/* On a failed expectation: show everything that was reported, as tpc would print it. */
static void dump_diags(struct policy_run *r)
{
	int i;

	print_message("diagnostics (%d):\n", r->ctx.n_diags);
	for (i = 0; i < r->ctx.n_diags; i++) {
		const struct diag *d = &r->ctx.diags[i];

		print_message("  %d:%d: %s: %s\n", d->loc.line, d->loc.col, level_str(d->level), d->msg);
	}
}

static const struct diag *find_diag(struct policy_run *r, enum diag_level level, int from)
{
	int i;

	for (i = from; i < r->ctx.n_diags; i++)
		if (r->ctx.diags[i].level == level)
			return &r->ctx.diags[i];
	return NULL;
}

static bool diag_is(const struct diag *d, int line, int col, const char *msg)
{
	return d && d->loc.line == line && d->loc.col == col && strstr(d->msg, msg);
}

/* The first error is at line:col and its message contains msg. */
static void assert_first_error(struct policy_run *r, int line, int col, const char *msg)
{
	const struct diag *d = find_diag(r, DIAG_ERROR, 0);

	if (!diag_is(d, line, col, msg)) {
		print_message("expected first error at %d:%d containing \"%s\"\n", line, col, msg);
		dump_diags(r);
		fail();
	}
}

/* Some diagnostic of this level is at line:col (0:0 = no location) and contains msg. */
static void assert_has_diag(struct policy_run *r, enum diag_level level, int line, int col, const char *msg)
{
	const struct diag *d;
	int from = 0;

	while ((d = find_diag(r, level, from))) {
		if (diag_is(d, line, col, msg))
			return;
		from = (int)(d - r->ctx.diags) + 1;
	}
	print_message("expected a %s at %d:%d containing \"%s\"\n", level_str(level), line, col, msg);
	dump_diags(r);
	fail();
}

static void assert_clean(struct policy_run *r)
{
	if (r->parse_err || r->check_err || r->ctx.n_diags) {
		print_message("expected no diagnostics (parse %d, check %d)\n", r->parse_err, r->check_err);
		dump_diags(r);
		fail();
	}
}

static void run_case(void **state)
{
	const struct policy_case *c = *state;
	struct policy_run *r = policy_run(c->yaml);

	assert_first_error(r, c->line, c->col, c->msg);
	if (c->stage == AT_PARSE) {
		if (r->parse_err != -EINVAL || r->checked) {
			print_message("expected the parser to reject this policy\n");
			dump_diags(r);
			fail();
		}
	} else {
		if (r->parse_err || r->check_err != -EINVAL) {
			print_message("expected the parser to accept and the checker to reject this policy\n");
			dump_diags(r);
			fail();
		}
	}
	if (c->note)
		assert_has_diag(r, DIAG_NOTE, c->note_line, c->note_col, c->note);
}

/*
 * Run cases[0..n) and then extra[0..n_extra) as one cmocka group. Returns
 * the number of failed tests (the exit status of the test binary).
 */
static int run_cases(const char *group, const struct policy_case *cases, size_t n,
		     const struct CMUnitTest *extra, size_t n_extra)
{
	struct CMUnitTest *tests = calloc(n + n_extra, sizeof(*tests));
	size_t i;
	int failed;

	if (!tests)
		return 1;
	for (i = 0; i < n; i++) {
		tests[i] = (struct CMUnitTest)cmocka_unit_test_prestate_setup_teardown(run_case, NULL, policy_teardown,
											(void *)&cases[i]);
		tests[i].name = cases[i].name;
	}
	for (i = 0; i < n_extra; i++) {
		tests[n + i] = extra[i];
		if (!tests[n + i].teardown_func)
			tests[n + i].teardown_func = policy_teardown;
	}
	failed = _cmocka_run_group_tests(group, tests, n + n_extra, NULL, NULL);
	free(tests);
	return failed > 255 ? 255 : failed;	/* an exit status of 256 would read as success */
}

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif /* TPC_POLICY_TEST_H */

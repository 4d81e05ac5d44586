// SPDX-License-Identifier: Apache-2.0
/*
 * The parser: YAML text -> AST. Malformed documents must be rejected by
 * parse_policies() itself, at the line and column of the mistake (1-based,
 * absolute in a multi-document file); good ones must come out with every
 * node located.
 */
#include "policy_test.h"

#define Y AT_PARSE

static const struct policy_case cases[] = {
	/* --- YAML itself ------------------------------------------------------- */
	{ .name = "yaml_unclosed_quote",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\n"		/* 7: the quote never closes */
		  "    syscall: true\n",
	  .line = 9, .col = 1, .msg = "invalid YAML: found unexpected end of stream while scanning a quoted scalar",
	  .note = "the quoted scalar starts here", .note_line = 7, .note_col = 11, .stage = Y },
	{ .name = "yaml_quote_swallows_lines",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicy\n"
		  "metadata:\n"
		  "  name: \"lseek-kill\n"			/* 4: closed by the quote on line 7 */
		  "spec:\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 7, .col = 12, .msg = "did not find expected key while parsing a block mapping",
	  .note = "the block mapping starts here", .note_line = 4, .note_col = 3, .stage = Y },
	{ .name = "yaml_bad_indentation",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicy\n"
		  "metadata:\n"
		  "  name: \"t\"\n"
		  " spec:\n",
	  .line = 5, .col = 2, .msg = "invalid YAML: did not find expected key", .stage = Y },
	{ .name = "yaml_tab_indentation",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "spec:\n"
		  "\tkprobes: []\n",
	  .line = 3, .col = 1, .msg = "found character that cannot start any token", .stage = Y },
	{ .name = "yaml_alias",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicy\n"
		  "metadata:\n"
		  "  name: &n \"alias\"\n"
		  "spec:\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n"
		  "    message: *n\n",
	  .line = 8, .col = 14, .msg = "YAML aliases are not supported", .stage = Y },
	{ .name = "yaml_duplicate_key",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    syscall: true\n"
		  "    call: \"sys_write\"\n",
	  .line = 9, .col = 5, .msg = "duplicate key 'call'",
	  .note = "'call' first given here", .note_line = 7, .note_col = 5, .stage = Y },
	{ .name = "yaml_mapping_as_key",
	  .yaml = "? {a: 1}\n"
		  ": b\n",
	  .line = 1, .col = 3, .msg = "mapping keys must be scalars, not a mapping", .stage = Y },
	{ .name = "yaml_too_deep",
	  .yaml = "a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		  "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
	  .line = 1, .col = 67, .msg = "YAML nesting deeper than 64 levels", .stage = Y },
	{ .name = "empty_file",
	  .yaml = "",
	  .line = 1, .col = 1, .msg = "no policy document in 't.yaml'", .stage = Y },
	{ .name = "only_comments_and_separators",
	  .yaml = "# nothing here\n---\n---\n",
	  .line = 1, .col = 1, .msg = "no policy document", .stage = Y },

	/* --- the shape of the document ----------------------------------------- */
	{ .name = "document_is_a_list",
	  .yaml = "- apiVersion: cilium.io/v1alpha1\n"
		  "- kind: TracingPolicy\n",
	  .line = 1, .col = 1, .msg = "a policy document must be a mapping, not a list", .stage = Y },
	{ .name = "document_is_a_scalar",
	  .yaml = "hello\n",
	  .line = 1, .col = 1, .msg = "a policy document must be a mapping, not a scalar", .stage = Y },
	{ .name = "unknown_top_level_key",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicy\n"
		  "metdata:\n"
		  "  name: \"t\"\n"
		  "spec:\n"
		  "  kprobes:\n"
		  "  - call: \"sys_lseek\"\n",
	  .line = 3, .col = 1, .msg = "unknown key 'metdata' in policy; did you mean 'metadata'?", .stage = Y },
	{ .name = "missing_spec",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicy\n"
		  "metadata:\n"
		  "  name: \"t\"\n",
	  .line = 1, .col = 1, .msg = "policy is missing required key 'spec'", .stage = Y },
	{ .name = "spec_is_null",
	  .yaml = "apiVersion: cilium.io/v1alpha1\n"
		  "kind: TracingPolicy\n"
		  "metadata:\n"
		  "  name: \"t\"\n"
		  "spec:\n",
	  .line = 5, .col = 6, .msg = "'spec' must be a mapping, not a scalar", .stage = Y },
	{ .name = "unknown_key_in_kprobe",
	  .yaml = POLICY_HEAD
		  "  - cal: \"sys_lseek\"\n",
	  .line = 7, .col = 5, .msg = "unknown key 'cal' in kprobe; did you mean 'call'?", .stage = Y },
	{ .name = "unknown_key_far_from_any",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    frobnicate: 1\n",
	  .line = 8, .col = 5, .msg = "unknown key 'frobnicate' in kprobe", .stage = Y },
	{ .name = "missing_call",
	  .yaml = POLICY_HEAD
		  "  - syscall: true\n"
		  "    args:\n"
		  "    - index: 0\n"
		  "      type: \"int\"\n",
	  .line = 7, .col = 5, .msg = "kprobe is missing required key 'call'", .stage = Y },
	{ .name = "args_is_a_mapping",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    args:\n"
		  "      index: 0\n"
		  "      type: \"int\"\n",
	  .line = 9, .col = 7, .msg = "'args' must be a list, not a mapping", .stage = Y },
	{ .name = "kprobes_entry_is_a_scalar",
	  .yaml = POLICY_HEAD
		  "  - \"sys_lseek\"\n",
	  .line = 7, .col = 5, .msg = "each entry of 'kprobes' must be a mapping, not a scalar", .stage = Y },
	{ .name = "empty_selector_entry",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    selectors:\n"
		  "    -\n",
	  .line = 9, .col = 6, .msg = "each entry of 'selectors' must be a mapping, not a scalar", .stage = Y },
	{ .name = "values_entry_is_a_mapping",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    selectors:\n"
		  "    - matchArgs:\n"
		  "      - index: 0\n"
		  "        operator: Equal\n"
		  "        values:\n"
		  "        - {a: 1}\n",
	  .line = 13, .col = 11, .msg = "each entry of 'values' must be a scalar, not a mapping", .stage = Y },
	{ .name = "call_is_a_list",
	  .yaml = POLICY_HEAD
		  "  - call: [sys_lseek]\n",
	  .line = 7, .col = 11, .msg = "'call' must be a scalar, not a list", .stage = Y },
	{ .name = "arg_missing_type",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    args:\n"
		  "    - index: 0\n",
	  .line = 9, .col = 7, .msg = "argument is missing required key 'type'", .stage = Y },
	{ .name = "unknown_key_in_action",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"
		  "    selectors:\n"
		  "    - matchActions:\n"
		  "      - action: Signal\n"
		  "        argSignal: 9\n",
	  .line = 11, .col = 9, .msg = "unknown key 'argSignal' in action; did you mean 'argSig'?", .stage = Y },

	/* --- several documents: lines are counted from the top of the file ----- */
	{ .name = "second_document_unknown_key",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"		/* 7 */
		  "---\n"				/* 8 */
		  POLICY_HEAD				/* 9..14 */
		  "  - call: \"sys_lseek\"\n"		/* 15 */
		  "    sycall: true\n",			/* 16 */
	  .line = 16, .col = 5, .msg = "unknown key 'sycall' in kprobe; did you mean 'syscall'?", .stage = Y },
	{ .name = "second_document_invalid_yaml",
	  .yaml = POLICY_HEAD
		  "  - call: \"sys_lseek\"\n"		/* 7 */
		  "---\n"				/* 8 */
		  "apiVersion: [cilium.io/v1alpha1\n"	/* 9 */
		  "kind: TracingPolicy\n",		/* 10 */
	  .line = 10, .col = 5, .msg = "did not find expected ',' or ']'",
	  .note = "the flow sequence starts here", .note_line = 9, .note_col = 13, .stage = Y },
};

/* --- good documents ----------------------------------------------------- */

static const char lseek_kill[] =
	"# Kill any process that calls lseek() on file descriptor -1.\n"
	"# Tetragon's classic enforcement demo: harmless to trigger, easy to see.\n"
	"apiVersion: cilium.io/v1alpha1\n"
	"kind: TracingPolicy\n"
	"metadata:\n"
	"  name: \"lseek-kill\"\n"
	"spec:\n"
	"  kprobes:\n"
	"  - call: \"sys_lseek\"\n"		/* 9 */
	"    syscall: true\n"
	"    args:\n"
	"    - index: 0\n"			/* 12 */
	"      type: \"int\"\n"
	"    selectors:\n"
	"    - matchArgs:\n"
	"      - index: 0\n"
	"        operator: \"Equal\"\n"	/* 17 */
	"        values:\n"
	"        - \"-1\"\n"			/* 19 */
	"      matchActions:\n"
	"      - action: Sigkill\n";		/* 21 */

static void assert_loc(struct loc l, int line, int col, int len)
{
	assert_int_equal(l.line, line);
	assert_int_equal(l.col, col);
	assert_int_equal(l.len, len);
}

/* Every value the later passes use keeps the location of its YAML text. */
static void test_lseek_ast_locations(void **state)
{
	struct policy_run *r = policy_parse(lseek_kill);
	struct ast_policy *p;
	struct ast_hook *h;
	struct ast_selector *s;

	(void)state;
	assert_clean(r);
	assert_int_equal(r->n_pols, 1);
	p = r->pols[0];
	assert_string_equal(p->api_version.s, "cilium.io/v1alpha1");
	assert_string_equal(p->name.s, "lseek-kill");
	assert_loc(p->name.loc, 6, 9, 12);
	assert_int_equal(p->hooks.n, 1);
	h = &p->hooks.v[0];
	assert_int_equal(h->kind, HOOK_KPROBE);
	assert_loc(h->loc, 9, 5, 1);
	assert_string_equal(h->call.s, "sys_lseek");
	assert_loc(h->call.loc, 9, 11, 11);	/* with the quotes */
	assert_loc(h->call.key_loc, 9, 5, 4);
	assert_string_equal(h->syscall.s, "true");
	assert_int_equal(h->args.n, 1);
	assert_string_equal(h->args.v[0].index.s, "0");
	assert_loc(h->args.v[0].index.loc, 12, 14, 1);
	assert_string_equal(h->args.v[0].type.s, "int");
	assert_int_equal(h->selectors.n, 1);
	s = &h->selectors.v[0];
	assert_int_equal(s->match_args.n, 1);
	assert_loc(s->match_args.v[0].operator.loc, 17, 19, 7);
	assert_int_equal(s->match_args.v[0].values.n, 1);
	assert_string_equal(s->match_args.v[0].values.v[0].s, "-1");
	assert_loc(s->match_args.v[0].values.v[0].loc, 19, 11, 4);
	assert_int_equal(s->actions.n, 1);
	assert_string_equal(s->actions.v[0].action.s, "Sigkill");
	assert_loc(s->actions.v[0].action.loc, 21, 17, 7);
}

/* Absent keys stay NULL (the checker applies defaults); labels are ignored. */
static void test_absent_and_ignored_keys(void **state)
{
	struct policy_run *r = policy_parse("apiVersion: cilium.io/v1alpha1\n"
					  "kind: TracingPolicy\n"
					  "metadata:\n"
					  "  name: \"t\"\n"
					  "  labels: {app: x, tier: [a, b]}\n"
					  "  annotations: {note: \"anything\"}\n"
					  "spec:\n"
					  "  kprobes:\n"
					  "  - call: \"sys_lseek\"\n");
	struct ast_hook *h;

	(void)state;
	assert_clean(r);
	h = &r->pols[0]->hooks.v[0];
	assert_false(ast_has(&h->syscall));
	assert_false(ast_has(&h->ret));
	assert_false(ast_has(&h->message));
	assert_false(h->args.present);
	assert_false(h->selectors.present);
}

/* Several documents, empty ones skipped, locations absolute in the file. */
static void test_multi_document(void **state)
{
	struct policy_run *r = policy_parse("---\n"				/* 1 */
					  "---\n"				/* 2: empty */
					  POLICY_HEAD				/* 3..8 */
					  "  - call: \"sys_lseek\"\n"		/* 9 */
					  "---\n"				/* 10 */
					  "# the second policy\n"		/* 11 */
					  POLICY_HEAD				/* 12..17 */
					  "  - call: \"sys_write\"\n"		/* 18 */
					  "...\n");
	(void)state;
	assert_clean(r);
	assert_int_equal(r->n_pols, 2);
	assert_int_equal(r->pols[0]->loc.line, 3);
	assert_int_equal(r->pols[1]->loc.line, 12);
	assert_loc(r->pols[1]->hooks.v[0].call.loc, 18, 11, 11);
	assert_string_equal(r->pols[1]->hooks.v[0].call.s, "sys_write");
}

/* Hooks of every section land in one list, in YAML order per section, with their kind. */
static void test_hook_sections(void **state)
{
	struct policy_run *r;
	struct ast_policy *p;

	(void)state;
	r = policy_parse("apiVersion: cilium.io/v1alpha1\n"
		       "kind: TracingPolicy\n"
		       "metadata: {name: t}\n"
		       "spec:\n"
		       "  kprobes:\n"
		       "  - call: sys_lseek\n"
		       "  - call: fd_install\n"
		       "    syscall: false\n"
		       "  tracepoints:\n"
		       "  - subsystem: syscalls\n"
		       "    event: sys_enter_lseek\n"
		       "  lsmhooks:\n"
		       "  - hook: file_open\n");
	assert_int_equal(r->parse_err, 0);
	assert_int_equal(r->ctx.n_diags, 0);
	p = r->pols[0];
	assert_int_equal(p->hooks.n, 4);
	assert_int_equal(p->hooks.v[0].kind, HOOK_KPROBE);
	assert_int_equal(p->hooks.v[1].kind, HOOK_KPROBE);
	assert_int_equal(p->hooks.v[2].kind, HOOK_TRACEPOINT);
	assert_string_equal(p->hooks.v[2].event.s, "sys_enter_lseek");
	assert_int_equal(p->hooks.v[3].kind, HOOK_LSM);
	assert_string_equal(p->hooks.v[3].hook.s, "file_open");
	assert_loc(p->hooks.v[3].hook.loc, 13, 11, 9);
}

/* Every mistake in a document is reported, not just the first. */
static void test_reports_every_error(void **state)
{
	struct policy_run *r = policy_parse(POLICY_HEAD
					  "  - cal: \"sys_lseek\"\n"		/* 7 */
					  "    sycall: true\n"			/* 8 */
					  "    args: {}\n");			/* 9 */
	(void)state;
	assert_int_equal(r->parse_err, -EINVAL);
	assert_has_diag(r, DIAG_ERROR, 7, 5, "unknown key 'cal'");
	assert_has_diag(r, DIAG_ERROR, 8, 5, "unknown key 'sycall'");
	assert_has_diag(r, DIAG_ERROR, 9, 11, "'args' must be a list, not a mapping");
	/* not also "missing required key 'call'": the suggestion already said so */
	assert_int_equal(r->ctx.n_errors, 3);
}

/* A required key that is missing and not a typo of another key is reported. */
static void test_missing_key_and_typo(void **state)
{
	struct policy_run *r = policy_parse(POLICY_HEAD
					  "  - call: \"sys_lseek\"\n"
					  "    args:\n"
					  "    - index: 0\n"			/* 9 */
					  "      tpye: int\n");		/* 10 */
	(void)state;
	assert_int_equal(r->parse_err, -EINVAL);
	assert_first_error(r, 10, 7, "unknown key 'tpye' in argument; did you mean 'type'?");
	assert_int_equal(r->ctx.n_errors, 1);
	r = policy_parse(POLICY_HEAD
		       "  - call: \"sys_lseek\"\n"
		       "    args:\n"
		       "    - index: 0\n"				/* 9 */
		       "      label: x\n");
	assert_first_error(r, 9, 7, "argument is missing required key 'type'");
}

/* A NUL byte inside the text is not silently truncated away. */
static void test_nul_byte(void **state)
{
	static const char text[] = "apiVersion: \"cilium\\0io\"\n";
	struct policy_run *r = policy_parse(text);

	(void)state;
	assert_int_equal(r->parse_err, -EINVAL);
	assert_first_error(r, 1, 13, "scalar contains a NUL character");
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_lseek_ast_locations),
		cmocka_unit_test(test_absent_and_ignored_keys),
		cmocka_unit_test(test_multi_document),
		cmocka_unit_test(test_hook_sections),
		cmocka_unit_test(test_reports_every_error),
		cmocka_unit_test(test_missing_key_and_typo),
		cmocka_unit_test(test_nul_byte),
	};

	return run_cases("parse", cases, ARRAY_LEN(cases), extra, ARRAY_LEN(extra));
}

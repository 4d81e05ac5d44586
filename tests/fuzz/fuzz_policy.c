// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer target for the front end: YAML bytes -> parse_policies() ->
 * check_policy() against the BTF fixture (tests/fixtures/vmlinux.c), the
 * way `tpc check --btf fixture` runs them. No LLVM is linked.
 *
 *   make fuzz                      build and run (FUZZ_TIME seconds, default 600)
 *   build/fuzz/fuzz_policy CRASH   replay one input
 *
 * A crash found here becomes a regression case in tests/fuzz/regress/, which
 * tests/fuzz/run-regress.sh (the "fuzz-regress" tier of make check) replays
 * through `tpc check`.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "btf.h"
#include "ir.h"

#ifndef TPC_FIXTURE_BTF
#define TPC_FIXTURE_BTF "build/tests/fixture-vmlinux.o"
#endif

static struct tpc_ctx target_ctx;
static struct tpc_target target;
static bool have_target;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *p = getenv("TPC_FIXTURE_BTF");

	(void)argc;
	(void)argv;
	tpc_ctx_init(&target_ctx);
	if (btf_target_open(&target_ctx, p && *p ? p : TPC_FIXTURE_BTF, &target)) {
		fprintf(stderr, "fuzz_policy: cannot load the BTF fixture (set TPC_FIXTURE_BTF)\n");
		abort();
	}
	have_target = true;
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct tpc_ctx ctx;
	struct src_file *f;
	struct ast_policy **pols = NULL;
	char *text;
	int n = 0, i;

	if (size > 64 * 1024)
		return 0;
	tpc_ctx_init(&ctx);
	/* NUL-terminated text of exactly `size` bytes, as src_file_read() gives it (NULs included) */
	text = arena_alloc(&ctx.arena, size + 1);
	memcpy(text, data, size);
	f = ARENA_NEW(&ctx.arena, struct src_file);
	f->name = "fuzz.yaml";
	f->text = text;
	f->len = size;
	if (!parse_policies(&ctx, f, &pols, &n) && have_target)
		for (i = 0; i < n; i++)
			check_policy(&ctx, pols[i], &target, 1);
	tpc_ctx_fini(&ctx);
	return 0;
}

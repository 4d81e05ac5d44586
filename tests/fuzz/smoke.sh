#!/bin/bash
# The fuzz target in make check: it must build (it links a subset of the
# compiler, which drifts), run every seed once, and survive a short,
# seeded (so repeatable) mutation run. `make fuzz` runs it for minutes.
#
#   tests/fuzz/smoke.sh          BUILD=... to use another build directory
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
FUZZ=$BUILD/fuzz/fuzz_policy
CORPUS=${FUZZ_CORPUS:-$ROOT/../shared/corpus/tetragon-examples}
pass=0
fail=0

if ! make -C "$ROOT" -s BUILD="$BUILD" "$FUZZ" >"$BUILD/fuzz-build.log" 2>&1; then
	if grep -q "fuzzer" "$BUILD/fuzz-build.log" && ! grep -q "error:.*\.c:" "$BUILD/fuzz-build.log"; then
		echo "SKIP fuzz: clang cannot build a libFuzzer target here: $(tail -n 1 "$BUILD/fuzz-build.log")"
		echo "0 passed, 0 failed, 1 skipped"
		exit 0
	fi
	echo "FAIL fuzz target build:"
	tail -n 20 "$BUILD/fuzz-build.log" | sed 's/^/    /'
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
echo "ok   fuzz target builds"
pass=$((pass + 1))

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
find "$CORPUS" "$ROOT/tests/bad" "$ROOT/tests/fuzz/regress" "$ROOT/policies" "$ROOT/tests/e2e/policies" \
	-name '*.y*ml' -exec cp -n {} "$seeds/" \; 2>/dev/null
n=$(find "$seeds" -type f | wc -l)
if "$FUZZ" -runs=0 "$seeds" >"$BUILD/fuzz-seeds.log" 2>&1; then
	echo "ok   fuzz: $n seeds run once"
	pass=$((pass + 1))
else
	echo "FAIL fuzz: a seed crashed:"
	tail -n 30 "$BUILD/fuzz-seeds.log" | sed 's/^/    /'
	fail=$((fail + 1))
fi
if "$FUZZ" -seed=1 -runs=30000 -max_len=8192 -timeout=10 -dict="$ROOT/tests/fuzz/policy.dict" \
	-artifact_prefix="$BUILD/fuzz-" "$seeds" >"$BUILD/fuzz-smoke.log" 2>&1; then
	echo "ok   fuzz: 30000 seeded mutations"
	pass=$((pass + 1))
else
	echo "FAIL fuzz: a mutation crashed (input in $BUILD/fuzz-crash-*):"
	tail -n 30 "$BUILD/fuzz-smoke.log" | sed 's/^/    /'
	fail=$((fail + 1))
fi
echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]

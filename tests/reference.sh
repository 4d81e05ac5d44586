#!/bin/bash
# docs/policy-reference.md is generated from the compiler's tables
# (tools/gen-reference.c); this tier regenerates it and compares.
#   tests/reference.sh            compare
#   UPDATE_GOLDEN=1 tests/reference.sh   rewrite (make reference)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
GEN=$BUILD/gen-reference
DOC=$ROOT/docs/policy-reference.md
if [ ! -x "$GEN" ]; then
	echo "error: need $GEN (make $GEN)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$GEN" >"$out"
if [ -n "${UPDATE_GOLDEN:-}" ]; then
	cp "$out" "$DOC"
fi
if diff -u "$DOC" "$out"; then
	echo "ok   docs/policy-reference.md matches the compiler's tables"
	echo "1 passed, 0 failed, 0 skipped"
else
	echo "FAIL docs/policy-reference.md is stale: make reference, then review git diff"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

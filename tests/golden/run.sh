#!/bin/bash
# Review goldens: for every policies/X.yaml, golden/X.ir (the IR text),
# golden/X.c (the generated C) and golden/X.txt (`tpc explain`) hold what
# tpc decides for it; a change in tpc's output fails here with a unified
# diff until the goldens are regenerated and the diff reviewed.
#
#   tests/golden/run.sh                    compare (make check)
#   UPDATE_GOLDEN=1 tests/golden/run.sh    rewrite them (make golden)
#   tests/golden/run.sh policies/x.yaml    only these
#
# The target kernel is the BTF fixture (tests/fixtures/vmlinux.c), never the
# running kernel, and paths are relative to the repository root, so the
# goldens do not depend on the machine. Closing line:
# "N passed, N failed, N skipped".
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
BUILD=${BUILD:-build}
BUILD=${BUILD#"$ROOT"/}
TPC=$BUILD/tpc
BTF=$BUILD/tests/fixture-vmlinux.o
GOLDEN_BTF=build/tests/fixture-vmlinux.o

npass=0
nfail=0

if [ ! -x "$TPC" ] || [ ! -f "$BTF" ]; then
	echo "error: need $TPC and $BTF (make $TPC $BTF)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

# check NAME GOLDEN CMD...: run CMD, compare its stdout with GOLDEN
check() {
	local name=$1 golden=$2 out rc=0
	shift 2
	out=$(mktemp)
	"$@" >"$out" 2>"$out.err" || rc=$?
	if [ "$BTF" != "$GOLDEN_BTF" ]; then
		sed -i "s|$BTF|$GOLDEN_BTF|g" "$out"
	fi
	if [ "$rc" -ne 0 ]; then
		echo "FAIL $name: exit status $rc"
		cat "$out.err"
		nfail=$((nfail + 1))
	elif [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$out" "$golden"
		echo "ok   $name (updated $golden)"
		npass=$((npass + 1))
	elif [ ! -f "$golden" ]; then
		echo "FAIL $name: no $golden (make golden writes it)"
		nfail=$((nfail + 1))
	elif ! diff -u "$golden" "$out"; then
		echo "FAIL $name: output differs from $golden (make golden updates it; review the diff)"
		nfail=$((nfail + 1))
	else
		echo "ok   $name"
		npass=$((npass + 1))
	fi
	rm -f "$out" "$out.err"
}

main() {
	local files=("$@") f base g
	shopt -s nullglob
	if [ ${#files[@]} -eq 0 ]; then
		files=(policies/*.yaml)
	fi
	mkdir -p golden
	for f in "${files[@]}"; do
		f=${f#"$ROOT"/}
		base=$(basename "$f" .yaml)
		check "$f ir" "golden/$base.ir" "$TPC" compile --emit=ir --btf "$BTF" "$f"
		check "$f c" "golden/$base.c" "$TPC" compile --emit=c --btf "$BTF" "$f"
		check "$f explain" "golden/$base.txt" "$TPC" explain --btf "$BTF" "$f"
	done
	# a golden whose policy is gone is a stale file, not a pass
	for g in golden/*.ir golden/*.c golden/*.txt; do
		base=${g#golden/}
		base=${base%.*}
		[ -f "policies/$base.yaml" ] && continue
		if [ -n "${UPDATE_GOLDEN:-}" ]; then
			rm -f "$g"
			echo "ok   $g (removed: no policies/$base.yaml)"
			continue
		fi
		echo "FAIL $g: no policies/$base.yaml"
		nfail=$((nfail + 1))
	done
	echo "$npass passed, $nfail failed, 0 skipped"
	[ "$nfail" -eq 0 ]
}

main "$@"

#!/bin/bash
# Diagnostics goldens: every tests/bad/X.yaml is a malformed policy that
# `tpc check` must reject with exit status 1, printing exactly tests/bad/X.err
# on stderr (gcc format, with the source line and caret) and nothing on stdout.
#
#   tests/bad/run.sh                       (make golden)
#   UPDATE_GOLDEN=1 tests/bad/run.sh       rewrite the .err files from tpc's output
#   tests/bad/run.sh tests/bad/x.yaml ...  only these
#
# The target kernel is the BTF fixture (tests/fixtures/vmlinux.c), never the
# running kernel. File names in diagnostics are as given on the command line,
# so this runs from the repository root with relative paths. Closing line:
# "N passed, N failed, N skipped".
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
BUILD=${BUILD:-build}
BUILD=${BUILD#"$ROOT"/}			# relative when inside the repository
TPC=$BUILD/tpc
BTF=$BUILD/tests/fixture-vmlinux.o
# Messages name the BTF file; the goldens spell it as the default build does.
GOLDEN_BTF=build/tests/fixture-vmlinux.o

npass=0
nfail=0
nskip=0

if [ ! -x "$TPC" ] || [ ! -f "$BTF" ]; then
	echo "error: need $TPC and $BTF (make $TPC $BTF)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

run_one() {
	local yaml=$1 err=${1%.yaml}.err out rc=0 stdout
	out=$(mktemp)
	stdout=$("$TPC" check --btf "$BTF" "$yaml" 2>"$out") || rc=$?
	if [ "$BTF" != "$GOLDEN_BTF" ]; then
		sed -i "s|$BTF|$GOLDEN_BTF|g" "$out"
	fi
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$out" "$err"
	fi
	if [ "$rc" -ne 1 ]; then
		echo "FAIL $yaml: exit status $rc, expected 1"
		cat "$out"
		nfail=$((nfail + 1))
	elif [ -n "$stdout" ]; then
		echo "FAIL $yaml: unexpected output on stdout:"
		echo "$stdout"
		nfail=$((nfail + 1))
	elif [ ! -f "$err" ]; then
		echo "FAIL $yaml: no $err (UPDATE_GOLDEN=1 $0 writes it)"
		nfail=$((nfail + 1))
	elif ! diff -u "$err" "$out"; then
		echo "FAIL $yaml: diagnostics differ from $err"
		nfail=$((nfail + 1))
	else
		echo "ok   $yaml"
		npass=$((npass + 1))
	fi
	rm -f "$out"
}

main() {
	local files=("$@") f
	shopt -s nullglob
	if [ ${#files[@]} -eq 0 ]; then
		files=(tests/bad/*.yaml)
	fi
	for f in "${files[@]}"; do
		run_one "${f#"$ROOT"/}"
	done
	# a golden whose policy is gone is a stale file, not a pass
	for f in tests/bad/*.err; do
		[ -f "${f%.err}.yaml" ] && continue
		echo "FAIL $f: no ${f%.err}.yaml"
		nfail=$((nfail + 1))
	done
	echo "$npass passed, $nfail failed, $nskip skipped"
	[ "$nfail" -eq 0 ]
}

main "$@"

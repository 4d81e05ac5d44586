#!/bin/bash
# Unit tier: run the cmocka binaries and total their results.
#
#   tests/run-unit.sh [build/tests/test_*...]      (make unit)
#
# Each binary's output is printed as is; the closing line
# "N passed, N failed, N skipped" counts test functions over all binaries.
# A binary that crashes or fails without a cmocka summary counts as one failure.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
# The human format ("[ RUN ] / [ OK ]"); errors and results in one ordered
# stream thanks to line buffering below.
export CMOCKA_MESSAGE_OUTPUT=STDOUT

npass=0
nfail=0
nskip=0

# summary_sum FILE 'PASSED|FAILED|SKIPPED': sum of "[  X  ] N test(s)" lines,
# one per cmocka group.
summary_sum() {
	sed -n "s/^\[ *$2 *\] \([0-9][0-9]*\) test(s).*/\1/p" "$1" | awk '{ s += $1 } END { print s + 0 }'
}

run_one() {
	local bin=$1 out rc=0 p f s
	out=$(mktemp)
	echo "== $(basename "$bin")"
	stdbuf -oL -eL "$bin" >"$out" 2>&1 || rc=$?
	cat "$out"
	p=$(summary_sum "$out" PASSED)
	f=$(summary_sum "$out" FAILED)
	s=$(summary_sum "$out" SKIPPED)
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "error: $(basename "$bin") exited with status $rc"
		f=1
	fi
	npass=$((npass + p))
	nfail=$((nfail + f))
	nskip=$((nskip + s))
	rm -f "$out"
}

main() {
	local bins=("$@") b
	if [ ${#bins[@]} -eq 0 ]; then
		shopt -s nullglob
		bins=("$BUILD"/tests/test_*)
	fi
	for b in "${bins[@]}"; do
		[ -x "$b" ] && run_one "$b"
	done
	echo "$npass passed, $nfail failed, $nskip skipped"
	[ "$nfail" -eq 0 ]
}

main "$@"

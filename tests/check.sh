#!/bin/bash
# make check: every tier, then one closing line over all of them.
#
#   tests/check.sh
#
# Tiers: unit (cmocka), diagnostics goldens (tests/bad), the policy reference
# (docs/policy-reference.md against the compiler's tables), review goldens
# (golden/), the IR text round trip, reproducible objects, the fuzz target
# (builds, every seed, a short seeded mutation run), the agent alone
# with hand-written fixture objects (incl. corrupted ones), host end-to-end,
# qemu, and Tetragon's example corpus on every tested kernel. Each prints its own closing
# line "N passed, N failed, N skipped"; this script sums them and prints the
# sum as its last line (CI parses it). A tier that ends without a closing
# line (crashed, killed) counts as one failure. Exit 1 iff anything failed.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SUMMARY='^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$'

tpass=0
tfail=0
tskip=0

# tier NAME CMD...: run a tier, show its output, add its closing line.
tier() {
	local name=$1 out line t0=$SECONDS p f s
	shift
	out=$(mktemp)
	echo "=== $name"
	"$@" 2>&1 | tee "$out"
	line=$(grep -E "$SUMMARY" "$out" | tail -n 1)
	rm -f "$out"
	if [ -z "$line" ]; then
		echo "error: $name tier printed no closing line"
		line="0 passed, 1 failed, 0 skipped"
	fi
	read -r p _ f _ s _ <<<"$line"
	tpass=$((tpass + p))
	tfail=$((tfail + f))
	tskip=$((tskip + s))
	echo "=== $name: $line ($((SECONDS - t0)) s)"
	echo
}

tier unit "$ROOT/tests/run-unit.sh"
tier bad "$ROOT/tests/bad/run.sh"
tier reference "$ROOT/tests/reference.sh"
tier golden "$ROOT/tests/golden/run.sh"
tier roundtrip "$ROOT/tests/roundtrip.sh"
tier repro "$ROOT/tests/repro.sh"
tier fuzz env BUILD="$BUILD" "$ROOT/tests/fuzz/smoke.sh"
tier agent env BUILD="$BUILD" AGENT="$BUILD/tpc-agent" "$ROOT/tests/agent/run.sh"
tier e2e "$ROOT/tests/e2e/run.sh"
tier vm "$ROOT/tests/vm/run.sh"
tier conformance "$ROOT/tests/conformance.sh"
echo "$tpass passed, $tfail failed, $tskip skipped"
[ "$tfail" -eq 0 ]

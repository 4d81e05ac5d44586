#!/bin/bash
# The IR text round trip (docs/ir.md): for every policy in policies/ and
# every corpus policy that compiles, print -> parse -> print gives identical
# text, the object compiled from the re-parsed IR is byte-identical to the
# one compiled from the YAML, and `tpc explain` says the same for both. Also
# checks that a broken .tpir gets a located error with a caret.
#
#   tests/roundtrip.sh [POLICY.yaml...]
#
# Target: the BTF fixture when the policy checks against it, else the
# running kernel's BTF if there is one; a corpus file that compiles against
# neither is not a test (most of the corpus does not compile yet). Closing
# line: "N passed, N failed, N skipped".
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
BUILD=${BUILD:-build}
TPC=$BUILD/tpc
FIXTURE=$BUILD/tests/fixture-vmlinux.o
HOST_BTF=/sys/kernel/btf/vmlinux
# the corpus sits in shared/, beside the repository (as on CI)
CORPUS=${TPC_CORPUS:-$ROOT/../shared/corpus/tetragon-examples}

npass=0
nfail=0
nskip=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$TPC" ] || [ ! -f "$FIXTURE" ]; then
	echo "error: need $TPC and $FIXTURE"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

fail() {
	echo "FAIL $1: $2"
	nfail=$((nfail + 1))
}

# btf_for POLICY: the first target the policy compiles against
btf_for() {
	local b
	for b in "$FIXTURE" "$HOST_BTF"; do
		[ -r "$b" ] || continue
		if "$TPC" compile --btf "$b" "$1" -o "$TMP/probe.o" >/dev/null 2>&1; then
			echo "$b"
			return 0
		fi
	done
	return 1
}

# roundtrip POLICY REQUIRED: REQUIRED=1 makes "does not compile" a failure
roundtrip() {
	local y=$1 required=$2 btf base ir1 ir2
	if ! btf=$(btf_for "$y"); then
		if [ "$required" = 1 ]; then
			fail "$y" "does not compile against $FIXTURE or $HOST_BTF"
		fi
		return
	fi
	base=$TMP/$(basename "$y" .yaml)
	ir1=$base.tpir
	ir2=$base.2.tpir
	if ! "$TPC" compile --emit=ir --btf "$btf" "$y" -o "$ir1" 2>"$base.err"; then
		fail "$y" "--emit=ir: $(cat "$base.err")"
		return
	fi
	if ! "$TPC" compile --emit=ir --btf "$btf" "$ir1" -o "$ir2" 2>"$base.err"; then
		fail "$y" "the printed IR does not parse:"
		cat "$base.err"
		return
	fi
	if ! diff -u "$ir1" "$ir2" >"$base.diff"; then
		fail "$y" "print -> parse -> print changed the text:"
		cat "$base.diff"
		return
	fi
	if ! "$TPC" compile --btf "$btf" "$y" -o "$base.yaml.o" 2>"$base.err" ||
		! "$TPC" compile --btf "$btf" "$ir1" -o "$base.ir.o" 2>>"$base.err"; then
		fail "$y" "compile failed: $(cat "$base.err")"
		return
	fi
	if ! cmp -s "$base.yaml.o" "$base.ir.o"; then
		fail "$y" "the object from the IR differs from the object from the YAML"
		return
	fi
	if ! diff -u <("$TPC" explain --btf "$btf" "$y") <("$TPC" explain --btf "$btf" "$ir1"); then
		fail "$y" "explain differs between the YAML and its IR"
		return
	fi
	echo "ok   $y (${btf##*/})"
	npass=$((npass + 1))
}

# A broken IR line is reported at file:line:col with the line and a caret.
syntax_error() {
	local t=$TMP/bad.tpir out
	printf 'policy "p"\nkind "TracingPolicy"\nhook 0 kprobe "f" 9:5\n' >"$t"
	out=$("$TPC" check "$t" 2>&1)
	if [ $? -eq 1 ] && grep -q "^$t:3:19: error: syntax error, unexpected integer, expecting location" <<<"$out" &&
		grep -q '^      |                   \^' <<<"$out"; then
		echo "ok   located syntax error"
		npass=$((npass + 1))
	else
		fail "located syntax error" "got:"
		echo "$out"
	fi
}

main() {
	local f n=0 before
	shopt -s nullglob
	if [ $# -gt 0 ]; then
		for f in "$@"; do roundtrip "$f" 1; done
	else
		for f in policies/*.yaml; do roundtrip "$f" 1; done
		before=$((npass + nfail))
		if [ ! -d "$CORPUS" ]; then
			echo "SKIP corpus: skipped: no corpus at $CORPUS (set TPC_CORPUS)"
			nskip=$((nskip + 1))
		fi
		for f in "$CORPUS"/*.yaml "$CORPUS"/*.yml "$CORPUS"/*/*.yaml; do
			n=$((n + 1))
			roundtrip "$f" 0
		done
		echo "corpus: $((npass + nfail - before)) of $n files compile and were round-tripped"
		syntax_error
	fi
	echo "$npass passed, $nfail failed, $nskip skipped"
	[ "$nfail" -eq 0 ]
}

main "$@"

#!/bin/bash
# make conformance: every policy of the Tetragon example corpus through tpc.
#
#   tests/conformance.sh [CORPUS_DIR]      (default /work/shared/corpus/tetragon-examples,
#                                           or $TPC_CORPUS)
#
# For each file: `tpc check` against this machine's BTF (or $TPC_BTF), then,
# when it checks, `tpc compile`. One row per file:
#
#   compiled      checks and compiles to an object
#   checked       checks, but compiling failed (a code generator bug: counts as a failure)
#   unsupported   valid TracingPolicy; every error says "... is not supported by tpc yet";
#                 the first such feature is shown with its line
#   invalid       some error is not "not supported" (a mistake, or not valid for this kernel);
#                 the first such error is shown
#   CRASH/TIMEOUT tpc died or took more than 20 s: a failure
#
# then the totals and the unsupported features by number of files. Closing
# line "N passed, N failed, N skipped" (passed = every row but crashes,
# timeouts and compile failures). Exit 1 iff something failed.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
TPC=$BUILD/tpc
CORPUS=${1:-${TPC_CORPUS:-/work/shared/corpus/tetragon-examples}}
BTF_ARGS=()
[ -n "${TPC_BTF:-}" ] && BTF_ARGS=(--btf "$TPC_BTF")

if [ ! -x "$TPC" ] || [ ! -d "$CORPUS" ]; then
	echo "error: need $TPC and the corpus $CORPUS"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
declare -A count=()
npass=0
nfail=0

printf '%-62s %-12s %s\n' FILE RESULT "REASON (first error, line:col)"
while IFS= read -r f; do
	rel=${f#"$CORPUS"/}
	rc=0
	timeout 20 "$TPC" check "${BTF_ARGS[@]}" --diagnostics-format=gcc "$f" >"$tmp/out" 2>"$tmp/err" || rc=$?
	errs=$(grep -E '^[^ ].*:[0-9]+:[0-9]+: error: ' "$tmp/err" | sed "s|^$f:||")
	reason=""
	if [ "$rc" -eq 124 ]; then
		result=TIMEOUT
	elif [ "$rc" -gt 2 ]; then
		result=CRASH
		reason="exit status $rc"
	elif [ "$rc" -eq 0 ]; then
		if timeout 60 "$TPC" compile "${BTF_ARGS[@]}" "$f" -o "$tmp/obj.o" >/dev/null 2>"$tmp/cerr"; then
			result=compiled
			reason="$(stat -c %s "$tmp/obj.o") bytes"
		else
			result=checked
			reason="compile failed: $(head -n 1 "$tmp/cerr")"
		fi
	elif [ -n "$errs" ] && ! grep -qv 'not supported by tpc yet' <<<"$errs"; then
		result=unsupported
		reason=$(head -n 1 <<<"$errs" | sed 's/ error: / /')
		# the feature: the text before " is not supported by tpc yet"
		feat=$(sed -E 's/^[0-9]+:[0-9]+: error: //; s/ is not supported by tpc yet.*//' <<<"$errs" |
			sed -E "s/^(argument type|operator|action|return type) '([^']*)'.*/\1 '\2'/" | sort -u)
		while IFS= read -r x; do
			[ -n "$x" ] && count[$x]=$(( ${count[$x]:-0} + 1 ))
		done <<<"$feat"
	else
		result=invalid
		reason=$(grep -v 'not supported by tpc yet' <<<"$errs" | head -n 1 | sed 's/ error: / /')
		[ -z "$reason" ] && reason=$(head -n 1 "$tmp/err")
	fi
	case $result in
	CRASH | TIMEOUT | checked) nfail=$((nfail + 1)) ;;
	*) npass=$((npass + 1)) ;;
	esac

	eval "n_$result=\$(( \${n_$result:-0} + 1 ))"
	printf '%-62s %-12s %s\n' "$rel" "$result" "${reason:0:150}"
done < <(find "$CORPUS" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort)

echo
echo "totals: ${n_compiled:-0} compiled, ${n_unsupported:-0} rejected-unsupported," \
	"${n_invalid:-0} rejected-invalid, ${n_checked:-0} compile failures," \
	"${n_CRASH:-0} crashes, ${n_TIMEOUT:-0} timeouts"
echo
echo "unsupported features (files using them):"
for k in "${!count[@]}"; do printf '%5d  %s\n' "${count[$k]}" "$k"; done | sort -rn | head -n 40
echo
echo "$npass passed, $nfail failed, 0 skipped"
[ "$nfail" -eq 0 ]

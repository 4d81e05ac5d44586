#!/bin/bash
# make conformance: every policy of the Tetragon example corpus through tpc,
# on every tested kernel.
#
#   tests/conformance.sh [CORPUS_DIR]      (default /work/shared/corpus/tetragon-examples,
#                                           or $TPC_CORPUS)
#
# Kernels: this machine's (its BTF, or $TPC_BTF) and the qemu tier's Debian
# 6.1 and 6.12 kernels (their BTF is extracted from the cached vmlinuz; see
# tests/vm/kernels.sh). TPC_CONFORMANCE_GUESTS="" leaves the guests out.
#
# For each file and kernel: `tpc check` then `tpc compile --btf <that kernel>`.
# Every object compiled for a guest kernel is then loaded and attached in that
# guest (tests/vm/run.sh --load). Loading happens only in the guests: the
# corpus has enforcement policies (Sigkill, Override) that must not run on the
# machine running the tests. One row per file:
#
#   loads         compiled and loaded+attached in at least one guest kernel
#                 (the kernels are listed)
#   compiled      compiled for some kernel but loaded in none (why: the first
#                 guest's error, or "not loaded: no guest")
#   unsupported   valid TracingPolicy; every error says "... is not supported
#                 by tpc yet" (the first such feature is shown with its line)
#   invalid       rejected on every kernel with some other error (a mistake,
#                 or functions none of the kernels has); the first one is shown
#   checked       checks, but compiling failed (a code generator bug: a failure)
#   CRASH/TIMEOUT tpc died or took more than 20 s (a failure)
#
# then the totals, the unsupported features by number of files, and the
# closing line "N passed, N failed, N skipped": each file is one test; it
# fails when tpc crashed, timed out or could not compile what it checked, or
# when an object that compiled for a guest failed the verifier there (a code
# generator bug); it is skipped when no guest could run. Exit 1 iff something
# failed, or when fewer than $TPC_CONFORMANCE_MIN (default 64) files load.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
TPC=$BUILD/tpc
CORPUS=${1:-${TPC_CORPUS:-/work/shared/corpus/tetragon-examples}}
CACHE=${TPC_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tpc-vmtest}
GUESTS=${TPC_CONFORMANCE_GUESTS-6.1 6.12}
MIN_LOADS=${TPC_CONFORMANCE_MIN:-64}
OUT=$BUILD/conformance
HOST_BTF=${TPC_BTF:-/sys/kernel/btf/vmlinux}

log() {
	echo "conformance: $*" >&2
}
# shellcheck source=vm/kernels.sh
. "$ROOT/tests/vm/kernels.sh"

if [ ! -x "$TPC" ] || [ ! -d "$CORPUS" ]; then
	echo "error: need $TPC and the corpus $CORPUS"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

rm -rf "$OUT"
mkdir -p "$OUT/load"
tmp=$OUT/tmp
mkdir -p "$tmp"
# a private copy: a rebuild during the run must not change the compiler under it
cp "$TPC" "$OUT/tpc"
TPC=$OUT/tpc

# --- kernels: name -> BTF ------------------------------------------------------
declare -A btf_of=()
kernels=()
if [ -e "$HOST_BTF" ]; then
	btf_of[host]=$HOST_BTF
	kernels+=(host)
fi
for s in $GUESTS; do
	if v=$(fetch_kernel "$s") && [ -n "$v" ] && b=$(kernel_btf "$v"); then
		btf_of[$s]=$b
		kernels+=("$s")
		mkdir -p "$OUT/load/$s"
	else
		log "kernel $s: no BTF (neither downloadable nor cached): left out"
	fi
done
echo "kernels: ${kernels[*]:-none}"
for k in "${kernels[@]}"; do
	echo "  $k: ${btf_of[$k]}"
done
echo

# --- check and compile, per kernel --------------------------------------------
declare -A count=() result=() reason=() compiled_on=()
files=()
n=0
while IFS= read -r f; do
	n=$((n + 1))
	id=$(printf 'c%03d' "$n")
	rel=${f#"$CORPUS"/}
	files+=("$id $rel")
	res=invalid why="" feats="" ok_on=""
	for k in "${kernels[@]}"; do
		rc=0
		timeout 20 "$TPC" check --btf "${btf_of[$k]}" --diagnostics-format=gcc "$f" >"$tmp/out" 2>"$tmp/err" || rc=$?
		errs=$(grep -E '^[^ ].*:[0-9]+:[0-9]+: error: ' "$tmp/err" | sed "s|^$f:||")
		if [ "$rc" -eq 124 ]; then
			res=TIMEOUT why="tpc check on $k"
			break
		elif [ "$rc" -gt 2 ]; then
			res=CRASH why="tpc check on $k: exit status $rc"
			break
		elif [ "$rc" -eq 0 ]; then
			obj="$OUT/load/$k/$id.bpf.o"
			[ "$k" = host ] && obj="$tmp/host.bpf.o"
			if timeout 60 "$TPC" compile --btf "${btf_of[$k]}" "$f" -o "$obj" >/dev/null 2>"$tmp/cerr"; then
				ok_on="$ok_on $k"
			else
				res=checked why="compile for $k failed: $(head -n 1 "$tmp/cerr")"
				rm -f "$obj"
				break
			fi
		elif [ -n "$errs" ] && ! grep -qv 'not supported by tpc yet' <<<"$errs"; then
			# the same features on every kernel: keep the first kernel's
			if [ "$res" != unsupported ]; then
				res=unsupported
				why=$(head -n 1 <<<"$errs" | sed 's/ error: / /')
				feats=$(sed -E 's/^[0-9]+:[0-9]+: error: //; s/ is not supported by tpc yet.*//' <<<"$errs" |
					sed -E "s/^(argument type|operator|action|return type) '([^']*)'.*/\1 '\2'/" | sort -u)
			fi
		elif [ "$res" = invalid ] && [ -z "$why" ]; then
			why="$k: $(grep -v 'not supported by tpc yet' <<<"$errs" | head -n 1 | sed 's/ error: / /')"
			[ "$why" = "$k: " ] && why="$k: $(head -n 1 "$tmp/err")"
		fi
	done
	case $res in
	TIMEOUT | CRASH | checked) ;;
	*)
		if [ -n "$ok_on" ]; then
			res=compiled why="compiled for${ok_on}"
		elif [ "$res" = unsupported ]; then
			while IFS= read -r x; do
				[ -n "$x" ] && count[$x]=$(( ${count[$x]:-0} + 1 ))
			done <<<"$feats"
		fi
		;;
	esac
	result[$id]=$res
	reason[$id]=$why
	compiled_on[$id]=$ok_on
done < <(find "$CORPUS" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort)

# --- load in the guests ---------------------------------------------------------
declare -A loaded_on=() load_err=()
guests_ran=""
if [ -n "$(find "$OUT/load" -name '*.bpf.o' -print -quit)" ]; then
	kargs=()
	for k in "${kernels[@]}"; do
		[ "$k" != host ] && kargs+=(--kernel "$k")
	done
	TPC_VM_OUT=$OUT/vm "$ROOT/tests/vm/run.sh" "${kargs[@]}" --load "$OUT/load" >"$OUT/vm.log" 2>&1
	while IFS= read -r line; do
		# LOADED c001 [6.1]  |  NOTLOADED c001 [6.1]: why
		set -- $line
		id=$2 k=${3#[}
		k=${k%%]*}
		guests_ran="$guests_ran $k"
		if [ "$1" = LOADED ]; then
			loaded_on[$id]="${loaded_on[$id]:-} $k"
		elif [ -z "${load_err[$id]:-}" ]; then
			load_err[$id]="$k: ${line#*]: }"
		fi
	done < <(grep -E '^(LOADED|NOTLOADED) c[0-9]+ \[' "$OUT/vm.log")
	grep -E '^FAIL kernel' -A3 "$OUT/vm.log" >&2
fi

# --- the table --------------------------------------------------------------------
npass=0 nfail=0 nskip=0
printf '%-58s %-12s %s\n' FILE RESULT "KERNELS, OR REASON (first error, line:col)"
for entry in "${files[@]}"; do
	id=${entry%% *}
	rel=${entry#* }
	res=${result[$id]}
	why=${reason[$id]}
	verdict=pass
	if [ "$res" = compiled ]; then
		if [ -n "${loaded_on[$id]:-}" ]; then
			res=loads
			why="loaded on${loaded_on[$id]}; compiled for${compiled_on[$id]}"
		elif [ -n "${load_err[$id]:-}" ]; then
			why="compiled for${compiled_on[$id]}; not loaded: ${load_err[$id]}"
			# the verifier refusing what tpc generated is a tpc bug (the agent
			# then prints "... failed to load ..." and the verifier log)
			grep -q 'failed to load\|verifier' <<<"${load_err[$id]}" && verdict=fail
		else
			why="compiled for${compiled_on[$id]}; not loaded: no guest ran"
			[ -n "$guests_ran" ] || verdict=skip
		fi
	fi
	case $res in
	CRASH | TIMEOUT | checked) verdict=fail ;;
	esac
	case $verdict in
	pass) npass=$((npass + 1)) ;;
	fail) nfail=$((nfail + 1)) ;;
	skip) nskip=$((nskip + 1)) ;;
	esac
	eval "n_$res=\$(( \${n_$res:-0} + 1 ))"
	printf '%-58s %-12s %s\n' "$rel" "$res" "${why:0:200}"
done

echo
echo "totals: ${n_loads:-0} load in a tested kernel, ${n_compiled:-0} compile but load nowhere," \
	"${n_unsupported:-0} rejected-unsupported, ${n_invalid:-0} rejected-invalid," \
	"${n_checked:-0} compile failures, ${n_CRASH:-0} crashes, ${n_TIMEOUT:-0} timeouts (of ${#files[@]})"
echo
echo "unsupported features (files using them):"
for k in "${!count[@]}"; do printf '%5d  %s\n' "${count[$k]}" "$k"; done | sort -rn | head -n 40
echo
if [ -n "$guests_ran" ] && [ "${n_loads:-0}" -lt "$MIN_LOADS" ]; then
	echo "error: ${n_loads:-0} files load in a tested kernel; at least $MIN_LOADS should"
	nfail=$((nfail + 1))
fi
echo "$npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]

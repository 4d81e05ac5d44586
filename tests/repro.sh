#!/bin/bash
# Reproducible objects: the bytes of x.bpf.o depend only on the policy, the
# target BTF and the tpc version. Every policy in policies/ is compiled in two
# directories with different absolute paths, from different working
# directories (relative and absolute arguments), under different
# environments (user, HOME, TMPDIR, locale, time zone, umask); the sha256
# of the objects must match. The object's provenance (`tpc inspect`) must
# name the tpc version, the sha256 of the policy and the target BTF.
#
#   tests/repro.sh [POLICY.yaml...]
#
# The policy and the BTF keep their file names in both places: the object
# records those base names (docs/object-format.md), never a directory.
# Closing line: "N passed, N failed, N skipped".
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
BUILD=${BUILD:-build}
TPC=$(cd "$(dirname "$BUILD/tpc")" && pwd)/tpc
FIXTURE=$BUILD/tests/fixture-vmlinux.o
HOST_BTF=/sys/kernel/btf/vmlinux

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

repro() {
	local y=$1 name btf a b sa sb1 sb2 sha
	name=$(basename "$y")
	btf=
	for b in "$FIXTURE" "$HOST_BTF"; do
		if [ -r "$b" ] && "$TPC" compile --btf "$b" "$y" -o "$TMP/probe.o" >/dev/null 2>&1; then
			btf=$b
			break
		fi
	done
	if [ -z "$btf" ]; then
		fail "$y" "does not compile against $FIXTURE or $HOST_BTF"
		return
	fi
	a=$TMP/a
	b=$TMP/some/much/longer/directory/b
	rm -rf "$a" "$b"
	mkdir -p "$a/pol" "$a/btf" "$b" "$b/x"
	cp "$y" "$a/pol/$name"
	cp "$y" "$b/$name"
	cat "$btf" >"$a/btf/btf-target"	# a regular copy, even of /sys/kernel/btf/vmlinux
	cat "$btf" >"$b/x/btf-target"
	# run 1: relative paths, from inside the directory, a sparse environment
	(cd "$a" && umask 022 && env -i PATH=/usr/bin:/bin HOME=/nonexistent USER=alice LANG=C TZ=UTC \
		"$TPC" compile --btf btf/btf-target "pol/$name" -o out.bpf.o) || { fail "$y" "compile 1 failed"; return; }
	# run 2: absolute paths, from elsewhere, another user's environment, twice
	(cd / && umask 077 && env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$TMP" USER=bob TMPDIR="$b" \
		LANG=en_US.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Tokyo SOURCE_DATE_EPOCH=1 PWD=/elsewhere \
		"$TPC" compile --btf "$b/x/btf-target" "$b/$name" -o "$b/out.bpf.o" &&
		"$TPC" compile --btf "$b/x/btf-target" "$b/$name" -o "$b/again.bpf.o") ||
		{ fail "$y" "compile 2 failed"; return; }
	sa=$(sha256sum <"$a/out.bpf.o")
	sb1=$(sha256sum <"$b/out.bpf.o")
	sb2=$(sha256sum <"$b/again.bpf.o")
	if [ "$sa" != "$sb1" ] || [ "$sb1" != "$sb2" ]; then
		fail "$y" "objects differ: ${sa%% *} ${sb1%% *} ${sb2%% *}"
		cmp -l "$a/out.bpf.o" "$b/out.bpf.o" | head -5
		return
	fi
	# provenance: tpc version, sha256 of the policy source, target BTF identity
	sha=$(sha256sum <"$y")
	sha=${sha%% *}
	if ! "$TPC" inspect "$a/out.bpf.o" >"$TMP/inspect" 2>&1 ||
		! grep -q "^tpc  *$("$TPC" --version | cut -d' ' -f2)\$" "$TMP/inspect" ||
		! grep -q "^source  *$name sha256:$sha\$" "$TMP/inspect" ||
		! grep -q "^target BTF  *sha256:[0-9a-f]\{64\}$" "$TMP/inspect"; then
		fail "$y" "tpc inspect does not show the provenance:"
		cat "$TMP/inspect"
		return
	fi
	echo "ok   $y (sha256 ${sa%% *})"
	npass=$((npass + 1))
}

main() {
	local f files=("$@")
	shopt -s nullglob
	if [ ${#files[@]} -eq 0 ]; then
		files=(policies/*.yaml)
	fi
	for f in "${files[@]}"; do
		repro "$f"
	done
	echo "$npass passed, $nfail failed, $nskip skipped"
	[ "$nfail" -eq 0 ]
}

main "$@"

#!/bin/bash
# qemu tier: run the e2e cases inside stock Debian cloud kernels (6.1 and
# 6.12), which have the hooks this machine's kernel lacks (kprobes, LSM,
# fentry). See docs/testing.md and /work/shared/VMTEST.md.
#
#   tests/vm/run.sh [-v] [--kernel 6.1|6.12]... [CASE...]     (make vmtest)
#   tests/vm/run.sh [--kernel ...]... --load DIR               (make conformance)
#
# --load DIR: instead of running cases, each guest loads and attaches every
# DIR/SERIES/*.bpf.o (objects compiled for that kernel's BTF) with tpc-agent,
# one at a time, and prints "LOADED name [series]" or "NOTLOADED name
# [series]: why" for each.
#
# Kernels come from Debian's mirror with `apt-get download` through a private
# apt configuration in the cache dir (the host's apt state is never touched)
# and are cached in ${TPC_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tpc-vmtest}.
# Output: a capability report and PASS/FAIL/SKIP "name [kernel]" lines per
# kernel, then "N passed, N failed, N skipped" over all kernels.
set -Eeuo pipefail
# set -e ends the run at the first failing command: say which, so that a tier
# that stops early is never silent (check.sh counts it as a failure)
trap 'echo "vmtest: stopped at line $LINENO: $BASH_COMMAND (status $?)" >&2' ERR

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
E2E_DIR=$ROOT/tests/e2e
OUT=${TPC_VM_OUT:-$BUILD/vm}
OBJ_DIR=$OUT/obj
TRIG_DIR=$OUT/trig
TPC_AGENT=${TPC_AGENT:-$BUILD/tpc-agent}
CACHE=${TPC_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tpc-vmtest}
QEMU=${QEMU:-qemu-system-x86_64}
LOAD_DIR=
# shellcheck source=../e2e/prepare.sh
. "$E2E_DIR/prepare.sh"

npass=0
nfail=0
nskip=0

log() {
	echo "vmtest: $*" >&2
}

# shellcheck source=kernels.sh
. "$ROOT/tests/vm/kernels.sh"	# fetch_kernel, kernel_btf

# --- initramfs --------------------------------------------------------------

# add_bin ROOTFS SRC DEST: copy a binary and, if dynamic, the libraries and
# loader ldd names, at their host paths.
add_bin() {
	local r=$1 src=$2 dest=$3 lib
	install -D -m 0755 "$src" "$r$dest"
	for lib in $(ldd "$src" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$r$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$r$lib"
	done
}

# add_corpus_env ROOTFS: for --load, the files Tetragon's example uprobe and
# usdt policies name, so that their objects attach as they would on a system
# that has them: bash (readline, main and _start are in its dynamic symbols)
# at /bin/bash and /usr/bin/bash, libc at Fedora's /lib64/libc.so.6,
# Tetragon's /procRoot (the host's /proc as its container mounts it), and a
# binary with the USDT probes of Tetragon's tester programs at their paths.
add_corpus_env() {
	local r=$1 bash libc d=/home/jolsa/tetragon/contrib/tester-progs
	bash=$(command -v bash) || return 0
	add_bin "$r" "$bash" /bin/bash
	mkdir -p "$r/usr/bin" "$r/lib64" "$r$d"
	ln -sf /bin/bash "$r/usr/bin/bash"
	libc=$(ldd "$bash" | awk '$1 == "libc.so.6" { print $3 }')
	[ -n "$libc" ] && ln -sf "$libc" "$r/lib64/libc.so.6"
	ln -s /proc "$r/procRoot"
	if "$HOSTCC" -static -O2 -o "$r$d/usdt" "$ROOT/tests/vm/corpus-usdt.c" 2>"$OUT/corpus-usdt.err"; then
		ln "$r$d/usdt" "$r$d/usdt-override"
	else
		log "corpus-usdt.c did not build (see $OUT/corpus-usdt.err): the usdt examples will not attach"
	fi
}

# build_initramfs OUT CASE_FILE...
build_initramfs() {
	local out=$1 r="$OUT/rootfs" f
	shift
	rm -rf "$r"
	mkdir -p "$r"/{bin,dev,proc,sys,tmp,tpc/bin,tpc/e2e/cases}
	install -m 0755 /bin/busybox "$r/bin/busybox"
	ln -s busybox "$r/bin/sh"	# the #! of /init; init installs the other applets
	install -m 0755 "$ROOT/tests/vm/init" "$r/init"
	[ -x "$TPC_AGENT" ] && add_bin "$r" "$TPC_AGENT" /tpc/bin/tpc-agent
	# glibc dlopens libgcc_s for thread unwinding (getaddrinfo_a's helper
	# threads), which ldd cannot see; every Debian system has it
	f=$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64/ {print $NF; exit}')
	[ -n "$f" ] && install -D -m 0644 "$(readlink -f "$f")" "$r$f"
	# what a system has for name lookups: localhost in /etc/hosts
	mkdir -p "$r/etc"
	printf '127.0.0.1 localhost\n::1 localhost\n' >"$r/etc/hosts"
	printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
	command -v bpftool >/dev/null && add_bin "$r" "$(command -v bpftool)" /bin/bpftool
	cp -r "$OBJ_DIR" "$r/tpc/obj"
	if [ -n "$LOAD_DIR" ]; then
		cp -r "$LOAD_DIR" "$r/tpc/load"
		add_corpus_env "$r"
	fi
	cp -r "$TRIG_DIR" "$r/tpc/trig"
	cp "$E2E_DIR/lib.sh" "$E2E_DIR/runcases.sh" "$r/tpc/e2e/"
	for f in "$@"; do
		cp "$f" "$r/tpc/e2e/cases/"
	done
	# The kernel's built-in initramfs has /dev/console; make sure anyway.
	[ "$(id -u)" = 0 ] && mknod -m 600 "$r/dev/console" c 5 1
	(cd "$r" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
}

# --- boot and report --------------------------------------------------------

accel_args() {
	# /dev/kvm here may be a nested hypervisor that hangs stock kernels: only
	# trust it when the CPU advertises hardware virtualization.
	if grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ]; then
		echo "-accel kvm -cpu host"
	else
		echo "-accel tcg"
	fi
}

# count_result LINE: tally PASS/FAIL/SKIP lines.
count_result() {
	case $1 in
	PASS\ *) npass=$((npass + 1)) ;;
	FAIL\ *) nfail=$((nfail + 1)) ;;
	SKIP\ *) nskip=$((nskip + 1)) ;;
	esac
}

# skip_all SERIES REASON CASE_FILE...: a kernel that cannot run counts every
# case as skipped, never as passed.
skip_all() {
	local series=$1 why=$2 f
	shift 2
	for f in "$@"; do
		echo "SKIP $(basename "$f" .sh) [$series]: $why"
		nskip=$((nskip + 1))
	done
}

# time_limit CASE_FILE...: seconds a guest may take for these cases (or for
# the objects of --load)
time_limit() {
	local n=$#
	# --load: about 1.5 s per object under TCG; allow 5 (both guests share the cores)
	[ -n "$LOAD_DIR" ] && n=$(( ($(find "$LOAD_DIR" -name '*.bpf.o' | wc -l) + 5) / 6 ))
	echo "${TPC_VM_TIMEOUT:-$((60 + 30 * n))}"
}

# run_qemu SERIES VMLINUZ INITRD CASE_FILE...: boot one guest; its console
# goes to $OUT/console-SERIES.raw, qemu's status to $OUT/status-SERIES.
# The guests of several kernels run at the same time (boot() reads them).
run_qemu() {
	local series=$1 kernel=$2 initrd=$3 rc=0 t0=$SECONDS
	shift 3
	# shellcheck disable=SC2046 # accel_args is several words on purpose
	# One vCPU per guest: the guests run side by side on the host's cores.
	# nosoftlockup: under TCG a starved host thread stalls the guest for
	# seconds, which the soft-lockup watchdog reports as a BUG that is the
	# emulator's, not the kernel's; panics, oopses and warnings still fail.
	timeout "$(time_limit "$@")" "$QEMU" -m 1G -smp 1 -nographic -no-reboot $(accel_args) \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 oops=panic panic_on_warn=1 nosoftlockup quiet TPC_TAG=[$series] TPC_SERIES=$series TPC_VERBOSE=${TPC_VERBOSE:-0}" \
		</dev/null >"$OUT/console-$series.raw" 2>&1 || rc=$?
	echo "$rc $((SECONDS - t0))" >"$OUT/status-$series"
}

# boot SERIES CASE_FILE...: the results of a guest run_qemu ran
boot() {
	local series=$1 raw="$OUT/console-$1.raw" con="$OUT/console-$1.log"
	shift
	local limit rc secs line f name why=
	limit=$(time_limit "$@")
	read -r rc secs <"$OUT/status-$series" || rc=1
	echo "== kernel $series: ${secs:-?} s (guests run in parallel)"
	# Serial output has \r and terminal escapes (cursor, colors, resets).
	sed -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[()][A-Za-z0-9]//g' \
		-e 's/\x1b[=>c78]//g' "$raw" >"$con"

	# Markers are not anchored: the BIOS leaves its last line unterminated.
	sed -n '/TPC-VM-PROBE-BEGIN/,/TPC-VM-PROBE-END/p' "$con" | sed '1d;$d' | sed 's/^/  /'
	# Results, and the indented output of failed cases, pass through as-is.
	while IFS= read -r line; do
		echo "$line"
		count_result "$line"
	done < <(sed -n '/TPC-VM-RESULTS-BEGIN/,/TPC-VM-RESULTS-END/p' "$con" | sed '1d;/TPC-VM-RESULTS-END/d' |
		grep -Ev '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$')

	# A case the guest never reported (crash, hang) is a failure.
	for f in "$@"; do
		name=$(basename "$f" .sh)
		grep -qE "^(PASS|FAIL|SKIP) $name \[" "$con" && continue
		echo "FAIL $name [$series]: no result from the guest"
		nfail=$((nfail + 1))
	done

	if [ "$rc" = 124 ]; then
		why="timed out after ${limit}s"
	elif grep -qE '^(\[ *[0-9.]+\] )?(Kernel panic|Oops|BUG:|WARNING:|general protection fault|-+\[ cut here \])' "$con"; then
		why="kernel panic, oops, BUG or WARNING"
	elif ! grep -q 'TPC-VM-RESULTS-END' "$con"; then
		why="guest stopped before the end of the run (qemu status $rc)"
	fi
	if [ -n "$why" ]; then
		echo "FAIL kernel [$series]: $why; last 30 console lines ($con):"
		tail -n 30 "$con" | sed 's/^/    /'
		nfail=$((nfail + 1))
	fi
}

usage() {
	echo "usage: tests/vm/run.sh [-v] [--kernel 6.1|6.12]... [CASE... | --load DIR]" >&2
	exit 2
}

main() {
	local kernels=() booted cases series vmlinuz initrd="$OUT/initrd.gz" t0
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel) [ $# -ge 2 ] || usage; kernels+=("$2"); shift 2 ;;
		--kernel=*) kernels+=("${1#--kernel=}"); shift ;;
		-v) export TPC_VERBOSE=1; shift ;;
		--load) [ $# -ge 2 ] || usage; LOAD_DIR=$(cd "$2" && pwd) || exit 2; shift 2 ;;
		-h | --help) usage ;;
		-*) usage ;;
		*) break ;;
		esac
	done
	[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)
	if [ -n "$LOAD_DIR" ]; then
		[ $# -eq 0 ] || usage	# objects or cases, not both
		cases=
	else
		cases=$(select_cases "$@") || exit 2
	fi
	# shellcheck disable=SC2086 # one path per line, no spaces in case names
	set -- $cases

	mkdir -p "$OUT"
	if ! command -v "$QEMU" >/dev/null; then
		for series in "${kernels[@]}"; do
			skip_all "$series" "$QEMU not installed" "$@"
		done
	else
		prepare_cases "$@"
		build_initramfs "$initrd" "$@"
		t0=$SECONDS
		booted=()
		for series in "${kernels[@]}"; do
			if ! vmlinuz=$(fetch_kernel "$series") || [ -z "$vmlinuz" ]; then
				skip_all "$series" "kernel $series neither downloadable nor cached" "$@"
				continue
			fi
			echo "== kernel $series: $(basename "$(dirname "$(dirname "$vmlinuz")")") ($(accel_args | awk '{print $2}'))"
			rm -f "$OUT/status-$series"
			run_qemu "$series" "$vmlinuz" "$initrd" "$@" &
			booted+=("$series")
		done
		wait
		for series in "${booted[@]}"; do
			boot "$series" "$@"
		done
		echo "== all guests: $((SECONDS - t0)) s"
	fi
	echo "$npass passed, $nfail failed, $nskip skipped"
	[ "$nfail" -eq 0 ]
}

main "$@"

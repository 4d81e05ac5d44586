#!/bin/bash
# qemu tier: run the e2e cases inside stock Debian cloud kernels (6.1 and
# 6.12), which have the hooks this machine's kernel lacks (kprobes, LSM,
# fentry). See docs/testing.md and /work/shared/VMTEST.md.
#
#   tests/vm/run.sh [-v] [--kernel 6.1|6.12]... [CASE...]     (make vmtest)
#
# Kernels come from Debian's mirror with `apt-get download` through a private
# apt configuration in the cache dir (the host's apt state is never touched)
# and are cached in ${TPC_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tpc-vmtest}.
# Output: a capability report and PASS/FAIL/SKIP "name [kernel]" lines per
# kernel, then "N passed, N failed, N skipped" over all kernels.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
E2E_DIR=$ROOT/tests/e2e
OUT=$BUILD/vm
OBJ_DIR=$OUT/obj
TRIG_DIR=$OUT/trig
TPC_AGENT=${TPC_AGENT:-$BUILD/tpc-agent}
CACHE=${TPC_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tpc-vmtest}
REFRESH_MIN=${TPC_VM_REFRESH_MIN:-360}	# re-read the mirror's index after this
QEMU=${QEMU:-qemu-system-x86_64}
# shellcheck source=../e2e/prepare.sh
. "$E2E_DIR/prepare.sh"

npass=0
nfail=0
nskip=0

log() {
	echo "vmtest: $*" >&2
}

# --- kernels ----------------------------------------------------------------

# sources_for SERIES: the Debian suites whose cloud meta package is that series.
# bookworm's own sources end at 6.1; trixie ships 6.12 for its whole life,
# whereas bookworm-backports moves on to newer series.
sources_for() {
	local key="signed-by=/usr/share/keyrings/debian-archive-keyring.gpg"
	case $1 in
	6.1)
		echo "deb [$key] http://deb.debian.org/debian bookworm bookworm-updates main"
		echo "deb [$key] http://deb.debian.org/debian-security bookworm-security main"
		;;
	6.12)
		echo "deb [$key] http://deb.debian.org/debian trixie trixie-updates main"
		echo "deb [$key] http://deb.debian.org/debian-security trixie-security main"
		;;
	*) return 1 ;;
	esac
}

# apt_opts DIR: set APT_OPTS to apt options with private sources, lists,
# cache and an empty dpkg status, so nothing under /etc/apt or /var/lib/apt
# changes. An array, not a function, so `timeout` can run apt with it.
apt_opts() {
	local d=$1
	APT_OPTS=(-q -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=-
		-o Dir::Etc::preferencesparts=- -o Dir::State::Lists="$d/lists"
		-o Dir::State::status="$d/status" -o Dir::Cache="$d/apt"
		-o APT::Sandbox::User="$(id -un)")
}

# refresh_index DIR: apt-get update when the private index is old or absent.
refresh_index() {
	local d=$1
	if [ -n "$(find "$d/lists" -maxdepth 1 -name '*_Packages*' -mmin -"$REFRESH_MIN" 2>/dev/null)" ]; then
		return 0
	fi
	apt_opts "$d"
	timeout 120 apt-get "${APT_OPTS[@]}" update >"$d/update.log" 2>&1
}

# resolve_kernel DIR SERIES: the versioned package behind linux-image-cloud-amd64.
resolve_kernel() {
	local pkg
	apt_opts "$1"
	pkg=$(apt-cache "${APT_OPTS[@]}" depends linux-image-cloud-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	case $pkg in
	linux-image-"$2".[0-9]*) echo "$pkg" ;;
	*) return 1 ;;
	esac
}

# download_kernel DIR PKG: fetch the .deb and keep only /boot (no modules).
download_kernel() {
	local d=$1 pkg=$2 tmp
	tmp=$(mktemp -d "$d/dl.XXXXXX")
	apt_opts "$d"
	if (cd "$tmp" && timeout 300 apt-get "${APT_OPTS[@]}" download "$pkg") >"$d/download.log" 2>&1 &&
		mkdir -p "$tmp/x" &&
		dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp/x" ./boot &&
		ls "$tmp"/x/boot/vmlinuz-* >/dev/null 2>&1; then
		rm -rf "$d/kernels/$pkg"
		mkdir -p "$d/kernels"
		mv "$tmp/x" "$d/kernels/$pkg"
		rm -rf "$tmp"
		return 0
	fi
	rm -rf "$tmp"
	return 1
}

# fetch_kernel SERIES: print the path of a vmlinuz of that series, downloading
# the current one if needed; fall back to the last cached one when the mirror
# cannot be reached. Prints nothing (status 1) with the reason on stderr.
fetch_kernel() {
	local series=$1 d="$CACHE/$1" pkg=
	mkdir -p "$d/lists/partial" "$d/apt/archives/partial"
	sources_for "$series" >"$d/sources.list" || { log "unknown kernel series $series"; return 1; }
	[ -e "$d/status" ] || : >"$d/status"
	if refresh_index "$d" && pkg=$(resolve_kernel "$d" "$series"); then
		if [ -d "$d/kernels/$pkg" ] || download_kernel "$d" "$pkg"; then
			echo "$pkg" >"$d/current"
		else
			log "$series: download of $pkg failed (see $d/download.log)"
			pkg=
		fi
	else
		log "$series: cannot resolve linux-image-cloud-amd64 (see $d/update.log)"
		pkg=
	fi
	if [ -z "$pkg" ] && [ -s "$d/current" ]; then
		pkg=$(cat "$d/current")
		log "$series: using cached $pkg"
	fi
	[ -n "$pkg" ] || return 1
	ls "$d/kernels/$pkg"/boot/vmlinuz-* 2>/dev/null | head -n 1
}

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

# time_limit CASE_FILE...: seconds a guest may take for these cases
time_limit() {
	echo "${TPC_VM_TIMEOUT:-$((60 + 30 * $#))}"
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
		-append "console=ttyS0 panic=-1 oops=panic panic_on_warn=1 nosoftlockup quiet TPC_TAG=[$series] TPC_VERBOSE=${TPC_VERBOSE:-0}" \
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
	echo "usage: tests/vm/run.sh [-v] [--kernel 6.1|6.12]... [CASE...]" >&2
	exit 2
}

main() {
	local kernels=() booted cases series vmlinuz initrd="$OUT/initrd.gz" t0
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel) [ $# -ge 2 ] || usage; kernels+=("$2"); shift 2 ;;
		--kernel=*) kernels+=("${1#--kernel=}"); shift ;;
		-v) export TPC_VERBOSE=1; shift ;;
		-h | --help) usage ;;
		-*) usage ;;
		*) break ;;
		esac
	done
	[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)
	cases=$(select_cases "$@") || exit 2
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

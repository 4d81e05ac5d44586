#!/bin/bash
# Host end-to-end tier: build triggers, compile the policies the cases name,
# run the cases against this machine's kernel.
#
#   tests/e2e/run.sh [-v] [CASE...]     (make e2e)
#
# Prints PASS/FAIL/SKIP per case and closes with "N passed, N failed, N skipped"
# (parsed by tests/check.sh and CI). Exit status 1 iff a case failed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
E2E_DIR=$ROOT/tests/e2e
OUT=$BUILD/e2e/host
OBJ_DIR=$OUT/obj
TRIG_DIR=$OUT/trig
WORK_ROOT=$OUT/work
TPC_AGENT=${TPC_AGENT:-$BUILD/tpc-agent}
# shellcheck source=prepare.sh
. "$E2E_DIR/prepare.sh"

# Why no case can run here, or nothing.
host_skip_reason() {
	if [ "$(id -u)" != 0 ]; then
		echo "not root"
	elif ! grep -qw bpf /proc/filesystems; then
		echo "kernel has no BPF file system"
	elif [ ! -e /sys/kernel/btf/vmlinux ]; then
		echo "kernel has no BTF (/sys/kernel/btf/vmlinux)"
	fi
}

main() {
	if [ "${1:-}" = -v ]; then
		export TPC_VERBOSE=1
		shift
	fi
	local cases
	cases=$(select_cases "$@") || exit 2
	# shellcheck disable=SC2086 # one path per line, no spaces in case names
	prepare_cases $cases
	export TPC_AGENT OBJ_DIR TRIG_DIR E2E_DIR WORK_ROOT
	TPC_SKIP_ALL=$(host_skip_reason)
	export TPC_SKIP_ALL
	# shellcheck disable=SC2086
	sh "$E2E_DIR/runcases.sh" $cases
}

main "$@"

#!/usr/bin/env bash
# make demo: compile policies/lseek-kill.yaml, enforce it with tpc-agent, and
# show a process that calls lseek(-1) die of SIGKILL while others live.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BUILD:-build}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ "$(id -u)" != 0 ]; then
	echo "make demo loads BPF programs: run it as root" >&2
	exit 1
fi
mountpoint -q /sys/kernel/tracing 2>/dev/null || mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || true

step "the policy"
grep -v '^#' policies/lseek-kill.yaml

step "tpc check, then tpc compile"
"$B/tpc" check policies/lseek-kill.yaml && echo "policies/lseek-kill.yaml: ok"
start=$(date +%s%N)
"$B/tpc" compile policies/lseek-kill.yaml -o "$B/lseek-kill.bpf.o"
echo "compiled to $B/lseek-kill.bpf.o ($(stat -c %s "$B/lseek-kill.bpf.o") bytes) in $(( ($(date +%s%N) - start) / 1000000 )) ms"

gcc -O2 -o "$B/lseek-trigger" tests/e2e/trig/lseek.c

step "tpc-agent $B/lseek-kill.bpf.o (JSON events below)"
rm -f "$B/demo.ready"
"$B/tpc-agent" --ready-file "$B/demo.ready" "$B/lseek-kill.bpf.o" > "$B/demo.events" &
agent=$!
trap 'kill $agent 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -e "$B/demo.ready" ] && break; sleep 0.1; done
[ -e "$B/demo.ready" ] || { echo "agent did not start" >&2; exit 1; }

step "lseek on a valid fd, then on fd -2: both live"
"$B/lseek-trigger" 0 </dev/null; echo "exit status $?"
"$B/lseek-trigger" -2; echo "exit status $?"

step "lseek on fd -1: killed by the policy"
set +e
"$B/lseek-trigger" -1
rc=$?
set -e
if [ $rc -eq 137 ]; then echo "exit status 137: killed by SIGKILL"; else echo "exit status $rc: NOT killed" >&2; fi

sleep 0.5
kill -INT $agent; wait $agent || true
trap - EXIT
step "events"
cat "$B/demo.events"
[ $rc -eq 137 ] && grep -q KPROBE_ACTION_SIGKILL "$B/demo.events"

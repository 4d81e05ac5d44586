#!/bin/sh
# Run end-to-end cases and report them; the one runner both tiers share.
#
#   runcases.sh CASE_FILE...
#
# POSIX sh: tests/e2e/run.sh calls it on the host, the qemu guest's /init
# calls it under busybox ash. It assumes objects and triggers are prepared
# (tests/e2e/prepare.sh does that on the host) and prints
#   PASS name[ tag]  |  FAIL name[ tag]  (+ indented output)  |  SKIP name[ tag]: reason
# and the closing line "N passed, N failed, N skipped". Exit 1 iff a case failed.
#
# Environment: TPC_AGENT OBJ_DIR TRIG_DIR E2E_DIR WORK_ROOT (required),
#   TPC_TAG          appended to result lines, e.g. "[6.1]"
#   TPC_SKIP_ALL     reason to skip every case (not root, no BPF)
#   TPC_CASE_TIMEOUT default per-case timeout in seconds (60)
#   TPC_VERBOSE=1    print the output of passing cases too

: "${TPC_CASE_TIMEOUT:=60}"
tag=${TPC_TAG:+ $TPC_TAG}
npass=0
nfail=0
nskip=0

# header FILE KEY: the values of "# KEY: a b" lines, space separated.
header() {
	sed -n "s/^# $2:[[:space:]]*//p" "$1" | tr '\n' ' '
}

# The agent's capability report, fetched once; empty if there is no agent.
probe_json() {
	[ -e "$WORK_ROOT/probe.json" ] && { cat "$WORK_ROOT/probe.json"; return; }
	if [ -x "$TPC_AGENT" ]; then
		"$TPC_AGENT" --probe -o json >"$WORK_ROOT/probe.json" 2>/dev/null ||
			: >"$WORK_ROOT/probe.json"
	else
		: >"$WORK_ROOT/probe.json"
	fi
	cat "$WORK_ROOT/probe.json"
}

# has_feature KEY: 0 = probed yes, 1 = probed no, 2 = unknown (not probed,
# or the probe could not decide). The probe prints
#   {"kernel":"..","features":{"kprobes":{"state":"yes","how":".."},..}}
has_feature() {
	j=$(probe_json)
	s='[[:space:]]*'
	state=$(echo "$j" | grep -Eo "\"$1\"$s:$s\{$s\"state\"$s:$s\"[a-z]*\"" | head -n 1)
	case $state in
	*'"yes"') return 0 ;;
	*'"no"') return 1 ;;
	esac
	return 2
}

# unmet_needs CASE: print the first need none of whose alternatives
# ("kprobes|tracepoints") the kernel has. An unknown key does not skip: the
# case runs and may skip itself, so a misspelt key shows up as a failure.
unmet_needs() {
	for need in $(header "$1" needs); do
		ok=
		for alt in $(echo "$need" | tr '|' ' '); do
			has_feature "$alt"
			[ $? -ne 1 ] && ok=1
		done
		[ -n "$ok" ] || { echo "$need"; return; }
	done
}

# missing_inputs CASE: print why an input the host should have prepared is
# missing, prefixed "skip:" (tpc not built) or "fail:" (compile error).
missing_inputs() {
	for p in $(header "$1" policy) $(header "$1" bpf); do
		b=$(basename "$p")
		b=${b%.yaml}
		b=${b%.bpf.c}
		o="$OBJ_DIR/$b.bpf.o"
		[ -e "$o" ] && continue
		if [ -e "$OBJ_DIR/$b.skip" ]; then
			echo "skip: $(cat "$OBJ_DIR/$b.skip")"
		elif [ -e "$OBJ_DIR/$b.err" ]; then
			echo "fail: $p did not compile:"
			cat "$OBJ_DIR/$b.err"
		else
			echo "fail: object $o missing"
		fi
		return
	done
	for t in $(header "$1" trig); do
		[ -x "$TRIG_DIR/$t" ] && continue
		echo "fail: trigger $t missing"
		cat "$TRIG_DIR/$t.err" 2>/dev/null
		return
	done
	if [ -n "$(header "$1" policy)" ] && [ ! -x "$TPC_AGENT" ]; then
		echo "skip: tpc-agent not built"
	fi
}

result_skip() {
	echo "SKIP $1$tag: $2"
	nskip=$((nskip + 1))
}

result_fail() {
	echo "FAIL $1$tag${2:+: $2}"
	[ -n "$3" ] && sed 's/^/    /' "$3"
	nfail=$((nfail + 1))
}

result_pass() {
	echo "PASS $1$tag"
	[ "$TPC_VERBOSE" = 1 ] && [ -n "$2" ] && sed 's/^/    /' "$2"
	npass=$((npass + 1))
}

# run_isolated SECS WORK CASE_FILE: run the case in its own session so that
# everything it started (the agent above all: a stray enforcing agent would
# kill processes of later cases) can be signalled as one process group. On
# timeout the group gets SIGTERM (the case's traps stop the agent) and 2 s
# later SIGKILL; after the case ends, whatever is left of the group is killed.
run_isolated() {
	(cd "$2" && WORK=$2 exec setsid sh "$3") >"$2/output" 2>&1 </dev/null &
	pid=$!
	setsid sh -c 'sleep "$1"; : >"$2/.timedout"; kill -TERM -"$3"; sleep 2; kill -KILL -"$3"' \
		watchdog "$1" "$2" "$pid" >/dev/null 2>&1 </dev/null &
	wd=$!
	wait "$pid"
	st=$?
	kill -KILL -"$wd" 2>/dev/null
	wait "$wd" 2>/dev/null
	kill -KILL -"$pid" 2>/dev/null
	return "$st"
}

run_case() {
	f=$1
	case $f in /*) ;; *) f=$PWD/$f ;; esac	# the case runs from its WORK dir
	name=$(basename "$f" .sh)
	if [ -n "$TPC_SKIP_ALL" ]; then
		result_skip "$name" "$TPC_SKIP_ALL"
		return
	fi
	work="$WORK_ROOT/$name"
	rm -rf "$work"
	mkdir -p "$work"

	why=$(missing_inputs "$f")
	case $why in
	skip:*) result_skip "$name" "${why#skip: }"; return ;;
	fail:*) echo "$why" >"$work/output"; result_fail "$name" "" "$work/output"; return ;;
	esac
	need=$(unmet_needs "$f")
	if [ -n "$need" ]; then
		result_skip "$name" "kernel lacks $need"
		return
	fi

	t=$(header "$f" timeout)
	t=${t%% *}
	t=${t:-$TPC_CASE_TIMEOUT}
	run_isolated "$t" "$work" "$f"
	rc=$?
	[ -e "$work/.timedout" ] && rc=timeout
	case $rc in
	0) result_pass "$name" "$work/output" ;;
	77)
		r=$(sed -n 's/^skipped:[[:space:]]*//p' "$work/output" | head -n 1)
		result_skip "$name" "${r:-no reason given}"
		;;
	timeout) result_fail "$name" "timed out after ${t}s" "$work/output" ;;
	*) result_fail "$name" "exit status $rc" "$work/output" ;;
	esac
}

# bpffs for pinning, tracefs for tracepoint ids; the host may have neither
# mounted. Only mount what is missing, never remount.
mount_fs() {
	[ "$(id -u)" = 0 ] || return 0
	while read -r type dir; do
		grep -q " $dir $type " /proc/mounts && continue
		[ -d "$dir" ] || continue
		mount -t "$type" "$type" "$dir" 2>/dev/null
	done <<EOF
bpf /sys/fs/bpf
debugfs /sys/kernel/debug
tracefs /sys/kernel/tracing
EOF
}

main() {
	export TPC_AGENT OBJ_DIR TRIG_DIR E2E_DIR
	mkdir -p "$WORK_ROOT"
	rm -f "$WORK_ROOT/probe.json"
	[ -n "$TPC_SKIP_ALL" ] || mount_fs
	for f in "$@"; do
		run_case "$f"
	done
	echo "$npass passed, $nfail failed, $nskip skipped"
	[ "$nfail" -eq 0 ]
}

main "$@"

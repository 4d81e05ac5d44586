# killer: spec.enforcers + NotifyEnforcer (Tetragon's killer.yaml). A
# raw_syscalls/sys_enter tracepoint records an error (and a signal) for the
# thread when the binary makes a listed syscall; the enforcer program
# (fmod_ret, or a kprobe calling bpf_override_return) on the enforcer call
# applies it. Enforcer on __x64_sys_dup: dup fails with EPERM. Enforcer on
# security_file_open: openat fails with EPERM; with argSig 9 the process is
# killed. getppid, not listed, works; another binary is not affected. Where
# the kernel allows neither way on a function (Debian's kernels: syscalls
# are not error-injectable there, no CONFIG_BPF_KPROBE_OVERRIDE), tpc-agent
# must refuse the policy, naming what is missing for that function.
# policy: tests/e2e/policies/killer-eperm.yaml
# policy: tests/e2e/policies/killer-kill.yaml
# policy: tests/e2e/policies/killer-open.yaml
# needs: tracepoints
# trig: dupper
. "$E2E_DIR/lib.sh"

cp "$(trig dupper)" /tmp/tpc-killer-dupper || fail "cannot copy the trigger"
cp "$(trig dupper)" "$WORK/other-dupper"

# try_agent OBJ: 0 when the agent is ready, 1 when it refused the policy
try_agent() {
	rm -f "$AGENT_READY"
	"$TPC_AGENT" -v -o json --ready-file "$AGENT_READY" "$1" >"$AGENT_OUT" 2>"$AGENT_ERR" </dev/null &
	AGENT_PID=$!
	_n=$((AGENT_READY_TIMEOUT * 10))
	while [ ! -e "$AGENT_READY" ]; do
		if ! kill -0 "$AGENT_PID" 2>/dev/null; then
			wait "$AGENT_PID"
			AGENT_PID=
			return 1
		fi
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || { agent_dump; fail "tpc-agent not ready after ${AGENT_READY_TIMEOUT}s"; }
		tick
	done
	return 0
}

# expect_refusal FUNC: the refusal names FUNC, both ways and why each failed
expect_refusal() {
	for _p in "action 'NotifyEnforcer' cannot be enforced on this kernel: spec.enforcers needs fmod_ret on '$1'" \
		"or CONFIG_BPF_KPROBE_OVERRIDE for bpf_override_return" "(fmod_ret $1): " "(kprobe $1): "; do
		grep -qF -e "$_p" "$AGENT_ERR" || { agent_dump; fail "refusal without: $_p"; }
	done
	note "refused: $(grep -o "tpc_enforce[^\"]*fmod_ret $1[^\"]*" "$AGENT_ERR" | head -c 200)"
}

# the other binary is never affected
expect_other_ok() {
	out=$("$WORK/other-dupper") || fail "the other dupper failed: $out"
	[ "$out" = "dup=0 errno=0 open=ok getppid=ok" ] || fail "another binary: '$out'"
}

if try_agent "$(obj killer-eperm)"; then
	note "dup enforcer: $(grep "'__x64_sys_dup': using" "$AGENT_ERR" | sed 's/.*: using //')"
	out=$(/tmp/tpc-killer-dupper) || fail "the dupper failed: $out"
	[ "$out" = "dup=-1 errno=1 open=ok getppid=ok" ] || fail "listed binary: '$out', expected dup to fail with EPERM"
	expect_other_ok
	wait_events 1 '"KPROBE_ACTION_NOTIFYENFORCER"'
	agent_stop
	expect_events 1 '"process_tracepoint"' '"binary":"/tmp/tpc-killer-dupper"' '"syscall_id":{"id":32,"abi":"x64"}' \
		'"KPROBE_ACTION_NOTIFYENFORCER"'
	expect_events 0 'other-dupper'
else
	expect_refusal __x64_sys_dup
fi

if try_agent "$(obj killer-open)"; then
	note "open enforcer: $(grep "'security_file_open': using" "$AGENT_ERR" | sed 's/.*: using //')"
	out=$(/tmp/tpc-killer-dupper) || fail "the dupper failed: $out"
	[ "$out" = "dup=0 errno=0 open=-1 errno=1 getppid=ok" ] ||
		fail "listed binary: '$out', expected openat to fail with EPERM"
	expect_other_ok
	wait_events 1 '"KPROBE_ACTION_NOTIFYENFORCER"'
	agent_stop
	expect_events 1 '"binary":"/tmp/tpc-killer-dupper"' '"syscall_id":{"id":257,"abi":"x64"}' \
		'"KPROBE_ACTION_NOTIFYENFORCER"'
	expect_events 0 'other-dupper'
	# argSig 9: the enforcer sends SIGKILL before the open returns
	agent_start "$(obj killer-kill)"
	expect_killed /tmp/tpc-killer-dupper
	expect_other_ok
	wait_events 1 '"KPROBE_ACTION_NOTIFYENFORCER"'
	agent_stop
	expect_events 1 '"binary":"/tmp/tpc-killer-dupper"' '"KPROBE_ACTION_NOTIFYENFORCER"'
else
	expect_refusal security_file_open
fi
rm -f /tmp/tpc-killer-dupper
exit 0

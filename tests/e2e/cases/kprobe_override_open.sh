# kprobe-override-open: Override on a kprobe (security_file_open) denies
# opening /tmp/tpc-secret with EPERM, through fmod_ret or a kprobe calling
# bpf_override_return, and reports it; other files open. Where the kernel
# allows neither for the function, tpc-agent must refuse the policy with a
# message naming what is missing, never attach a program that only observes:
# the case reads `tpc-agent --probe` to know which outcome is allowed, and
# checks the refusal on vfs_open (neither security_* nor error-injectable).
# policy: tests/e2e/policies/kprobe-override-open.yaml
# policy: tests/e2e/policies/kprobe-override-nomod.yaml
# needs: btf_vmlinux
. "$E2E_DIR/lib.sh"

PROBE=$("$TPC_AGENT" --probe -o json 2>/dev/null)

# feature NAME: yes, no or unknown, as `tpc-agent --probe -o json` says
feature() {
	echo "$PROBE" | grep -Eo "\"$1\"[[:space:]]*:[[:space:]]*\{[[:space:]]*\"state\"[[:space:]]*:[[:space:]]*\"[a-z]*\"" |
		head -n 1 | sed 's/.*"\([a-z]*\)"$/\1/'
}

# try_agent OBJ: 0 when the agent is ready, 1 when it exited (AGENT_RC, AGENT_ERR)
try_agent() {
	rm -f "$AGENT_READY"
	"$TPC_AGENT" -o json --ready-file "$AGENT_READY" "$@" \
		>"$AGENT_OUT" 2>"$AGENT_ERR" </dev/null &
	AGENT_PID=$!
	_n=$((AGENT_READY_TIMEOUT * 10))
	while [ ! -e "$AGENT_READY" ]; do
		if ! kill -0 "$AGENT_PID" 2>/dev/null; then
			wait "$AGENT_PID"
			AGENT_RC=$?
			AGENT_PID=
			return 1
		fi
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || { agent_dump; fail "tpc-agent not ready after ${AGENT_READY_TIMEOUT}s"; }
		tick
	done
	return 0
}

# expect_refusal FUNC [HINT]: the agent failed, saying what Override on FUNC needs
expect_refusal() {
	[ "$AGENT_RC" -ne 0 ] || fail "tpc-agent exited 0 without attaching"
	for _p in "action 'Override' cannot be enforced on this kernel: it needs fmod_ret on '$1'" \
		"(allowed for security_* hooks and error-injectable functions)" \
		"or CONFIG_BPF_KPROBE_OVERRIDE for bpf_override_return; use an lsmhooks hook instead$2"; do
		grep -qF -e "$_p" "$AGENT_ERR" || { agent_dump; fail "refusal without: $_p"; }
	done
	note "refused: $(head -c 300 "$AGENT_ERR")"
}

fmod=$(feature fmod_ret)
ovr=$(feature bpf_override_return)
note "probe: fmod_ret $fmod, bpf_override_return $ovr"

echo secret >/tmp/tpc-secret
echo public >/tmp/tpc-public
if try_agent "$(obj kprobe-override-open)"; then
	if out=$(cat /tmp/tpc-secret 2>&1); then
		fail "cat /tmp/tpc-secret succeeded: $out"
	fi
	case $out in
	*"not permitted"*) note "denied: $out" ;;
	*) fail "cat /tmp/tpc-secret failed, but not with EPERM: $out" ;;
	esac
	[ "$(cat /tmp/tpc-public)" = public ] || fail "cat /tmp/tpc-public did not work"
	wait_events 1 '"path":"/tmp/tpc-secret"'
	agent_stop
	expect_event_json '"function_name":"security_file_open"' '"path":"/tmp/tpc-secret"' 'KPROBE_ACTION_OVERRIDE'
	expect_events 0 '"path":"/tmp/tpc-public"'
else
	# the probe's fmod_ret target is error-injectable; security_* hooks are allowed wherever it works
	[ "$fmod" = yes ] && { agent_dump; fail "fmod_ret works here, yet the agent refused the policy"; }
	[ "$ovr" = yes ] && { agent_dump; fail "bpf_override_return works here, yet the agent refused the policy"; }
	expect_refusal security_file_open ' (hook: \"file_open\")'
fi
rm -f /tmp/tpc-secret /tmp/tpc-public

if [ "$ovr" = yes ]; then
	note "bpf_override_return works here: the vfs_open refusal is not checked"
	exit 0
fi
if try_agent "$(obj kprobe-override-nomod)"; then
	agent_stop
	fail "Override on vfs_open attached, but neither fmod_ret nor bpf_override_return can enforce it"
fi
expect_refusal vfs_open ':'
exit 0

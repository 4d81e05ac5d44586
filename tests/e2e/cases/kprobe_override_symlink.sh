# kprobe-override-symlink: Override on a syscall kprobe (symlinkat) through
# fmod_ret on __x64_sys_symlinkat (arguments read from its pt_regs) where the
# kernel lets it modify syscalls (CONFIG_FUNCTION_ERROR_INJECTION), or a kprobe
# calling bpf_override_return; elsewhere tpc-agent must refuse the policy.
# policy: policies/symlink-kprobe-override.yaml
# needs: btf_vmlinux
. "$E2E_DIR/lib.sh"

rm -f /tmp/tpc-passwd-link /tmp/tpc-other-link
rm -f "$AGENT_READY"
"$TPC_AGENT" -o json --ready-file "$AGENT_READY" "$(obj symlink-kprobe-override)" \
	>"$AGENT_OUT" 2>"$AGENT_ERR" </dev/null &
AGENT_PID=$!
_n=$((AGENT_READY_TIMEOUT * 10))
while [ ! -e "$AGENT_READY" ] && kill -0 "$AGENT_PID" 2>/dev/null && [ "$_n" -gt 0 ]; do
	_n=$((_n - 1))
	tick
done
if [ ! -e "$AGENT_READY" ]; then
	kill -0 "$AGENT_PID" 2>/dev/null && { agent_dump; fail "tpc-agent not ready"; }
	wait "$AGENT_PID"
	AGENT_PID=
	grep -qF "action 'Override' cannot be enforced on this kernel: it needs fmod_ret on '__x64_sys_symlinkat'" \
		"$AGENT_ERR" || { agent_dump; fail "refused without the expected message"; }
	note "refused: $(head -c 300 "$AGENT_ERR")"
	exit 0
fi
if out=$(ln -s /etc/passwd /tmp/tpc-passwd-link 2>&1); then
	fail "symlink to /etc/passwd succeeded"
fi
case $out in
*"not permitted"*) note "denied: $out" ;;
*) fail "symlink failed, but not with EPERM: $out" ;;
esac
ln -s /etc/hostname /tmp/tpc-other-link || fail "another symlink failed"
wait_events 1 '"string_arg":"/etc/passwd"'
agent_stop
expect_event_json '"function_name":"__x64_sys_symlinkat"' '"string_arg":"/etc/passwd"' 'KPROBE_ACTION_OVERRIDE'
rm -f /tmp/tpc-passwd-link /tmp/tpc-other-link
exit 0

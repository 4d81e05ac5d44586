# inmap-syscalls: InMap "list:probe" (a spec.lists of type syscalls: lseek,
# getppid) on raw_syscalls/sys_enter's id, once inline (2 values) and once as
# a BPF hash map the agent fills from the object (10 values): both policies
# report the trigger's lseek (8) and getppid (110), and no other id.
# policy: tests/e2e/policies/raw-syscalls-inmap.yaml tests/e2e/policies/raw-syscalls-inmap-hash.yaml
# needs: tracepoints
# trig: lseek getppid
. "$E2E_DIR/lib.sh"

agent_start "$(obj raw-syscalls-inmap)" "$(obj raw-syscalls-inmap-hash)"
"$(trig lseek)" -2 >/dev/null
"$(trig getppid)" >/dev/null
wait_events 2 '"comm":"getppid"' '"long_arg":"110"'
agent_stop
for p in raw-syscalls-inmap raw-syscalls-inmap-hash; do
	expect_event_json '"process_tracepoint"' "\"policy_name\":\"$p\"" '"comm":"lseek"' '"long_arg":"8"'
	expect_event_json '"process_tracepoint"' "\"policy_name\":\"$p\"" '"comm":"getppid"' '"long_arg":"110"'
done
# every event is an lseek or a getppid: the selectors compared the id in the kernel
n=$(grep -c '"process_tracepoint"' "$AGENT_OUT" || true)
m=$(grep -c -e '"long_arg":"8"' -e '"long_arg":"110"' "$AGENT_OUT" || true)
[ "$n" = "$m" ] || fail "$n events, but only $m with syscall id 8 or 110"
exit 0

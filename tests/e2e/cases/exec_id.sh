# exec-id: every event's process has Tetragon's exec_id, base64 of
# "node_name:ktime:pid", the same for two events of one process, and a
# parent_exec_id of the same form naming the parent's pid.
# policy: tests/e2e/policies/lseek-stack.yaml
# needs: kprobes|tracepoints
# trig: stack
. "$E2E_DIR/lib.sh"

need_cmd base64
stack=$(trig stack)
agent_start "$(obj lseek-stack)"
expect_survives "$stack" -77 2
wait_events 2 '"int_arg":-77'
agent_stop
expect_events 2 '"int_arg":-77'
ids=$(sed -n 's/.*"process":{"exec_id":"\([A-Za-z0-9+/=]*\)".*/\1/p' "$AGENT_OUT" | sort -u)
[ "$(echo "$ids" | wc -l)" -eq 1 ] || fail "two events of one process, exec_ids: $ids"
pid=$(sed -n 's/.*"process":{"exec_id":"[^"]*","pid":\([0-9]*\),.*/\1/p' "$AGENT_OUT" | head -n 1)
node=$(sed -n 's/.*"node_name":"\([^"]*\)".*/\1/p' "$AGENT_OUT" | head -n 1)
dec=$(echo "$ids" | base64 -d)
echo "$dec" | grep -q "^$node:[0-9][0-9]*:$pid\$" || fail "exec_id $ids is \"$dec\", not \"$node:<ktime>:$pid\""
pids=$(sed -n 's/.*"parent_exec_id":"\([A-Za-z0-9+/=]*\)".*/\1/p' "$AGENT_OUT" | sort -u)
[ -n "$pids" ] || fail "no parent_exec_id: $(cat "$AGENT_OUT")"
echo "$pids" | base64 -d | grep -q "^$node:[0-9][0-9]*:[0-9][0-9]*\$" || fail "parent_exec_id $pids is not node:ktime:pid"
note "exec_id $ids = $dec"
exit 0

# pids-notin-agent: matchPIDs NotIn <the agent's pid> excludes the agent itself.
# The policy kills whoever opens a file ending in "agent.ready": the agent
# writes its ready file after attaching and survives; cat of the same file is
# killed. The policy is compiled here, once the agent's pid is known (a
# subshell that execs the agent later keeps its pid), so the case needs tpc
# next to tpc-agent (the host tier).
# needs: kprobes|tracepoints
. "$E2E_DIR/lib.sh"

TPC=${TPC:-$(dirname "$TPC_AGENT")/tpc}
[ -x "$TPC" ] || skip "needs tpc next to tpc-agent to compile the policy with a run-time pid"
[ -x "$TPC_AGENT" ] || skip "tpc-agent not built"
mkfifo "$WORK/go" || fail "mkfifo"
obj="$WORK/pids-notin.bpf.o"
(read x <"$WORK/go"; exec "$TPC_AGENT" -o json --ready-file "$AGENT_READY" "$obj" \
	>"$AGENT_OUT" 2>"$AGENT_ERR" </dev/null) &
AGENT_PID=$!
cat >"$WORK/pids-notin.yaml" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "pids-notin"
spec:
  kprobes:
  - call: "sys_openat"
    syscall: true
    args:
    - index: 1
      type: "string"
    selectors:
    - matchPIDs:
      - operator: "NotIn"
        values:
        - "$AGENT_PID"
      matchArgs:
      - index: 1
        operator: "Postfix"
        values:
        - "agent.ready"
      matchActions:
      - action: Sigkill
YAML
"$TPC" compile "$WORK/pids-notin.yaml" -o "$obj" || { kill "$AGENT_PID"; fail "tpc compile failed"; }
echo go >"$WORK/go"
_n=$((AGENT_READY_TIMEOUT * 10))
while [ ! -s "$AGENT_READY" ]; do
	kill -0 "$AGENT_PID" 2>/dev/null || { AGENT_PID=; agent_dump; fail "the agent died: its own open was not excluded?"; }
	_n=$((_n - 1))
	[ "$_n" -gt 0 ] || { agent_dump; fail "agent not ready"; }
	tick
done
# (reading the ready file would get the reader killed: only stat it)
sleep 0.2
kill -0 "$AGENT_PID" || fail "the agent is gone after writing its ready file"
expect_killed cat "$AGENT_READY"
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"KPROBE_ACTION_SIGKILL"' 'agent.ready'
expect_events 0 "\"pid\":$AGENT_PID,"
exit 0

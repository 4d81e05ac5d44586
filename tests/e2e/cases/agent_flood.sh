# agent-flood: a policy that reports every syscall, the agent's own writes
# included, makes events as fast as the agent consumes them. --timeout and
# SIGTERM must still stop the agent (ring_buffer__poll() alone would never
# return to its loop), with exit status 0 and events written.
# policy: tests/e2e/policies/every-syscall.yaml
# needs: tracepoints
. "$E2E_DIR/lib.sh"

[ -x "$TPC_AGENT" ] || skip "tpc-agent not built ($TPC_AGENT)"
rc=0
timeout -s KILL 60 "$TPC_AGENT" -o json -t 1 "$(obj every-syscall)" >"$WORK/t.out" 2>"$WORK/t.err" || rc=$?
[ "$rc" = 0 ] || { sed 's/^/# | /' "$WORK/t.err"; fail "--timeout 1 under a flood: exit status $rc (137: killed after 60 s)"; }
grep -q '"event":"sys_enter"' "$WORK/t.out" || fail "no sys_enter event written"

"$TPC_AGENT" -o json "$(obj every-syscall)" >"$WORK/s.out" 2>"$WORK/s.err" &
pid=$!
sleep 2
kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
	tick
	i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	kill -KILL "$pid"
	fail "SIGTERM under a flood: the agent still runs 10 s later"
fi
rc=0
wait "$pid" || rc=$?
[ "$rc" = 0 ] || fail "SIGTERM under a flood: exit status $rc"
exit 0

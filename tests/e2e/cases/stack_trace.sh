# stack-trace: Post kernelStackTrace and userStackTrace on lseek(-77). The
# kernel stack reaches the syscall entry; the user stack names the trigger's
# function that issued the syscall, in both events of two calls (the
# second symbolized from the agent's cache of the binary's symbols). The
# other events of the trigger are not posted (no stacks without the selector).
# policy: tests/e2e/policies/lseek-stack.yaml
# needs: kprobes|tracepoints
# trig: stack
. "$E2E_DIR/lib.sh"

stack=$(trig stack)
agent_start "$(obj lseek-stack)"
# the agent symbolizes the user stack from /proc/PID/maps: keep the trigger
# alive until the event is out, however slow the machine (TCG guests)
"$stack" -77 2 60 >"$WORK/stack.out" 2>&1 &
tp=$!
wait_events 2 '"kernel_stack_trace"'
kill "$tp" 2>/dev/null
wait "$tp" 2>/dev/null
grep -q 'lseek(-77) = ' "$WORK/stack.out" || fail "the trigger did not survive lseek(-77): $(cat "$WORK/stack.out")"
agent_stop
expect_events 2 '"int_arg":-77'
expect_events 2 '"kernel_stack_trace":[{"address":"'
# StackTraceEntry as protojson: uint64 address and offset are strings
grep -q '"kernel_stack_trace":\[{"address":"[0-9]*","offset":"[0-9]*","symbol":"' "$AGENT_OUT" ||
	fail "kernel_stack_trace is not Tetragon's StackTraceEntry list: $(cat "$AGENT_OUT")"
grep '"kernel_stack_trace"' "$AGENT_OUT" | grep -q -e '"symbol":"do_syscall_64"' -e '"symbol":"entry_SYSCALL' ||
	fail "no syscall entry function in the kernel stack: $(cat "$AGENT_OUT")"
[ "$(grep '"user_stack_trace"' "$AGENT_OUT" | grep -c '"symbol":"tpc_stack_marker","module":"[^"]*/stack"')" = 2 ] ||
	fail "the trigger's tpc_stack_marker is not in both user stacks: $(cat "$AGENT_OUT")"
exit 0

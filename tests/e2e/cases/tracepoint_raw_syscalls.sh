# raw-syscalls-lseek: a plain tracepoint (raw_syscalls/sys_enter) whose field
# 4 (the syscall id) is read at its record offset: lseek (id 8) from the
# trigger is reported with the id; getpid from the same shell is not.
# policy: tests/e2e/policies/raw-syscalls-lseek.yaml
# needs: tracepoints
# trig: lseek
. "$E2E_DIR/lib.sh"

agent_start "$(obj raw-syscalls-lseek)"
"$(trig lseek)" -2 >/dev/null
wait_events 1 '"comm":"lseek"'
agent_stop
expect_event_json '"process_tracepoint"' '"subsys":"raw_syscalls"' '"event":"sys_enter"' '"comm":"lseek"' '"long_arg":"8"'
# every event is an lseek: the selector compared the id in the kernel
n=$(grep -c '"process_tracepoint"' "$AGENT_OUT" || true)
m=$(grep -c '"long_arg":"8"' "$AGENT_OUT" || true)
[ "$n" = "$m" ] || fail "$n events, but only $m with syscall id 8"
exit 0

# rawtp-sys-enter-lseek: a raw tracepoint (raw_tp/sys_enter) whose TP_PROTO
# arg 1 (long id) is compared in the kernel: lseek (id 8) from the trigger
# is reported with the id; other syscalls are not.
# policy: tests/e2e/policies/rawtp-sys-enter-lseek.yaml
# needs: raw_tracepoints
# trig: lseek
. "$E2E_DIR/lib.sh"

agent_start "$(obj rawtp-sys-enter-lseek)"
"$(trig lseek)" -2 >/dev/null
wait_events 1 '"comm":"lseek"'
agent_stop
expect_event_json '"process_tracepoint"' '"subsys":"raw_syscalls"' '"event":"sys_enter"' '"comm":"lseek"' '"long_arg":"8"'
n=$(grep -c '"process_tracepoint"' "$AGENT_OUT" || true)
m=$(grep -c '"long_arg":"8"' "$AGENT_OUT" || true)
[ "$n" = "$m" ] || fail "$n events, but only $m with syscall id 8"
exit 0

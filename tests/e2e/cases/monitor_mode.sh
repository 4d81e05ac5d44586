# monitor-mode: policy-mode monitor turns Sigkill into an event only:
# lseek(-1) survives and is reported (as a plain post), other fds are not.
# policy: policies/lseek-monitor.yaml
# needs: kprobes|tracepoints
# trig: lseek
. "$E2E_DIR/lib.sh"

agent_start "$(obj lseek-monitor)"
expect_survives "$(trig lseek)" -1
expect_survives "$(trig lseek)" -2
wait_events 1 '"int_arg":-1'
agent_stop
expect_events 1 '"int_arg":-1' '"policy_name":"lseek-monitor"'
expect_events 0 'KPROBE_ACTION_SIGKILL'
expect_events 0 '"int_arg":-2'
exit 0

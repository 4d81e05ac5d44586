# lseek-kill: lseek(-1) is killed, other fds are not, one event per kill.
# policy: policies/lseek-kill.yaml
# needs: kprobes|tracepoints
# trig: lseek
. "$E2E_DIR/lib.sh"

lseek=$(trig lseek)
# -v: the agent logs which attach variant it chose
agent_start -v "$(obj lseek-kill)"

expect_killed "$lseek" -1
expect_survives "$lseek" -2
expect_survives "$lseek" 3 3</dev/null
# The kill happens at syscall entry, so the event is in the ring buffer by the
# time the shell has reaped the trigger; wait for it, then stop the agent so a
# late duplicate would still be counted.
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"KPROBE_ACTION_SIGKILL"' '"int_arg":-1'
expect_events 1 '"KPROBE_ACTION_SIGKILL"'
expect_events 0 '"int_arg":-2'
# The kprobe variant is expected in the qemu guest and the tracepoint one on
# a kernel without kprobes; agent_start printed the choice, nothing judges it.
grep -F '"KPROBE_ACTION_SIGKILL"' "$AGENT_OUT" | head -n 1 | sed 's/^/# event: /'
exit 0

# uprobe-kill: a uprobe on a symbol of a user binary, with an int argument:
# the call with 42 is killed, the call with 7 survives, one event with the
# path, the symbol and the argument.
# policy: tests/e2e/policies/uprobe-kill.yaml
# needs: uprobes
# trig: uprobe_target
. "$E2E_DIR/lib.sh"

cp "$(trig uprobe_target)" /tmp/tpc-uprobe-target
agent_start "$(obj uprobe-kill)"
expect_killed /tmp/tpc-uprobe-target 42
expect_survives /tmp/tpc-uprobe-target 7
wait_events 1 '"int_arg":42'
agent_stop
expect_events 1 '"process_uprobe"' '"path":"/tmp/tpc-uprobe-target"' '"symbol":"tpc_uprobe_fn"' '"int_arg":42'
expect_events 0 '"int_arg":7'
rm -f /tmp/tpc-uprobe-target
exit 0

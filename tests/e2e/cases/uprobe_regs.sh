# uprobe-regs: 'data' entries with source pt_regs read the uprobe's
# registers: rdi whole (int64), the string rsi points to, and dil (rdi's low
# byte); matchData on dil selects 0x1142 (low byte 0x42) and not 0x1143.
# The values are reported in "data", as Tetragon's.
# policy: tests/e2e/policies/uprobe-regs.yaml
# needs: uprobes
# trig: regs_target
. "$E2E_DIR/lib.sh"

cp "$(trig regs_target)" /tmp/tpc-regs-target
agent_start "$(obj uprobe-regs)"
expect_survives /tmp/tpc-regs-target 0x1142 hello
expect_survives /tmp/tpc-regs-target 0x1143 other
wait_events 1 '"policy_name":"uprobe-regs"'
tick
agent_stop
expect_events 1 '"policy_name":"uprobe-regs"'
expect_events 1 '"process_uprobe"' '"symbol":"tpc_regs_fn"' \
	'"data":[{"long_arg":"4418"},{"string_arg":"hello"},{"uint_arg":66}]'
expect_events 0 '"string_arg":"other"'
rm -f /tmp/tpc-regs-target
exit 0

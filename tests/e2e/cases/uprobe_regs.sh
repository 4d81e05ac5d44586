# uprobe-regs: 'data' entries with source pt_regs read the uprobe's
# registers: rdi whole (int64), the string rsi points to, and dil (rdi's low
# byte); matchData on dil selects 0x1142 (low byte 0x42) and not 0x1143.
# The values are reported in "data", as Tetragon's. A hook with the most
# reads (5 args, 5 data entries) and matchData on the last compiles, and
# its IR text reads back to the same object (host only: needs tpc).
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

TPC=${TPC:-$(dirname "$TPC_AGENT")/tpc}
[ -x "$TPC" ] || exit 0
{
	printf 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: "regs-max"\nspec:\n'
	printf '  uprobes:\n  - path: "/tmp/tpc-regs-target"\n    symbols:\n    - "tpc_regs_fn"\n    args:\n'
	for i in 0 1 2 3 4; do printf '    - index: %d\n      type: "int64"\n' $i; done
	printf '    data:\n'
	for r in 0:rdi 1:rsi 2:rdx 3:rcx 4:dil; do
		printf '    - index: %s\n      type: "uint8"\n      source: "pt_regs"\n      resolve: "%s"\n' "${r%%:*}" "${r#*:}"
	done
	printf '    selectors:\n    - matchData:\n      - index: 4\n        operator: "Equal"\n        values:\n        - "66"\n'
} >regs-max.yaml
"$TPC" compile regs-max.yaml -o regs-max.bpf.o || fail "a hook with 10 reads does not compile"
"$TPC" compile --emit=ir regs-max.yaml -o regs-max.tpir || fail "no IR for a hook with 10 reads"
"$TPC" compile regs-max.tpir -o regs-max-ir.bpf.o || fail "the IR of a hook with 10 reads does not read back"
cmp -s regs-max.bpf.o regs-max-ir.bpf.o || fail "the IR of a hook with 10 reads compiles to another object"
exit 0

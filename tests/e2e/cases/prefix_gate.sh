# prefix-gate: a hook whose selectors all need a Prefix reads a few bytes first
# (compiler/cgen_gate.c). Both selectors report their paths, other paths
# under the same directory are not reported, and a filename that ends right
# before an unmapped page (so the gate's fixed 22-byte read faults) is still
# matched and reported whole.
# policy: tests/e2e/policies/prefix-gate.yaml
# needs: kprobes|tracepoints
# trig: openpaths openedge
. "$E2E_DIR/lib.sh"

agent_start "$(obj prefix-gate)"
R=/tmp/tpcgate
"$(trig openpaths)" $R/a1 $R/bbbbbbbbb2 $R/bbbb3 $R/c4
"$(trig openedge)" $R/a5 >"$WORK/edge.out"
sed 's/^/# | /' "$WORK/edge.out"
grep -q "open($R/a5)" "$WORK/edge.out" || fail "openedge did not run"
wait_events 3 '"policy_name":"prefix-gate"'
agent_stop
for v in a1 bbbbbbbbb2 a5; do
	c=$(count_events '"policy_name":"prefix-gate"' "\"string_arg\":\"$R/$v\"")
	[ "$c" = 1 ] || fail "$c events for $R/$v, want 1"
done
for v in bbbb3 c4; do
	c=$(count_events '"policy_name":"prefix-gate"' "\"string_arg\":\"$R/$v\"")
	[ "$c" = 0 ] || fail "$c events for $R/$v, want 0"
done
exit 0

# usdt-set: action Set on a USDT probe writes argValue over the argument's
# memory (bpf_probe_write_user): the target fired with a = 5 prints a=32 and
# the event says KPROBE_ACTION_SET; fired with 6 it prints a=6. Where the
# kernel hides bpf_probe_write_user (lockdown), tpc-agent must refuse the
# policy and say so.
# policy: tests/e2e/policies/usdt-set.yaml
# needs: uprobes
# trig: usdt_set
. "$E2E_DIR/lib.sh"

PROBE=$("$TPC_AGENT" --probe -o json 2>/dev/null)
wu=$(echo "$PROBE" | grep -Eo '"bpf_probe_write_user"[[:space:]]*:[[:space:]]*\{[[:space:]]*"state"[[:space:]]*:[[:space:]]*"[a-z]*"' |
	sed 's/.*"\([a-z]*\)"$/\1/')
note "probe: bpf_probe_write_user $wu"
cp "$(trig usdt_set)" /tmp/tpc-usdt-set || fail "cannot copy the trigger"

if [ "$wu" != yes ]; then
	"$TPC_AGENT" -o json --ready-file "$AGENT_READY" "$(obj usdt-set)" >"$AGENT_OUT" 2>"$AGENT_ERR" </dev/null &&
		fail "tpc-agent attached Set although the kernel refuses bpf_probe_write_user"
	grep -qF "action 'Set' writes the USDT argument in the process's memory with bpf_probe_write_user, which this kernel does not allow" "$AGENT_ERR" ||
		{ agent_dump; fail "refusal without the reason"; }
	note "refused: $(grep -o "action 'Set'.*" "$AGENT_ERR" | head -c 300)"
	rm -f /tmp/tpc-usdt-set
	exit 0
fi
agent_start "$(obj usdt-set)"
out=$(/tmp/tpc-usdt-set 5)
[ "$out" = "a=32" ] || fail "fired with 5: '$out', expected Set to write 32"
out=$(/tmp/tpc-usdt-set 6)
[ "$out" = "a=6" ] || fail "fired with 6: '$out'"
wait_events 1 '"KPROBE_ACTION_SET"'
agent_stop
expect_events 1 '"process_usdt"' '"KPROBE_ACTION_SET"' '"int_arg":5'
expect_events 0 '"int_arg":6'
rm -f /tmp/tpc-usdt-set
exit 0

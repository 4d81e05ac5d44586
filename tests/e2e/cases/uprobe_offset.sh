# uprobe-offset: a uprobe by file offset (spec offsets), not by symbol. The
# offset of tpc_uprobe_fn in the trigger (its file offset, which differs from
# its address) is only known once the trigger is built, so the case writes
# the policy and compiles it itself: the call with 42 is killed, the call
# with 7 survives, one event with the path, the offset (decimal, a uint64
# in Tetragon's JSON), no symbol (Tetragon leaves it empty for an offset)
# and the argument.
# needs: uprobes
# trig: uprobe_target
. "$E2E_DIR/lib.sh"

TPC=${TPC:-$(dirname "$TPC_AGENT")/tpc}
[ -x "$TPC" ] || skip "no tpc here ($TPC): the policy is compiled for the trigger's offset (host only)"
need_cmd objdump

cp "$(trig uprobe_target)" /tmp/tpc-uprobe-offset-target
off=$(objdump -d -F --disassemble=tpc_uprobe_fn /tmp/tpc-uprobe-offset-target |
	sed -n 's/^[0-9a-f]* <tpc_uprobe_fn> (File Offset: \(0x[0-9a-f]*\)):$/\1/p')
[ -n "$off" ] || fail "no file offset for tpc_uprobe_fn in the trigger"
note "tpc_uprobe_fn at file offset $off"
cat >uprobe-offset.yaml <<EOF
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "uprobe-offset"
spec:
  uprobes:
  - path: "/tmp/tpc-uprobe-offset-target"
    offsets:
    - "$off"
    args:
    - index: 0
      type: "int"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "42"
      matchActions:
      - action: Sigkill
EOF
"$TPC" compile uprobe-offset.yaml -o uprobe-offset.bpf.o || fail "tpc compile failed"

agent_start uprobe-offset.bpf.o
expect_killed /tmp/tpc-uprobe-offset-target 42
expect_survives /tmp/tpc-uprobe-offset-target 7
wait_events 1 '"int_arg":42'
agent_stop
expect_events 1 '"process_uprobe"' '"path":"/tmp/tpc-uprobe-offset-target"' '"policy_name":"uprobe-offset"' '"int_arg":42' \
	"\"offset\":\"$((off))\""
expect_events 0 '"process_uprobe"' '"symbol":'
expect_events 0 '"int_arg":7'
rm -f /tmp/tpc-uprobe-offset-target
exit 0

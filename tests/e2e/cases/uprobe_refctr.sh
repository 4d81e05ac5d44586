# uprobe-refctr: a uprobe with refCtrOffsets, the file offset of a USDT-style
# semaphore: while the agent holds the probe, the kernel counts it in the
# semaphore, so the trigger reads it as non-zero (and passes it to the probed
# function: the event's second argument); without the agent it is 0. The
# semaphore's file offset is only known once the trigger is built, so the
# case writes the policy and compiles it itself (host only). The call with
# 42 is reported, the call with 7 is not.
# needs: uprobes
# trig: uprobe_refctr
. "$E2E_DIR/lib.sh"

TPC=${TPC:-$(dirname "$TPC_AGENT")/tpc}
[ -x "$TPC" ] || skip "no tpc here ($TPC): the policy is compiled for the trigger's offsets (host only)"
need_cmd objdump

bin=/tmp/tpc-uprobe-refctr-target
cp "$(trig uprobe_refctr)" $bin
# file offset = the section's file offset + (the symbol's address - the section's address)
set -- $(objdump -h $bin | awk '$2 == ".probes" { print $4, $6 }')
[ $# = 2 ] || fail "no .probes section in the trigger"
sec_vma=0x$1 sec_off=0x$2
sym=$(objdump -t $bin | awk '$NF == "tpc_refctr_sema" { print $1 }')
[ -n "$sym" ] || fail "no symbol tpc_refctr_sema in the trigger"
ref=$(printf '0x%x' $((sec_off + 0x$sym - sec_vma)))
note "tpc_refctr_sema at 0x$sym, file offset $ref (.probes at $sec_vma, file offset $sec_off)"
cat >uprobe-refctr.yaml <<EOT
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "uprobe-refctr"
spec:
  uprobes:
  - path: "$bin"
    symbols:
    - "tpc_refctr_fn"
    refCtrOffsets:
    - "$ref"
    args:
    - index: 0
      type: "int"
    - index: 1
      type: "int"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "42"
EOT
"$TPC" compile uprobe-refctr.yaml -o uprobe-refctr.bpf.o || fail "tpc compile failed"
"$TPC" inspect uprobe-refctr.bpf.o | grep -q "ref_ctr   $ref " || fail "tpc inspect does not show the reference counter $ref"

[ "$($bin 42)" = "sema 0" ] || fail "the semaphore is not 0 without the agent"
agent_start uprobe-refctr.bpf.o
out42=$($bin 42) out7=$($bin 7)
[ "$out42" = "sema 1" ] || fail "with the agent, the call with 42 saw '$out42', not 'sema 1'"
[ "$out7" = "sema 1" ] || fail "with the agent, the call with 7 saw '$out7', not 'sema 1'"
wait_events 1 '"int_arg":42'
agent_stop
expect_events 1 '"process_uprobe"' '"path":"/tmp/tpc-uprobe-refctr-target"' '"symbol":"tpc_refctr_fn"' \
	'"policy_name":"uprobe-refctr"' '"args":[{"int_arg":42},{"int_arg":1}]' \
	"\"ref_ctr_offset\":\"$((ref))\""
expect_events 0 '"int_arg":7'
[ "$($bin 42)" = "sema 0" ] || fail "the semaphore is not 0 again once the agent detached"
rm -f $bin
exit 0

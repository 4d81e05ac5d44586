# uprobe-return-copy: a uprobe return probe (uretprobe) with a returnCopy
# char_buf reports the bytes the function wrote (copied at return, as many
# as it returned: 12), not the buffer's content at entry (X's), and the
# return value; a call returning 0 copies nothing; a call with another tag
# is not reported.
# policy: tests/e2e/policies/uprobe-return-copy.yaml
# needs: uprobes
# trig: uprobe_fill
. "$E2E_DIR/lib.sh"

bin=/tmp/tpc-uprobe-fill-target
cp "$(trig uprobe_fill)" $bin
agent_start "$(obj uprobe-return-copy)"
[ "$($bin 77 12)" = 12 ] || fail "uprobe_fill 77 12 did not return 12"
[ "$($bin 77 0)" = 0 ] || fail "uprobe_fill 77 0 did not return 0"
[ "$($bin 79 12)" = 12 ] || fail "uprobe_fill 79 12 did not return 12"
wait_events 2 '"policy_name":"uprobe-return-copy"'
agent_stop
# "hello uprobe"
expect_events 1 '"process_uprobe"' '"path":"/tmp/tpc-uprobe-fill-target"' '"symbol":"tpc_fill"' \
	'"args":[{"bytes_arg":"aGVsbG8gdXByb2Jl"},{"int_arg":77}]' '"return":{"int_arg":12}'
expect_events 1 '"args":[{"bytes_arg":""},{"int_arg":77}]' '"return":{"int_arg":0}'
expect_events 2 '"policy_name":"uprobe-return-copy"'
expect_events 0 '"int_arg":79'
expect_events 0 'WFhY'	# XXX: the buffer before the call
rm -f $bin
exit 0

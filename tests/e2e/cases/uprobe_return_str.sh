# uprobe-return-str: a uprobe return probe (uretprobe) with a string
# returnArg reports the string the function returned ("command 42"), read at
# return; a NULL return is reported without a value; a call with another
# argument is not reported. uprobe-return-str-match selects by the returned
# string (matchReturnArgs Equal, Prefix, and NotEqual through a hash map,
# which leaves 44 out).
# policy: tests/e2e/policies/uprobe-return-str.yaml
# policy: tests/e2e/policies/uprobe-return-str-match.yaml
# needs: uprobes
# trig: uprobe_retstr
. "$E2E_DIR/lib.sh"

bin=/tmp/tpc-uprobe-retstr-target
cp "$(trig uprobe_retstr)" $bin
agent_start "$(obj uprobe-return-str)" "$(obj uprobe-return-str-match)"
[ "$($bin 42)" = "command 42" ] || fail "uprobe_retstr 42 did not print its string"
[ "$($bin 0)" = "(null)" ] || fail "uprobe_retstr 0 did not return NULL"
[ "$($bin 7)" = "command 7" ] || fail "uprobe_retstr 7 did not print its string"
[ "$($bin 43)" = "command 43" ] || fail "uprobe_retstr 43 did not print its string"
[ "$($bin 5)" = "command 5" ] || fail "uprobe_retstr 5 did not print its string"
[ "$($bin 44)" = "command 44" ] || fail "uprobe_retstr 44 did not print its string"
wait_events 2 '"policy_name":"uprobe-return-str"'
wait_events 3 '"policy_name":"uprobe-return-str-match"'
tick
agent_stop
expect_events 2 '"policy_name":"uprobe-return-str"'
expect_events 3 '"policy_name":"uprobe-return-str-match"'
for n in 42 43 7; do
	expect_events 1 '"policy_name":"uprobe-return-str-match"' "\"return\":{\"string_arg\":\"command $n\"}"
done
expect_events 1 '"policy_name":"uprobe-return-str"' '"symbol":"tpc_ret_str"' '"args":[{"int_arg":42}],"return":{"string_arg":"command 42"}'
expect_events 1 '"policy_name":"uprobe-return-str"' '"args":[{"int_arg":0}]'
expect_events 0 '"policy_name":"uprobe-return-str"' '"int_arg":7'
expect_events 0 '"command 5"'
expect_events 0 '"command 44"'
rm -f $bin
exit 0

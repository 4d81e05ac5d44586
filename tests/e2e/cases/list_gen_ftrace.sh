# list-gen-ftrace: a generated_ftrace list (pattern "^ksys_*") hooks the
# kernel functions whose names match, as kprobes: the copy of the lseek
# trigger the policy names reports ksys_* calls, the same program from
# another path reports nothing, and no hook outside the pattern is attached.
# policy: tests/e2e/policies/list-gen-ftrace.yaml
# needs: kprobes
# trig: lseek
. "$E2E_DIR/lib.sh"

cp "$(trig lseek)" /tmp/tpc-listgen-lseek || fail "cannot copy the trigger"
cp "$(trig lseek)" "$WORK/other-lseek"
agent_start -v "$(obj list-gen-ftrace)"
n=$(grep -c ": using " "$AGENT_ERR")
note "$n hooks attached; left out: $(grep 'left out' "$AGENT_ERR" | sed 's/.*hook [0-9]* //' | tr '\n' ' ')"
[ "$n" -gt 0 ] || fail "no hook attached"
[ "$(grep ": using " "$AGENT_ERR" | grep -vc "hook [0-9]* 'ksys")" = 0 ] || fail "a hook outside ^ksys_*"
expect_survives /tmp/tpc-listgen-lseek 0 </dev/null
expect_survives "$WORK/other-lseek" 0 </dev/null
wait_events 1 '"function_name":"ksys_'
agent_stop
[ "$(count_events '"function_name":"ksys_' '"binary":"/tmp/tpc-listgen-lseek"')" -ge 1 ] ||
	fail "no ksys_* event from /tmp/tpc-listgen-lseek"
expect_events 0 'other-lseek'
expect_events 0 '"function_name":"__x64'
rm -f /tmp/tpc-listgen-lseek
exit 0

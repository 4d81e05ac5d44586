# writev-iovec-ops: Equal, Prefix, SubString, Postfix and NotPrefix on
# writev(2)'s iovecs as a char_iovec: the value is their bytes end to end,
# so "hello tpc" (Prefix) and "tpc io" (SubString) match across iovecs. One
# matching and one non-matching writev per operator, each on its own fd;
# the size (arg 2) is read for sizeArgIndex though the policy declares no
# arg 2.
# policy: tests/e2e/policies/writev-iovec-ops.yaml
# needs: kprobes|tracepoints
# trig: writevbuf
. "$E2E_DIR/lib.sh"

wv=$(trig writevbuf)
agent_start "$(obj writev-iovec-ops)"
expect_survives "$wv" 90 3	# "hello tpc iovec\n": Equal
expect_survives "$wv" 90 nine	# "xxxxxxx": not Equal
expect_survives "$wv" 91 3	# Prefix "hello tpc" (iovecs 0 and 1)
expect_survives "$wv" 91 long	# 600 'B'
expect_survives "$wv" 92 3	# SubString "tpc io" (iovecs 1 and 2)
expect_survives "$wv" 92 nine
expect_survives "$wv" 93 long	# Postfix "BBB" (the 256 bytes the event keeps end with it too)
expect_survives "$wv" 93 3
expect_survives "$wv" 94 nine	# NotPrefix "hello"
expect_survives "$wv" 94 3
wait_events 5 '"policy_name":"writev-iovec-ops"'
tick
agent_stop
expect_events 5 '"policy_name":"writev-iovec-ops"'
HELLO='{"bytes_arg":"aGVsbG8gdHBjIGlvdmVjCg=="}'
expect_events 1 "\"args\":[{\"int_arg\":90},$HELLO]"
expect_events 1 "\"args\":[{\"int_arg\":91},$HELLO]"
expect_events 1 "\"args\":[{\"int_arg\":92},$HELLO]"
expect_events 1 '"args":[{"int_arg":93},{"truncated_bytes_arg":{"bytes_arg":"QkJC' '"orig_size":"600"}}]'
expect_events 1 '"args":[{"int_arg":94},{"bytes_arg":"eHh4eHh4eA=="}]'
exit 0

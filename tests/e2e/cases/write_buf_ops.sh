# write-buf-ops: Equal, Prefix, NotPostfix, SubString and SubStringIgnCase
# on write(2)'s buffer as a char_buf (sizeArgIndex): its bytes are the
# value. One matching and one non-matching write per operator, each on its
# own fd.
# policy: tests/e2e/policies/write-buf-ops.yaml
# needs: kprobes|tracepoints
# trig: writebuf
. "$E2E_DIR/lib.sh"

wb=$(trig writebuf)
agent_start "$(obj write-buf-ops)"
expect_survives "$wb" 80 10	# "hello tpc\n": Equal
expect_survives "$wb" 80 5 h	# "hhhhh": not Equal
expect_survives "$wb" 81 10	# Prefix "hello"
expect_survives "$wb" 81 300	# 300 'A': no Prefix "hello"
expect_survives "$wb" 82 300	# ends with AAA: NotPostfix fails
expect_survives "$wb" 82 20 B	# 20 'B': NotPostfix "AAA"
expect_survives "$wb" 83 10	# SubString "lo t"
expect_survives "$wb" 83 300 l	# 300 'l': no "lo t"
expect_survives "$wb" 84 10	# SubStringIgnCase "O TPC"
expect_survives "$wb" 84 9 o	# 9 'o': no "o tpc"
wait_events 5 '"policy_name":"write-buf-ops"'
tick
agent_stop
expect_events 5 '"policy_name":"write-buf-ops"'
expect_events 1 '"args":[{"int_arg":80},{"bytes_arg":"aGVsbG8gdHBjCg=="},{"size_arg":"10"}]'
expect_events 1 '"args":[{"int_arg":81},{"bytes_arg":"aGVsbG8gdHBjCg=="},{"size_arg":"10"}]'
expect_events 1 '"args":[{"int_arg":82},{"bytes_arg":"QkJCQkJCQkJCQkJCQkJCQkJCQkI="},{"size_arg":"20"}]'
expect_events 1 '"args":[{"int_arg":83},{"bytes_arg":"aGVsbG8gdHBjCg=="},{"size_arg":"10"}]'
expect_events 1 '"args":[{"int_arg":84},{"bytes_arg":"aGVsbG8gdHBjCg=="},{"size_arg":"10"}]'
exit 0

# writev-iovec: writev(2)'s iovec array as a char_iovec with sizeArgIndex
# (the iovec count): the bytes of the iovecs one after the other, as a
# bytes_arg; 600 bytes as truncated_bytes_arg (256 kept, orig_size their
# total), whole with maxData; of 9 iovecs the first 7 only, as Tetragon;
# another fd: no event.
# policy: tests/e2e/policies/writev-iovec.yaml
# needs: kprobes|tracepoints
# trig: writevbuf
. "$E2E_DIR/lib.sh"

wv=$(trig writevbuf)
agent_start -v "$(obj writev-iovec)"

expect_survives "$wv" 87 3
expect_survives "$wv" 87 long
expect_survives "$wv" 87 nine
expect_survives "$wv" 89 long
expect_survives "$wv" 88 3	# no selector: no event
wait_events 4 '"policy_name":"writev-iovec"'
agent_stop
# "hello " "tpc " "iovec\n"
expect_events 1 '"args":[{"int_arg":87},{"bytes_arg":"aGVsbG8gdHBjIGlvdmVjCg=="},{"int_arg":3}]'
# 3 x 200 'B', the first 256 kept
expect_events 1 '"args":[{"int_arg":87},{"truncated_bytes_arg":{"bytes_arg":"QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQg==","orig_size":"600"}},{"int_arg":3}]'
# 9 iovecs of "x": 7 copied
expect_events 1 '"args":[{"int_arg":87},{"bytes_arg":"eHh4eHh4eA=="},{"int_arg":9}]'
# maxData: all 600
expect_events 1 '"args":[{"int_arg":89},{"bytes_arg":"QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJC"}]'
expect_events 0 '"int_arg":88'
exit 0

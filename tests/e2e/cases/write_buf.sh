# write-buf: write(2)'s buffer as a char_buf with sizeArgIndex: bytes_arg in
# base64 as Tetragon's protojson prints it, a longer write as
# truncated_bytes_arg with orig_size; maxData keeps 300 bytes whole.
# policy: tests/e2e/policies/write-buf.yaml
# needs: kprobes|tracepoints
# trig: writebuf
. "$E2E_DIR/lib.sh"

wb=$(trig writebuf)
agent_start -v "$(obj write-buf)"

expect_survives "$wb" 77 10
expect_survives "$wb" 77 300
expect_survives "$wb" 78 300
expect_survives "$wb" 79 10	# no selector: no event
wait_events 3 '"policy_name":"write-buf"'
agent_stop
# "hello tpc\n"
expect_events 1 '"args":[{"int_arg":77},{"bytes_arg":"aGVsbG8gdHBjCg=="},{"size_arg":"10"}]'
# 300 bytes, the first 256 kept
expect_events 1 '"args":[{"int_arg":77},{"truncated_bytes_arg":{"bytes_arg":"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQQ==","orig_size":"300"}},{"size_arg":"300"}]'
# maxData
expect_events 1 '"args":[{"int_arg":78},{"bytes_arg":"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"}]'
expect_events 0 '"int_arg":79'
exit 0

# read-copy: a return probe on read(2) with a returnCopy char_buf reports
# the bytes read (copied at return, limited by the return value: 10 of the
# 64 asked), not the buffer's content at entry (X's); an empty read copies
# nothing; a read on another fd is not reported.
# policy: tests/e2e/policies/read-copy.yaml
# needs: kprobes|tracepoints
# trig: readbuf
. "$E2E_DIR/lib.sh"

rb=$(trig readbuf)
printf 'hello tpc\n' >"$WORK/data"
: >"$WORK/empty"
agent_start "$(obj read-copy)"
[ "$("$rb" 77 "$WORK/data" 64)" = 10 ] || fail "readbuf 77 did not read 10 bytes"
[ "$("$rb" 77 "$WORK/empty" 64)" = 0 ] || fail "readbuf 77 of an empty file did not read 0 bytes"
[ "$("$rb" 79 "$WORK/data" 64)" = 10 ] || fail "readbuf 79 did not read 10 bytes"
wait_events 2 '"policy_name":"read-copy"'
agent_stop
# "hello tpc\n"
expect_events 1 '"args":[{"int_arg":77},{"bytes_arg":"aGVsbG8gdHBjCg=="},{"size_arg":"64"}]' '"return":{"int_arg":10}'
expect_events 1 '"return":{"int_arg":0}'
expect_events 2 '"policy_name":"read-copy"'
expect_events 0 '"int_arg":79'
expect_events 0 'WFhY'	# XXX: the buffer before the read
exit 0

# readv-copy: a return probe on readv(2) with a returnCopy char_iovec
# reports the bytes read into the iovecs (4 + 4 + 56 bytes asked, 10 read:
# "hell", "o tp", "c\n"), copied at return and limited by the return value,
# not the iovecs' content at entry (X's); an empty read copies nothing; a
# readv on another fd is not reported.
# policy: tests/e2e/policies/readv-copy.yaml
# needs: kprobes|tracepoints
# trig: readbuf
. "$E2E_DIR/lib.sh"

rb=$(trig readbuf)
printf 'hello tpc\n' >"$WORK/data"
: >"$WORK/empty"
agent_start "$(obj readv-copy)"
[ "$("$rb" 76 "$WORK/data" 64 v)" = 10 ] || fail "readbuf 76 v did not read 10 bytes"
[ "$("$rb" 76 "$WORK/empty" 64 v)" = 0 ] || fail "readbuf 76 v of an empty file did not read 0 bytes"
[ "$("$rb" 75 "$WORK/data" 64 v)" = 10 ] || fail "readbuf 75 v did not read 10 bytes"
wait_events 2 '"policy_name":"readv-copy"'
agent_stop
# "hello tpc\n"
expect_events 1 '"args":[{"int_arg":76},{"bytes_arg":"aGVsbG8gdHBjCg=="}]' '"return":{"int_arg":10}'
expect_events 1 '"args":[{"int_arg":76},{"bytes_arg":""}]' '"return":{"int_arg":0}'
expect_events 2 '"policy_name":"readv-copy"'
expect_events 0 '"int_arg":75'
expect_events 0 'WFhY'	# XXX: the iovecs before the read
exit 0

# tty_write: a 'kiocb' argument is reported as the file_arg of kiocb->ki_filp and an
# 'iov_iter' as the bytes of its user buffer, as Tetragon does (the corpus's tty.yaml).
# ptywrite writes "hello tpc tty\n" to a pty slave and 300 'B's to its master: each
# event must pair the right path with the right bytes; without maxData the 300
# bytes are cut at 256 (truncated_bytes_arg, orig_size 300), with it they are whole.
# tty-write-ops selects by the bytes: SubString "tpc tty" (the slave write) and
# Postfix "BBBB" (the master write, whose 300 bytes are compared whole).
# policy: tests/e2e/policies/tty-write.yaml
# policy: tests/e2e/policies/tty-write-max.yaml
# policy: tests/e2e/policies/tty-write-ops.yaml
# needs: kprobes
# trig: ptywrite
. "$E2E_DIR/lib.sh"

if [ ! -e /dev/pts/ptmx ]; then
	mkdir -p /dev/pts && mount -t devpts devpts /dev/pts 2>/dev/null || skip "no devpts on /dev/pts"
fi
agent_start "$(obj tty-write)" "$(obj tty-write-max)" "$(obj tty-write-ops)"
pts=$("$(trig ptywrite)" 300) || fail "ptywrite failed: $pts"
note "slave: $pts"
wait_events 2 '"policy_name":"tty-write-max"' '"function_name":"tty_write"'
agent_stop
HELLO='"bytes_arg":"aGVsbG8gdHBjIHR0eQo="'
B300=
i=0
while [ $i -lt 100 ]; do B300="${B300}QkJC"; i=$((i + 1)); done
for p in tty-write tty-write-max; do
	expect_events 1 "\"policy_name\":\"$p\"" "{\"file_arg\":{\"path\":\"$pts\"}},{$HELLO}"
	expect_events 0 "\"policy_name\":\"$p\"" "{\"file_arg\":{\"path\":\"/dev/ptmx\"}},{$HELLO}"
done
expect_events 1 '"policy_name":"tty-write"' '{"file_arg":{"path":"/dev/ptmx"}},{"truncated_bytes_arg":{"bytes_arg":"QkJC' \
	'QkJCQg==","orig_size":"300"}}'
expect_events 1 '"policy_name":"tty-write-max"' "{\"file_arg\":{\"path\":\"/dev/ptmx\"}},{\"bytes_arg\":\"$B300\"}"
expect_events 1 '"policy_name":"tty-write-ops"' "{\"file_arg\":{\"path\":\"$pts\"}},{$HELLO}"
expect_events 1 '"policy_name":"tty-write-ops"' '{"file_arg":{"path":"/dev/ptmx"}},{"truncated_bytes_arg":{"bytes_arg":"QkJC' \
	'"orig_size":"300"}}'
exit 0

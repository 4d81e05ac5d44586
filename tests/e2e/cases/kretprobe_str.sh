# kretprobe-str: a kprobe return probe with a string returnArg reports the
# string d_path() returned, read at return: readlink of an fd of
# /tmp/tpc-dpath/file makes the kernel call d_path() on it.
# policy: tests/e2e/policies/kretprobe-str.yaml
# needs: kprobes
. "$E2E_DIR/lib.sh"

need_cmd readlink
mkdir -p /tmp/tpc-dpath
echo x >/tmp/tpc-dpath/file
agent_start "$(obj kretprobe-str)"
out=$(readlink /proc/self/fd/7 7</tmp/tpc-dpath/file)
[ "$out" = /tmp/tpc-dpath/file ] || fail "readlink printed '$out'"
wait_events 1 '"policy_name":"kretprobe-str"'
agent_stop
expect_events 1 '"function_name":"d_path"' '"path":"/tmp/tpc-dpath/file"' \
	'"return":{"string_arg":"/tmp/tpc-dpath/file"}'
rm -rf /tmp/tpc-dpath
exit 0

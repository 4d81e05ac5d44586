# fd-lseek: an 'fd' argument is reported as the path of the file behind it,
# and a Postfix on that path selects the events.
# policy: tests/e2e/policies/fd-lseek.yaml
# needs: kprobes|tracepoints
# trig: lseek
. "$E2E_DIR/lib.sh"

lseek=$(trig lseek)
dir=$(cd "$WORK" && pwd -P)
: >"$dir/tpc-fd-target"
: >"$dir/tpc-fd-other"
agent_start -v "$(obj fd-lseek)"

expect_survives "$lseek" 3 3<"$dir/tpc-fd-target"
expect_survives "$lseek" 3 3<"$dir/tpc-fd-other"
expect_survives "$lseek" 9	# not open: no file, no event
wait_events 1 '"file_arg":{"path":"'"$dir"'/tpc-fd-target"}'
agent_stop
expect_events 1 '"function_name":"__x64_sys_lseek","args":[{"file_arg":{"path":"'"$dir"'/tpc-fd-target"}},{"int_arg":0}]'
expect_events 0 'tpc-fd-other'
expect_events 1 '"file_arg"'
exit 0

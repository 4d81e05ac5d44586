# data_current_task: kprobe 'data' entries with source current_task read
# field paths of the calling task (real_parent.comm, tgid) and are reported
# in "data", after "args", as Tetragon's ProcessKprobe.data; matchData selects on them like matchArgs. Only the lseek
# run by the script tpcdata.sh (its parent's comm, a script's comm being its
# file name) is reported, with that process's tgid; the same lseek run by
# this case's shell is not.
# policy: tests/e2e/policies/data-current-task.yaml
# needs: kprobes|tracepoints
# trig: lseek
. "$E2E_DIR/lib.sh"

lseek=$(trig lseek)
printf '#!/bin/sh\n"%s" 0 </dev/null >/dev/null &\necho $!\nwait\nexit 0\n' "$lseek" >"$WORK/tpcdata.sh"
chmod +x "$WORK/tpcdata.sh"
agent_start -v "$(obj data-current-task)"

expect_survives "$lseek" 0 </dev/null	# parent: this shell, not tpcdata.sh
pid=$("$WORK/tpcdata.sh") || fail "tpcdata.sh failed"
[ -n "$pid" ] || fail "tpcdata.sh printed no pid"
wait_events 1 '"string_arg":"tpcdata.sh"'
agent_stop
expect_events 1 '"policy_name":"data-current-task"'
expect_event_json '"function_name":"__x64_sys_lseek"' \
	'"args":[{"int_arg":0}],"data":[{"string_arg":"tpcdata.sh"},{"int_arg":'"$pid"'}]'
expect_event_json '"pid":'"$pid"',' '"string_arg":"tpcdata.sh"'
exit 0

# resolve_lsm: 'resolve' follows a field path from an argument, as Tetragon does.
# At bprm_check_security, bprm->mm->owner is the task calling execve: its
# grandparent's comm is "tpcgp.sh" when tpcgp.sh runs tpcpa.sh, which runs
# getppid (a script's comm is its file name). bprm->file->f_path.dentry->d_name.name
# (embedded structs on the way) is the executed file's name; bprm->mm->owner->tgid (an
# integer field, read by value) is the pid the event reports for the process.
# policy: tests/e2e/policies/resolve-grandparent.yaml
# policy: tests/e2e/policies/resolve-all.yaml
# policy: tests/e2e/policies/resolve-dname.yaml
# policy: tests/e2e/policies/resolve-tgid.yaml
# needs: bpf_lsm
# trig: getppid
. "$E2E_DIR/lib.sh"

printf '#!/bin/sh\n"%s"\nexit 0\n' "$(trig getppid)" >"$WORK/tpcpa.sh"
printf '#!/bin/sh\n"%s"\nexit 0\n' "$WORK/tpcpa.sh" >"$WORK/tpcgp.sh"
chmod +x "$WORK/tpcpa.sh" "$WORK/tpcgp.sh"
agent_start "$(obj resolve-grandparent)" "$(obj resolve-all)" "$(obj resolve-dname)" "$(obj resolve-tgid)"
"$WORK/tpcgp.sh" >/dev/null || fail "tpcgp.sh failed"
wait_events 1 '"policy_name":"resolve-grandparent"'
wait_events 1 '"policy_name":"resolve-dname"'
wait_events 1 '"policy_name":"resolve-tgid"'
agent_stop
# only the exec of getppid has tpcgp.sh as its grandparent
expect_events 1 '"policy_name":"resolve-grandparent"'
expect_event_json '"policy_name":"resolve-grandparent"' '"function_name":"bprm_check_security"' \
	'"args":[{"string_arg":"tpcgp.sh"}]'
# every exec is reported: the one of tpcpa.sh (grandparent: this case's shell) has another value
expect_events 1 '"policy_name":"resolve-all"' '"args":[{"string_arg":"tpcgp.sh"}]'
n=$(count_events '"policy_name":"resolve-all"' '"function_name":"bprm_check_security"')
[ "$n" -ge 3 ] || fail "resolve-all: $n events, want one per exec (3 at least)"
expect_event_json '"policy_name":"resolve-dname"' '"args":[{"string_arg":"getppid"}]'
expect_events 0 '"policy_name":"resolve-dname"' '"args":[{"string_arg":"tpcpa.sh"}]'
line=$(grep -F '"policy_name":"resolve-tgid"' "$AGENT_OUT" | head -n 1)
pid=$(echo "$line" | sed -n 's/^[^}]*"process":{[^}]*"pid":\([0-9]*\),.*/\1/p')
arg=$(echo "$line" | sed -n 's/.*"args":\[{"int_arg":\([0-9-]*\)}\].*/\1/p')
[ -n "$pid" ] && [ "$pid" = "$arg" ] || fail "resolve-tgid: int_arg '$arg', process pid '$pid': $line"
note "resolve-tgid: int_arg $arg = process pid"
exit 0

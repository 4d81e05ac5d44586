# list-gen-syscalls: a generated_syscalls list hooks every syscall (those
# with a __x64_sys_* function in the BTF tpc compiled against): the copy of
# the getppid trigger the policy names reports its write and exit_group, once
# each (the list's hooks share one program, attached once); the same program
# from another path reports nothing.
# policy: tests/e2e/policies/list-gen-syscalls.yaml
# needs: kprobes|tracepoints
# trig: getppid
. "$E2E_DIR/lib.sh"

cp "$(trig getppid)" /tmp/tpc-listgen-getppid || fail "cannot copy the trigger"
cp "$(trig getppid)" "$WORK/other-getppid"
agent_start -v "$(obj list-gen-syscalls)"
note "$(grep -c ": using " "$AGENT_ERR") hooks, $(grep ": using " "$AGENT_ERR" | sed 's/.*: using //' | sort -u | head -n 1)"
expect_survives /tmp/tpc-listgen-getppid
expect_survives "$WORK/other-getppid"
wait_events 1 '"function_name":"__x64_sys_exit_group"'
agent_stop
expect_events 1 '"function_name":"__x64_sys_write"' '"binary":"/tmp/tpc-listgen-getppid"'
expect_events 1 '"function_name":"__x64_sys_exit_group"' '"binary":"/tmp/tpc-listgen-getppid"'
expect_events 0 'other-getppid'
rm -f /tmp/tpc-listgen-getppid
exit 0

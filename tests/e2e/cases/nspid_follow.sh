# nspid-follow: matchPIDs isNamespacePID with followForks walks the process
# map's namespace pids up the parent chain. In a new pid namespace, pid 2 and
# its descendants match 'In 2': lseek(-1) from pid 3, a child of pid 2, is
# killed, while lseek(-1) from pid 3, a child of pid 1, and from the host
# survive. 'NotIn 2' kills lseek(-2) on the host (no ancestor is pid 2 in its
# namespace) and spares it below pid 2 of a new pid namespace.
# policy: tests/e2e/policies/nspid-follow.yaml
# needs: kprobes|tracepoints
# trig: lseek
. "$E2E_DIR/lib.sh"

need_cmd unshare
unshare -p -f true 2>/dev/null || skip "unshare -p -f does not work here"
l=$(trig lseek)
agent_start -v "$(obj nspid-follow)"
expect_survives "$l" -1
expect_killed "$l" -2
# pid 1 sh runs "$l" 5 (pid 2, exits), then "$l" -1 (pid 3, parent pid 1)
unshare -p -f sh -c "\"$l\" 5; \"$l\" -1; exit 0" >"$WORK/sibling.out" 2>&1
sed 's/^/# | /' "$WORK/sibling.out"
grep -q 'lseek(-1)' "$WORK/sibling.out" || fail "pid 3, a child of pid 1, did not survive lseek(-1)"
# pid 1 sh runs sh (pid 2), which runs "$l" (pid 3); the trigger prints only if it survived
unshare -p -f sh -c "sh -c '\"$l\" -1; exit 0'; exit 0" >"$WORK/child.out" 2>&1
sed 's/^/# | /' "$WORK/child.out"
grep -q 'lseek(' "$WORK/child.out" && fail "pid 3, a child of pid 2, survived lseek(-1)"
unshare -p -f sh -c "sh -c '\"$l\" -2; exit 0'; exit 0" >"$WORK/notin.out" 2>&1
sed 's/^/# | /' "$WORK/notin.out"
grep -q 'lseek(-2)' "$WORK/notin.out" || fail "pid 3, a child of pid 2, did not survive lseek(-2)"
wait_events 2 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"KPROBE_ACTION_SIGKILL"' '"int_arg":-1' '"comm":"lseek"'
expect_events 1 '"KPROBE_ACTION_SIGKILL"' '"int_arg":-2' '"comm":"lseek"'
expect_events 2 '"function_name":"__x64_sys_lseek"'
exit 0

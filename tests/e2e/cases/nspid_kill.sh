# nspid-kill: matchPIDs In 1 isNamespacePID kills the init process of a new
# pid namespace (unshare -p -f: the trigger is pid 1 there) doing lseek(-1);
# the same lseek(-1) from the host (pid != 1) and from pid 2 of a new pid
# namespace (sh stays pid 1) survives.
# policy: tests/e2e/policies/nspid-kill.yaml
# needs: kprobes|tracepoints
# trig: lseek
. "$E2E_DIR/lib.sh"

need_cmd unshare
unshare -p -f true 2>/dev/null || skip "unshare -p -f does not work here"
l=$(trig lseek)
agent_start -v "$(obj nspid-kill)"
expect_survives "$l" -1
expect_survives unshare -p -f sh -c "\"$l\" -1; exit 0"
# unshare -f's own status after its child died of a signal varies between
# util-linux versions: the trigger prints its result only if it survived
unshare -p -f --mount-proc "$l" -1 >"$WORK/init.out" 2>&1
sed 's/^/# | /' "$WORK/init.out"
grep -q 'lseek(' "$WORK/init.out" && fail "pid 1 of a new pid namespace survived lseek(-1)"
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"KPROBE_ACTION_SIGKILL"' '"comm":"lseek"'
exit 0

# nscap-kill: matchCapabilities In CAP_SYS_ADMIN isNamespaceCapability kills
# root of a new user namespace (unshare -U -r: full capabilities there)
# doing lseek(-1); host root, with the same capability in the host user
# namespace, survives.
# policy: tests/e2e/policies/nscap-kill.yaml
# needs: kprobes|tracepoints
# trig: lseek
. "$E2E_DIR/lib.sh"

need_cmd unshare
unshare -U -r true 2>/dev/null || skip "unshare -U -r does not work here"
grep -q '^CapEff:.*[1-9a-f]' /proc/self/status || skip "this shell has no effective capabilities"
l=$(trig lseek)
agent_start -v "$(obj nscap-kill)"
expect_survives "$l" -1
expect_killed unshare -U -r "$l" -1
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"KPROBE_ACTION_SIGKILL"' '"comm":"lseek"'
exit 0

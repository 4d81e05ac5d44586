# nscap-changes: matchCapabilityChanges with isNamespaceCapability counts a
# change only outside the host user namespace: dropping CAP_NET_RAW after
# unshare(CLONE_NEWUSER) kills lseek(-1); the same drop in the host user
# namespace, and a new user namespace without a change, survive.
# policy: tests/e2e/policies/nscap-changes.yaml
# needs: kprobes|tracepoints
# trig: lseekchg
. "$E2E_DIR/lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root"
grep -q '^CapEff:.*[1-9a-f]' /proc/self/status || skip "this shell has no effective capabilities"
t=$(trig lseekchg)
"$t" user 5 >/dev/null 2>&1 || skip "unshare(CLONE_NEWUSER) does not work here"
agent_start -v "$(obj nscap-changes)"
expect_survives "$t" drop:13 -1
expect_survives "$t" user -1
expect_killed "$t" user drop:13 -1
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"KPROBE_ACTION_SIGKILL"' '"int_arg":-1' '"comm":"lseekchg"'
expect_events 1 '"function_name":"__x64_sys_lseek"'
exit 0

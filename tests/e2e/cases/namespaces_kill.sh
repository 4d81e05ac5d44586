# namespaces-kill: matchNamespaces Mnt NotIn host_ns kills a process in a new
# mount namespace (unshare -m) opening the file; the same open from the host
# namespace survives.
# policy: policies/namespaces-kill.yaml
# needs: kprobes|tracepoints
. "$E2E_DIR/lib.sh"

need_cmd unshare
unshare -m true 2>/dev/null || skip "unshare -m does not work here"
f="$WORK/data.tpc-ns"
echo hello >"$f"
agent_start -v "$(obj namespaces-kill)"
expect_survives cat "$f"
expect_killed unshare -m cat "$f"
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"KPROBE_ACTION_SIGKILL"' 'tpc-ns'
exit 0

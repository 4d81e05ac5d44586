# ns-changes: matchNamespaceChanges compares the namespaces with those
# recorded at exec. A process that unshares its network namespace after exec
# is reported once on lseek(-1) (the match records the new one, as Tetragon
# does) and survives lseek(-2) (NotIn Net); one that unshares its UTS
# namespace is not reported and is killed on lseek(-2). A process started in
# a new network namespace (unshare -n, before exec) matches neither.
# policy: tests/e2e/policies/ns-changes.yaml
# needs: kprobes|tracepoints
# trig: lseekchg
. "$E2E_DIR/lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root"
need_cmd unshare
unshare -n true 2>/dev/null || skip "unshare -n does not work here"
t=$(trig lseekchg)
agent_start -v "$(obj ns-changes)"
expect_survives "$t" -1 -2
expect_survives unshare -n "$t" -1 -2
expect_survives "$t" net -1 -1 -2	# one event, lseek(-2) not killed
expect_survives "$t" uts -1		# no event
expect_killed "$t" uts -2
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"int_arg":-1'
expect_events 1 '"int_arg":-1' '"comm":"lseekchg"'
expect_events 1 '"KPROBE_ACTION_SIGKILL"' '"int_arg":-2' '"comm":"lseekchg"'
expect_events 2 '"function_name":"__x64_sys_lseek"'
exit 0

# cap-changes: matchCapabilityChanges compares the effective set with the one
# recorded at exec. A process that drops CAP_NET_RAW after exec is reported
# once on lseek(-1) (the match records the new set, as Tetragon does, so the
# second lseek(-1) is not); dropping CAP_SYS_ADMIN instead is not reported,
# but it kills lseek(-2) (NotIn CAP_NET_RAW: only other capabilities changed).
# A process whose capabilities were dropped before exec (setpriv) or never
# changed matches neither.
# policy: tests/e2e/policies/cap-changes.yaml
# needs: kprobes|tracepoints
# trig: lseekchg
. "$E2E_DIR/lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root"
grep -q '^CapEff:.*[1-9a-f]' /proc/self/status || skip "this shell has no effective capabilities"
t=$(trig lseekchg)
agent_start -v "$(obj cap-changes)"
expect_survives "$t" -1 -2
expect_survives "$t" drop:13 -1 -1 -2	# CAP_NET_RAW: one event, lseek(-2) not killed
expect_survives "$t" drop:21 -1		# CAP_SYS_ADMIN: no event
expect_killed "$t" drop:21 -2
if setpriv --help 2>&1 | grep -q -e '--bounding-set'; then
	expect_survives setpriv --bounding-set=-net_raw --inh-caps=-net_raw "$t" -1 -2
fi
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"int_arg":-1'
expect_events 1 '"int_arg":-1' '"comm":"lseekchg"'
expect_events 1 '"KPROBE_ACTION_SIGKILL"' '"int_arg":-2' '"comm":"lseekchg"'
expect_events 2 '"function_name":"__x64_sys_lseek"'
exit 0

# capabilities-kill: matchCapabilities Effective NotIn CAP_SYS_ADMIN kills a
# process that dropped CAP_SYS_ADMIN (setpriv, else capsh) when it opens the
# file; the root shell that still has it survives.
# policy: policies/capabilities-kill.yaml
# needs: kprobes|tracepoints
. "$E2E_DIR/lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root"
# util-linux setpriv (busybox's has no --bounding-set), else libcap's capsh
if setpriv --help 2>&1 | grep -q -e '--bounding-set'; then
	drop() { setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin "$@"; }
elif command -v capsh >/dev/null 2>&1; then
	drop() { capsh --drop=cap_sys_admin -- -c 'exec "$@"' sh "$@"; }
else
	skip "needs setpriv (util-linux) or capsh (libcap2-bin)"
fi
grep -q '^CapEff:.*[1-9a-f]' /proc/self/status || skip "this shell has no effective capabilities"
f="$WORK/data.tpc-caps"
echo hello >"$f"
agent_start -v "$(obj capabilities-kill)"
expect_survives cat "$f"
expect_killed drop cat "$f"
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"KPROBE_ACTION_SIGKILL"' 'tpc-caps'
exit 0

# binaries-kill: matchBinaries In /usr/bin/cat kills cat opening a file, while
# head opening the same file survives; the event names the binary from the
# process map (the process is dead by the time the agent decodes it).
# policy: policies/binaries-kill.yaml
# needs: kprobes|tracepoints
. "$E2E_DIR/lib.sh"

[ -x /usr/bin/cat ] && [ -x /usr/bin/head ] || skip "needs /usr/bin/cat and /usr/bin/head"
[ "$(readlink -f /usr/bin/cat)" != "$(readlink -f /usr/bin/head)" ] ||
	skip "cat and head are the same binary here (busybox)"
f="$WORK/data.tpc-binsel"
echo hello >"$f"

agent_start -v "$(obj binaries-kill)"
expect_killed /usr/bin/cat "$f"
expect_survives /usr/bin/head -n 1 "$f"
# a file the policy does not name: cat survives
echo other >"$WORK/other"
expect_survives /usr/bin/cat "$WORK/other"
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"KPROBE_ACTION_SIGKILL"' '"binary":"/usr/bin/cat"' 'tpc-binsel'
expect_events 0 '"binary":"/usr/bin/head"'
exit 0

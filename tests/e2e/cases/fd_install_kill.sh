# fd-install-kill: `cat /tmp/tetragon` is killed when fd_install gets its file;
# cat of another file is not. Needs kprobes (the qemu guests have them).
# policy: policies/fd-install-kill.yaml
# needs: kprobes
. "$E2E_DIR/lib.sh"

echo secret >/tmp/tetragon
echo public >/tmp/other
agent_start -v "$(obj fd-install-kill)"

expect_killed cat /tmp/tetragon
expect_survives cat /tmp/other
wait_events 1 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 1 '"KPROBE_ACTION_SIGKILL"' '"path":"/tmp/tetragon"'
expect_events 0 '"path":"/tmp/other"'
rm -f /tmp/tetragon /tmp/other
exit 0

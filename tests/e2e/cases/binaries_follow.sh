# binaries-follow: matchBinaries followChildren covers the children of a
# matching shell: cat started by .../tpc-follow-bin/sh is killed opening the
# file, cat started by the test's own shell is not.
# policy: policies/binaries-follow.yaml
# needs: kprobes|tracepoints
. "$E2E_DIR/lib.sh"

# a copy (not a link: the process map records the real file) of this shell
sh_bin=$(readlink -f /proc/$$/exe)
mkdir -p "$WORK/tpc-follow-bin"
cp "$sh_bin" "$WORK/tpc-follow-bin/sh" || fail "cannot copy $sh_bin"
fsh="$WORK/tpc-follow-bin/sh"
f="$WORK/data.tpc-follow"
echo hello >"$f"

agent_start -v "$(obj binaries-follow)"
# a child of the matching shell, and a grandchild through a plain subshell
expect_exit 0 "$fsh" -c "cat '$f'; echo rc=\$? >'$WORK/rc1'"
expect_exit 0 "$fsh" -c "(cat '$f'; echo rc=\$? >'$WORK/rc2')"
[ "$(cat "$WORK/rc1")" = rc=137 ] || fail "child of the matching shell: $(cat "$WORK/rc1")"
[ "$(cat "$WORK/rc2")" = rc=137 ] || fail "grandchild of the matching shell: $(cat "$WORK/rc2")"
# the same command from a shell that does not match
expect_survives cat "$f"
expect_survives sh -c "cat '$f'"
wait_events 2 '"KPROBE_ACTION_SIGKILL"'
agent_stop
expect_events 2 '"KPROBE_ACTION_SIGKILL"'
exit 0

# kprobe-regs: a 'data' entry with source pt_regs on a kprobe reads the
# probed function's register: fd_install's first argument (edi) is the fd
# cat gets for the file it opens (3), reported in "data"; another file gives
# no event.
# policy: tests/e2e/policies/kprobe-regs.yaml
# needs: kprobes
. "$E2E_DIR/lib.sh"

echo x >/tmp/tpc-regs-file
echo y >/tmp/tpc-regs-other
agent_start "$(obj kprobe-regs)"
expect_survives cat /tmp/tpc-regs-file
expect_survives cat /tmp/tpc-regs-other
wait_events 1 '"policy_name":"kprobe-regs"'
tick
agent_stop
expect_events 1 '"policy_name":"kprobe-regs"'
expect_events 1 '"function_name":"fd_install"' '"path":"/tmp/tpc-regs-file"' '"data":[{"int_arg":3}]'
rm -f /tmp/tpc-regs-file /tmp/tpc-regs-other
exit 0

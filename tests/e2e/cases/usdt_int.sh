# usdt-int: a USDT probe (tpc:probe1, <sys/sdt.h>) with an int argument read
# by bpf_usdt_arg: the firing with 42 is reported with its value, the firing
# with 7 is filtered out in the kernel.
# policy: tests/e2e/policies/usdt-int.yaml
# needs: uprobes
# trig: usdt_target
. "$E2E_DIR/lib.sh"

cp "$(trig usdt_target)" /tmp/tpc-usdt-target
agent_start "$(obj usdt-int)"
/tmp/tpc-usdt-target 7
/tmp/tpc-usdt-target 42
wait_events 1 '"int_arg":42'
agent_stop
expect_events 1 '"process_usdt"' '"path":"/tmp/tpc-usdt-target"' '"provider":"tpc"' '"name":"probe1"' '"int_arg":42'
expect_events 0 '"int_arg":7'
rm -f /tmp/tpc-usdt-target
exit 0

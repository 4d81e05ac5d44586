# caps-gained: matchArgs CapabilitiesGained with args [i, j] on
# security_capset: the capset that drops CAP_SYS_ADMIN from the effective
# set (the permitted set keeps it) matches args [2, 4] (permitted gains over
# effective), the unchanged capset before it does not; args [4, 2] never
# matches (the effective set is within the permitted one).
# policy: tests/e2e/policies/caps-gained.yaml
# needs: kprobes
# trig: capsetx
. "$E2E_DIR/lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root to change capabilities"
cx=$(trig capsetx)
agent_start "$(obj caps-gained)"
expect_survives "$cx"
wait_events 1 '"function_name":"security_capset"'
agent_stop
expect_events 1 '"function_name":"security_capset","args":[{"cap_effective_arg":"000001ffffdfffff"},{"kernel_cap_t_arg":"000001ffffffffff"}]'
expect_events 1 '"function_name":"security_capset"'
expect_events 0 '"kernel_cap_t_arg":"000001ffffdfffff"'
exit 0

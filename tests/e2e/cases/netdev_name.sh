# netdev_name: Equal and NotEqual on a 'net_device' argument compare dev->name, as
# Tetragon does. UDP to 127.0.0.1 goes out through lo (dev_hard_start_xmit); the
# guest has no other device, so only the policies whose values name "lo" report.
# policy: tests/e2e/policies/netdev-equal-lo.yaml
# policy: tests/e2e/policies/netdev-equal-other.yaml
# policy: tests/e2e/policies/netdev-notequal-lo.yaml
# needs: kprobes
# trig: net_pair
. "$E2E_DIR/lib.sh"

agent_start "$(obj netdev-equal-lo)" "$(obj netdev-equal-other)" "$(obj netdev-notequal-lo)"
"$(trig net_pair)" udp 127.0.0.1 5354 || fail "net_pair failed"
wait_events 1 '"policy_name":"netdev-equal-lo"'
sleep 1
agent_stop
expect_event_json '"policy_name":"netdev-equal-lo"' '"function_name":"dev_hard_start_xmit"' \
	'"args":[{"net_dev_arg":{"name":"lo"}}]'
# "l" is a prefix of "lo" and "lo0" extends it: neither is equal
expect_events 0 '"policy_name":"netdev-equal-other"'
expect_events 0 '"policy_name":"netdev-notequal-lo"'
exit 0

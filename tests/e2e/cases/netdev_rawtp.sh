# netdev_rawtp: Equal "lo" on the 'net_device' of raw tracepoint net_dev_xmit (the host has
# raw tracepoints, the guests too): UDP to 127.0.0.1 goes out through lo and is reported
# with the device's name; packets on other devices (the host's own traffic) are not.
# policy: tests/e2e/policies/netdev-rawtp-lo.yaml
# needs: raw_tracepoints
# trig: net_pair
. "$E2E_DIR/lib.sh"

agent_start "$(obj netdev-rawtp-lo)"
"$(trig net_pair)" udp 127.0.0.1 5355 >/dev/null || fail "net_pair failed"
wait_events 1 '"policy_name":"netdev-rawtp-lo"'
sleep 1
agent_stop
expect_event_json '"policy_name":"netdev-rawtp-lo"' '"args":[{"net_dev_arg":{"name":"lo"}}]'
all=$(count_events '"policy_name":"netdev-rawtp-lo"')
lo=$(count_events '"policy_name":"netdev-rawtp-lo"' '"net_dev_arg":{"name":"lo"}')
[ "$all" = "$lo" ] || fail "$all events, only $lo of them on lo"
note "$lo events, all on lo"
exit 0

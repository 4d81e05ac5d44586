# net_sock: every network operator on a 'sock' argument (tcp_connect, tcp_close), each
# with traffic that matches and traffic that does not, in a network namespace of its own:
# tcp 10.200.0.1:8080 from port 999, tcp [fd00::1]:2000 from 40000, tcp 127.0.0.1:80, udp.
# policy: tests/e2e/policies/net-sock-saddr.yaml
# policy: tests/e2e/policies/net-sock-daddr.yaml
# policy: tests/e2e/policies/net-sock-notsaddr.yaml
# policy: tests/e2e/policies/net-sock-sport.yaml
# policy: tests/e2e/policies/net-sock-notsport.yaml
# policy: tests/e2e/policies/net-sock-dport.yaml
# policy: tests/e2e/policies/net-sock-notdport.yaml
# policy: tests/e2e/policies/net-sock-sportpriv.yaml
# policy: tests/e2e/policies/net-sock-notsportpriv.yaml
# policy: tests/e2e/policies/net-sock-dportpriv.yaml
# policy: tests/e2e/policies/net-sock-notdportpriv.yaml
# policy: tests/e2e/policies/net-sock-family.yaml
# policy: tests/e2e/policies/net-sock-protocol.yaml
# policy: tests/e2e/policies/net-sock-or.yaml
# policy: tests/e2e/policies/net-sock-and.yaml
# policy: tests/e2e/policies/net-sock-state.yaml
# needs: kprobes
# trig: net_pair
# timeout: 120
. "$E2E_DIR/lib.sh"

agent_start $(for p in saddr daddr notsaddr sport notsport dport notdport sportpriv notsportpriv dportpriv \
	notdportpriv family protocol or and state; do obj net-sock-$p; done)
t=$(trig net_pair)
netns_run sh -c "$t tcp 10.200.0.1 8080 999 && $t tcp fd00::1 2000 40000 && $t tcp 127.0.0.1 80 &&
	$t udp 10.200.0.1 5353" || fail "net_pair failed"
wait_events 3 '"policy_name":"net-sock-state"'
sleep 1
agent_stop
pol_events net-sock-saddr 1 '"saddr":"10.200.0.1"' '"daddr":"10.200.0.1"' '"sport":999,' '"dport":8080,' \
	'"family":"AF_INET"' '"protocol":"IPPROTO_TCP"' '"state":"TCP_SYN_SENT"'
pol_events net-sock-daddr 1 '"saddr":"fd00::1"' '"daddr":"fd00::1"' '"sport":40000,' '"dport":2000,' \
	'"family":"AF_INET6"'
pol_events net-sock-notsaddr 2
pol_none_with net-sock-notsaddr '"saddr":"10.200.0.1"'
pol_events net-sock-sport 1 '"sport":999,' '"dport":8080,'
pol_events net-sock-notsport 2
pol_none_with net-sock-notsport '"sport":999,'
pol_events net-sock-dport 1 '"dport":8080,'
pol_events net-sock-notdport 2
pol_none_with net-sock-notdport '"dport":8080,'
pol_events net-sock-sportpriv 1 '"sport":999,'
pol_events net-sock-notsportpriv 2
pol_none_with net-sock-notsportpriv '"sport":999,'
pol_events net-sock-dportpriv 1 '"daddr":"127.0.0.1"' '"dport":80,'
pol_events net-sock-notdportpriv 2
pol_none_with net-sock-notdportpriv '"dport":80,'
pol_events net-sock-family 1 '"family":"AF_INET6"' '"daddr":"fd00::1"'
pol_events net-sock-protocol 0
pol_events net-sock-or 2
pol_none_with net-sock-or '"dport":8080,'
pol_events net-sock-and 1 '"daddr":"10.200.0.1"' '"sport":999,'
pol_events net-sock-state 3 '"function_name":"tcp_close"' '"state":"TCP_LISTEN"'
exit 0

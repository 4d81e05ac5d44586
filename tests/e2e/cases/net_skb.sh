# net_skb: network operators on an 'skb' argument (__dev_queue_xmit sees every packet on
# lo), with matching and non-matching packets in a network namespace of its own.
# policy: tests/e2e/policies/net-skb-saddr.yaml
# policy: tests/e2e/policies/net-skb-daddr.yaml
# policy: tests/e2e/policies/net-skb-notsaddr.yaml
# policy: tests/e2e/policies/net-skb-notdaddr.yaml
# policy: tests/e2e/policies/net-skb-sport.yaml
# policy: tests/e2e/policies/net-skb-notsport.yaml
# policy: tests/e2e/policies/net-skb-dport.yaml
# policy: tests/e2e/policies/net-skb-notdport.yaml
# policy: tests/e2e/policies/net-skb-sportpriv.yaml
# policy: tests/e2e/policies/net-skb-notsportpriv.yaml
# policy: tests/e2e/policies/net-skb-dportpriv.yaml
# policy: tests/e2e/policies/net-skb-notdportpriv.yaml
# policy: tests/e2e/policies/net-skb-protocol.yaml
# policy: tests/e2e/policies/net-skb-family.yaml
# needs: kprobes
# trig: net_pair
# timeout: 120
. "$E2E_DIR/lib.sh"

# all == sum of the counts of each PATTERN (events of POLICY that have one of them)
pol_split() {
	_p=$1
	shift
	_all=$(count_events "\"policy_name\":\"$_p\"")
	_sum=0
	for _x in "$@"; do
		_sum=$((_sum + $(count_events "\"policy_name\":\"$_p\"" "$_x")))
	done
	[ "$_all" -ge 1 ] && [ "$_all" = "$_sum" ] || fail "policy $_p: $_all events, $_sum with one of [$*]"
}

agent_start $(for p in saddr daddr notsaddr notdaddr sport notsport dport notdport sportpriv notsportpriv \
	dportpriv notdportpriv protocol family; do obj net-skb-$p; done)
t=$(trig net_pair)
netns_run sh -c "$t tcp 10.200.0.1 8080 999 && $t tcp fd00::1 2000 40000 && $t tcp 127.0.0.1 80 &&
	$t udp 10.200.0.1 5353" || fail "net_pair failed"
wait_events 1 '"policy_name":"net-skb-protocol"'
sleep 1
agent_stop
pol_some net-skb-saddr '"saddr":"fd00::1"' '"family":"AF_INET6"' '"protocol":"IPPROTO_TCP"'
pol_some net-skb-daddr '"daddr":"10.200.0.1"' '"family":"AF_INET"'
pol_some net-skb-notsaddr
pol_none_with net-skb-notsaddr '"saddr":"127.0.0.1"'
pol_some net-skb-notdaddr '"saddr":"127.0.0.1"' '"daddr":"127.0.0.1"'
pol_some net-skb-sport '"sport":8080,' '"saddr":"10.200.0.1"'
pol_some net-skb-notsport '"protocol":"IPPROTO_TCP"'
pol_none_with net-skb-notsport '"sport":8080,'
pol_some net-skb-dport '"dport":5353,' '"protocol":"IPPROTO_UDP"' '"len":'
pol_split net-skb-notdport '"dport":999,' '"dport":80,'
pol_none_with net-skb-notdport '"family":"AF_INET6"'
pol_split net-skb-sportpriv '"sport":999,' '"sport":80,'
pol_some net-skb-notsportpriv '"family":"AF_INET6"'
pol_split net-skb-dportpriv '"dport":999,' '"dport":80,'
pol_some net-skb-notdportpriv '"family":"AF_INET6"'
pol_some net-skb-protocol '"protocol":"IPPROTO_UDP"' '"dport":5353,'
pol_some net-skb-family '"family":"AF_INET6"' '"saddr":"fd00::1"'
exit 0

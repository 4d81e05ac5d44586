# net_socket: network operators on 'socket' (security_socket_connect, inet_release) and
# 'sockaddr' (security_socket_connect's address, kernel memory) arguments, each with
# matching and non-matching connections in a network namespace of its own.
# policy: tests/e2e/policies/net-socket-protocol.yaml
# policy: tests/e2e/policies/net-socket-family.yaml
# policy: tests/e2e/policies/net-socket-dport.yaml
# policy: tests/e2e/policies/net-sa-saddr.yaml
# policy: tests/e2e/policies/net-sa-notsaddr.yaml
# policy: tests/e2e/policies/net-sa-sport.yaml
# policy: tests/e2e/policies/net-sa-notsport.yaml
# policy: tests/e2e/policies/net-sa-sportpriv.yaml
# policy: tests/e2e/policies/net-sa-notsportpriv.yaml
# policy: tests/e2e/policies/net-sa-family.yaml
# needs: kprobes
# trig: net_pair
# timeout: 120
. "$E2E_DIR/lib.sh"

agent_start $(for p in socket-protocol socket-family socket-dport sa-saddr sa-notsaddr sa-sport sa-notsport \
	sa-sportpriv sa-notsportpriv sa-family; do obj net-$p; done)
t=$(trig net_pair)
netns_run sh -c "$t tcp 10.200.0.1 8080 999 && $t tcp fd00::1 2000 40000 && $t tcp 127.0.0.1 80 &&
	$t udp 10.200.0.1 5353" || fail "net_pair failed"
wait_events 3 '"policy_name":"net-sa-notsportpriv"'
sleep 1
agent_stop
pol_events net-socket-protocol 1 '"function_name":"security_socket_connect"' '"protocol":"IPPROTO_UDP"' \
	'"type":"SOCK_DGRAM"'
pol_events net-socket-family 1 '"family":"AF_INET6"' '"type":"SOCK_STREAM"'
pol_events net-socket-dport 1 '"function_name":"inet_release"' '"daddr":"10.200.0.1"' '"sport":999,' \
	'"dport":8080,'
pol_events net-sa-saddr 2 '"sockaddr_arg":{"family":"AF_INET","addr":"10.200.0.1","port":'
pol_events net-sa-notsaddr 2
pol_none_with net-sa-notsaddr '"addr":"10.200.0.1"'
pol_events net-sa-sport 1 '"addr":"10.200.0.1","port":8080}'
pol_events net-sa-notsport 3
pol_none_with net-sa-notsport '"port":8080}'
pol_events net-sa-sportpriv 1 '"addr":"127.0.0.1","port":80}'
pol_events net-sa-notsportpriv 3
pol_none_with net-sa-notsportpriv '"port":80}'
pol_events net-sa-family 1 '"sockaddr_arg":{"family":"AF_INET6","addr":"fd00::1","port":2000}'
exit 0

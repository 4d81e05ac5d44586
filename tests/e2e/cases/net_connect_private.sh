# net_connect_private: tcp_connect with NotDAddr of nine private/loopback ranges (an LPM
# trie the agent fills from the object's metadata) and Sigkill: connecting to private
# addresses survives, to 198.51.100.1 or 2001:db8::1 (in a namespace of our own) is killed.
# policy: policies/tcp-connect-private.yaml
# needs: kprobes
# trig: net_pair
. "$E2E_DIR/lib.sh"

agent_start "$(obj tcp-connect-private)"
t=$(trig net_pair)
expect_survives netns_run "$t" tcp 10.200.0.1 7000
expect_survives netns_run "$t" tcp 127.0.0.1 7001
expect_survives netns_run "$t" tcp fd00::1 7002
expect_survives netns_run "$t" tcp ::1 7003
expect_killed netns_run "$t" tcp 198.51.100.1 7004
expect_killed netns_run "$t" tcp 2001:db8::1 7005
wait_events 2 '"function_name":"tcp_connect"'
sleep 1
agent_stop
expect_events 2 '"function_name":"tcp_connect"' '"KPROBE_ACTION_SIGKILL"'
expect_events 1 '"daddr":"198.51.100.1"' '"dport":7004,'
expect_events 1 '"daddr":"2001:db8::1"' '"dport":7005,'
exit 0

# net_sendmsg_nonlocal: tcp_sendmsg with NotDAddr 127.0.0.1 (the seed): data sent to
# 127.0.0.1 produces no event, data sent to 10.200.0.1 (a namespace of our own) does.
# policy: policies/tcp-sendmsg-nonlocal.yaml
# needs: kprobes
# trig: net_pair
. "$E2E_DIR/lib.sh"

agent_start "$(obj tcp-sendmsg-nonlocal)"
t=$(trig net_pair)
out=$(netns_run "$t" tcp 127.0.0.1 7000) || fail "net_pair failed: $out"
out=$(netns_run "$t" tcp 10.200.0.1 7001) || fail "net_pair failed: $out"
note "$out"
sport=${out#sport=}; sport=${sport%% *}
wait_events 1 '"function_name":"tcp_sendmsg"'
sleep 1
agent_stop
expect_events 1 '"function_name":"tcp_sendmsg"' '"saddr":"10.200.0.1"' '"daddr":"10.200.0.1"' \
	"\"sport\":$sport," '"dport":7001,' '"size_arg":"1"'
expect_events 0 '"daddr":"127.0.0.1"'
exit 0

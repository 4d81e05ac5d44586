# tcp-connect: a loopback connection is reported by tcp_connect with the
# client's source port and the listener's port, both addresses 127.0.0.1.
# policy: policies/tcp-connect.yaml
# needs: kprobes
# trig: tcp_pair
. "$E2E_DIR/lib.sh"

ip link set lo up 2>/dev/null || true
agent_start "$(obj tcp-connect)"
out=$("$(trig tcp_pair)") || fail "tcp_pair failed: $out"
note "$out"
sport=${out#sport=}; sport=${sport%% *}
dport=${out#*dport=}
wait_events 1 '"function_name":"tcp_connect"'
agent_stop
expect_events 1 '"function_name":"tcp_connect"' '"saddr":"127.0.0.1"' '"daddr":"127.0.0.1"' \
	"\"sport\":$sport" "\"dport\":$dport" '"family":"AF_INET"'
expect_event_json '"function_name":"tcp_close"'
exit 0

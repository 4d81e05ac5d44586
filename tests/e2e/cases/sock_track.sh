# sock-track: returnArgAction TrackSock on sk_alloc makes the caller the
# owner of the sock; tcp_close of that sock, run by another process (a child
# that inherited it across exec and exits), reports the owner, with the
# sock's addresses and ports; the same event under a policy without tracking
# (loaded in the same agent: the map is per object) reports the child.
# UntrackSock on __sk_free removes the entry (bpftool map dump).
# policy: tests/e2e/policies/sock-track.yaml tests/e2e/policies/sock-notrack.yaml
# needs: kprobes
# trig: sock_owner
# timeout: 120
. "$E2E_DIR/lib.sh"

need_cmd bpftool
ip link set lo up 2>/dev/null || true
# the owners in the map, as "pid":N,... (BTF-typed JSON, spaces removed)
owners() {
	bpftool -j map dump name tpc_socktrack 2>&1 | tr -d ' \n'
}

agent_start "$(obj sock-track)" "$(obj sock-notrack)"
"$(trig sock_owner)" >"$WORK/trig.out" 2>&1 &
tpid=$!
n=50
while ! grep -q '^parent=' "$WORK/trig.out" 2>/dev/null && [ "$n" -gt 0 ]; do
	n=$((n - 1))
	tick
done
out=$(cat "$WORK/trig.out")
note "$out"
parent=${out#parent=}; parent=${parent%% *}
child=${out#*child=}; child=${child%% *}
sport=${out#*sport=}; sport=${sport%% *}
dport=${out#*dport=}
[ -n "$parent" ] && [ -n "$dport" ] || fail "sock_owner printed no pids: $out"
# the child holds the sock for a second: its owner is in the map
owners | grep -q "\"pid\":$parent," || { note "map: $(owners)"; fail "no tpc_socktrack entry owned by $parent"; }
wait "$tpid" || fail "sock_owner failed: $(cat "$WORK/trig.out")"

wait_events 2 '"function_name":"tcp_close"' "\"sport\":$sport" "\"dport\":$dport"
grep -F "\"sport\":$sport" "$AGENT_OUT" | sed 's/^/# event: /'
# the owner, although the child's shell ran tcp_close
expect_events 1 '"policy_name":"sock-track"' '"function_name":"tcp_close"' "\"pid\":$parent," "\"tid\":$parent," \
	'sock_owner"' '"saddr":"127.0.0.1"' '"daddr":"127.0.0.1"' "\"sport\":$sport" "\"dport\":$dport" \
	'"family":"AF_INET"'
# the control: the task that ran it
expect_events 1 '"policy_name":"sock-notrack"' '"function_name":"tcp_close"' "\"pid\":$child," \
	"\"sport\":$sport" "\"dport\":$dport"
expect_events 0 '"policy_name":"sock-notrack"' "\"pid\":$parent," "\"sport\":$sport" "\"dport\":$dport"

# sk_alloc's return value is the same sock (cookie: its address), reported by the caller
cookie=$(grep -F '"policy_name":"sock-track"' "$AGENT_OUT" | grep -F '"function_name":"tcp_close"' |
	grep -F "\"sport\":$sport" | sed -n 's/.*"cookie":"\([0-9]*\)".*/\1/p' | head -n 1)
[ -n "$cookie" ] || fail "no cookie in the tcp_close event"
expect_events 1 '"function_name":"sk_alloc"' "\"pid\":$parent," '"return":{"sock_arg":{"family":"AF_INET"' \
	"\"cookie\":\"$cookie\"" '"int_arg":2,"label":"family"'

# __sk_free untracked the parent's socks (the connection closes on loopback at once)
n=50
while owners | grep -q "\"pid\":$parent," && [ "$n" -gt 0 ]; do
	n=$((n - 1))
	tick
done
m=$(owners)
case $m in
*"\"pid\":$parent,"* | *"$cookie"*) note "map: $m"; fail "tpc_socktrack still holds a sock of $parent" ;;
esac
agent_stop
exit 0

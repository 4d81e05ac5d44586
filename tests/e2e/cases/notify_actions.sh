# notify-actions: GetUrl and DnsLookup are performed by tpc-agent, off the
# ring-buffer loop, when it reads the event; the BPF side only marks it.
# lseek(7, 4242) fetches http://127.0.0.1:18731/tpc-test from a one-shot
# server of the case; lseek(8, 4242) resolves "localhost".
# policy: tests/e2e/policies/lseek-notify.yaml
# needs: kprobes|tracepoints
# trig: lseekop http_once
. "$E2E_DIR/lib.sh"

lseekop=$(trig lseekop)
srv_out="$WORK/http_once.out"
"$(trig http_once)" 18731 >"$srv_out" 2>&1 &
srv=$!
_n=50
while ! grep -q listening "$srv_out" 2>/dev/null && [ "$_n" -gt 0 ]; do
	_n=$((_n - 1))
	tick
done
grep -q listening "$srv_out" || { cat "$srv_out"; kill "$srv" 2>/dev/null; fail "http_once did not start"; }

agent_start -v "$(obj lseek-notify)"
expect_survives "$lseekop" 7
expect_survives "$lseekop" 8
expect_event_json '"action":"KPROBE_ACTION_GETURL"' '"int_arg":7'
expect_event_json '"action":"KPROBE_ACTION_DNSLOOKUP"' '"int_arg":8'
_n=50
while ! grep -q 'GET /tpc-test' "$srv_out" && [ "$_n" -gt 0 ]; do
	_n=$((_n - 1))
	tick
done
_n=50
while ! grep -q "DnsLookup 'localhost'" "$AGENT_ERR" && [ "$_n" -gt 0 ]; do
	_n=$((_n - 1))
	tick
done
agent_stop
kill "$srv" 2>/dev/null
wait "$srv" 2>/dev/null
grep -q '^GET /tpc-test HTTP/1.0' "$srv_out" || { cat "$srv_out"; agent_dump; fail "GetUrl request did not arrive"; }
grep -q '"info":"GetUrl .*HTTP/1.0 200 OK"' "$AGENT_ERR" || { agent_dump; fail "GetUrl outcome not logged"; }
grep -Eq '"info":"DnsLookup '"'"'localhost'"'"': [^"]*(127\.0\.0\.1|::1)' "$AGENT_ERR" ||
	{ agent_dump; fail "DnsLookup resolution not logged"; }
expect_events 1 '"action":"KPROBE_ACTION_GETURL"'
expect_events 1 '"action":"KPROBE_ACTION_DNSLOOKUP"'
exit 0

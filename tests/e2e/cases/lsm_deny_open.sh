# lsm-deny-open: opening /tmp/secret fails with EPERM (the open is denied,
# not just reported); other files open. Needs BPF-LSM (the qemu guests).
# policy: policies/lsm-deny-open.yaml
# needs: bpf_lsm
. "$E2E_DIR/lib.sh"

echo secret >/tmp/secret
echo public >/tmp/public
agent_start "$(obj lsm-deny-open)"
if out=$(cat /tmp/secret 2>&1); then
	fail "cat /tmp/secret succeeded: $out"
fi
case $out in
*"not permitted"*) note "denied: $out" ;;
*) fail "cat /tmp/secret failed, but not with EPERM: $out" ;;
esac
[ "$(cat /tmp/public)" = public ] || fail "cat /tmp/public did not work"
wait_events 1 '"path":"/tmp/secret"'
agent_stop
expect_event_json '"path":"/tmp/secret"' 'OVERRIDE'
expect_events 0 '"path":"/tmp/public"'
rm -f /tmp/secret /tmp/public
exit 0

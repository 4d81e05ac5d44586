# file-monitoring: reads and writes under /data/ are reported with their
# path and MAY_READ/MAY_WRITE mask; the same under /tmp are not.
# policy: policies/file-monitoring.yaml
# needs: kprobes
. "$E2E_DIR/lib.sh"

mkdir -p /data /tmp/nodata
agent_start "$(obj file-monitoring)"
echo hello >/data/f1
cat /data/f1 >/dev/null
echo hello >/tmp/nodata/f2
cat /tmp/nodata/f2 >/dev/null
wait_events 2 '"path":"/data/f1"'
agent_stop
expect_event_json '"path":"/data/f1"' '"int_arg":2'
expect_event_json '"path":"/data/f1"' '"int_arg":4'
expect_events 0 '"path":"/tmp/nodata/f2"'
# nothing outside /data/ at all
n=$(grep -c '"file_arg"' "$AGENT_OUT" || true)
m=$(grep -c '"path":"/data/' "$AGENT_OUT" || true)
[ "$n" = "$m" ] || fail "$n file events, but only $m under /data/"
rm -rf /data /tmp/nodata
exit 0

# open-failures: a return probe on openat reports the failed open under
# /tmp/tpc-ret/ with its return value (-ENOENT), and neither the successful
# open there nor a failed open elsewhere.
# policy: tests/e2e/policies/open-failures.yaml
# needs: kprobes|tracepoints
. "$E2E_DIR/lib.sh"

mkdir -p /tmp/tpc-ret
echo here >/tmp/tpc-ret/exists
agent_start "$(obj open-failures)"
cat /tmp/tpc-ret/missing 2>/dev/null && fail "cat of a missing file succeeded"
cat /tmp/tpc-ret/exists >/dev/null || fail "cat /tmp/tpc-ret/exists failed"
cat /tmp/tpc-other-missing 2>/dev/null
wait_events 1 '"string_arg":"/tmp/tpc-ret/missing"'
agent_stop
expect_events 1 '"string_arg":"/tmp/tpc-ret/missing"' '"return":{"int_arg":-2}'
expect_events 0 '"string_arg":"/tmp/tpc-ret/exists"'
expect_events 0 '"string_arg":"/tmp/tpc-other-missing"'
rm -rf /tmp/tpc-ret
exit 0

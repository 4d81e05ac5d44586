# bpf-netdev: bpf_attr, bpf_map, perf_event and net_device arguments, decoded
# in Tetragon's shapes. The events come from a second agent loading
# lseek-kill (its programs, the pinned process map, its kprobe perf event) and from
# reading /proc/net/dev (the statistics of lo).
# policy: tests/e2e/policies/bpf-netdev.yaml
# policy: policies/lseek-kill.yaml
# needs: kprobes
# timeout: 90
. "$E2E_DIR/lib.sh"

agent_start -v "$(obj bpf-netdev)"
# the second agent: load, attach, exit after 2 s
"$TPC_AGENT" -t 2 -o json "$(obj lseek-kill)" >"$WORK/second.out" 2>"$WORK/second.err" ||
	fail "the second agent failed: $(cat "$WORK/second.err")"
cat /proc/net/dev >/dev/null
wait_events 1 '"function_name":"dev_get_stats"'
agent_stop
# what was seen, for a failure
for f in bpf_check bpf_map_new_fd security_perf_event_alloc dev_get_stats; do
	grep -F "\"function_name\":\"$f\"" "$AGENT_OUT" | grep -o '"args":.*"action"' | sort | uniq -c | head -n 5 | sed "s/^/# $f: /"
done
expect_event_json '"bpf_attr_arg":{"ProgType":"BPF_PROG_TYPE_KPROBE","InsnCnt":' '"ProgName":"tpc_lseek_0_kpr"}'
# map_create inlines bpf_map_new_fd: the event is the second agent opening the
# process map the first one pinned (bpf_obj_get -> bpf_map_new_fd)
expect_event_json '"bpf_map_arg":{"MapType":"BPF_MAP_TYPE_HASH","KeySize":4,' '"MapName":"tpc_procs_v2"}'
expect_event_json '"function_name":"security_perf_event_alloc","args":[{"perf_event_arg":{"Type":"'
expect_event_json '"function_name":"dev_get_stats","args":[{"net_dev_arg":{"name":"lo"}}]'
exit 0

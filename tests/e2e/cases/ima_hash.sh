# ima_hash: Post imaHash on an lsm hook reports the IMA hash of the executed file,
# "ima_hash":"sha256:<hex>" as Tetragon, equal to sha256sum of the file; a selector
# without imaHash reports none. Without IMA in the kernel the load must fail, naming it.
# policy: tests/e2e/policies/ima-bprm.yaml
# needs: bpf_lsm
# trig: getppid
# trig: lseek
. "$E2E_DIR/lib.sh"

if [ ! -d /sys/kernel/security/ima ]; then
	if "$TPC_AGENT" -t 1 -o json "$(obj ima-bprm)" >"$WORK/noima.out" 2>"$WORK/noima.err"; then
		fail "the object loaded on a kernel without IMA"
	fi
	grep -q "imaHash needs IMA" "$WORK/noima.err" || fail "the load failed, but not naming IMA: $(cat "$WORK/noima.err")"
	skip "no IMA in this kernel (/sys/kernel/security/ima): the load failed as it must"
fi
need_cmd sha256sum
agent_start "$(obj ima-bprm)"
"$(trig getppid)" >/dev/null || fail "getppid failed"
"$(trig lseek)" -2 >/dev/null 2>&1
wait_events 1 '"policy_name":"ima-bprm"' "\"path\":\"$(trig getppid)\""
wait_events 1 '"policy_name":"ima-bprm"' "\"path\":\"$(trig lseek)\""
agent_stop
want=$(sha256sum "$(trig getppid)" | cut -d' ' -f1)
[ ${#want} = 64 ] || fail "sha256sum gave '$want'"
note "$(grep -o '"ima_hash":"[^"]*"' "$AGENT_OUT" | head -n 1), sha256sum $want"
expect_event_json "{\"linux_binprm_arg\":{\"path\":\"$(trig getppid)\"}}" "\"ima_hash\":\"sha256:$want\""
expect_events 0 "\"path\":\"$(trig lseek)\"" '"ima_hash"'
exit 0

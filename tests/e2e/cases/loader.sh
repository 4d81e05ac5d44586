# loader: spec.loader reports each file mapped by a process with its build id
# (process_loader: path, buildid in base64), once per process and file: the
# exec of a copy of the trigger and its mmap(PROT_EXEC) by another process
# are reported with the build id the trigger reads from its own ELF note; a
# file without a build id (text) mapped PROT_EXEC is not.
# policy: tests/e2e/policies/loader.yaml
# needs: kprobes
# trig: loadmap
. "$E2E_DIR/lib.sh"

T=$(trig loadmap)
ID=$("$T" id) || fail "loadmap id: no build id note in $T"
[ -n "$ID" ] || fail "loadmap id printed nothing"
W=$(cd "$WORK" && pwd -P)
TP=$(cd "$(dirname "$T")" && pwd -P)/loadmap	# d_path() resolves symlinks
cp "$T" "$W/lm_copy" && chmod 755 "$W/lm_copy" || fail "cannot copy $T"
echo "no build id here" >"$W/lm_text"

agent_start "$(obj loader)"
"$W/lm_copy" map "$W/lm_text" || fail "lm_copy map lm_text failed"
"$T" map "$W/lm_copy" || fail "loadmap map lm_copy failed"
wait_events 2 '"process_loader"' "\"path\":\"$W/lm_copy\""
agent_stop
# the exec of lm_copy (its own process) and lm_copy mapped by loadmap
expect_events 2 '"process_loader"' "\"path\":\"$W/lm_copy\"" "\"buildid\":\"$ID\""
expect_event_json '"process_loader"' "\"path\":\"$W/lm_copy\"" '"comm":"loadmap"'
expect_event_json '"process_loader"' "\"path\":\"$TP\"" "\"buildid\":\"$ID\""
# no build id, no event
expect_events 0 "\"path\":\"$W/lm_text\""
exit 0

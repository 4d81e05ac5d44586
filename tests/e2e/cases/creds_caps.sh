# creds-caps: cred, user_namespace, capability, kernel_cap_t/cap_effective and
# linux_binprm arguments, decoded in Tetragon's shapes.
# policy: tests/e2e/policies/creds-caps.yaml
# needs: kprobes
# trig: creds
. "$E2E_DIR/lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root to change credentials"
creds=$(trig creds)
agent_start -v "$(obj creds-caps)"
expect_survives "$creds"
wait_events 1 '"uid":1001,"gid":2001,"euid":1002,"egid":2002,"suid":1003,"sgid":2003,"fsuid":1002,"fsgid":2002'
wait_events 1 '"function_name":"security_bprm_check"'
agent_stop
# setresuid to three non-zero ids clears the permitted and effective sets
expect_event_json '"function_name":"commit_creds","args":[{"process_credentials_arg":{"uid":1001,"gid":2001,"euid":1002,"egid":2002,"suid":1003,"sgid":2003,"fsuid":1002,"fsgid":2002,"caps":{},"user_ns":{"level":0,"uid":0,"gid":0,"ns":{"inum":4026531837,"is_host":true}}}}]'
# before it, setresgid: still root, all capabilities but CAP_SYS_ADMIN effective
expect_event_json '"process_credentials_arg":{"uid":0,"gid":2001,"euid":0,"egid":2002,"suid":0,"sgid":2003,"fsuid":0,"fsgid":2002,"caps":{"permitted":["CAP_CHOWN","DAC_OVERRIDE",' '"CAP_SYS_PACCT","CAP_SYS_BOOT"'
expect_event_json '"function_name":"cap_capable","args":[{"user_ns_arg":{"level":0,"uid":0,"gid":0,"ns":{"inum":4026531837,"is_host":true}}},{"capability_arg":{"value":7,"name":"CAP_SETUID"},"label":"cap"}]'
expect_events 0 '"function_name":"cap_capable","args":[{"user_ns_arg":{"level":0,"uid":0,"gid":0,"ns":{"inum":4026531837,"is_host":true}}},{"capability_arg":{"value":6,'
# capset: effective without bit 21 (CAP_SYS_ADMIN); the permitted set keeps it
expect_event_json '"function_name":"security_capset","args":[{"cap_effective_arg":"000001ffffdfffff"},{"kernel_cap_t_arg":"000001ffffffffff"}]'
expect_event_json '"function_name":"security_bprm_check","args":[{"linux_binprm_arg":{"path":"'"$creds"'"}}]'
exit 0

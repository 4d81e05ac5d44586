# symlink-lsm: `ln -s /etc/passwd x` fails with EPERM and creates nothing,
# denied by the BPF-LSM hook inode_symlink; other links are created. Needs
# BPF-LSM (the qemu guests). The kprobe Override version of the same policy
# is rejected at compile time (tests/bad/symlink-kprobe-override.yaml).
# policy: policies/symlink-lsm.yaml
# needs: bpf_lsm
. "$E2E_DIR/lib.sh"

need_cmd ln
agent_start "$(obj symlink-lsm)"
if out=$(ln -s /etc/passwd "$WORK/x" 2>&1); then
	fail "ln -s /etc/passwd succeeded"
fi
note "denied: $out"
case $out in
*"not permitted"*) ;;
*) fail "ln -s /etc/passwd failed, but not with EPERM: $out" ;;
esac
[ -e "$WORK/x" ] || [ -L "$WORK/x" ] && fail "the link was created anyway"
ln -s /etc/hostname "$WORK/y" || fail "ln -s /etc/hostname was denied"
[ -L "$WORK/y" ] || fail "the other link is missing"
wait_events 1 'OVERRIDE'
agent_stop
expect_events 1 'OVERRIDE' '"/etc/passwd"'
exit 0

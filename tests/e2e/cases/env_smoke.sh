# Harness sanity check, independent of tpc: BTF is there, bpffs is mounted,
# and a clang-built CO-RE object (kprobe + syscall tracepoint) passes the
# verifier against this kernel's BTF. When this fails, the machine or the
# harness is broken, not tpc.
# bpf: tests/e2e/bpf/env_smoke.bpf.c
. "$E2E_DIR/lib.sh"

[ -e /sys/kernel/btf/vmlinux ] || fail "no /sys/kernel/btf/vmlinux"
grep -q ' /sys/fs/bpf bpf ' /proc/mounts || fail "bpffs not mounted at /sys/fs/bpf"
[ -e /sys/kernel/tracing/events/syscalls/sys_enter_lseek/id ] ||
	[ -e /sys/kernel/debug/tracing/events/syscalls/sys_enter_lseek/id ] ||
	fail "no syscall tracepoints in tracefs"
need_cmd bpftool

pin=/sys/fs/bpf/tpc_e2e_smoke_$$
trap 'rm -rf "$pin"' EXIT
bpftool prog loadall "$(obj env_smoke)" "$pin" || fail "bpftool could not load env_smoke.bpf.o"
for p in smoke_kprobe smoke_tp; do
	[ -e "$pin/$p" ] || fail "program $p not pinned"
done
bpftool prog show pinned "$pin/smoke_tp" | sed 's/^/# /'
exit 0

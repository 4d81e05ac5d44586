#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# tpc-agent end-to-end checks with hand-written fixture objects (the agent
# alone, whatever the compiler emits): enforcement, events, several objects at once,
# verifier failures and every kind of broken object. Needs root and BPF;
# otherwise prints "skipped: <reason>" and exits 77.
#
#   tests/agent/run.sh            (AGENT=build/tpc-agent BUILD=build by default)
#   SLOW=10 AGENT=valgrind-wrapper tests/agent/run.sh   (waits 10 times longer)
set -u

cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
AGENT=${AGENT:-$BUILD/tpc-agent}
CLANG=${CLANG:-clang-19}
OBJCOPY=${OBJCOPY:-llvm-objcopy-19}
SRC=tests/agent
SLOW=${SLOW:-1}		# multiplies every wait, for valgrind

skip_all() { echo "skipped: $1"; echo "0 passed, 0 failed, 1 skipped"; exit 77; }
[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -x "$AGENT" ] || skip_all "$AGENT not built (make $AGENT)"
command -v "$CLANG" >/dev/null || skip_all "$CLANG not installed"
command -v "$OBJCOPY" >/dev/null || skip_all "$OBJCOPY not installed"
probe=$("$AGENT" --probe 2>&1) || skip_all "tpc-agent --probe failed"
for f in ringbuf bpf_send_signal; do
	echo "$probe" | grep -Eq "^$f +yes" || skip_all "BPF is unavailable ($f: $(echo "$probe" | grep "^$f"))"
done
echo "$probe" | grep -Eq "^(tracepoints|raw_tracepoints) +yes" ||
	skip_all "neither tracepoints nor raw tracepoints can be attached"

T=$(mktemp -d /tmp/tpc-agent-test.XXXXXX)
AGENT_PIDS=()
cleanup() {
	local p
	for p in "${AGENT_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

pass=0 fail=0 skipped=0
ok()   { echo "ok:      $1"; pass=$((pass + 1)); }
ko()   { echo "FAILED:  $1"; shift; for l in "$@"; do echo "         $l"; done; fail=$((fail + 1)); }
skip() { echo "skipped: $1"; skipped=$((skipped + 1)); }

# --- build fixtures ----------------------------------------------------------
bpf_cc() { # name -> $T/name.o (no meta)
	"$CLANG" -O2 -g --target=bpf -mcpu=v3 -I/usr/include/"$(uname -m)"-linux-gnu \
		-Iruntime -c "$SRC/$1.bpf.c" -o "$T/$1.o"
}
with_meta() { # in.o meta.json out.o
	"$OBJCOPY" --add-section .tpc.meta="$2" --set-section-flags .tpc.meta=readonly "$1" "$3"
}
for f in lseek_fixture lseek_post_fixture verifier_fail_fixture open_str_fixture consts_fixture \
	lsm_fixture ret_fixture uprobe_fixture args_fixture optional_fixture; do
	bpf_cc $f && with_meta "$T/$f.o" "$SRC/$f.meta.json" "$T/$f.bpf.o" ||
		{ echo "error: building $f failed" >&2; exit 1; }
done
cc -O2 -o "$T/lseek_try" -x c - <<'C' || exit 1
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	off_t r = lseek(atoi(argv[1]), argc > 2 ? atoll(argv[2]) : 0, argc > 3 ? atoi(argv[3]) : 0);
	printf("survived lseek = %lld\n", (long long)r);
	return 0;
}
C
# the fixtures report only processes whose comm starts with tpcopen / tpcconst
cc -O2 -o "$T/tpcopen" -x c - <<'C' || exit 1
#include <fcntl.h>
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		open(argv[i], O_RDONLY);
	return 0;
}
C
cc -O2 -o "$T/tpcconst" -x c - <<'C' || exit 1
#include <sys/syscall.h>
#include <unistd.h>
int main(void)
{
	syscall(SYS_getpid);
	syscall(SYS_getppid);
	syscall(SYS_getuid);
	return 0;
}
C
cp "$T/tpcconst" "$T/tpcargs"	# the args fixture reports comm tpcargs*
# the uprobe fixture attaches to tpc_test_fn of this binary; its path goes into the meta
cc -O2 -o "$T/uprobe_target" "$SRC/uprobe_target.c" || exit 1
sed "s|@TARGET@|$T/uprobe_target|g" "$SRC/uprobe_fixture.meta.json" >"$T/uprobe.json"
with_meta "$T/uprobe_fixture.o" "$T/uprobe.json" "$T/uprobe_fixture.bpf.o" || exit 1
HAVE_PY=0
command -v python3 >/dev/null && HAVE_PY=1

# --- helpers -------------------------------------------------------------------
# start_agent OUT ERR args... : starts the agent, waits until it is attached
start_agent() {
	local out=$1 err=$2 i
	shift 2
	rm -f "$T/ready"
	"$AGENT" --ready-file "$T/ready" "$@" >"$out" 2>"$err" &
	AGENT_PID=$!
	AGENT_PIDS+=("$AGENT_PID")
	for i in $(seq $((100 * SLOW))); do
		[ -s "$T/ready" ] && return 0
		kill -0 "$AGENT_PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}
stop_agent() { # -> $AGENT_RC
	kill -TERM "$AGENT_PID" 2>/dev/null
	wait "$AGENT_PID"
	AGENT_RC=$?
}
# wait_for FILE PATTERN : up to 2 s
wait_for() {
	local i
	for i in $(seq $((40 * SLOW))); do
		grep -q -- "$2" "$1" && return 0
		sleep 0.05
	done
	return 1
}
# run_try ARGS... -> $TRY_PID $TRY_RC
run_try() {
	"$T/lseek_try" "$@" >/dev/null 2>&1 &
	TRY_PID=$!
	wait "$TRY_PID" 2>/dev/null
	TRY_RC=$?
}
# expect_error NAME PATTERN OBJ... : exit status 1 and PATTERN on stderr
expect_error() {
	local name=$1 pattern=$2 rc
	shift 2
	timeout 20 "$AGENT" --timeout 2 "$@" >"$T/e.out" 2>"$T/e.err"
	rc=$?
	if [ $rc = 1 ] && grep -q -- "$pattern" "$T/e.err"; then
		ok "$name"
	else
		ko "$name" "exit status $rc (want 1), stderr:" "$(head -c 600 "$T/e.err")"
	fi
}
# tampered NAME JSON : the lseek fixture with another meta
tampered() {
	printf '%s\n' "$2" >"$T/$1.json"
	with_meta "$T/lseek_fixture.o" "$T/$1.json" "$T/$1.bpf.o"
}

# --- probe -----------------------------------------------------------------------
n=$(echo "$probe" | grep -Ec '^[a-z_./]+ +(yes|no|unknown) ')
[ "$n" -ge 13 ] && ok "--probe prints one line per feature ($n)" ||
	ko "--probe prints one line per feature" "$probe"
if command -v python3 >/dev/null; then
	"$AGENT" --probe -o json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["features"]["ringbuf"]["state"]=="yes"' &&
		ok "--probe -o json is one JSON object" || ko "--probe -o json is one JSON object"
else
	skip "--probe -o json (no python3 to parse it)"
fi

# --- enforcement and events --------------------------------------------------------
if start_agent "$T/a.out" "$T/a.err" "$T/lseek_fixture.bpf.o"; then
	run_try -1
	if [ $TRY_RC = 137 ]; then ok "lseek(-1) is killed by SIGKILL"
	else ko "lseek(-1) is killed by SIGKILL" "exit status $TRY_RC"; fi
	if wait_for "$T/a.out" "\"pid\":$TRY_PID,"; then
		line=$(grep "\"pid\":$TRY_PID," "$T/a.out")
		case $line in
		'{"process_kprobe":{"process":{"exec_id":"'*'","pid":'*'"function_name":"__x64_sys_lseek","args":[{"int_arg":-1,"label":"fd"}],"action":"KPROBE_ACTION_SIGKILL","policy_name":"lseek-kill"'*'"node_name":'*'"time":"'????-??-??T??:??:??.?????????Z'"}')
			ok "lseek(-1) gives a process_kprobe JSON event";;
		*)	ko "lseek(-1) gives a process_kprobe JSON event" "$line";;
		esac
		if command -v python3 >/dev/null; then
			python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/a.out" &&
				ok "every output line is valid JSON" || ko "every output line is valid JSON"
		fi
	else
		ko "lseek(-1) gives a process_kprobe JSON event" "no event for pid $TRY_PID" "$(cat "$T/a.out")"
	fi
	run_try -2
	[ $TRY_RC = 0 ] && ok "lseek(-2) is not killed" || ko "lseek(-2) is not killed" "exit status $TRY_RC"
	sleep 0.3
	grep -q "\"pid\":$TRY_PID," "$T/a.out" && ko "lseek(-2) gives no event" "$(grep "\"pid\":$TRY_PID," "$T/a.out")" ||
		ok "lseek(-2) gives no event"
	stop_agent
	[ $AGENT_RC = 0 ] && ok "SIGTERM ends the agent with status 0" ||
		ko "SIGTERM ends the agent with status 0" "status $AGENT_RC" "$(cat "$T/a.err")"
else
	ko "agent attaches the lseek fixture" "$(cat "$T/a.err")"
fi

# two objects, one ring buffer poller; the second uses a raw tracepoint
if start_agent "$T/b.out" "$T/b.err" "$T/lseek_fixture.bpf.o" "$T/lseek_post_fixture.bpf.o"; then
	run_try -3 -5 2
	p3=$TRY_PID r3=$TRY_RC
	run_try -1
	p1=$TRY_PID r1=$TRY_RC
	if [ "$r3" = 0 ] && [ "$r1" = 137 ] && wait_for "$T/b.out" "\"pid\":$p3," && wait_for "$T/b.out" "\"pid\":$p1,"; then
		l3=$(grep "\"pid\":$p3," "$T/b.out")
		case $l3 in
		'{"process_tracepoint":'*'"subsys":"syscalls","event":"sys_enter_lseek","args":[{"int_arg":-3,"label":"fd"},{"long_arg":"-5","label":"offset"},{"uint_arg":2,"label":"whence"},{"size_arg":"18446744073709551611"}],"action":"KPROBE_ACTION_POST","policy_name":"lseek-post"'*)
			ok "two objects at once: each event decoded with its own meta";;
		*)	ko "two objects at once: each event decoded with its own meta" "$l3";;
		esac
	else
		ko "two objects at once" "lseek(-3): $r3, lseek(-1): $r1" "$(cat "$T/b.out" "$T/b.err")"
	fi
	stop_agent
else
	ko "agent attaches two objects" "$(cat "$T/b.err")"
fi

# --count, compact output
rm -f "$T/ready"
"$AGENT" --ready-file "$T/ready" --count 1 --timeout 10 -o compact "$T/lseek_post_fixture.bpf.o" \
	>"$T/c.out" 2>"$T/c.err" &
AGENT_PID=$!
AGENT_PIDS+=("$AGENT_PID")
for i in $(seq $((100 * SLOW))); do [ -s "$T/ready" ] && break; sleep 0.05; done
run_try -3 7 0
wait "$AGENT_PID"
rc=$?
if [ $rc = 0 ] && [ "$(wc -l <"$T/c.out")" = 1 ]; then ok "--count 1 exits after one event"
else ko "--count 1 exits after one event" "status $rc" "$(cat "$T/c.out" "$T/c.err")"; fi
grep -Eq "^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} lseek-post  POST +pid=[0-9]+ .*  syscalls/sys_enter_lseek\(fd=-3, offset=7, whence=0, arg1=7\)$" "$T/c.out" &&
	ok "-o compact prints one human line" || ko "-o compact prints one human line" "$(cat "$T/c.out")"

# --timeout
timeout 10 "$AGENT" --timeout 0.5 "$T/lseek_post_fixture.bpf.o" >/dev/null 2>"$T/t.err"
rc=$?
[ $rc = 0 ] && ok "--timeout ends the agent with status 0" || ko "--timeout" "status $rc" "$(cat "$T/t.err")"

# --- ignore.callNotFound: an optional hook on a function this kernel lacks --------------
if start_agent "$T/o.out" "$T/o.err" -o compact "$T/optional_fixture.bpf.o"; then
	run_try -3 5 0
	if grep -q "hook 1 'tpc_no_such_function': not in this kernel's BTF, left out (ignore.callNotFound)" "$T/o.err" &&
		wait_for "$T/o.out" "fd=-3, offset=5"; then
		ok "an optional hook the kernel lacks is left out, the others run"
	else
		ko "an optional hook the kernel lacks is left out, the others run" "$(cat "$T/o.err" "$T/o.out")"
	fi
	stop_agent
else
	ko "an optional hook the kernel lacks is left out, the others run" "$(cat "$T/o.err")"
fi
# the same object without "optional": the missing function is an error
grep -v '"optional": true' "$SRC/optional_fixture.meta.json" >"$T/required.json"
with_meta "$T/optional_fixture.o" "$T/required.json" "$T/required.bpf.o" || exit 1
timeout 10 "$AGENT" --timeout 0.5 "$T/required.bpf.o" >/dev/null 2>"$T/r.err"
rc=$?
[ $rc = 1 ] && grep -q "tpc_no_such_function" "$T/r.err" &&
	ok "a required hook the kernel lacks fails the load" ||
	ko "a required hook the kernel lacks fails the load" "status $rc" "$(cat "$T/r.err")"

# --- string, file, path and sock slots -------------------------------------------------
# the open fixture copies openat's filename into a tpc_str_slot, type string
long_name=/tmp/$(printf 'a%.0s' $(seq 295))	# 300 bytes: more than the 256-byte slot
if start_agent "$T/s.out" "$T/s.err" -o json "$T/open_str_fixture.bpf.o"; then
	"$T/tpcopen" $'/tmp/q"uote\nnew\xffline' "$long_name" &
	opid=$!
	wait $opid
	# the dynamic loader's opens of the same process are reported too: look at /tmp only
	if wait_for "$T/s.out" "orig_size" && [ "$(grep "\"pid\":$opid," "$T/s.out" | grep -c '"string_arg":"/tmp/')" = 2 ]; then
		grep -qF '"string_arg":"/tmp/q\"uote\nnew\ufffdline","label":"filename"}' "$T/s.out" &&
			ok "string arg: quote, newline and byte 0xff are escaped" ||
			ko "string arg: quote, newline and byte 0xff are escaped" "$(grep "\"pid\":$opid," "$T/s.out")"
		grep -qF "\"string_arg\":\"${long_name:0:256}\",\"flags\":\"truncated\",\"orig_size\":\"300\",\"label\":\"filename\"}" "$T/s.out" &&
			ok "string arg: a 300-byte value shows 256 bytes and the truncation" ||
			ko "string arg: a 300-byte value shows 256 bytes and the truncation" "$(grep "\"pid\":$opid," "$T/s.out" | tail -n 1)"
		if [ $HAVE_PY = 1 ]; then
			python3 - "$T/s.out" "$opid" <<'PY' && ok "string events are valid JSON and decode to the bytes" || ko "string events are valid JSON and decode to the bytes"
import json, sys
evs = [json.loads(l)["process_tracepoint"] for l in open(sys.argv[1], encoding="utf-8")]
evs = [e for e in evs if e["process"]["pid"] == int(sys.argv[2])
       and e["args"][0]["string_arg"].startswith("/tmp/")]
a0, a1 = evs[0]["args"][0], evs[1]["args"][0]
assert a0["string_arg"] == '/tmp/q"uote\nnew\ufffdline' and "flags" not in a0, a0
assert a1["flags"] == "truncated" and len(a1["string_arg"]) == 256, a1
PY
		fi
	else
		ko "string arg events" "want 2 events for pid $opid" "$(cat "$T/s.out" "$T/s.err")"
	fi
	stop_agent
else
	ko "agent attaches the openat string fixture" "$(cat "$T/s.err")"
fi

# the consts fixture fills sock, file, path and dentry slots with constants
if start_agent "$T/k.out" "$T/k.err" -o json "$T/consts_fixture.bpf.o"; then
	"$T/tpcconst" &
	kpid=$!
	wait $kpid
	if wait_for "$T/k.out" "\"process_lsm\":{\"process\":{\"exec_id\":\"[^\"]*\",\"pid\":$kpid," && wait_for "$T/k.err" "dropped malformed"; then
		l0=$(grep "\"pid\":$kpid," "$T/k.out" | grep process_tracepoint)
		case $l0 in
		*'"args":[{"sock_arg":{"family":"AF_INET","type":"SOCK_STREAM","protocol":"IPPROTO_TCP","saddr":"127.0.0.1","daddr":"10.0.0.2","sport":41234,"dport":80,"cookie":"18446612682375452280","state":"TCP_SYN_SENT"},"label":"sk"},'*)
			ok "sock arg: IPv4 in Tetragon's KprobeSock shape";;
		*)	ko "sock arg: IPv4 in Tetragon's KprobeSock shape" "$l0";;
		esac
		case $l0 in
		*'{"sock_arg":{"family":"AF_INET6","type":"SOCK_DGRAM","protocol":"IPPROTO_UDP","saddr":"::1","daddr":"2001:db8::2","sport":5353,"dport":53,"cookie":"1","state":"TCP_CLOSE"}},'*)
			ok "sock arg: IPv6 addresses via inet_ntop";;
		*)	ko "sock arg: IPv6 addresses via inet_ntop" "$l0";;
		esac
		case $l0 in
		*'{"sock_arg":{"family":"99","type":"42","protocol":"200","state":"77"},"label":"odd"}'*)
			ok "sock arg: unknown numbers printed as numbers in strings";;
		*)	ko "sock arg: unknown numbers printed as numbers in strings" "$l0";;
		esac
		case $l0 in
		*'{"file_arg":{"path":"/7/8/testfile","flags":"unresolvedPathComponents"},"label":"f"},{"path_arg":{"path":"","flags":"fault"}},{"path_arg":{"path":"/etc/passwd"}}]'*)
			ok "file, dentry and path args with their flags";;
		*)	ko "file, dentry and path args with their flags" "$l0";;
		esac
		l1=$(grep "\"pid\":$kpid," "$T/k.out" | grep process_lsm)
		case $l1 in
		'{"process_lsm":{"process":'*'"function_name":"file_open","args":[{"file_arg":{"path":"/tmp/denied"},"label":"file"}],"action":"KPROBE_ACTION_OVERRIDE","policy_name":"consts","message":"denied open"},'*)
			ok "lsm hook: process_lsm event with action KPROBE_ACTION_OVERRIDE";;
		*)	ko "lsm hook: process_lsm event with action KPROBE_ACTION_OVERRIDE" "$l1";;
		esac
		grep -qF '{"error":"dropped malformed event: args[0] (arg 0, filename): len 300 is larger than the 256-byte slot","object":"consts_fixture.bpf.o","policy":"consts","hook":"syscalls/sys_enter_getuid","hook_id":2}' "$T/k.err" &&
			! grep -q "sys_enter_getuid" "$T/k.out" &&
			ok "a string slot with len > 256 is dropped with a JSON error" ||
			ko "a string slot with len > 256 is dropped with a JSON error" "$(cat "$T/k.err")"
	else
		ko "consts fixture events" "$(cat "$T/k.out" "$T/k.err")"
	fi
	stop_agent
	grep -qF '{"warning":"1 malformed event(s) dropped"}' "$T/k.err" &&
		ok "the number of dropped events is reported at exit" ||
		ko "the number of dropped events is reported at exit" "$(cat "$T/k.err")"
	if [ $HAVE_PY = 1 ]; then
		python3 -c 'import json,sys; [json.loads(l) for f in sys.argv[1:] for l in open(f, encoding="utf-8")]' "$T/k.out" "$T/k.err" &&
			ok "-o json: stdout and stderr are all JSON lines" || ko "-o json: stdout and stderr are all JSON lines" "$(cat "$T/k.err")"
	fi
else
	ko "agent attaches the consts fixture" "$(cat "$T/k.err")"
fi

if start_agent "$T/kc.out" "$T/kc.err" -o compact "$T/consts_fixture.bpf.o"; then
	"$T/tpcconst"
	if wait_for "$T/kc.out" "file_open(file=/tmp/denied)"; then
		grep -qF 'syscalls/sys_enter_getpid(sk=sock(tcp 127.0.0.1:41234 -> 10.0.0.2:80 SYN_SENT), sock(udp [::1]:5353 -> [2001:db8::2]:53 CLOSE), odd=sock(99 42), f=/7/8/testfile (unresolvedPathComponents), dentry= (fault), path=/etc/passwd)' "$T/kc.out" &&
			ok "-o compact: sock, file and path args" || ko "-o compact: sock, file and path args" "$(cat "$T/kc.out")"
		grep -Eq ' consts  OVERRIDE pid=[0-9]+ .*  file_open\(file=/tmp/denied\)$' "$T/kc.out" &&
			ok "-o compact: OVERRIDE action" || ko "-o compact: OVERRIDE action" "$(cat "$T/kc.out")"
		wait_for "$T/kc.err" "dropped malformed event" && grep -q "^tpc-agent: consts_fixture.bpf.o: policy 'consts': hook 2 'syscalls/sys_enter_getuid': dropped malformed event: args\[0\]" "$T/kc.err" &&
			ok "-o compact: errors stay text" || ko "-o compact: errors stay text" "$(cat "$T/kc.err")"
	else
		ko "-o compact: consts fixture events" "$(cat "$T/kc.out" "$T/kc.err")"
	fi
	stop_agent
else
	ko "agent attaches the consts fixture (compact)" "$(cat "$T/kc.err")"
fi

# the args fixture fills the slots of bpf-templates/tpc_args.h with constants
if start_agent "$T/a.out" "$T/a.err" -o json "$T/args_fixture.bpf.o"; then
	"$T/tpcargs" &
	apid=$!
	wait $apid
	if wait_for "$T/a.out" "\"function_name\":\"bpf_check\"" && wait_for "$T/a.out" "\"function_name\":\"commit_creds\""; then
		l0=$(grep "\"pid\":$apid," "$T/a.out" | grep commit_creds)
		l1=$(grep "\"pid\":$apid," "$T/a.out" | grep bpf_check)
		for want in \
			'"args":[{"capability_arg":{"value":21,"name":"CAP_SYS_ADMIN"},"label":"cap"},' \
			'{"kernel_cap_t_arg":"000001ffffffffff"},{"cap_permitted_arg":"0000000000000082"},' \
			'{"syscall_id":{"id":59,"abi":"x64"},"label":"id"},{"syscall_id":{"id":11,"abi":"i386"}},' \
			'{"process_credentials_arg":{"uid":1000,"gid":1001,"euid":0,"egid":1003,"suid":1004,"sgid":1005,"fsuid":1006,"fsgid":1007,"securebits":["SecBitNoRoot","SecBitKeepCaps"],"caps":{"permitted":["CAP_CHOWN","CAP_SYS_ADMIN"],"effective":["CAP_SYS_ADMIN"]},"user_ns":{"level":1,"uid":1000,"gid":1000,"ns":{"inum":4026532000}}}},' \
			'{"user_ns_arg":{"level":0,"uid":0,"gid":0,"ns":{"inum":4026531837,"is_host":true}},"label":"ns"},' \
			'{"file_arg":{"path":"/tmp/tpc-fd"}},{"linux_binprm_arg":{"path":"/usr/bin/true"}}]'; do
			case $l0 in
			*"$want"*) ok "args fixture: $want";;
			*)	ko "args fixture: $want" "$l0";;
			esac
		done
		for want in \
			'"args":[{"bpf_attr_arg":{"ProgType":"BPF_PROG_TYPE_KPROBE","InsnCnt":12,"ProgName":"tpc_lseek_0_kpr"}},' \
			'{"bpf_map_arg":{"MapType":"BPF_MAP_TYPE_RINGBUF","MaxEntries":262144,"MapName":"tpc_events"}},' \
			'{"perf_event_arg":{"Type":"PERF_TYPE_TRACEPOINT","Config":"1234"}},' \
			'{"module_arg":{"name":"dummy","tainted":["TAINT_OUT_OF_TREE_MODULE","TAINT_UNSIGNED_MODULE"]}},' \
			'{"module_arg":{"name":"xfs","signature_ok":true}},{"net_dev_arg":{"name":"lo"}},' \
			'{"capability_arg":{"value":63}}]'; do
			case $l1 in
			*"$want"*) ok "args fixture: $want";;
			*)	ko "args fixture: $want" "$l1";;
			esac
		done
	else
		ko "args fixture events" "$(cat "$T/a.out" "$T/a.err")"
	fi
	stop_agent
else
	ko "agent attaches the args fixture" "$(cat "$T/a.err")"
fi
if start_agent "$T/ac.out" "$T/ac.err" -o compact "$T/args_fixture.bpf.o"; then
	"$T/tpcargs"
	if wait_for "$T/ac.out" "bpf_check(" && wait_for "$T/ac.out" "commit_creds("; then
		grep -qF 'commit_creds(cap=CAP_SYS_ADMIN, kernel_cap_t={CAP_CHOWN DAC_OVERRIDE ' "$T/ac.out" &&
		grep -qF ' CAP_CHECKPOINT_RESTORE}, cap_permitted={DAC_OVERRIDE CAP_SETUID}, id=x64 59, syscall64=i386 11, cred=cred(uid=1000 euid=0 suid=1004 fsuid=1006 gid=1001 egid=1003 sgid=1005 fsgid=1007 caps=200000 userns=1:4026532000), ns=userns(level=0 owner=0:0 inum=4026531837), fd=/tmp/tpc-fd, linux_binprm=/usr/bin/true)' "$T/ac.out" &&
			ok "-o compact: cred, capability and syscall args" || ko "-o compact: cred, capability and syscall args" "$(cat "$T/ac.out")"
		grep -qF 'bpf_check(bpf_attr=bpf_attr(KPROBE insns=12 name=tpc_lseek_0_kpr), bpf_map=bpf_map(RINGBUF key=0 value=0 max=262144 name=tpc_events), perf_event=perf_event(PERF_TYPE_TRACEPOINT config=1234 offset=0), module=module(dummy taints=0x3000), load_info=module(xfs taints=0x0 signed), net_device=net_dev(lo), capability=63)' "$T/ac.out" &&
			ok "-o compact: bpf, module and net_device args" || ko "-o compact: bpf, module and net_device args" "$(cat "$T/ac.out")"
	else
		ko "-o compact: args fixture events" "$(cat "$T/ac.out" "$T/ac.err")"
	fi
	stop_agent
else
	ko "agent attaches the args fixture (compact)" "$(cat "$T/ac.err")"
fi

# --- return probes ----------------------------------------------------------------------------
# lseek(-7) is parked at entry and posted once at exit with the return value -EBADF
if start_agent "$T/r.out" "$T/r.err" -v "$T/ret_fixture.bpf.o"; then
	run_try -7
	rp=$TRY_PID
	if wait_for "$T/r.out" "\"pid\":$rp,"; then
		sleep 0.2
		line=$(grep "\"pid\":$rp," "$T/r.out")
		case $line in
		'{"process_kprobe":{"process":'*'"function_name":"__x64_sys_lseek","args":[{"int_arg":-7,"label":"fd"}],"return":{"int_arg":-9},"action":"KPROBE_ACTION_POST","policy_name":"lseek-ret","return_action":"KPROBE_ACTION_POST"},'*)
			ok "return probe: entry args and return value in one process_kprobe event";;
		*)	ko "return probe: entry args and return value in one process_kprobe event" "$line";;
		esac
		[ "$(grep -c "\"pid\":$rp," "$T/r.out")" = 1 ] && ok "return probe: one event per call" ||
			ko "return probe: one event per call" "$(grep "\"pid\":$rp," "$T/r.out")"
	else
		ko "return probe event" "no event for pid $rp" "$(cat "$T/r.out" "$T/r.err")"
	fi
	run_try -2
	sleep 0.3
	grep -q "\"pid\":$TRY_PID," "$T/r.out" && ko "return probe: no event when the entry did not park one" ||
		ok "return probe: no event when the entry did not park one"
	stop_agent
	if echo "$probe" | grep -Eq "^kretprobes +yes" && echo "$probe" | grep -Eq "^kprobes +yes"; then
		grep -q "using tpc_ret_0_kprobe (kprobe __x64_sys_lseek) + tpc_ret_0_kprobe_ret (kretprobe __x64_sys_lseek)" "$T/r.err" &&
			ok "return probe: the kprobe + kretprobe pair is chosen" || ko "return probe: kprobe pair chosen" "$(grep tpc-agent "$T/r.err")"
	else
		grep -q "using tpc_ret_0_tp (tracepoint syscalls/sys_enter_lseek) + tpc_ret_0_tp_ret (tracepoint syscalls/sys_exit_lseek)" "$T/r.err" &&
			grep -q "prog 'tpc_ret_0_kprobe': skipped loading" "$T/r.err" &&
			grep -q "prog 'tpc_ret_0_kprobe_ret': skipped loading" "$T/r.err" &&
			ok "return probe: falls back to the tracepoint pair, neither kprobe program loaded" ||
			ko "return probe: falls back to the tracepoint pair" "$(grep -E 'tpc-agent|skipped loading' "$T/r.err")"
	fi
else
	ko "agent attaches the return probe fixture" "$(cat "$T/r.err")"
fi
rm -f "$T/ready"
"$AGENT" --ready-file "$T/ready" --count 1 --timeout 10 -o compact "$T/ret_fixture.bpf.o" \
	>"$T/rc.out" 2>"$T/rc.err" &
AGENT_PID=$!
AGENT_PIDS+=("$AGENT_PID")
for i in $(seq $((100 * SLOW))); do [ -s "$T/ready" ] && break; sleep 0.05; done
run_try -7
wait "$AGENT_PID"
grep -Eq "^[0-9:.]+ lseek-ret  POST +pid=$TRY_PID .*  __x64_sys_lseek\(fd=-7\) = -9$" "$T/rc.out" &&
	ok "-o compact: return value as ' = -9'" || ko "-o compact: return value as ' = -9'" "$(cat "$T/rc.out" "$T/rc.err")"

# compiler output, when there is a compiler: a return probe from a real policy loads and attaches
if [ -x "$BUILD/tpc" ]; then
	if "$BUILD/tpc" compile -o "$T/open-failures.bpf.o" tests/e2e/policies/open-failures.yaml >"$T/tpc.log" 2>&1; then
		timeout 20 "$AGENT" -v --timeout 0.3 "$T/open-failures.bpf.o" >/dev/null 2>"$T/of.err"
		rc=$?
		[ $rc = 0 ] && grep -Eq "hook 0 '__x64_sys_openat': using tpc_openat_0_[a-z]+ \([a-z]+ [^)]*\) \+ tpc_openat_0_[a-z_]+_ret \(" "$T/of.err" &&
			ok "tpc-compiled return probe: the pair is planned, loaded and attached" ||
			ko "tpc-compiled return probe: the pair is planned, loaded and attached" "status $rc" "$(grep -v 'skipping unrecognized' "$T/of.err" | tail -n 20)"
	else
		ko "tpc compiles tests/e2e/policies/open-failures.yaml" "$(cat "$T/tpc.log")"
	fi
else
	skip "tpc-compiled return probe ($BUILD/tpc not built)"
fi

# --- uprobes ----------------------------------------------------------------------------------
if [ "$(uname -m)" != x86_64 ]; then
	skip "uprobe fixture (reads x86-64 registers; this is $(uname -m))"
elif ! echo "$probe" | grep -Eq "^uprobes +yes"; then
	skip "uprobe fixture (uprobes: $(echo "$probe" | grep '^uprobes'))"
elif start_agent "$T/u.out" "$T/u.err" "$T/uprobe_fixture.bpf.o"; then
	"$T/uprobe_target" 20 >"$T/ut.out" &
	up=$!
	wait $up
	if wait_for "$T/u.out" '"return":' && wait_for "$T/u.out" '"message":'; then
		l0=$(grep "\"pid\":$up," "$T/u.out" | grep -v '"return":')
		l1=$(grep "\"pid\":$up," "$T/u.out" | grep '"return":')
		case $l0 in
		'{"process_uprobe":{"process":{"exec_id":"'*'","pid":'$up',"tid":'$up',"uid":'*',"binary":"'"$T"'/uprobe_target","comm":"uprobe_target","parent_exec_id":"'*'"},"path":"'"$T"'/uprobe_target","symbol":"tpc_test_fn","policy_name":"uprobe-test","message":"test fn called","args":[{"int_arg":20,"label":"x"}],"tags":["test"],"action":"KPROBE_ACTION_POST"},"node_name":'*)
			ok "uprobe: process_uprobe event with path, symbol and args in Tetragon's order";;
		*)	ko "uprobe: process_uprobe event with path, symbol and args in Tetragon's order" "$l0";;
		esac
		case $l1 in
		*'"symbol":"tpc_test_fn","policy_name":"uprobe-test","args":[{"int_arg":20}],"return":{"int_arg":41,"label":"r"},"action":"KPROBE_ACTION_POST"},'*)
			ok "uprobe + uretprobe pair: args and return value (41) in one event";;
		*)	ko "uprobe + uretprobe pair: args and return value (41) in one event" "$l1";;
		esac
		[ "$(grep -c "\"pid\":$up," "$T/u.out")" = 2 ] && ok "uprobe: one event per hook per call" ||
			ko "uprobe: one event per hook per call" "$(cat "$T/u.out")"
	else
		ko "uprobe events" "$(cat "$T/u.out" "$T/u.err")"
	fi
	stop_agent
	[ $AGENT_RC = 0 ] && ok "uprobe: SIGTERM detaches cleanly" || ko "uprobe: SIGTERM detaches cleanly" "status $AGENT_RC" "$(cat "$T/u.err")"
else
	ko "agent attaches the uprobe fixture" "$(cat "$T/u.err")"
fi
uprobe_meta=$(cat "$T/uprobe.json")
tampered_up() { printf '%s\n' "$2" >"$T/$1.json"; with_meta "$T/uprobe_fixture.o" "$T/$1.json" "$T/$1.bpf.o"; }
tampered_up up_nopath "$(printf '%s' "$uprobe_meta" | sed '0,/"path": "[^"]*",/s///')"
expect_error "meta: a uprobe hook needs its path" "hooks\[0\].path: required key is missing" "$T/up_nopath.bpf.o"
tampered_up up_missing "$(printf '%s' "$uprobe_meta" | sed "s|$T/uprobe_target:|$T/no-such-binary:|g")"
expect_error "uprobe on a missing binary: precise error" "cannot attach uprobe $T/no-such-binary:tpc_test_fn: $T/no-such-binary: No such file or directory" "$T/up_missing.bpf.o"
tampered_up up_nosym "$(printf '%s' "$uprobe_meta" | sed 's|uprobe_target:tpc_test_fn|uprobe_target:tpc_no_such_fn|g')"
expect_error "uprobe on a missing symbol: attach error names the program" "attaching program 'tpc_up_0_uprobe' to uprobe $T/uprobe_target:tpc_no_such_fn failed" "$T/up_nosym.bpf.o"

# --- lsm -----------------------------------------------------------------------------------
if echo "$probe" | grep -Eq "^bpf_lsm +yes"; then
	skip "BPF-LSM unavailable errors (this kernel has BPF-LSM)"
else
	lsm_why=$(echo "$probe" | sed -n 's/^bpf_lsm  *[a-z]*  *//p')
	expect_error "lsm hook without BPF-LSM: precise error, exit 1" \
		"policy 'deny-open': hook 0 'file_open': cannot attach lsm file_open: BPF-LSM is unavailable on this kernel (bpf_lsm: no: $lsm_why)" \
		"$T/lsm_fixture.bpf.o"
	[ "$(wc -l <"$T/e.err")" = 1 ] && ! grep -q "libbpf" "$T/e.err" &&
		ok "lsm: one error line, nothing reaches the kernel loader" ||
		ko "lsm: one error line, nothing reaches the kernel loader" "$(cat "$T/e.err")"
	expect_error "lsm error in JSON mode" \
		'{"error":"cannot attach lsm file_open: BPF-LSM is unavailable on this kernel' \
		-o json "$T/lsm_fixture.bpf.o"
	grep -qF '"policy":"deny-open","hook":"file_open","hook_id":0,"program":"tpc_open_0_lsm"}' "$T/e.err" &&
		ok "lsm error in JSON mode names policy, hook and program" ||
		ko "lsm error in JSON mode names policy, hook and program" "$(cat "$T/e.err")"
fi
lsm_meta=$(cat "$SRC/lsm_fixture.meta.json")
printf '%s\n' "$lsm_meta" | sed 's|{"program": "tpc_open_0_lsm", "attach": "lsm", "target": "file_open"}|&,\n        {"program": "tpc_open_0_tp", "attach": "tracepoint", "target": "syscalls/sys_enter_openat"}|' >"$T/lsm_fb.json"
with_meta "$T/lsm_fixture.o" "$T/lsm_fb.json" "$T/lsm_fb.bpf.o"
timeout 20 "$AGENT" -v --timeout 0.3 "$T/lsm_fb.bpf.o" >/dev/null 2>"$T/fb.err"
rc=$?
if echo "$probe" | grep -Eq "^bpf_lsm +yes"; then
	grep -q "using tpc_open_0_lsm (lsm file_open)" "$T/fb.err" && [ $rc = 0 ] &&
		ok "lsm variant is used where BPF-LSM works" || ko "lsm variant is used where BPF-LSM works" "$(cat "$T/fb.err")"
else
	grep -q "skipping tpc_open_0_lsm: BPF-LSM is unavailable" "$T/fb.err" &&
		grep -q "using tpc_open_0_tp (tracepoint syscalls/sys_enter_openat)" "$T/fb.err" && [ $rc = 0 ] &&
		ok "lsm variant falls back to the next variant" || ko "lsm variant falls back to the next variant" "status $rc" "$(cat "$T/fb.err")"
fi
tampered_lsm() { printf '%s\n' "$2" >"$T/$1.json"; with_meta "$T/lsm_fixture.o" "$T/$1.json" "$T/$1.bpf.o"; }
tampered_lsm lsm_target "$(printf '%s' "$lsm_meta" | sed 's/"target": "file_open"/"target": "bprm_check_security"/')"
expect_error "meta: lsm target must match the program's section" \
	"variants\[0\].target: lsm hook 'bprm_check_security', but program 'tpc_open_0_lsm' is in section 'lsm/file_open'" "$T/lsm_target.bpf.o"
tampered_lsm lsm_bad_target "$(printf '%s' "$lsm_meta" | sed 's|"target": "file_open"|"target": "file/open"|')"
expect_error "meta: lsm target is a hook name" "lsm hook 'file/open' is not a hook name" "$T/lsm_bad_target.bpf.o"

# --- errors in JSON mode ------------------------------------------------------------------------
expect_error "-o json: verifier rejection is one JSON object" \
	'{"error":"program .tpc_bad_0_tp. failed to load: Permission denied","object":"[^"]*verifier_fail_fixture.bpf.o","policy":"bad-verifier","hook":"__x64_sys_lseek","hook_id":0,"program":"tpc_bad_0_tp","verifier_log":\[' \
	-o json "$T/verifier_fail_fixture.bpf.o"
if [ $HAVE_PY = 1 ]; then
	python3 - "$T/e.err" <<'PY' && ok "-o json: every stderr line is JSON, the verifier log an array" || ko "-o json: every stderr line is JSON, the verifier log an array" "$(cat "$T/e.err")"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
err = [o for o in objs if "error" in o][-1]
log = err["verifier_log"]
assert isinstance(log, list) and 0 < len(log) <= 40 and any("invalid mem access" in l for l in log), log
assert all("\n" not in l for l in log)
PY
fi
sed 's/"type": "int"/"type": "string"/' "$SRC/lseek_fixture.meta.json" >"$T/str8.json"
with_meta "$T/lseek_fixture.o" "$T/str8.json" "$T/str8.bpf.o"
expect_error "-o json: meta error is JSON" \
	'^{"error":".tpc.meta: hooks\[0\].args\[0\].size: a .string. argument is struct tpc_str_slot of 264 bytes, not 8","object":"' \
	-o json "$T/str8.bpf.o"
"$AGENT" -o json --count 0 x.bpf.o >/dev/null 2>"$T/u.err"; rc=$?
[ $rc = 2 ] && grep -qx '{"error":"--count: .0. is not a positive integer"}' "$T/u.err" &&
	ok "-o json: usage errors are JSON (status 2)" || ko "-o json: usage errors are JSON" "status $rc" "$(cat "$T/u.err")"

# --- verifier failure ---------------------------------------------------------------
expect_error "verifier rejection names policy, hook and program" \
	"policy 'bad-verifier': hook 0 '__x64_sys_lseek': program 'tpc_bad_0_tp' failed to load" \
	"$T/verifier_fail_fixture.bpf.o"
grep -q "verifier log (last 40 of" "$T/e.err" && grep -q "invalid mem access" "$T/e.err" &&
	ok "verifier rejection prints the log tail" || ko "verifier rejection prints the log tail" "$(cat "$T/e.err")"

# --- broken objects --------------------------------------------------------------------
head -c 4096 /dev/urandom >"$T/garbage.bpf.o"
expect_error "garbage file" "garbage.bpf.o: not an ELF file" "$T/garbage.bpf.o"
: >"$T/empty.bpf.o"
expect_error "empty file" "empty.bpf.o: not an ELF file" "$T/empty.bpf.o"
expect_error "missing file" "nonexistent.bpf.o: cannot read" "$T/nonexistent.bpf.o"
cp /bin/true "$T/host.o"
expect_error "host ELF file" "not a BPF object" "$T/host.o"
expect_error "object without .tpc.meta" "lseek_fixture.o: no .tpc.meta section" "$T/lseek_fixture.o"

meta_ok=$(cat "$SRC/lseek_fixture.meta.json")
sub() { printf '%s' "$meta_ok" | sed "$1"; }

tampered wrong_type "$(sub 's/"event_size": 80/"event_size": "80"/')"
expect_error "meta: wrong type" "wrong_type.bpf.o: .tpc.meta: hooks\[0\].event_size: must be an integer, not a string" "$T/wrong_type.bpf.o"
tampered bad_format "$(sub 's|tpc-object/1|tpc-object/9|')"
expect_error "meta: unknown format" "format: 'tpc-object/9' is not supported" "$T/bad_format.bpf.o"
tampered no_name "$(sub 's/"name": "lseek-kill",//')"
expect_error "meta: missing key" "policy.name: required key is missing" "$T/no_name.bpf.o"
tampered bad_offset "$(sub 's/"offset": 72/"offset": 76/')"
expect_error "meta: arg beyond event_size" "hooks\[0\].args\[0\].offset: 76 + size 8 is beyond event_size 80" "$T/bad_offset.bpf.o"
tampered hdr_offset "$(sub 's/"offset": 72/"offset": 8/')"
expect_error "meta: arg inside the header" "args\[0\].offset: 8 overlaps the 72-byte event header" "$T/hdr_offset.bpf.o"
tampered neg_size "$(sub 's/"size": 8/"size": -8/')"
expect_error "meta: negative size" "args\[0\].size: -8 is out of range" "$T/neg_size.bpf.o"
tampered bad_prog "$(sub 's/"tpc_lseek_0_tp"/"tpc_nope"/')"
expect_error "meta: unknown program" "variants\[1\].program: no program 'tpc_nope' in the object" "$T/bad_prog.bpf.o"
tampered bad_kind "$(sub 's/"attach": "tracepoint"/"attach": "kprobe"/')"
expect_error "meta: attach kind does not fit the program" "variants\[1\].attach: 'kprobe' does not fit program 'tpc_lseek_0_tp'" "$T/bad_kind.bpf.o"
tampered string_arg "$(sub 's/"type": "int"/"type": "string"/')"
expect_error "meta: slot size must match the type" "args\[0\].size: a 'string' argument is struct tpc_str_slot of 264 bytes, not 8" "$T/string_arg.bpf.o"
tampered sock_size "$(sub 's/"type": "int", "label": "fd", "offset": 72, "size": 8/"type": "sock", "label": "fd", "offset": 72, "size": 8/')"
expect_error "meta: sock slot size" "args\[0\].size: a 'sock' argument is struct tpc_sock_slot of 56 bytes, not 8" "$T/sock_size.bpf.o"
tampered skb_size "$(sub 's/"type": "int"/"type": "skb"/')"
expect_error "meta: skb slot size" "args\[0\].size: a 'skb' argument is struct tpc_skb_slot of 56 bytes, not 8" "$T/skb_size.bpf.o"
tampered constbuf_arg "$(sub 's/"type": "int"/"type": "const_buf"/')"
expect_error "meta: arg type the agent cannot decode" "args\[0\].type: this tpc-agent cannot decode arguments of type 'const_buf' (bytes_arg) yet" "$T/constbuf_arg.bpf.o"
tampered unknown_type "$(sub 's/"type": "int"/"type": "quux"/')"
expect_error "meta: unknown arg type" "unknown argument type 'quux'" "$T/unknown_type.bpf.o"
tampered bad_id "$(sub 's/"id": 0,\s*$/"id": 3,/; s/"id": 0,$/"id": 3,/')"
grep -q '"id": 3' "$T/bad_id.json" && expect_error "meta: hook id is not its index" "hooks\[0\].id: 3" "$T/bad_id.bpf.o" ||
	skip "meta: hook id (sed did not apply)"
tampered bad_ringbuf "$(sub 's/"ringbuf": "tpc_events"/"ringbuf": "nope"/')"
expect_error "meta: missing ring buffer map" "ringbuf: no map 'nope'" "$T/bad_ringbuf.bpf.o"
tampered truncated "$(printf '%s' "$meta_ok" | head -c 300)"
expect_error "meta: truncated JSON" ".tpc.meta: not valid JSON" "$T/truncated.bpf.o"
tampered not_object '[1, 2, 3]'
expect_error "meta: not an object" "top level must be an object, not an array" "$T/not_object.bpf.o"
tampered only_fentry "$(sub 's/"attach": "kprobe"/"attach": "fentry"/; s/"attach": "tracepoint", "target": "syscalls\/sys_enter_lseek"/"attach": "fentry", "target": "x"/')"
expect_error "no usable variant: clear 'not supported yet'" "attach kind 'fentry' is not supported by tpc-agent yet" "$T/only_fentry.bpf.o"
printf '{"format":"tpc-object/1","policy":{"name":"\xff\xfe"},"hooks":[]}' >"$T/bad_utf8.json"
with_meta "$T/lseek_fixture.o" "$T/bad_utf8.json" "$T/bad_utf8.bpf.o"
expect_error "meta: invalid UTF-8" "not valid JSON" "$T/bad_utf8.bpf.o"

# return probe keys
ret_meta=$(cat "$SRC/ret_fixture.meta.json")
tampered_ret() { printf '%s\n' "$2" >"$T/$1.json"; with_meta "$T/ret_fixture.o" "$T/$1.json" "$T/$1.bpf.o"; }
rsub() { printf '%s' "$ret_meta" | sed "$1"; }
tampered_ret ret_noprog "$(rsub 's/"return_program": "tpc_ret_0_tp_ret", //')"
expect_error "meta: return_attach without return_program" \
	"hooks\[0\].variants\[1\].return_program: required key is missing" "$T/ret_noprog.bpf.o"
tampered_ret ret_nopair "$(rsub ':a;N;$!ba;s/,\n *"return_program": "tpc_ret_0_tp_ret", "return_attach": "tracepoint", "return_target": "syscalls\/sys_exit_lseek"//')"
expect_error "meta: a return hook needs an exit program in every variant" \
	"hooks\[0\].variants\[1\].return_program: required key is missing (the hook has a \"return\" slot" "$T/ret_nopair.bpf.o"
tampered_ret ret_badprog "$(rsub 's/"return_program": "tpc_ret_0_tp_ret"/"return_program": "tpc_nope"/')"
expect_error "meta: unknown return program" "variants\[1\].return_program: no program 'tpc_nope' in the object" "$T/ret_badprog.bpf.o"
tampered_ret ret_same "$(rsub 's/"return_program": "tpc_ret_0_tp_ret"/"return_program": "tpc_ret_0_tp"/')"
expect_error "meta: return program is not the entry program" "variants\[1\].return_program: 'tpc_ret_0_tp' is the entry program too" "$T/ret_same.bpf.o"
tampered_ret ret_entry_kind "$(rsub 's/"return_attach": "kretprobe"/"return_attach": "kprobe"/')"
expect_error "meta: return_attach must attach at return" "variants\[0\].return_attach: 'kprobe' attaches at entry, not at return" "$T/ret_entry_kind.bpf.o"
tampered_ret ret_misfit "$(rsub 's/"return_attach": "tracepoint"/"return_attach": "kretprobe"/')"
expect_error "meta: return_attach must fit the exit program" "variants\[1\].return_attach: 'kretprobe' does not fit program 'tpc_ret_0_tp_ret'" "$T/ret_misfit.bpf.o"
tampered_ret ret_badtp "$(rsub 's|"return_target": "syscalls/sys_exit_lseek"|"return_target": "sys_exit_lseek"|')"
expect_error "meta: return_target shape" "variants\[1\].return_target: tracepoint 'sys_exit_lseek' is not \"category/name\"" "$T/ret_badtp.bpf.o"
tampered_ret ret_fexit "$(rsub 's/"return_attach": "kretprobe"/"return_attach": "fexit"/; s/"return_attach": "tracepoint", "return_target": "syscalls\/sys_exit_lseek"/"return_attach": "fexit", "return_target": "x"/')"
expect_error "no usable pair: the return program's reason is given" \
	"tpc_ret_0_tp (tracepoint syscalls/sys_enter_lseek): return program tpc_ret_0_tp_ret (fexit x): attach kind 'fexit' is not supported by tpc-agent yet" \
	-o json "$T/ret_fexit.bpf.o"
tampered_ret ret_overlap "$(rsub 's/"offset": 80, "size": 8}/"offset": 72, "size": 8}/')"
expect_error "meta: return slot overlaps an arg" "hooks\[0\].return.offset: slot overlaps args\[0\]" "$T/ret_overlap.bpf.o"
tampered_ret ret_beyond "$(rsub 's/"offset": 80, "size": 8}/"offset": 88, "size": 8}/')"
expect_error "meta: return slot beyond event_size" "hooks\[0\].return.offset: 88 + size 8 is beyond event_size 88" "$T/ret_beyond.bpf.o"
tampered_ret ret_size "$(rsub 's/"offset": 80, "size": 8}/"offset": 80, "size": 4}/')"
expect_error "meta: return slot size must match its type" "hooks\[0\].return.size: a 'int' return value is an integer slot of 8 bytes, not 4" "$T/ret_size.bpf.o"
tampered_ret ret_string "$(rsub 's/"return": {"type": "int"/"return": {"type": "string"/')"
expect_error "meta: a string return value needs a string slot" "hooks\[0\].return.size: a 'string' return value is struct tpc_str_slot of 264 bytes, not 8" "$T/ret_string.bpf.o"
tampered_ret ret_skb "$(rsub 's/"return": {"type": "int"/"return": {"type": "skb"/')"
expect_error "meta: only integer, string and sock return values" "hooks\[0\].return.type: this tpc-agent decodes integer, string and sock return values only, not 'skb'" "$T/ret_skb.bpf.o"
tampered_ret ret_unknown "$(rsub 's/"return": {"type": "int"/"return": {"type": "quux"/')"
expect_error "meta: unknown return type" "hooks\[0\].return.type: unknown argument type 'quux'" "$T/ret_unknown.bpf.o"
tampered_ret ret_tp_kind "$(rsub 's/"kind": "kprobe"/"kind": "tracepoint"/')"
expect_error "meta: no return slot on tracepoint hooks" "hooks\[0\].return: a tracepoint hook has no return probe" "$T/ret_tp_kind.bpf.o"
tampered_ret ret_ima_overlap "$(rsub 's/"event_size": 88/"event_size": 200/; s/"return": {"type": "int", "label": "", "offset": 80, "size": 8},/&\n      "ima": {"offset": 80, "size": 72},/')"
expect_error "meta: the ima slot overlaps the return slot" "hooks\[0\].ima.offset: slot overlaps the return slot" "$T/ret_ima_overlap.bpf.o"
tampered_ret ret_ima_stack "$(rsub 's/"event_size": 88/"event_size": 2300/; s/"return": {"type": "int", "label": "", "offset": 80, "size": 8},/&\n      "stack": {"offset": 88, "size": 2048}, "ima": {"offset": 200, "size": 72},/')"
expect_error "meta: the ima slot overlaps the stack slot" "hooks\[0\].ima.offset: slot overlaps the stack slot" "$T/ret_ima_stack.bpf.o"
tampered_ret ret_stack_size "$(rsub 's/"event_size": 88/"event_size": 200/; s/"return": {"type": "int", "label": "", "offset": 80, "size": 8},/&\n      "stack": {"offset": 88, "size": 16},/')"
expect_error "meta: the stack slot has its struct's size" "hooks\[0\].stack.size: 16, but struct tpc_stack_slot is 2048 bytes" "$T/ret_stack_size.bpf.o"
tampered_ret ret_noslot "$(rsub '/"return": {/d')"
expect_error "meta: an exit program needs the return slot" "variants\[0\].return_program: a return program, but the hook has no \"return\" slot" "$T/ret_noslot.bpf.o"

# random byte flips in a good object: errors or runs, never a crash
crashes=0
size=$(stat -c %s "$T/lseek_fixture.bpf.o")
for i in $(seq 40); do
	cp "$T/lseek_fixture.bpf.o" "$T/flip.bpf.o"
	for j in 1 2 3 4; do
		printf "\\x$(printf %02x $((RANDOM % 256)))" |
			dd of="$T/flip.bpf.o" bs=1 seek=$(( (RANDOM * 32768 + RANDOM) % size )) conv=notrunc 2>/dev/null
	done
	timeout 20 "$AGENT" --timeout 0.05 "$T/flip.bpf.o" >/dev/null 2>"$T/flip.err"
	rc=$?
	if [ $rc != 0 ] && [ $rc != 1 ]; then
		crashes=$((crashes + 1))
		cp "$T/flip.bpf.o" "/tmp/tpc-agent-crash-$i.bpf.o"
	fi
done
[ $crashes = 0 ] && ok "40 randomly corrupted objects: no crash" ||
	ko "randomly corrupted objects" "$crashes crashed; kept as /tmp/tpc-agent-crash-*.bpf.o"

# --- usage ---------------------------------------------------------------------------------
"$AGENT" --help | grep -q -- "--ready-file" && ok "--help documents the options" || ko "--help"
"$AGENT" >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok "no object is a usage error (2)" || ko "no object is a usage error" "status $rc"

echo "$pass passed, $fail failed, $skipped skipped"
[ $fail = 0 ]

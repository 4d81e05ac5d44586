# Helpers sourced by tests/e2e/cases/*.sh.
#
# POSIX sh: the same cases run under dash on the host and under busybox ash in
# the qemu guest, which has no bash, no jq and no coreutils. Keep every helper
# to grep/awk/sed/kill/sleep as busybox provides them.
#
# Environment given by tests/e2e/runcases.sh:
#   TPC_AGENT  agent binary        OBJ_DIR  compiled objects (<policy>.bpf.o)
#   TRIG_DIR   static triggers     WORK     per-case scratch dir (the cwd)
#   E2E_DIR    this directory

AGENT_PID=
AGENT_OUT="$WORK/agent.out"     # JSON lines, one event each
AGENT_ERR="$WORK/agent.err"     # libbpf log, attach messages, errors
AGENT_READY="$WORK/agent.ready"
AGENT_RC=
: "${AGENT_READY_TIMEOUT:=30}"  # seconds; TCG guests parse 4 MB of BTF slowly
: "${EVENT_TIMEOUT:=10}"        # seconds to wait for expected events

# Print a note that shows up in the case's output on failure (and with -v).
note() {
	echo "# $*"
}

# Skip the case: the runner reads the first "skipped:" line as the reason.
skip() {
	echo "skipped: $*"
	exit 77
}

fail() {
	echo "error: $*"
	exit 1
}

obj() {
	echo "$OBJ_DIR/$1.bpf.o"
}

trig() {
	echo "$TRIG_DIR/$1"
}

need_cmd() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 not available"
}

# Sleep a tenth of a second; both busybox and coreutils sleep take fractions.
tick() {
	sleep 0.1
}

# agent_start [AGENT OPTIONS] OBJ...
# Start the agent in the background with JSON output and wait until it
# writes its ready file, i.e. every program is attached.
agent_start() {
	[ -x "$TPC_AGENT" ] || skip "tpc-agent not built ($TPC_AGENT)"
	rm -f "$AGENT_READY"
	"$TPC_AGENT" -o json --ready-file "$AGENT_READY" "$@" \
		>"$AGENT_OUT" 2>"$AGENT_ERR" </dev/null &
	AGENT_PID=$!
	_n=$((AGENT_READY_TIMEOUT * 10))
	while [ ! -e "$AGENT_READY" ]; do
		if ! kill -0 "$AGENT_PID" 2>/dev/null; then
			wait "$AGENT_PID"
			AGENT_RC=$?
			AGENT_PID=
			agent_dump
			fail "tpc-agent exited with status $AGENT_RC before it was ready"
		fi
		_n=$((_n - 1))
		if [ "$_n" -le 0 ]; then
			agent_dump
			fail "tpc-agent not ready after ${AGENT_READY_TIMEOUT}s"
		fi
		tick
	done
	agent_report_attach
}

# Tell which attach variant the agent chose per hook (kprobe on kernels that
# have kprobes, syscall tracepoint elsewhere). The agent says so with -v
# ("hook 0 'x': using prog (kprobe x)"). Informative only.
agent_report_attach() {
	grep -E '^tpc-agent: .*: (using|skipping) ' "$AGENT_ERR" 2>/dev/null |
		head -n 5 | sed 's/^/# agent: /'
	return 0
}

# Stop the agent with SIGTERM (it detaches and drains its ring buffer), then
# SIGKILL after 5 s. A crash on the way out (SIGSEGV, abort) fails the case.
agent_stop() {
	[ -n "$AGENT_PID" ] || return 0
	_pid=$AGENT_PID
	AGENT_PID=
	kill -TERM "$_pid" 2>/dev/null
	_n=50
	while kill -0 "$_pid" 2>/dev/null && [ "$_n" -gt 0 ]; do
		_n=$((_n - 1))
		tick
	done
	kill -KILL "$_pid" 2>/dev/null
	wait "$_pid"
	AGENT_RC=$?
	case $AGENT_RC in
	0 | 130 | 143) return 0 ;;	# clean exit, or killed by our SIGINT/SIGTERM
	137) agent_dump; fail "tpc-agent ignored SIGTERM for 5 s" ;;
	*) agent_dump; fail "tpc-agent exited with status $AGENT_RC" ;;
	esac
}

agent_dump() {
	echo "--- agent stderr"
	tail -n 40 "$AGENT_ERR" 2>/dev/null
	echo "--- agent stdout"
	tail -n 20 "$AGENT_OUT" 2>/dev/null
	echo "---"
}

# Cleanup on any exit, including the runner's timeout (SIGTERM).
trap 'agent_stop_quiet' EXIT
trap 'exit 143' TERM INT
agent_stop_quiet() {
	[ -n "$AGENT_PID" ] && kill -KILL "$AGENT_PID" 2>/dev/null
	return 0
}

# count_events PATTERN...
# Number of agent output lines that contain every PATTERN. Patterns are fixed
# strings (grep -F), so JSON fragments like "int_arg":-1 need no escaping.
count_events() {
	_f=$AGENT_OUT
	[ -e "$_f" ] || { echo 0; return 0; }
	_tmp="$WORK/.match"
	cp "$_f" "$_tmp"
	for _p in "$@"; do
		grep -F -e "$_p" "$_tmp" >"$_tmp.n"
		mv "$_tmp.n" "$_tmp"
	done
	wc -l <"$_tmp" | tr -d ' '
}

# wait_events N PATTERN...: wait up to EVENT_TIMEOUT s for N matching events.
wait_events() {
	_want=$1
	shift
	_n=$((EVENT_TIMEOUT * 10))
	while [ "$(count_events "$@")" -lt "$_want" ] && [ "$_n" -gt 0 ]; do
		_n=$((_n - 1))
		tick
	done
}

# expect_event_json PATTERN...: at least one event contains every PATTERN.
expect_event_json() {
	wait_events 1 "$@"
	[ "$(count_events "$@")" -ge 1 ] && return 0
	agent_dump
	fail "no event matching: $*"
}

# expect_events N PATTERN...: exactly N events contain every PATTERN.
# Call it after agent_stop when "no more than N" matters, so late events count.
expect_events() {
	_want=$1
	shift
	wait_events "$_want" "$@"
	_got=$(count_events "$@")
	[ "$_got" -eq "$_want" ] && return 0
	agent_dump
	fail "expected $_want event(s) matching [$*], got $_got"
}

# expect_exit STATUS CMD...: run CMD, its exit status must be STATUS.
expect_exit() {
	_want=$1
	shift
	"$@" >"$WORK/cmd.out" 2>&1
	_rc=$?
	sed 's/^/# | /' "$WORK/cmd.out"
	[ "$_rc" -eq "$_want" ] && return 0
	fail "'$*' exited with status $_rc, expected $_want"
}

# The shell reports death by SIGKILL as 128 + 9.
expect_killed() {
	expect_exit 137 "$@"
}

expect_survives() {
	expect_exit 0 "$@"
}

# --- network cases (tests/e2e/cases/net_*.sh) ---------------------------------

# netns_run CMD...: run CMD in a new network namespace whose lo carries
# 10.200.0.1/24, 198.51.100.1/24 (TEST-NET-2), fd00::1 and 2001:db8::1: the
# addresses exist only inside that namespace, no real network is touched.
netns_run() {
	need_cmd unshare
	need_cmd ip
	unshare -n sh -c 'ip link set lo up && ip addr add 10.200.0.1/24 dev lo &&
		ip addr add 198.51.100.1/24 dev lo && ip addr add fd00::1/128 dev lo &&
		ip addr add 2001:db8::1/128 dev lo && exec "$@"' netns "$@"
}

# pol_events POLICY N PATTERN...: exactly N events of policy POLICY, and each
# of them contains every PATTERN.
pol_events() {
	_pol="\"policy_name\":\"$1\""
	_want=$2
	shift 2
	_all=$(count_events "$_pol")
	_ok=$(count_events "$_pol" "$@")
	[ "$_all" = "$_want" ] && [ "$_ok" = "$_want" ] && return 0
	echo "policy $_pol: $_all event(s), $_ok matching [$*], want $_want:"
	grep -F -e "$_pol" "$AGENT_OUT" | sed 's/^/    /' | head -20
	fail "events of policy $1"
}

# pol_some POLICY PATTERN...: at least one event of POLICY, and every one
# contains every PATTERN (for hooks that see a varying number of packets).
pol_some() {
	_pol="\"policy_name\":\"$1\""
	shift
	_all=$(count_events "$_pol")
	_ok=$(count_events "$_pol" "$@")
	[ "$_all" -ge 1 ] && [ "$_ok" = "$_all" ] && return 0
	echo "policy $_pol: $_all event(s), $_ok matching [$*], want >= 1, all matching:"
	grep -F -e "$_pol" "$AGENT_OUT" | sed 's/^/    /' | head -20
	fail "events of policy $1"
}

# pol_none_with POLICY PATTERN: no event of POLICY contains PATTERN.
pol_none_with() {
	_n=$(count_events "\"policy_name\":\"$1\"" "$2")
	[ "$_n" = 0 ] || fail "policy $1: $_n event(s) contain $2, want none"
}

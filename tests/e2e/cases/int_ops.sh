# Every integer matchArgs operator, on lseek's fd (int and uint32 at the
# declared width): Equal, NotEqual, GT, LT, Mask, InRange, NotInRange,
# several values (OR), a hex value, and two matchArgs (AND, with the offset
# marker 4242). The trigger seeks fds -1 -2 5 7 100; each policy must report
# exactly its set, with the values in the events.
# policy: tests/e2e/policies/int-equal.yaml tests/e2e/policies/int-notequal.yaml
# policy: tests/e2e/policies/int-gt.yaml tests/e2e/policies/int-lt.yaml tests/e2e/policies/int-mask.yaml
# policy: tests/e2e/policies/int-inrange.yaml tests/e2e/policies/int-notinrange.yaml
# policy: tests/e2e/policies/int-or.yaml tests/e2e/policies/int-u32-gt.yaml tests/e2e/policies/int-hex.yaml
# needs: kprobes|tracepoints
# trig: lseekop
. "$E2E_DIR/lib.sh"

set -- int-equal int-notequal int-gt int-lt int-mask int-inrange int-notinrange int-or int-u32-gt int-hex
objs=
for p in "$@"; do objs="$objs $(obj "$p")"; done
# shellcheck disable=SC2086
agent_start $objs
"$(trig lseekop)" -1 -2 5 7 100
# int-notequal matches 4 calls; wait for the last policy's event too
wait_events 4 '"policy_name":"int-notequal"'
wait_events 2 '"policy_name":"int-u32-gt"'
agent_stop

check() {
	_p=$1
	_n=$2
	shift 2
	_all=$(count_events "\"policy_name\":\"$_p\"")
	[ "$_all" = "$_n" ] || { grep -F "\"policy_name\":\"$_p\"" "$AGENT_OUT" | sed 's/^/    /'; fail "$_p: $_all events, want $_n"; }
	for _v in "$@"; do
		_c=$(count_events "\"policy_name\":\"$_p\"" "$_v")
		[ "$_c" = 1 ] || fail "$_p: $_c events with $_v, want 1"
	done
}
check int-equal 1 '{"int_arg":5}'
check int-notequal 4 '{"int_arg":-1}' '{"int_arg":-2}' '{"int_arg":7}' '{"int_arg":100}'
check int-gt 2 '{"int_arg":7}' '{"int_arg":100}'
check int-lt 2 '{"int_arg":-1}' '{"int_arg":-2}'
check int-mask 3 '{"int_arg":-1}' '{"int_arg":-2}' '{"int_arg":7}'
check int-inrange 2 '{"int_arg":5}' '{"int_arg":7}'
check int-notinrange 3 '{"int_arg":-1}' '{"int_arg":-2}' '{"int_arg":100}'
check int-or 2 '{"int_arg":5}' '{"int_arg":100}'
# uint32: -1 and -2 are 4294967295 and 4294967294, the only ones > 4e9
check int-u32-gt 2 '{"uint_arg":4294967295}' '{"uint_arg":4294967294}'
check int-hex 1 '{"int_arg":100}'
exit 0

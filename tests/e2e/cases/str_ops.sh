# Every string matchArgs operator on openat's user-memory filename: Equal,
# NotEqual, Prefix, NotPrefix, Postfix, NotPostfix, SubString and
# SubStringIgnCase (ASCII case folded on both sides), each ANDed with Prefix
# "/tmp/tpc-strops/" so other processes never match. Each policy must report
# exactly its set of the four paths opened.
# policy: tests/e2e/policies/str-equal.yaml tests/e2e/policies/str-notequal.yaml
# policy: tests/e2e/policies/str-prefix.yaml tests/e2e/policies/str-notprefix.yaml
# policy: tests/e2e/policies/str-postfix.yaml tests/e2e/policies/str-notpostfix.yaml
# policy: tests/e2e/policies/str-substring.yaml tests/e2e/policies/str-substringigncase.yaml
# needs: kprobes|tracepoints
# trig: openpaths
. "$E2E_DIR/lib.sh"

set -- str-equal str-notequal str-prefix str-notprefix str-postfix str-notpostfix str-substring \
	str-substringigncase
objs=
for p in "$@"; do objs="$objs $(obj "$p")"; done
# shellcheck disable=SC2086
agent_start $objs
R=/tmp/tpc-strops
"$(trig openpaths)" $R/abc.txt $R/abd.log $R/x/abc.txt $R/x/ABC.TXT
wait_events 3 '"policy_name":"str-notequal"'
wait_events 2 '"policy_name":"str-notpostfix"'
wait_events 3 '"policy_name":"str-substringigncase"'
agent_stop

check() {
	_p=$1
	_n=$2
	shift 2
	_all=$(count_events "\"policy_name\":\"$_p\"")
	[ "$_all" = "$_n" ] || { grep -F "\"policy_name\":\"$_p\"" "$AGENT_OUT" | sed 's/^/    /'; fail "$_p: $_all events, want $_n"; }
	for _v in "$@"; do
		_c=$(count_events "\"policy_name\":\"$_p\"" "\"string_arg\":\"$R/$_v\"")
		[ "$_c" = 1 ] || fail "$_p: $_c events with $_v, want 1"
	done
}
check str-equal 1 abc.txt
check str-notequal 3 abd.log x/abc.txt x/ABC.TXT
check str-prefix 2 abc.txt abd.log
check str-notprefix 2 x/abc.txt x/ABC.TXT
check str-postfix 2 abc.txt x/abc.txt
check str-notpostfix 2 abd.log x/ABC.TXT
check str-substring 2 abc.txt x/abc.txt
check str-substringigncase 3 abc.txt x/abc.txt x/ABC.TXT
exit 0

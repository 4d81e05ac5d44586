# Many string values go to a map: Equal and NotEqual with more than 16
# values are one hash lookup, Prefix one LPM trie lookup, Postfix one of
# the value's tail reversed (IR shape hash, lpm). Each policy must report exactly its set of the paths opened: the
# map keys carry the length, so a longer or shorter path with a listed
# prefix is not Equal; a Prefix needs the whole literal (its trailing /).
# policy: tests/e2e/policies/str-map-equal.yaml tests/e2e/policies/str-map-prefix.yaml
# policy: tests/e2e/policies/str-map-notequal.yaml tests/e2e/policies/str-map-postfix.yaml
# needs: kprobes|tracepoints
# trig: openpaths
. "$E2E_DIR/lib.sh"

agent_start "$(obj str-map-equal)" "$(obj str-map-prefix)" "$(obj str-map-notequal)" "$(obj str-map-postfix)"
R=/tmp/tpc-strmap
"$(trig openpaths)" $R/e03 $R/e11 $R/e03x $R/p3/f $R/p3 $R/qq $R/e0 $R/a.log $R/ba.log $R/j.log $R/k.log $R/xz
wait_events 11 '"policy_name":"str-map-notequal"'
wait_events 3 '"policy_name":"str-map-postfix"'
wait_events 2 '"policy_name":"str-map-prefix"'
wait_events 2 '"policy_name":"str-map-equal"'
tick
agent_stop

check() {
	_p=$1
	_n=$2
	shift 2
	expect_events "$_n" "\"policy_name\":\"$_p\""
	for _f in "$@"; do
		expect_events 1 "\"policy_name\":\"$_p\"" "\"string_arg\":\"$R/$_f\""
	done
}
check str-map-equal 2 e03 e11
check str-map-prefix 2 p3/f qq
check str-map-notequal 11 e11 e03x p3/f p3 qq e0 a.log ba.log j.log k.log xz
check str-map-postfix 3 a.log j.log xz
exit 0

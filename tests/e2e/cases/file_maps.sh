# file-map-notpostfix: NotPostfix with 17 values on fd_install's file: one
# LPM trie lookup of the path's tail, reversed; the path is rebuilt from the
# dentries and ends at the end of its scratch region, unlike a string. cat
# of x.txt and of ba.log (whose tail is not "/a.log") is reported, of a.log
# and j.log not.
# policy: tests/e2e/policies/file-map-notpostfix.yaml
# needs: kprobes
. "$E2E_DIR/lib.sh"

R=/tmp/tpc-filemap
mkdir -p $R
for f in x.txt ba.log a.log j.log; do echo "$f" >$R/$f; done
agent_start "$(obj file-map-notpostfix)"
for f in x.txt ba.log a.log j.log; do expect_survives cat $R/$f; done
wait_events 2 '"policy_name":"file-map-notpostfix"'
tick
agent_stop
expect_events 2 '"policy_name":"file-map-notpostfix"'
expect_events 1 '"function_name":"fd_install"' "\"path\":\"$R/x.txt\""
expect_events 1 '"function_name":"fd_install"' "\"path\":\"$R/ba.log\""
rm -rf $R
exit 0

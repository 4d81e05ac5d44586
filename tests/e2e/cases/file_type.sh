# FileType / NotFileType on a struct file (dentry->d_inode->i_mode & S_IFMT):
# reads and writes of a fifo and of a regular file under /tmp/tpc-ftype/.
# file-type (FileType fifo, and SubString on the path) reports the fifo only,
# file-nottype (NotFileType fifo) the regular file only.
# policy: tests/e2e/policies/file-type.yaml tests/e2e/policies/file-nottype.yaml
# needs: kprobes
. "$E2E_DIR/lib.sh"

D=/tmp/tpc-ftype
rm -rf $D
mkdir -p $D
mkfifo $D/p
agent_start "$(obj file-type)" "$(obj file-nottype)"
echo hello >$D/reg
cat $D/reg >/dev/null
# O_RDWR on a fifo does not block: write a line, read it back
exec 3<>$D/p
echo hello >&3
read -r _ <&3
exec 3>&-
wait_events 2 '"policy_name":"file-type"'
wait_events 2 '"policy_name":"file-nottype"'
agent_stop
pol_some file-type "\"path\":\"$D/p\""
pol_some file-nottype "\"path\":\"$D/reg\""
rm -rf $D
exit 0

# Host-side preparation shared by tests/e2e/run.sh and tests/vm/run.sh
# (sourced, bash). Everything a case needs is built here, on the host, so the
# guest only runs finished binaries and objects:
#   # policy: policies/x.yaml   -> $OBJ_DIR/x.bpf.o   via build/tpc compile
#   # bpf: tests/e2e/bpf/y.bpf.c -> $OBJ_DIR/y.bpf.o  via clang (harness-only objects)
#   # trig: z                    -> $TRIG_DIR/z        static, from tests/e2e/trig/z.c
# A failed build leaves <name>.err (the case fails with it); a missing tool
# leaves <name>.skip (the case is skipped with its reason). runcases.sh reads both.

E2E_DIR=${E2E_DIR:-$ROOT/tests/e2e}
TPC=${TPC:-$ROOT/build/tpc}
CLANG=${CLANG:-clang-19}
HOSTCC=${HOSTCC:-cc}

# case_header FILE KEY: values of "# KEY:" lines, one per line.
case_header() {
	sed -n "s/^# $2:[[:space:]]*//p" "$1" | tr ' ' '\n' | sed '/^$/d'
}

# select_cases NAME...: print the case files, all of them without names.
select_cases() {
	local n
	if [ $# -eq 0 ]; then
		ls "$E2E_DIR"/cases/*.sh
		return
	fi
	for n in "$@"; do
		n=${n%.sh}
		n=${n##*/}
		if [ ! -e "$E2E_DIR/cases/$n.sh" ]; then
			echo "error: no case '$n' in $E2E_DIR/cases" >&2
			return 1
		fi
		echo "$E2E_DIR/cases/$n.sh"
	done
}

build_trigger() {
	local name=$1 src="$E2E_DIR/trig/$1.c"
	rm -f "$TRIG_DIR/$name" "$TRIG_DIR/$name.err"
	if [ ! -e "$src" ]; then
		echo "no source $src" >"$TRIG_DIR/$name.err"
		return
	fi
	# Static: the guest has no libc.
	"$HOSTCC" -static -O2 -Wall -o "$TRIG_DIR/$name" "$src" 2>"$TRIG_DIR/$name.err" &&
		rm -f "$TRIG_DIR/$name.err"
}

compile_policy() {
	local yaml=$1 base
	base=$(basename "$yaml" .yaml)
	rm -f "$OBJ_DIR/$base".{bpf.o,err,skip}
	if [ ! -x "$TPC" ]; then
		echo "tpc not built ($TPC)" >"$OBJ_DIR/$base.skip"
	elif [ ! -e "$ROOT/$yaml" ]; then
		echo "policy $yaml does not exist" >"$OBJ_DIR/$base.err"
	elif ! "$TPC" compile "$ROOT/$yaml" -o "$OBJ_DIR/$base.bpf.o" >"$OBJ_DIR/$base.err" 2>&1; then
		rm -f "$OBJ_DIR/$base.bpf.o"
	else
		rm -f "$OBJ_DIR/$base.err"
	fi
}

# Same flags as tpc's own back end (docs: TOOLCHAIN.md), so these objects are
# a fair control for what tpc produces.
compile_bpf() {
	local src=$1 base
	base=$(basename "$src" .bpf.c)
	rm -f "$OBJ_DIR/$base".{bpf.o,err,skip}
	if ! command -v "$CLANG" >/dev/null; then
		echo "$CLANG not installed" >"$OBJ_DIR/$base.skip"
	elif ! "$CLANG" -O2 -g --target=bpfel -mcpu=v3 -D__TARGET_ARCH_x86 \
		"-I/usr/include/$(uname -m)-linux-gnu" \
		-c "$ROOT/$src" -o "$OBJ_DIR/$base.bpf.o" 2>"$OBJ_DIR/$base.err"; then
		rm -f "$OBJ_DIR/$base.bpf.o"
	else
		rm -f "$OBJ_DIR/$base.err"
	fi
}

# prepare_cases CASE_FILE...: build what the cases need into OBJ_DIR/TRIG_DIR.
prepare_cases() {
	local f x
	mkdir -p "$OBJ_DIR" "$TRIG_DIR"
	for x in $(for f in "$@"; do case_header "$f" trig; done | sort -u); do
		build_trigger "$x"
	done
	for x in $(for f in "$@"; do case_header "$f" policy; done | sort -u); do
		compile_policy "$x"
	done
	for x in $(for f in "$@"; do case_header "$f" bpf; done | sort -u); do
		compile_bpf "$x"
	done
}

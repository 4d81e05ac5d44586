# tpc: TracingPolicy compiler and agent.
#
#   make demo     (root) build, compile policies/lseek-kill.yaml, enforce it
#   make check    the test suite (unit, host end-to-end, qemu tier)
#   make bench    (root) cost per event against an empty program (docs/performance.md)
#   make          build build/tpc and build/tpc-agent
#
# The first target that needs a tool installs the Debian packages that are
# missing (see DEB_PACKAGES); nothing is assumed to be installed by hand.

BUILD      ?= build
CC         ?= gcc
CXX        ?= g++
LLVM_CONFIG ?= llvm-config-19
CLANG      ?= clang-19
SANITIZE   ?=
V          ?= 0
TPC_VERSION := 0.1.0

Q := $(if $(filter 1,$(V)),,@)

DEB_PACKAGES := clang-19 llvm-19-dev libclang-19-dev libclang-cpp19-dev libclang-rt-19-dev \
	libbpf-dev libelf-dev bpftool libyaml-dev flex bison libcmocka-dev \
	libjson-c-dev libssl-dev zlib1g-dev pkg-config systemtap-sdt-dev \
	qemu-system-x86 busybox-static cpio iproute2 util-linux libcap2-bin \
	binutils lz4 zstd

WARN     := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wformat=2 -Wstrict-prototypes
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 $(WARN) -D_GNU_SOURCE -DTPC_VERSION='"$(TPC_VERSION)"' \
	-Icompiler -Iruntime -I$(BUILD) $(SANITIZE)
LDFLAGS  += $(SANITIZE)

# Only cc.cpp sees LLVM's C++ flags; emit.c uses the LLVM C API headers.
LLVM_INC  = $(shell $(LLVM_CONFIG) --includedir 2>/dev/null)
LLVM_LIB  = $(shell $(LLVM_CONFIG) --libdir 2>/dev/null)
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++17 -fno-rtti -Wall -Wextra -Wno-unused-parameter -I$(LLVM_INC) -Icompiler $(SANITIZE)

TPC_SRCS   := $(wildcard compiler/*.c) $(wildcard runtime/*.c)
# The IR text's lexer and parser (grammar/), generated into $(BUILD)/grammar/.
GRAMMAR_OBJS := $(BUILD)/grammar/ir.tab.o $(BUILD)/grammar/ir.lex.o
TPC_OBJS   := $(patsubst %.c,$(BUILD)/%.o,$(TPC_SRCS)) $(BUILD)/compiler/cc.o $(BUILD)/headers.o $(GRAMMAR_OBJS)
AGENT_SRCS := $(wildcard agent/*.c) $(wildcard runtime/*.c)
AGENT_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(AGENT_SRCS))
# The compiler library: everything but main.c, for the unit tests.
LIBTPC_OBJS := $(filter-out $(BUILD)/compiler/main.o,$(TPC_OBJS))

TPC_LIBS   := -L$(LLVM_LIB) -Wl,-rpath,$(LLVM_LIB) -lclang-cpp -lLLVM-19 -lbpf -lelf -lz -lyaml -lcrypto -ljson-c -lstdc++
AGENT_LIBS := -lbpf -lelf -lz -ljson-c -lpthread

EMBED := bpf-templates/tpc_prelude.h bpf-templates/tpc_common.h bpf-templates/tpc_str.h \
	bpf-templates/tpc_path.h bpf-templates/tpc_sock.h bpf-templates/tpc_net.h bpf-templates/tpc_proc.h bpf-templates/tpc_rate.h bpf-templates/tpc_args.h \
	bpf-templates/tpc_socktrack.h runtime/tpc_event.h
LIBBPF_BPF_HEADERS := bpf_helpers.h bpf_helper_defs.h bpf_tracing.h bpf_core_read.h bpf_endian.h usdt.bpf.h
# usdt.bpf.h includes <linux/errno.h>: a stub with the values it uses
EMBED_LINUX := linux/errno.h=bpf-templates/linux_errno.h

.PHONY: all deps demo check unit e2e vmtest golden conformance bench fuzz reference clean install

all: $(BUILD)/tpc $(BUILD)/tpc-agent

# --- packages ---------------------------------------------------------------
$(BUILD)/.deps:
	$(Q)mkdir -p $(BUILD)
	$(Q)missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		if [ "$$(id -u)" != 0 ]; then echo "error: need root to install packages (or install them yourself)" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi
	$(Q)touch $@

deps: $(BUILD)/.deps

# --- build ------------------------------------------------------------------
$(BUILD)/%.o: %.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# emit.c is the one C file that uses the LLVM C API.
$(BUILD)/compiler/emit.o: CFLAGS += -I$(LLVM_INC)

$(BUILD)/compiler/cc.o: compiler/cc.cpp compiler/cc.h compiler/backend.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  CXX     $<"
	$(Q)$(CXX) $(CXXFLAGS) -c $< -o $@

$(BUILD)/grammar/ir.tab.c $(BUILD)/grammar/ir.tab.h &: grammar/ir.y | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  BISON   $<"
	$(Q)bison -Wall -Werror -o $(BUILD)/grammar/ir.tab.c --header=$(BUILD)/grammar/ir.tab.h $<

$(BUILD)/grammar/ir.lex.c $(BUILD)/grammar/ir.lex.h &: grammar/ir.l | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  FLEX    $<"
	$(Q)flex -o $(BUILD)/grammar/ir.lex.c --header-file=$(BUILD)/grammar/ir.lex.h $<

# Generated code: flex and bison do not write -Wextra-clean C.
$(BUILD)/grammar/%.o: $(BUILD)/grammar/%.c $(BUILD)/grammar/ir.tab.h $(BUILD)/grammar/ir.lex.h
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -Wno-sign-compare -Wno-unused-function -Wno-unused-but-set-variable -c $< -o $@

$(BUILD)/compiler/ir_read.o: $(BUILD)/grammar/ir.tab.h $(BUILD)/grammar/ir.lex.h

$(BUILD)/embed: tools/embed.c | $(BUILD)/.deps
	$(Q)$(CC) -O1 -Wall -o $@ $<

$(BUILD)/headers.c: $(BUILD)/embed $(EMBED) bpf-templates/linux_errno.h Makefile
	@echo "  EMBED   $@"
	$(Q)$(BUILD)/embed $@ $(foreach f,$(EMBED),/tpc/include/$(notdir $(f))=$(f)) \
		$(foreach f,$(LIBBPF_BPF_HEADERS),/tpc/include/bpf/$(f)=/usr/include/bpf/$(f)) \
		$(foreach f,$(EMBED_LINUX),/tpc/include/$(f))

$(BUILD)/headers.o: $(BUILD)/headers.c
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/tpc: $(TPC_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(TPC_LIBS)

# The base object (process tracking) is compiled here and carried inside
# tpc-agent (agent/base_blob.c .incbin's it): the agent needs no compiler.
BASE_BPF_DEPS := bpf-templates/tpc_base.bpf.c bpf-templates/tpc_prelude.h bpf-templates/tpc_str.h \
	bpf-templates/tpc_path.h bpf-templates/tpc_proc.h runtime/tpc_event.h

$(BUILD)/base.bpf.o: $(BASE_BPF_DEPS) | $(BUILD)/.deps
	@echo "  CLANG   $<"
	$(Q)$(CLANG) -O2 -g --target=bpfel -mcpu=v3 -D__TARGET_ARCH_x86 -fdebug-compilation-dir=/tpc \
		-Ibpf-templates -Iruntime -I/usr/include/$(shell $(CC) -dumpmachine) -c $< -o $@

$(BUILD)/agent/base_blob.o: $(BUILD)/base.bpf.o
$(BUILD)/agent/base_blob.o: CFLAGS += -DTPC_BASE_OBJ='"$(BUILD)/base.bpf.o"'
$(BUILD)/agent/process.o: CFLAGS += -Ibpf-templates

$(BUILD)/tpc-agent: $(AGENT_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(AGENT_LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# --- demo -------------------------------------------------------------------
demo: all
	$(Q)tests/demo.sh

# --- tests ------------------------------------------------------------------
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

# A small BTF "kernel" for the parser/checker tests and tests/bad/, so their
# results do not depend on the machine (see tests/fixtures/vmlinux.c).
FIXTURE_BTF := $(BUILD)/tests/fixture-vmlinux.o

$(FIXTURE_BTF): tests/fixtures/vmlinux.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  BTF     $<"
	$(Q)$(CLANG) --target=bpf -g -O0 -c $< -o $@

# The same "kernel" without some functions: checks against several --btf targets.
FIXTURE_BTF_OLD := $(BUILD)/tests/fixture-vmlinux-old.o

$(FIXTURE_BTF_OLD): tests/fixtures/vmlinux.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  BTF     $< (old)"
	$(Q)$(CLANG) --target=bpf -g -O0 -DTPC_FIXTURE_OLD -c $< -o $@

# The tests find the fixture by absolute path (TPC_FIXTURE_BTF in the
# environment overrides it), so they run from any directory.
$(BUILD)/tests/%: tests/unit/%.c $(LIBTPC_OBJS) | $(FIXTURE_BTF) $(FIXTURE_BTF_OLD)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -MMD -MP -Itests/unit -DTPC_FIXTURE_BTF='"$(abspath $(FIXTURE_BTF))"' \
		-DTPC_FIXTURE_BTF_OLD='"$(abspath $(FIXTURE_BTF_OLD))"' -o $@ $(filter %.c %.o,$^) $(TPC_LIBS) -lcmocka

unit: $(UNIT_TESTS) all
	$(Q)tests/run-unit.sh $(UNIT_TESTS)

e2e: all
	$(Q)tests/e2e/run.sh

# Regenerate every golden file from tpc's output, then review `git diff`:
# tests/bad/*.err (diagnostics) and golden/*.ir, *.c, *.txt (IR, generated C,
# `tpc explain` of policies/). `make check` compares them without rewriting.
golden: $(BUILD)/tpc $(FIXTURE_BTF)
	$(Q)UPDATE_GOLDEN=1 BUILD=$(BUILD) tests/bad/run.sh
	$(Q)UPDATE_GOLDEN=1 BUILD=$(BUILD) tests/golden/run.sh

vmtest: all
	$(Q)tests/vm/run.sh

# docs/policy-reference.md from the compiler's tables (tests/reference.sh checks it).
REFERENCE_OBJS := $(BUILD)/compiler/parse.o $(BUILD)/compiler/lang.o $(BUILD)/compiler/support.o \
	$(BUILD)/compiler/lower_net.o $(BUILD)/compiler/arena.o $(BUILD)/compiler/diag.o

$(BUILD)/gen-reference: tools/gen-reference.c $(REFERENCE_OBJS)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ -lyaml

reference: $(BUILD)/gen-reference
	$(Q)UPDATE_GOLDEN=1 BUILD=$(BUILD) tests/reference.sh

# Every Tetragon example policy through tpc check (+ compile): a table of
# compiled / rejected-unsupported (feature) / rejected-invalid, and totals.
conformance: all
	$(Q)tests/conformance.sh

# --- bench (root; not part of check: numbers, not pass/fail) ----------------
# bench/bench.c measures every contender of its table against an empty
# program on the same hook; the report goes to stdout and $(BUILD)/bench.txt.
BENCH_OBJS := $(BUILD)/bench/empty.bpf.o $(BUILD)/bench/lseek-kill.bpf.o \
	$(BUILD)/bench/lseek-post.bpf.o $(BUILD)/bench/openat-prefix.bpf.o \
	$(BUILD)/bench/openat-equal16.bpf.o $(BUILD)/bench/openat-equal64.bpf.o

$(BUILD)/bench/bench: bench/bench.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -o $@ $< -lbpf -lelf -lz

$(BUILD)/bench/empty.bpf.o: bench/empty.bpf.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  CLANG   $<"
	$(Q)$(CLANG) -O2 -g --target=bpf -mcpu=v3 -I/usr/include/$(shell $(CC) -dumpmachine) -c $< -o $@

$(BUILD)/bench/lseek-kill.bpf.o: policies/lseek-kill.yaml $(BUILD)/tpc
	@mkdir -p $(dir $@)
	$(Q)$(BUILD)/tpc compile $< -o $@

$(BUILD)/bench/%.bpf.o: bench/policies/%.yaml $(BUILD)/tpc
	@mkdir -p $(dir $@)
	$(Q)$(BUILD)/tpc compile $< -o $@

bench: all $(BUILD)/bench/bench $(BENCH_OBJS)
	$(Q)$(BUILD)/bench/bench -b $(BUILD) -o $(BUILD)/bench.txt

check: all $(UNIT_TESTS) $(FIXTURE_BTF) $(BUILD)/gen-reference
	$(Q)tests/check.sh

clean:
	rm -rf $(BUILD)

PREFIX ?= /usr/local
install: all
	install -D -m 0755 $(BUILD)/tpc $(DESTDIR)$(PREFIX)/bin/tpc
	install -D -m 0755 $(BUILD)/tpc-agent $(DESTDIR)$(PREFIX)/bin/tpc-agent

# --- fuzzing (not part of make check) ----------------------------------------
# libFuzzer + ASan + UBSan build of the parser and checker against the BTF
# fixture; no LLVM libraries are linked. FUZZ_TIME seconds (default 600);
# seeds: the Tetragon corpus, tests/bad/ and tests/fuzz/regress/.
FUZZ_TIME ?= 600
FUZZ_CORPUS ?= ../shared/corpus/tetragon-examples
FUZZ_SRCS := compiler/parse.c compiler/check.c compiler/btf.c compiler/lang.c compiler/support.c \
	compiler/arena.c compiler/diag.c compiler/lower_net.c compiler/lower_act.c tests/fuzz/fuzz_policy.c

$(BUILD)/fuzz/fuzz_policy: $(FUZZ_SRCS) $(wildcard compiler/*.h compiler/*.def runtime/*.def) | $(FIXTURE_BTF)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(CLANG) -g -O1 -std=gnu11 -D_GNU_SOURCE -Icompiler -Iruntime -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -DTPC_FIXTURE_BTF='"$(abspath $(FIXTURE_BTF))"' \
		-o $@ $(FUZZ_SRCS) -lyaml -lbpf -lelf -lz -lcrypto

fuzz: $(BUILD)/fuzz/fuzz_policy
	@mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/artifacts
	$(Q)find $(FUZZ_CORPUS) tests/bad tests/fuzz/regress -name '*.y*ml' -exec cp {} $(BUILD)/fuzz/corpus/ \; 2>/dev/null; true
	$(Q)$(BUILD)/fuzz/fuzz_policy -max_total_time=$(FUZZ_TIME) -max_len=8192 -timeout=10 \
		-dict=tests/fuzz/policy.dict -artifact_prefix=$(BUILD)/fuzz/artifacts/ $(BUILD)/fuzz/corpus

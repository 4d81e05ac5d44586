# tpc: TracingPolicy compiler and agent.
#
#   make demo     (root) build, compile policies/lseek-kill.yaml, enforce it
#   make check    the test suite (unit, host end-to-end, qemu tier)
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

DEB_PACKAGES := clang-19 llvm-19-dev libclang-19-dev libclang-cpp19-dev \
	libbpf-dev libelf-dev bpftool libyaml-dev flex bison libcmocka-dev \
	libjson-c-dev libssl-dev zlib1g-dev pkg-config \
	qemu-system-x86 busybox-static cpio

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
TPC_OBJS   := $(patsubst %.c,$(BUILD)/%.o,$(TPC_SRCS)) $(BUILD)/compiler/cc.o $(BUILD)/headers.o
AGENT_SRCS := $(wildcard agent/*.c) $(wildcard runtime/*.c)
AGENT_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(AGENT_SRCS))
# The compiler library: everything but main.c, for the unit tests.
LIBTPC_OBJS := $(filter-out $(BUILD)/compiler/main.o,$(TPC_OBJS))

TPC_LIBS   := -L$(LLVM_LIB) -Wl,-rpath,$(LLVM_LIB) -lclang-cpp -lLLVM-19 -lbpf -lelf -lz -lyaml -lcrypto -lstdc++
AGENT_LIBS := -lbpf -lelf -lz -ljson-c

EMBED := bpf-templates/tpc_prelude.h bpf-templates/tpc_common.h runtime/tpc_event.h
LIBBPF_BPF_HEADERS := bpf_helpers.h bpf_helper_defs.h bpf_tracing.h bpf_core_read.h bpf_endian.h

.PHONY: all deps demo check unit e2e vmtest golden conformance bench fuzz clean install

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

$(BUILD)/embed: tools/embed.c | $(BUILD)/.deps
	$(Q)$(CC) -O1 -Wall -o $@ $<

$(BUILD)/headers.c: $(BUILD)/embed $(EMBED) Makefile
	@echo "  EMBED   $@"
	$(Q)$(BUILD)/embed $@ $(foreach f,$(EMBED),/tpc/include/$(notdir $(f))=$(f)) \
		$(foreach f,$(LIBBPF_BPF_HEADERS),/tpc/include/bpf/$(f)=/usr/include/bpf/$(f))

$(BUILD)/headers.o: $(BUILD)/headers.c
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/tpc: $(TPC_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(TPC_LIBS)

$(BUILD)/tpc-agent: $(AGENT_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(AGENT_LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# --- demo -------------------------------------------------------------------
demo: all
	$(Q)tests/demo.sh

# --- tests ------------------------------------------------------------------
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

$(BUILD)/tests/%: tests/unit/%.c $(LIBTPC_OBJS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -Itests/unit -o $@ $^ $(TPC_LIBS) -lcmocka

unit: $(UNIT_TESTS) all
	$(Q)tests/run-unit.sh $(UNIT_TESTS)

e2e: all
	$(Q)tests/e2e/run.sh

vmtest: all
	$(Q)tests/vm/run.sh

check: all $(UNIT_TESTS)
	$(Q)tests/check.sh

clean:
	rm -rf $(BUILD)

PREFIX ?= /usr/local
install: all
	install -D -m 0755 $(BUILD)/tpc $(DESTDIR)$(PREFIX)/bin/tpc
	install -D -m 0755 $(BUILD)/tpc-agent $(DESTDIR)$(PREFIX)/bin/tpc-agent

# qstp build.  GNU make; see README.md for why a plain Makefile.
#
#   make                 library, tools, tests and benchmarks into build/
#   make check           everything CI runs (installs missing Debian packages)
#   make test            build, then unit tests, vector files and end-to-end tests
#   make sanitize        ASan+UBSan build of the unit tests and vector runs, run them
#   make valgrind        the unit tests under valgrind memcheck
#   make ct              the constant-time check (valgrind, secrets marked undefined)
#   make bench           build and run qstp-bench
#   make fuzz            libFuzzer harnesses (clang) into build/fuzz; a harness that
#                        needs sources outside libqstp names them on a line
#                        "fuzz-sources: FILE..." in its header comment
#   make install         PREFIX=/usr/local DESTDIR=
#   make demo            the README's main job: a tunnel on loopback
#
# Sources are found by wildcard, so adding a file needs no Makefile edit.
# Files named *_bmi2.c, *_avx2.c, *_aesni.c, *_avx512.c get the matching
# -m flags; the code in them is chosen at run time (src/crypto/cpu.c).

O        ?= build
CC       ?= cc
PREFIX   ?= /usr/local
LIBDIR   ?= $(PREFIX)/lib
INCDIR   ?= $(PREFIX)/include
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

VERSION  := 0.1.0
SOVER    := 0

OPT      ?= -O2
WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wcast-qual -Wvla -Wformat=2 -Wundef
ifeq ($(WERROR),1)
WARN     += -Werror
endif
CPPFLAGS += -Iinclude -D_GNU_SOURCE
CFLAGS   += -std=c11 $(OPT) -g -fPIC -fno-strict-aliasing -fstack-protector-strong $(WARN) $(EXTRA_CFLAGS)
LDFLAGS  += $(EXTRA_LDFLAGS)
LDLIBS   += -lpthread

JANSSON_CFLAGS := $(shell pkg-config --cflags jansson 2>/dev/null)
JANSSON_LIBS   := $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)

# --- sources -----------------------------------------------------------------
LIB_SRCS   := $(sort $(shell find src/crypto src/cert src/proto -name '*.c' 2>/dev/null))
# Assembly (preprocessed .S; each file guards its own architecture).
LIB_ASM    := $(sort $(shell find src/crypto -name '*.S' 2>/dev/null))
NET_SRCS   := $(sort $(shell find src/net -name '*.c' 2>/dev/null))
QSTP_SRCS  := $(sort $(wildcard tools/qstp/*.c))
KAT_SRCS   := $(sort $(wildcard tools/kat/*.c))
BENCH_SRCS := $(sort $(wildcard bench/*.c))
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_LIB   := $(sort $(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c)))
CT_SRCS    := $(sort $(wildcard tests/ct/ct_*.c))
FUZZ_SRCS  := $(sort $(wildcard tests/fuzz/fuzz_*.c))

obj = $(patsubst %.c,$(O)/obj/%.o,$(1))

LIB_OBJS   := $(call obj,$(LIB_SRCS)) $(patsubst %.S,$(O)/obj/%.o,$(LIB_ASM))
NET_OBJS   := $(call obj,$(NET_SRCS))
UNIT_BINS  := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRCS))

LIBA  := $(O)/lib/libqstp.a
LIBSO := $(O)/lib/libqstp.so.$(VERSION)

BINS := $(O)/bin/qstp-kat $(O)/bin/qstp-bench $(O)/bin/qstp-loadgen
ifneq ($(QSTP_SRCS),)
BINS += $(O)/bin/qstp
endif

.PHONY: all lib tools tests check test test-unit test-kat test-e2e sanitize valgrind ct \
        bench fuzz install uninstall demo deps clean
all: lib tools tests

# Keep objects that make would otherwise treat as intermediate.
.SECONDARY:

lib: $(LIBA) $(LIBSO) $(O)/lib/qstp.pc
tools: $(BINS)
tests: $(UNIT_BINS)

# --- compile -----------------------------------------------------------------
ISA_bmi2   := -mbmi -mbmi2
ISA_avx2   := -mavx2 -mbmi -mbmi2 -mpopcnt
ISA_aesni  := -maes -mssse3 -msse4.1 -mpclmul
ISA_avx512 := -mavx512f -mavx512vl -mavx512bw -mavx2 -mbmi -mbmi2
isa = $(foreach v,bmi2 avx2 aesni avx512,$(if $(findstring _$(v).c,$(1)),$(ISA_$(v))))

DEPFLAGS = -MMD -MP

$(O)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(call isa,$<) $(DEPFLAGS) -c $< -o $@

$(O)/obj/%.o: %.S
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) $(CPPFLAGS) $(DEPFLAGS) -c $< -o $@

$(O)/obj/tools/kat/%.o: tools/kat/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) -Isrc $(CFLAGS) $(JANSSON_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(O)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) -Isrc -Itests/unit $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(O)/obj/bench/%.o: bench/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) -Isrc $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(O)/obj/tools/qstp/%.o: tools/qstp/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) -Isrc $(CFLAGS) $(DEPFLAGS) -c $< -o $@

-include $(shell find $(O)/obj -name '*.d' 2>/dev/null)

# --- link --------------------------------------------------------------------
$(LIBA): $(LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^

$(LIBSO): $(LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) -shared -Wl,-soname,libqstp.so.$(SOVER) $(LDFLAGS) -o $@ $^ $(LDLIBS)
	@ln -sf libqstp.so.$(VERSION) $(O)/lib/libqstp.so.$(SOVER)
	@ln -sf libqstp.so.$(SOVER) $(O)/lib/libqstp.so

PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCDIR@|$(INCDIR)|' \
             -e 's|@VERSION@|$(VERSION)|'

# The build-tree copy uses the default prefix; install writes its own with PREFIX.
$(O)/lib/qstp.pc: qstp.pc.in Makefile
	@mkdir -p $(@D)
	@$(PC_SED) $< > $@

# Tools and tests link the objects directly (not the archive) so that the
# self-registering KAT handlers, tests and benchmarks are always kept.
$(O)/bin/qstp-kat: $(call obj,$(KAT_SRCS)) $(LIBA)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(call obj,$(KAT_SRCS)) $(LIBA) $(JANSSON_LIBS) $(LDLIBS)

$(O)/bin/qstp-bench: $(call obj,$(BENCH_SRCS)) $(LIBA)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(call obj,$(BENCH_SRCS)) $(LIBA) $(LDLIBS)

# The load generator of the end-to-end concurrency test and the server benchmarks.
$(O)/bin/qstp-loadgen: $(O)/obj/tests/e2e/loadgen.o $(LIBA)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

$(O)/bin/qstp: $(call obj,$(QSTP_SRCS)) $(NET_OBJS) $(LIBA)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(call obj,$(QSTP_SRCS)) $(NET_OBJS) $(LIBA) $(LDLIBS)

$(O)/tests/%: $(O)/obj/tests/unit/%.o $(call obj,$(UNIT_LIB)) $(NET_OBJS) $(LIBA)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(call obj,$(UNIT_LIB)) $(NET_OBJS) $(LIBA) $(LDLIBS)

# --- run ---------------------------------------------------------------------
deps:
	@scripts/install-deps

test: all
	@scripts/run-tests --build $(O) all

test-unit: all
	@scripts/run-tests --build $(O) unit

test-kat: all
	@scripts/run-tests --build $(O) kat

test-e2e: all
	@scripts/run-tests --build $(O) e2e

# check: what .ci/run and the README's test command run.
check: deps
	@$(MAKE) --no-print-directory WERROR=1 all
	@$(MAKE) --no-print-directory -s O=build/asan WERROR=1 OPT=-O1 \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" all
	@$(MAKE) --no-print-directory -s O=build/ct EXTRA_CFLAGS="-DQSTP_CT_VALGRIND" ct-bins
	@$(MAKE) --no-print-directory -s fuzz
	@scripts/run-tests --build $(O) --asan build/asan --ct build/ct --fuzz $(FUZZ_O) check

sanitize:
	@$(MAKE) --no-print-directory O=build/asan OPT=-O1 \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" all
	@scripts/run-tests --build build/asan sanitize

valgrind: all
	@scripts/run-tests --build $(O) valgrind

CT_BINS := $(patsubst tests/ct/%.c,$(O)/ct/%,$(CT_SRCS))
.PHONY: ct-bins
ct-bins: $(CT_BINS)
$(O)/ct/%: $(O)/obj/tests/ct/%.o $(LIBA)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

ct:
	@$(MAKE) --no-print-directory O=build/ct EXTRA_CFLAGS="-DQSTP_CT_VALGRIND" ct-bins
	@scripts/run-tests --ct build/ct ct

bench: all
	@$(O)/bin/qstp-bench

FUZZ_O := build/fuzz
fuzz:
	@$(MAKE) --no-print-directory O=$(FUZZ_O) CC=clang OPT=-O1 \
	    EXTRA_CFLAGS="-DQSTP_FUZZING -fsanitize=fuzzer-no-link,address,undefined" lib
	@mkdir -p $(FUZZ_O)/bin
	@for f in $(FUZZ_SRCS); do \
	    n=$$(basename $$f .c); echo "  FUZZ    $$n"; \
	    extra=$$(sed -n 's/^.*fuzz-sources: //p' $$f); \
	    clang $(CPPFLAGS) -Isrc -DQSTP_FUZZING -O1 -g -fsanitize=fuzzer,address,undefined \
	        -o $(FUZZ_O)/bin/$$n $$f $$extra $(FUZZ_O)/lib/libqstp.a -lpthread || exit 1; \
	done

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo

install: lib tools
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/qstp $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(BINDIR)
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libqstp.a
	install -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/libqstp.so.$(VERSION)
	ln -sf libqstp.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libqstp.so.$(SOVER)
	ln -sf libqstp.so.$(SOVER) $(DESTDIR)$(LIBDIR)/libqstp.so
	install -m 644 include/qstp/*.h $(DESTDIR)$(INCDIR)/qstp/
	$(PC_SED) qstp.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/qstp.pc
	if [ -x $(O)/bin/qstp ]; then install -m 755 $(O)/bin/qstp $(DESTDIR)$(BINDIR)/qstp; fi
	if ls docs/man/*.1 >/dev/null 2>&1; then install -d $(DESTDIR)$(MANDIR)/man1 && \
	    install -m 644 docs/man/*.1 $(DESTDIR)$(MANDIR)/man1/; fi

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libqstp.* $(DESTDIR)$(PKGCONFIGDIR)/qstp.pc $(DESTDIR)$(BINDIR)/qstp
	rm -rf $(DESTDIR)$(INCDIR)/qstp

clean:
	rm -rf build

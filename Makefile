# newskiosk - see README.md. `make run` and `make test` do all set-up.
include config.mk

# Build on every core unless told otherwise (make -j1 ...).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(JOBS)
endif

WARN   = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
         -Wold-style-definition -Wwrite-strings -Wformat=2 -Wundef -Wvla -Wcast-align
# 64-bit file offsets and time on 32-bit boards too (armhf: big sticks, files
# over 2 GiB, dates after 2038).
BASE   = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 $(OPT) $(WARN) $(WERROR) $(SAN) -MMD -MP \
         -DKIOSK_VERSION='"$(VERSION)"' -DKIOSK_DATADIR='"$(DATADIR)"'

PKGS_STORE  = sqlite3
PKGS_BUNDLE = libcjson libsodium
PKGS_TEXT   = icu-uc
PKGS_PLAT   = sdl2 SDL2_ttf SDL2_image fontconfig libdrm
# press: feeds (libxml2), fetching (libcurl); JSON Feed through cJSON and
# picture scaling through SDL2_image, both already dependencies
PKGS_PRESS  = libxml-2.0 libcurl
PKGS        = $(PKGS_STORE) $(PKGS_BUNDLE) $(PKGS_TEXT) $(PKGS_PLAT) $(PKGS_PRESS)

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
# core gets no library include path at all: a stray #include "SDL.h" fails to build.
CORE_CFLAGS   = $(BASE) $(CFLAGS)
STORE_CFLAGS  = $(BASE) $(call pc_cflags,$(PKGS_STORE)) $(CFLAGS)
BUNDLE_CFLAGS = $(BASE) $(call pc_cflags,$(PKGS_BUNDLE)) $(CFLAGS)
TEXT_CFLAGS   = $(BASE) $(call pc_cflags,$(PKGS_TEXT)) $(CFLAGS)
PLAT_CFLAGS   = $(BASE) $(call pc_cflags,$(PKGS_PLAT)) $(CFLAGS)
PRESS_CFLAGS  = $(BASE) $(call pc_cflags,$(PKGS_PRESS) libcjson sdl2 SDL2_image) $(CFLAGS)
APP_CFLAGS    = $(BASE) $(call pc_cflags,$(PKGS)) $(CFLAGS)
# libcurl is opened at run time by `press` (app/press/fetch.c), not linked:
# the kiosk process never maps it and the TLS stack it brings
LDLIBS_ALL    = $(shell $(PKG_CONFIG) --libs $(filter-out libcurl,$(PKGS)) 2>/dev/null) -ldl -lm

BUILD ?= build/release
B = $(BUILD)

CORE_SRC   = $(sort $(wildcard app/core/*.c))
STORE_SRC  = $(sort $(wildcard app/store/*.c))
BUNDLE_SRC = $(sort $(wildcard app/bundle/*.c))
TEXT_SRC   = $(sort $(wildcard app/text/*.c))
# The backend behind plat.h, chosen at build time: app/plat/plat_$(PLAT).c and
# app/plat/plat_$(PLAT)_*.c. Every other app/plat/*.c file (text.c, images.c,
# backlight.c) is shared by all backends. Only `sdl` exists; a framebuffer
# backend goes in plat_fb.c (and plat_fb_*.c) and is built with PLAT=fb,
# adding its own libraries to PKGS_PLAT; it must pass plat_conformance_test.
PLAT ?= sdl
PLAT_NAMES = $(foreach n,$(patsubst app/plat/plat_%.c,%,$(wildcard app/plat/plat_*.c)),$(if $(findstring _,$(n)),,$(n)))
PLAT_BACKEND = $(sort $(wildcard app/plat/plat_$(PLAT).c app/plat/plat_$(PLAT)_*.c))
ifeq ($(wildcard app/plat/plat_$(PLAT).c),)
$(error PLAT=$(PLAT): no app/plat/plat_$(PLAT).c (backends: $(strip $(PLAT_NAMES))))
endif
PLAT_SHARED = $(filter-out app/plat/plat_%,$(sort $(wildcard app/plat/*.c)))
PLAT_SRC   = $(PLAT_SHARED) $(PLAT_BACKEND)
PRESS_SRC  = $(sort $(wildcard app/press/*.c))
APP_SRC    = $(filter-out app/main.c,$(sort $(wildcard app/*.c)))
LIB_SRC    = $(CORE_SRC) $(STORE_SRC) $(BUNDLE_SRC) $(TEXT_SRC) $(PLAT_SRC) $(PRESS_SRC) $(APP_SRC)
LIB_OBJ    = $(LIB_SRC:%.c=$(B)/%.o)
LIB        = $(B)/libkiosk.a
BIN        = $(B)/newskiosk

UNIT_SRC   = $(sort $(wildcard tests/*_test.c))
UNIT_BIN   = $(UNIT_SRC:tests/%.c=$(B)/tests/%)
TOOL_SRC   = $(sort $(wildcard tests/tools/*.c))
TOOL_BIN   = $(TOOL_SRC:tests/tools/%.c=$(B)/tools/%)

ASAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps deps-test run test check unit e2e fuzz install uninstall clean format \
        check-seams tools
all: newskiosk

# Keep object files of tests and tools between runs.
.PRECIOUS: $(B)/tests/%.o $(B)/tools/%.o

newskiosk: $(BIN)
	@cp $(BIN) newskiosk

$(B)/app/core/%.o: app/core/%.c
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -c -o $@ $<
$(B)/app/store/%.o: app/store/%.c
	@mkdir -p $(@D)
	$(CC) $(STORE_CFLAGS) -c -o $@ $<
$(B)/app/bundle/%.o: app/bundle/%.c
	@mkdir -p $(@D)
	$(CC) $(BUNDLE_CFLAGS) -c -o $@ $<
$(B)/app/text/%.o: app/text/%.c
	@mkdir -p $(@D)
	$(CC) $(TEXT_CFLAGS) -c -o $@ $<
$(B)/app/plat/%.o: app/plat/%.c
	@mkdir -p $(@D)
	$(CC) $(PLAT_CFLAGS) -c -o $@ $<
$(B)/app/press/%.o: app/press/%.c
	@mkdir -p $(@D)
	$(CC) $(PRESS_CFLAGS) -c -o $@ $<
$(B)/app/%.o: app/%.c
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) -c -o $@ $<
$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) $(call pc_cflags,cmocka) -Iapp -c -o $@ $<
$(B)/tools/%.o: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) -Iapp -c -o $@ $<

# The backend a build tree was last made with: switching PLAT in the same
# BUILD rebuilds the library rather than keeping the other one's objects.
PLAT_STAMP = $(B)/.plat
ifneq ($(shell cat $(PLAT_STAMP) 2>/dev/null),$(PLAT))
$(shell mkdir -p $(B) && echo $(PLAT) >$(PLAT_STAMP))
endif

$(LIB): $(LIB_OBJ) $(PLAT_STAMP)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BIN): $(B)/app/main.o $(LIB)
	$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(B)/tests/%: $(B)/tests/%.o $(LIB)
	$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs cmocka) $(LDLIBS_ALL)

$(B)/tools/%: $(B)/tools/%.o $(LIB)
	$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

tools: $(TOOL_BIN)

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

# The desktop kiosk on the shipped sample content, in a window.
RUN_DB ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/newskiosk/sample.db
# Its own config (none: the defaults), so a machine set up as a kiosk (a
# trusted key in /etc/newskiosk.conf) still shows the unsigned sample.
RUN_CONFIG ?= /dev/null
run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(dir $(RUN_DB))
	./newskiosk import --config $(RUN_CONFIG) --db $(RUN_DB) assets/sample || true
	./newskiosk run --config $(RUN_CONFIG) --windowed --db $(RUN_DB) $(RUN_ARGS)

# Everything, under ASan+UBSan with -Werror, in its own build tree.
test: deps-test
	@$(MAKE) --no-print-directory check BUILD=build/asan SAN="$(ASAN)" WERROR=-Werror OPT="-O1 -g"

check: $(BIN) $(UNIT_BIN) $(TOOL_BIN) check-seams
	@BUILD=$(B) tests/run.sh

check-seams:
	@scripts/check-seams.sh

fuzz:
	@scripts/fuzz.sh $(or $(FUZZ_SECONDS),60)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/newskiosk
	cp -R assets/. $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/newskiosk
	rm -rf $(DESTDIR)$(DATADIR)

format:
	clang-format -i app/*.[ch] app/*/*.[ch] tests/*.[ch]

clean:
	rm -rf build newskiosk

-include $(wildcard mk/*.mk)
-include $(LIB_OBJ:.o=.d) $(B)/app/main.d $(UNIT_BIN:%=%.d) $(TOOL_BIN:%=%.d)

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
# press: feeds (libxml2), fetching (libcurl); JSON Feed through cJSON
# (press/jsonfeed.c), picture scaling through app/plat/plat_image.h
PKGS_PRESS  = libxml-2.0 libcurl
# the diagnostics screen's QR code of the kiosk's status (app/kiosk.c only)
PKGS_APP    = libqrencode
PKGS        = $(PKGS_STORE) $(PKGS_BUNDLE) $(PKGS_TEXT) $(PKGS_PLAT) $(PKGS_PRESS) $(PKGS_APP)

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
# The seams, enforced by the compiler: each module gets the include paths
# of its own libraries and no other's (scripts/check-seams.sh says the same
# in words). sqlite3.h, sodium.h, cjson/cJSON.h and SDL2/SDL.h sit in
# /usr/include itself, found with no -I at all, so a module that may not
# use one gets mk/poison/LIB ahead on its path: a header of the same name
# there stops the build with an #error naming the rule.
POISON_SQLITE = -Imk/poison/sqlite3
POISON_SODIUM = -Imk/poison/sodium
POISON_CJSON  = -Imk/poison/cjson
POISON_SDL    = -Imk/poison/sdl
POISON_ALL    = $(POISON_SQLITE) $(POISON_SODIUM) $(POISON_CJSON) $(POISON_SDL)
# core: libc only. app/*.c (main, importer, signer, kiosk, ...): libc and
# the modules' own headers, none of the four libraries.
CORE_CFLAGS   = $(BASE) $(POISON_ALL) $(CFLAGS)
STORE_CFLAGS  = $(BASE) $(call pc_cflags,$(PKGS_STORE)) $(POISON_SODIUM) $(POISON_CJSON) \
                $(POISON_SDL) $(CFLAGS)
# bundle: safefs.c and walk.c see no library; sign.c libsodium, manifest.c cJSON
BUNDLE_CFLAGS = $(BASE) $(POISON_ALL) $(CFLAGS)
SIGN_CFLAGS   = $(BASE) $(call pc_cflags,libsodium) $(POISON_SQLITE) $(POISON_CJSON) \
                $(POISON_SDL) $(CFLAGS)
JSON_CFLAGS   = $(BASE) $(call pc_cflags,libcjson) $(POISON_SQLITE) $(POISON_SODIUM) \
                $(POISON_SDL) $(CFLAGS)
TEXT_CFLAGS   = $(BASE) $(call pc_cflags,$(PKGS_TEXT)) $(POISON_ALL) $(CFLAGS)
PLAT_CFLAGS   = $(BASE) $(call pc_cflags,$(PKGS_PLAT)) $(POISON_SQLITE) $(POISON_SODIUM) \
                $(POISON_CJSON) $(CFLAGS)
PRESS_CFLAGS  = $(BASE) $(call pc_cflags,$(PKGS_PRESS)) $(POISON_ALL) $(CFLAGS)
APP_CFLAGS    = $(BASE) $(POISON_ALL) $(CFLAGS)
# tests and tools may look behind any seam
TEST_CFLAGS   = $(BASE) $(call pc_cflags,$(PKGS)) $(CFLAGS)
# libcurl is opened at run time by `press` (app/press/fetch.c), not linked:
# the kiosk process never maps it and the TLS stack it brings
LDLIBS_ALL    = $(shell $(PKG_CONFIG) --libs $(filter-out libcurl,$(PKGS)) 2>/dev/null) -ldl -lm

BUILD ?= build/release
B = $(BUILD)

CORE_SRC   = $(sort $(wildcard app/core/*.c))
STORE_SRC  = $(sort $(wildcard app/store/*.c))
BUNDLE_SRC = $(sort $(wildcard app/bundle/*.c))
TEXT_SRC   = $(sort $(wildcard app/text/*.c))
# The backends behind plat.h (Redis's ae_epoll.c / ae_select.c), all built
# into every binary: app/plat/plat_<name>.c and app/plat/plat_<name>_*.c for
# each name in PLATS; plat.c picks one at run time (config `video`, `run
# --video`). Every other app/plat/*.c file (plat.c, text.c, images.c,
# backlight.c, plat_image.c) is shared. sdl: SDL2 windows and KMS/DRM; fb:
# /dev/fb with evdev input, drawing with SDL's software renderer on a
# surface (no SDL video). Each must pass tests/plat_conformance_test.c.
PLATS = sdl fb
plat_files = $(sort $(wildcard app/plat/plat_$(1).c app/plat/plat_$(1)_*.c))
PLAT_BACKENDS = $(foreach p,$(PLATS),$(call plat_files,$(p)))
PLAT_SHARED = $(filter-out $(PLAT_BACKENDS),$(sort $(wildcard app/plat/*.c)))
PLAT_SRC   = $(PLAT_SHARED) $(PLAT_BACKENDS)
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
$(B)/app/bundle/sign.o: app/bundle/sign.c
	@mkdir -p $(@D)
	$(CC) $(SIGN_CFLAGS) -c -o $@ $<
$(B)/app/bundle/manifest.o: app/bundle/manifest.c
	@mkdir -p $(@D)
	$(CC) $(JSON_CFLAGS) -c -o $@ $<
# the kiosk's status file (fleet): the other JSON the kiosk writes and reads
$(B)/app/status.o: app/status.c
	@mkdir -p $(@D)
	$(CC) $(JSON_CFLAGS) -c -o $@ $<
$(B)/app/bundle/%.o: app/bundle/%.c
	@mkdir -p $(@D)
	$(CC) $(BUNDLE_CFLAGS) -c -o $@ $<
$(B)/app/text/%.o: app/text/%.c
	@mkdir -p $(@D)
	$(CC) $(TEXT_CFLAGS) -c -o $@ $<
$(B)/app/plat/%.o: app/plat/%.c
	@mkdir -p $(@D)
	$(CC) $(PLAT_CFLAGS) -c -o $@ $<
$(B)/app/press/jsonfeed.o: app/press/jsonfeed.c
	@mkdir -p $(@D)
	$(CC) $(JSON_CFLAGS) -c -o $@ $<
$(B)/app/press/%.o: app/press/%.c
	@mkdir -p $(@D)
	$(CC) $(PRESS_CFLAGS) -c -o $@ $<
$(B)/app/%.o: app/%.c
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) -c -o $@ $<
$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $(call pc_cflags,cmocka) -Iapp -c -o $@ $<
$(B)/tools/%.o: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -Iapp -c -o $@ $<

$(LIB): $(LIB_OBJ)
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

# Only the files in .clang-format-include: clang-format cannot reproduce the
# hand alignment of the rest, and the tree is not reformatted to suit it.
# On a clean tree this changes nothing.
format:
	@grep -v '^#' .clang-format-include | xargs -r clang-format -i

clean:
	rm -rf build newskiosk

-include $(wildcard mk/*.mk)
-include $(LIB_OBJ:.o=.d) $(B)/app/main.d $(UNIT_BIN:%=%.d) $(TOOL_BIN:%=%.d)

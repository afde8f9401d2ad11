# Figures (included by the Makefile): see README "Figures" and scripts/bench.sh.
#
#   make bench [QUICK=1] [BENCH_OUT=FILE]   the table: import, start-up, memory,
#                                           idle CPU, frame cost; against a
#                                           Chromium kiosk when one is installed;
#                                           the framebuffer backend's rows on a
#                                           fake /dev/fb beside the SDL row
#   make bench-peer                         install Debian's chromium for that
#
# The binary is built apart in build/bench with -O2 and no sanitizers, so the
# figures never come from a debug or ASan build and flags never mix. Not part
# of `make test` (tests/e2e/bench_quick.sh runs the QUICK form there).

BENCH_BUILD = build/bench
BENCH_PROBE = $(BENCH_BUILD)/nkprobe
BENCH_FLOOR = $(BENCH_BUILD)/sdlfloor

.PHONY: bench bench-deps bench-peer

bench-deps:
	@scripts/deps.sh bench

bench: bench-deps
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) OPT=-O2 SAN= WERROR= \
	    $(BENCH_BUILD)/newskiosk $(BENCH_PROBE) $(BENCH_FLOOR)
	@QUICK=$(QUICK) BENCH_OUT=$(BENCH_OUT) scripts/bench.sh $(BENCH_BUILD)

bench-peer:
	@scripts/deps.sh peer
	@echo "chromium: $$(chromium --version 2>/dev/null); now make bench compares against it"

# The outside probe (Xlib): polls the screen (or, with -f, a fake
# framebuffer's file), samples /proc.
$(BENCH_PROBE): scripts/bench/nkprobe.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(WARN) $(CFLAGS) $(call pc_cflags,x11) $(LDFLAGS) -o $@ $< \
	    $(shell $(PKG_CONFIG) --libs x11 2>/dev/null || echo -lX11)

# The floor: a bare SDL2 window with newskiosk's renderer choice.
$(BENCH_FLOOR): scripts/bench/sdlfloor.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(WARN) $(CFLAGS) $(call pc_cflags,sdl2) $(LDFLAGS) -o $@ $< \
	    $(shell $(PKG_CONFIG) --libs sdl2 2>/dev/null)

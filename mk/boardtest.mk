# make board-test: the board booted for real in QEMU (included by the Makefile).
#
# Builds a Debian 12 disk image once (build/board, from the configured apt
# mirror), boots it with no network device, runs board/raspberrypi/install.sh
# in it from source, and checks the kiosk through screendumps, hot-plugged USB
# sticks (partitioned twice, or not at all), taps (usb-tablet, a uinput
# multitouch panel, rotate = 90, video = fb), the watchdog, power cuts, a
# board with no clock, a software update from a stick (two make deb
# packages) and a read-only root (overlayroot). Needs
# root; skipped with "ok - skipped: ..." when QEMU or mmdebstrap cannot be
# installed. Not part of `make test`. See board/README.md, "make board-test".

BOARDTEST_BUILD = build/board-host

.PHONY: board-test

# the software update from a stick: this tree's package twice, at the
# release's version and a higher one (an upgrade), as make deb builds them
BOARDTEST_DEBS = build/board-deb

board-test:
	@scripts/deps.sh build
	@$(MAKE) -s --no-print-directory BUILD=$(BOARDTEST_BUILD) $(BOARDTEST_BUILD)/newskiosk
	@rm -f $(BOARDTEST_DEBS)/newskiosk_*.deb
	@{ $(MAKE) -s --no-print-directory deb DEB_OUT=$(BOARDTEST_DEBS) && \
	   $(MAKE) -s --no-print-directory deb DEB_OUT=$(BOARDTEST_DEBS) DEB_VERSION=$(VERSION)+boardtest1; } \
	    >$(BOARDTEST_DEBS).log 2>&1 || echo "board-test: make deb failed ($(BOARDTEST_DEBS).log): the update check will fail"
	@tests/board/run.sh $(BOARDTEST_BUILD)/newskiosk

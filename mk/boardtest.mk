# make board-test: the board booted for real in QEMU (included by the Makefile).
#
# Builds a Debian 12 disk image once (build/board, from the configured apt
# mirror), boots it with no network device, runs board/raspberrypi/install.sh
# in it from source, and checks the kiosk through screendumps, hot-plugged USB
# sticks, taps, the watchdog, power cuts and a board with no clock. Needs
# root; skipped with "ok - skipped: ..." when QEMU or mmdebstrap cannot be
# installed. Not part of `make test`. See board/README.md, "make board-test".

BOARDTEST_BUILD = build/board-host

.PHONY: board-test

board-test:
	@scripts/deps.sh build
	@$(MAKE) -s --no-print-directory BUILD=$(BOARDTEST_BUILD) $(BOARDTEST_BUILD)/newskiosk
	@tests/board/run.sh $(BOARDTEST_BUILD)/newskiosk

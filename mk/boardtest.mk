# make board-test: the board booted for real in QEMU (included by the Makefile).
#
#   make board-test              # amd64: qemu-system-x86_64 -M q35, build/board
#   make board-test ARCH=arm64   # arm64: qemu-system-aarch64 -M virt (Cortex-A72,
#                                # virtio-gpu-pci), build/board-arm64
#
# Builds a Debian 12 disk image of that architecture once (from the configured
# apt mirror; an arm64 one on this PC through qemu-user in a binfmt_misc of
# its own user namespace), boots it with no network device, runs
# board/raspberrypi/install.sh in it from source, and checks the kiosk through
# screendumps, hot-plugged USB sticks (partitioned twice, or not at all), taps
# (usb-tablet, a uinput multitouch panel, rotate = 90, video = fb), the
# watchdog, power cuts, a board with no clock, a software update from a stick
# (two make deb packages) and a read-only root (overlayroot): the same steps
# for both. Needs root; skipped with
# "ok - skipped: ..." when QEMU or mmdebstrap cannot be installed. Not part of
# `make test`. See board/README.md, "make board-test".
#
# ARCH counts only when given (command line or environment): mk/cross.mk's
# default (arm64) is for cross builds, this one's is amd64.

BOARDTEST_BUILD = build/board-host
BOARDTEST_ARCH = $(if $(filter command line environment,$(origin ARCH)),$(ARCH),amd64)

.PHONY: board-test

# the software update from a stick: this tree's package twice, at the
# release's version and a higher one (an upgrade), as make deb builds them
# (for ARCH=arm64, cross-built: mk/deb.mk). One folder an architecture, so
# that an amd64 and an arm64 run can share the machine.
BOARDTEST_DEBS = build/board-deb-$(BOARDTEST_ARCH)

board-test:
	@case "$(BOARDTEST_ARCH)" in amd64|arm64) ;; \
	 *) echo "board-test: ARCH must be amd64 or arm64, not '$(BOARDTEST_ARCH)'" >&2; exit 2 ;; esac
	@scripts/deps.sh build
	@$(MAKE) -s --no-print-directory BUILD=$(BOARDTEST_BUILD) $(BOARDTEST_BUILD)/newskiosk
	@rm -f $(BOARDTEST_DEBS)/newskiosk_*.deb
	@{ $(MAKE) -s --no-print-directory deb ARCH=$(BOARDTEST_ARCH) DEB_OUT=$(BOARDTEST_DEBS) && \
	   $(MAKE) -s --no-print-directory deb ARCH=$(BOARDTEST_ARCH) DEB_OUT=$(BOARDTEST_DEBS) \
	     DEB_VERSION=$(VERSION)+boardtest1; } \
	    >$(BOARDTEST_DEBS).log 2>&1 || echo "board-test: make deb failed ($(BOARDTEST_DEBS).log): the update check will fail"
	@tests/board/run.sh $(BOARDTEST_BUILD)/newskiosk $(BOARDTEST_ARCH)

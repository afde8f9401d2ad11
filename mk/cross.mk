# Cross-building for the board (included by the Makefile).
#
#   make cross ARCH=arm64        # or armhf: the binary, unit tests and tools
#   make cross-test ARCH=arm64   # run them under qemu-user
#
# scripts/cross-deps.sh installs the Debian cross compiler and the target's
# -dev packages (multiarch), or for armhf, when multiarch fails, unpacks them
# into build/sysroot-armhf; this file picks whichever is there. The build
# itself is the ordinary one in build/cross-ARCH, with CC, AR and PKG_CONFIG
# pointed at the target. qemu is called explicitly: binfmt_misc need not be
# mounted. Debian armhf is ARMv7 (Pi 2 and later); a Pi Zero or Pi 1 (ARMv6)
# builds on the device (board/raspberrypi/install.sh).

ARCH ?= arm64
CROSS_TRIPLE_arm64 = aarch64-linux-gnu
CROSS_TRIPLE_armhf = arm-linux-gnueabihf
CROSS_QEMU_arm64 = qemu-aarch64-static
CROSS_QEMU_armhf = qemu-arm-static
CROSS_TRIPLE = $(CROSS_TRIPLE_$(ARCH))
CROSS_QEMU = $(CROSS_QEMU_$(ARCH))
CROSS_BUILD = build/cross-$(ARCH)
CROSS_SYSROOT_DIR = $(CURDIR)/build/sysroot-$(ARCH)
# A sysroot made by cross-deps.sh wins; otherwise the multiarch packages.
CROSS_SYSROOT = $(if $(wildcard $(CROSS_SYSROOT_DIR)/.newskiosk-sysroot),$(CROSS_SYSROOT_DIR))
CROSS_PC_LIBDIR = $(CROSS_SYSROOT)/usr/lib/$(CROSS_TRIPLE)/pkgconfig:$(CROSS_SYSROOT)/usr/share/pkgconfig
CROSS_PKG_CONFIG = env PKG_CONFIG_LIBDIR=$(CROSS_PC_LIBDIR) $(if $(CROSS_SYSROOT),PKG_CONFIG_SYSROOT_DIR=$(CROSS_SYSROOT)) pkg-config
CROSS_CC = $(CROSS_TRIPLE)-gcc$(if $(CROSS_SYSROOT), --sysroot=$(CROSS_SYSROOT))
# 64-bit file offsets and time on 32-bit targets (no-ops on 64-bit): without
# them readdir() fails with EOVERFLOW on a large filesystem, stat() on a file
# over 2 GiB, and dates stop in 2038.
CROSS_CFLAGS = -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64
# qemu's -L: where the target's dynamic loader and libraries are
CROSS_QEMU_LD_PREFIX = $(or $(CROSS_SYSROOT),/)

CROSS_TARGETS = $(CROSS_BUILD)/newskiosk \
                $(UNIT_SRC:tests/%.c=$(CROSS_BUILD)/tests/%) \
                $(TOOL_SRC:tests/tools/%.c=$(CROSS_BUILD)/tools/%)

.PHONY: cross cross-deps cross-build cross-check-arch cross-test

cross-check-arch:
	@case "$(ARCH)" in arm64|armhf) ;; \
	 *) echo "cross: ARCH must be arm64 or armhf, not '$(ARCH)'" >&2; exit 2 ;; esac

cross-deps: cross-check-arch
	@scripts/cross-deps.sh $(ARCH)

# A sub-make, so CROSS_SYSROOT is looked at after cross-deps made it.
cross: cross-deps
	@$(MAKE) --no-print-directory cross-build ARCH=$(ARCH)

cross-build: cross-check-arch
	$(MAKE) --no-print-directory BUILD=$(CROSS_BUILD) CC="$(CROSS_CC)" \
	    AR=$(CROSS_TRIPLE)-ar PKG_CONFIG="$(CROSS_PKG_CONFIG)" CFLAGS="$(CROSS_CFLAGS) $(CFLAGS)" \
	    $(CROSS_TARGETS)
	@file $(CROSS_BUILD)/newskiosk 2>/dev/null || true

cross-test: cross
	@QEMU="$(CROSS_QEMU) -L $(CROSS_QEMU_LD_PREFIX)" CROSS_BUILD=$(CROSS_BUILD) \
	    scripts/cross-test.sh

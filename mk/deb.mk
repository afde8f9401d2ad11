# The Debian package (included by the Makefile).
#
#   make deb                      # build/newskiosk_$(VERSION)_<arch>.deb
#   make deb ARCH=arm64|armhf     # cross-built (make cross's toolchain)
#   make deb DEB_VERSION=0.1.0+2 DEB_BUILD=build/deb DEB_OUT=build
#
# A release build of its own (DEB_BUILD, PREFIX=/usr, no sanitizers, the
# Debian hardening flags), staged with `make install` and `make
# install-board` into DEB_BUILD/pkg/debian/newskiosk: units in
# /lib/systemd/system, the udev rule in /lib/udev/rules.d, /etc/newskiosk.conf
# as a conffile. board/debian/build-deb.sh then runs dpkg-shlibdeps,
# dpkg-gencontrol and dpkg-deb --root-owner-group (dpkg-dev; no debhelper, no
# root, and no debian/ at the top of the tree). Install or update a kiosk
# with: apt install ./newskiosk_*.deb  (board/README.md).

DEB_VERSION ?= $(VERSION)
DEB_OUT ?= build
DEB_UNITDIR = /lib/systemd/system
DEB_UDEVRULESDIR = /lib/udev/rules.d
# only an ARCH given on the command line, and not this machine's, means a
# cross build (cross.mk defaults ARCH for make cross)
DEB_NATIVE = $(shell dpkg --print-architecture 2>/dev/null)
DEB_CROSS = $(if $(filter command line,$(origin ARCH)),$(filter-out $(DEB_NATIVE),$(ARCH)))
ifneq ($(DEB_CROSS),)
DEB_ARCH = $(ARCH)
DEB_BUILD ?= build/deb-$(ARCH)
DEB_TOOLS = CC="$(CROSS_CC)" AR=$(CROSS_TRIPLE)-ar PKG_CONFIG="$(CROSS_PKG_CONFIG)"
DEB_STRIP = $(CROSS_TRIPLE)-strip
DEB_DEPS = cross-deps
DEB_CFLAGS_ARCH = $(CROSS_CFLAGS)
else
DEB_ARCH = $(DEB_NATIVE)
DEB_BUILD ?= build/deb
DEB_TOOLS =
DEB_STRIP = strip
DEB_DEPS =
DEB_CFLAGS_ARCH =
endif
DEB_WORK = $(DEB_BUILD)/pkg
DEB_STAGE = $(DEB_WORK)/debian/newskiosk
# Debian's hardening (stack protector, fortify, relro, bindnow; PIE is gcc's
# default), with -O2 -g; the Makefile has no CPPFLAGS, so those join CFLAGS
DEB_BUILDFLAGS = env DEB_BUILD_MAINT_OPTIONS=hardening=+all DEB_HOST_ARCH=$(DEB_ARCH) dpkg-buildflags
DEB_CFLAGS = $(shell $(DEB_BUILDFLAGS) --get CPPFLAGS 2>/dev/null) \
             $(shell $(DEB_BUILDFLAGS) --get CFLAGS 2>/dev/null) $(DEB_CFLAGS_ARCH)
DEB_LDFLAGS = $(shell $(DEB_BUILDFLAGS) --get LDFLAGS 2>/dev/null)
DEB_MAKE = $(MAKE) --no-print-directory BUILD=$(DEB_BUILD) PREFIX=/usr SAN= WERROR= OPT= \
           CFLAGS="$(DEB_CFLAGS)" LDFLAGS="$(DEB_LDFLAGS)" $(DEB_TOOLS)

.PHONY: deb deb-build deb-clean

deb: $(DEB_DEPS)
	@[ -n "$(DEB_ARCH)" ] || { echo "deb: dpkg --print-architecture failed: apt-get install dpkg-dev" >&2; exit 1; }
	@$(MAKE) --no-print-directory deb-build $(if $(filter command line,$(origin ARCH)),ARCH=$(ARCH))

# a sub-make, so a cross sysroot made by cross-deps is seen
deb-build:
	$(DEB_MAKE) $(DEB_BUILD)/newskiosk
	rm -rf $(DEB_WORK)
	@# -o newskiosk: stage without copying a release build over ./newskiosk
	$(DEB_MAKE) -s -o newskiosk install DESTDIR=$(CURDIR)/$(DEB_STAGE)
	$(DEB_MAKE) -s install-board DESTDIR=$(CURDIR)/$(DEB_STAGE) \
	    UNITDIR=$(DEB_UNITDIR) UDEVRULESDIR=$(DEB_UDEVRULESDIR)
	STRIP=$(DEB_STRIP) board/debian/build-deb.sh $(DEB_WORK) $(DEB_OUT) $(DEB_VERSION) $(DEB_ARCH)

deb-clean:
	rm -rf $(DEB_BUILD) $(DEB_OUT)/newskiosk_*.deb

# The board's system files (included by the Makefile).
#
#   make install-board [DESTDIR=/tmp/x] [PREFIX=/usr/local]
#   make uninstall-board
#
# Lays down the systemd units, the udev rule, the stick mount helper and the
# config template; board/raspberrypi/install.sh calls it and does the rest
# (user, folders, /etc/newskiosk.conf, enabling). Kept apart from `install`
# so a desktop `make install` never touches systemd or udev. DESTDIR is never
# defaulted: empty means the real root.

LIBEXECDIR ?= $(PREFIX)/libexec/newskiosk
UNITDIR ?= /etc/systemd/system
UDEVRULESDIR ?= /etc/udev/rules.d
BOARD_UNITS = newskiosk.service newskiosk-mount@.service newskiosk-syncthing.service
# The units name the default paths; these rewrite them for another PREFIX.
BOARD_SED = -e 's|/usr/local/libexec/newskiosk|$(LIBEXECDIR)|g' \
            -e 's|/usr/local/bin/newskiosk|$(BINDIR)/newskiosk|g'

.PHONY: install-board uninstall-board

install-board:
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(LIBEXECDIR) \
	    $(DESTDIR)$(DATADIR)
	for u in $(BOARD_UNITS); do \
	    sed $(BOARD_SED) board/systemd/$$u >$(DESTDIR)$(UNITDIR)/$$u.tmp && \
	    chmod 644 $(DESTDIR)$(UNITDIR)/$$u.tmp && \
	    mv $(DESTDIR)$(UNITDIR)/$$u.tmp $(DESTDIR)$(UNITDIR)/$$u || exit 1; \
	done
	install -m 644 board/udev/99-newskiosk-usb.rules $(DESTDIR)$(UDEVRULESDIR)/99-newskiosk-usb.rules
	install -m 755 board/newskiosk-mount $(DESTDIR)$(LIBEXECDIR)/newskiosk-mount
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 board/syncthing/newskiosk-sync $(DESTDIR)$(BINDIR)/newskiosk-sync
	install -m 644 board/newskiosk.conf $(DESTDIR)$(DATADIR)/newskiosk.conf
	install -m 644 board/SCREEN.md $(DESTDIR)$(DATADIR)/SCREEN.md

uninstall-board:
	for u in $(BOARD_UNITS); do rm -f $(DESTDIR)$(UNITDIR)/$$u; done
	rm -f $(DESTDIR)$(UDEVRULESDIR)/99-newskiosk-usb.rules
	rm -f $(DESTDIR)$(LIBEXECDIR)/newskiosk-mount $(DESTDIR)$(BINDIR)/newskiosk-sync
	rm -f $(DESTDIR)$(DATADIR)/newskiosk.conf $(DESTDIR)$(DATADIR)/SCREEN.md
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null

# The kiosk's own words in other languages (included by the Makefile).
#
#   po/newskiosk.pot      the English messages, from the sources (make pot)
#   po/<lang>.po          one translation each; <lang> is what ui_lang names
#
# Each po/<lang>.po is checked and compiled by msgfmt --check (a bad format
# string or plural fails the build) into $(B)/locale/<lang>/LC_MESSAGES/,
# before the kiosk binary is linked, so `make`, `make run` and `make test`
# always have them; the binary finds them beside itself (app/core/i18n.c).
# `make install` puts them under $(DATADIR)/locale. A ./locale link at the
# top points at the last plain build's, for ./newskiosk.
#
#   make pot        re-extract po/newskiosk.pot after changing a message
#   make po-update  merge the new .pot into every po/<lang>.po (msgmerge)

MSGFMT ?= msgfmt
MSGMERGE ?= msgmerge
XGETTEXT ?= xgettext
# the binary looks in $(DATADIR)/locale (KIOSK_DATADIR), so this follows DATADIR
I18N_LOCALEDIR = $(DATADIR)/locale

PO_FILES = $(sort $(wildcard po/*.po))
PO_LANGS = $(PO_FILES:po/%.po=%)
MO_FILES = $(PO_LANGS:%=$(B)/locale/%/LC_MESSAGES/newskiosk.mo)
# every file with a marked message
I18N_SRC = app/core/chrome.c app/core/overlays.c app/core/scr_article.c app/core/scr_headlines.c \
    app/core/scr_list.c app/core/i18n.h app/liveimport.c app/kiosk.c
XGETTEXT_FLAGS = --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: \
    --keyword=_ --keyword=N_ --keyword=_n:1,2 --keyword=C_:1c,2 \
    --package-name=newskiosk --package-version=$(VERSION)

.PHONY: i18n pot po-update install-i18n clean-i18n

i18n: $(MO_FILES)

$(B)/locale/%/LC_MESSAGES/newskiosk.mo: po/%.po
	@mkdir -p $(@D)
	$(MSGFMT) --check -o $@.tmp $< && mv -f $@.tmp $@

# Order-only: the link line ($^) stays as it was, and a changed .po is
# recompiled without relinking.
$(BIN): | $(MO_FILES)

# ./newskiosk (a copy of $(BIN)) finds them through ./locale.
newskiosk: | locale
locale: | $(MO_FILES)
	@[ -L locale ] || [ ! -e locale ] || { echo "./locale is not a link: leaving it" >&2; exit 0; }; \
	    ln -sfn $(B)/locale locale

POT ?= po/newskiosk.pot
pot:
	$(XGETTEXT) $(XGETTEXT_FLAGS) -o $(POT) $(I18N_SRC)

po-update: pot
	for po in $(PO_FILES); do $(MSGMERGE) --quiet --update --backup=none $$po po/newskiosk.pot || exit 1; done

install: install-i18n
install-i18n: $(MO_FILES)
	for l in $(PO_LANGS); do \
	    install -d $(DESTDIR)$(I18N_LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 644 $(B)/locale/$$l/LC_MESSAGES/newskiosk.mo \
	        $(DESTDIR)$(I18N_LOCALEDIR)/$$l/LC_MESSAGES/newskiosk.mo || exit 1; \
	done

clean: clean-i18n
clean-i18n:
	@[ ! -L locale ] || rm -f locale

# the unit tests switch languages (tests/ui_test.c): the catalogues first
ifneq ($(UNIT_BIN),)
$(UNIT_BIN): | $(MO_FILES)
endif

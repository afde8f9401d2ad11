#!/bin/sh
# Turn a Raspberry Pi OS / Debian install (arm64, armhf, amd64) into a news
# kiosk: build packages, build, install, a system user, the units, the config.
#
# usage: sudo board/raspberrypi/install.sh [options]
#   --prefix DIR   install under DIR (default /usr/local, or $PREFIX)
#   --no-build     install the binary already built in build/release
#   BIN=FILE       install FILE as the binary (implies --no-build); FILE must
#                  have been built with the same PREFIX (it has DATADIR inside)
#   --no-enable    lay everything down but enable nothing
#   --with-syncthing
#                  also Syncthing, LAN only, as its own user (newskiosk-sync)
#                  with a hardened unit: bundles arrive receive-only in
#                  /var/lib/newskiosk/inbox, the kiosk's status leaves
#                  send-only from /var/lib/newskiosk/outbox. Then, once:
#                  sudo newskiosk-sync add-peer EDITOR-DEVICE-ID (docs/fleet.md)
#   --languages "ar hi th"
#                  fit fonts for these languages (codes as in the config's
#                  `languages` key, which is used when this is not given;
#                  the table of fonts and sizes is in board/README.md)
#   --screen kms|fb[:DEVICE]
#                  what draws the picture. kms (the default) writes nothing:
#                  `video = auto` takes KMS/DRM when a DRM output is
#                  connected, else the framebuffer. fb sets `video = fb` and
#                  `fb_device = DEVICE` (default /dev/fb0; /dev/fb1 with
#                  --spi-panel) in /etc/newskiosk.conf: a framebuffer-only
#                  board, or an SPI panel beside HDMI
#   --spi-panel NAME[,PARAM=VALUE...]
#                  an SPI touch panel on the Pi's own overlays: writes
#                  dtoverlay=NAME[,...] once to the boot config.txt
#                  (/boot/firmware/config.txt, else /boot/config.txt; the
#                  file before is kept as config.txt.newskiosk-bak) and
#                  implies --screen fb:/dev/fb1. ili9486 is the 3.5"
#                  480x320 ILI9486 panel with resistive touch (overlay
#                  piscreen), ili9341 the 2.8" 320x240 ILI9341 one (overlay
#                  pitft28-resistive); any other overlay name is written as
#                  given (pitft35-resistive, rpi-display, ...). A reboot
#                  loads it. board/SCREEN.md tells more
#   --rotate 0|90|180|270
#                  sets `rotate` in /etc/newskiosk.conf (the picture and
#                  touch together, clockwise: a landscape panel mounted
#                  as portrait)
#   -h, --help
#
# Where the board has a hardware watchdog (/dev/watchdog) it also writes
# /etc/systemd/system.conf.d/newskiosk-watchdog.conf (RuntimeWatchdogSec=15s).
#
# With DESTDIR set (DESTDIR=/tmp/x board/raspberrypi/install.sh BIN=...),
# nothing is asked of the system: no apt-get, no user, no systemctl; the files
# are laid under DESTDIR only, so the install can be checked anywhere (the
# fonts it would install are listed, with their sizes).
#
# Re-running it upgrades in place. It never overwrites /etc/newskiosk.conf:
# --screen, --spi-panel and --rotate change only their keys' lines in it
# (video, fb_device, rotate), after a copy of it as newskiosk.conf.bak.
# Undo with board/raspberrypi/uninstall.sh.
#
# Builds from source on purpose: Debian's armhf is ARMv7, so a Pi Zero or Pi 1
# (ARMv6) needs Raspberry Pi OS's own compiler, on the device.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
BIN=${BIN:-}
build=1
enable=1
languages=
syncthing=0
screen=
spi_panel=
rotate=
user=newskiosk
groups="video render input"

say() { echo "install: $*"; }
die() { echo "install: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; PREFIX=$2; shift ;;
        --prefix=*) PREFIX=${1#--prefix=} ;;
        --no-build) build=0 ;;
        --no-enable) enable=0 ;;
        --with-syncthing) syncthing=1 ;;
        --languages) [ $# -ge 2 ] || die "--languages needs a list like \"ar hi th\""
                     languages=$2; shift ;;
        --languages=*) languages=${1#--languages=} ;;
        --screen) [ $# -ge 2 ] || die "--screen needs kms or fb[:DEVICE]"; screen=$2; shift ;;
        --screen=*) screen=${1#--screen=} ;;
        --spi-panel) [ $# -ge 2 ] || die "--spi-panel needs a panel like ili9486"
                     spi_panel=$2; shift ;;
        --spi-panel=*) spi_panel=${1#--spi-panel=} ;;
        --rotate) [ $# -ge 2 ] || die "--rotate needs 0, 90, 180 or 270"; rotate=$2; shift ;;
        --rotate=*) rotate=${1#--rotate=} ;;
        BIN=*) BIN=${1#BIN=} ;;
        DESTDIR=*) DESTDIR=${1#DESTDIR=} ;;
        PREFIX=*) PREFIX=${1#PREFIX=} ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
    shift
done
case "$PREFIX" in /*) ;; *) die "--prefix must be an absolute path, not '$PREFIX'" ;; esac
PREFIX=${PREFIX%/}
[ -n "$PREFIX" ] || PREFIX=/usr
DATADIR=$PREFIX/share/newskiosk
D=$DESTDIR   # shorthand; empty = the real system

# the screen's options, checked before anything is laid down
fb_device=
case "$spi_panel" in
    "") overlay= ;;
    *[!A-Za-z0-9_.,=-]*|,*|-*) die "--spi-panel '$spi_panel': expected NAME[,PARAM=VALUE...] (letters, digits, - _ . , =)" ;;
    ili9486|ili9486,*) overlay=piscreen${spi_panel#ili9486} ;;
    ili9341|ili9341,*) overlay=pitft28-resistive${spi_panel#ili9341} ;;
    *) overlay=$spi_panel ;;
esac
case "$screen" in
    "") [ -z "$overlay" ] || fb_device=/dev/fb1 ;;
    kms) [ -z "$overlay" ] || die "--spi-panel draws through the framebuffer: not with --screen kms" ;;
    fb) if [ -n "$overlay" ]; then fb_device=/dev/fb1; else fb_device=/dev/fb0; fi ;;
    fb:/dev/*) fb_device=${screen#fb:} ;;
    *) die "--screen '$screen': expected kms, fb or fb:/dev/fbN" ;;
esac
case "$fb_device" in
    *[!A-Za-z0-9_/.-]*|*/../*|*/..) die "--screen: '$fb_device' is not a device path like /dev/fb1" ;;
esac
case "$rotate" in
    ""|0|90|180|270) ;;
    *) die "--rotate '$rotate': expected 0, 90, 180 or 270" ;;
esac
# the boot partition's config.txt, for the panel's overlay (BOOT_CONFIG: a
# test hook; default: DESTDIR's /boot/firmware/config.txt, else the older
# releases' /boot/config.txt)
bc=${BOOT_CONFIG:-}
if [ -n "$overlay" ] && [ -z "$bc" ]; then
    for f in "$D/boot/firmware/config.txt" "$D/boot/config.txt"; do
        [ -f "$f" ] && { bc=$f; break; }
    done
fi
if [ -n "$overlay" ] && { [ -z "$bc" ] || [ ! -f "$bc" ]; }; then
    die "--spi-panel: no config.txt in $D/boot/firmware or $D/boot (is this a Raspberry Pi? BOOT_CONFIG=FILE names it)"
fi

system=1
[ -z "$DESTDIR" ] || system=0
if [ "$system" = 1 ] && [ "$(id -u)" != 0 ]; then
    die "run as root (sudo $0), or set DESTDIR to lay the files down elsewhere"
fi

# --- 1. packages and build ---------------------------------------------------
if [ "$system" = 1 ]; then
    say "installing build packages (apt-get)"
    "$root/scripts/deps.sh" board
fi
if [ -n "$BIN" ]; then
    build=0
else
    BIN=$root/build/release/newskiosk
fi
if [ "$build" = 1 ]; then
    jobs=$(nproc 2>/dev/null || echo 1)
    # a Pi with 512 MiB runs out of memory with several compilers at once
    mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
    [ "${mem_kb:-0}" -ge 1000000 ] || jobs=1
    say "building with $jobs job(s)"
    # 64-bit file offsets and time on 32-bit Pi OS (no-ops on arm64): else
    # readdir() can fail with EOVERFLOW and dates stop in 2038
    make -C "$root" --no-print-directory -j"$jobs" BUILD=build/release PREFIX="$PREFIX" \
        CFLAGS="-D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 ${CFLAGS:-}" build/release/newskiosk
fi
{ [ -f "$BIN" ] && [ -x "$BIN" ]; } || die "no binary at $BIN (build first, or pass BIN=FILE)"

# --- 2. files ------------------------------------------------------------------
say "installing into ${DESTDIR:-/} with PREFIX=$PREFIX"
install -d "$D$PREFIX/bin" "$D$DATADIR"
install -m 755 "$BIN" "$D$PREFIX/bin/newskiosk.new"
mv -f "$D$PREFIX/bin/newskiosk.new" "$D$PREFIX/bin/newskiosk"
if [ -d "$root/assets" ]; then
    cp -R "$root/assets/." "$D$DATADIR/"
fi
# the screen's words in other languages (ui_lang), built beside the binary
locale_src=$(dirname "$BIN")/locale
if [ -d "$locale_src" ]; then
    install -d "$D$DATADIR/locale"
    cp -R "$locale_src/." "$D$DATADIR/locale/"
else
    say "no translations beside $BIN: the screen's own words stay English"
fi
make -C "$root" --no-print-directory -s install-board DESTDIR="$DESTDIR" PREFIX="$PREFIX"

# state (the database), trusted keys, and where sticks are mounted
install -d -m 0750 "$D/var/lib/newskiosk"
install -d -m 0755 "$D/etc/newskiosk" "$D/media/newskiosk"
if [ -e "$D/etc/newskiosk.conf" ]; then
    say "kept the existing /etc/newskiosk.conf (template: $DATADIR/newskiosk.conf)"
else
    install -m 0644 "$root/board/newskiosk.conf" "$D/etc/newskiosk.conf"
    say "wrote /etc/newskiosk.conf from the template"
fi

# --- the screen: --screen, --spi-panel, --rotate -------------------------------
# Only the lines of the keys asked for change in /etc/newskiosk.conf (each
# replaced where it is set, else added at the end); the file before is kept
# as /etc/newskiosk.conf.bak.
conf_set() {  # KEY VALUE: one `KEY = VALUE` line in $D/etc/newskiosk.conf
    c=$D/etc/newskiosk.conf
    if grep -Eq "^[[:space:]]*$1[[:space:]]*=" "$c"; then
        sed -E "s|^[[:space:]]*$1[[:space:]]*=.*|$1 = $2|" "$c" >"$c.tmp"
    else
        { cat "$c"; printf '\n# install.sh --screen/--spi-panel/--rotate\n%s = %s\n' "$1" "$2"; } >"$c.tmp"
    fi
    if cmp -s "$c" "$c.tmp"; then
        rm -f "$c.tmp"
        say "screen: /etc/newskiosk.conf already has $1 = $2"
        return 0
    fi
    [ -n "$conf_saved" ] || { cp -p "$c" "$c.bak"; conf_saved=1; }
    chmod 0644 "$c.tmp"
    mv -f "$c.tmp" "$c"
    say "screen: /etc/newskiosk.conf: $1 = $2"
}
conf_saved=
if [ -n "$fb_device" ]; then
    conf_set video fb
    conf_set fb_device "$fb_device"
fi
[ -z "$rotate" ] || conf_set rotate "$rotate"

# The SPI panel's overlay: in the boot partition's config.txt ($bc, found
# above), once, in a block of our own at the end under [all] (so no
# [pi4]-style section above it applies); a block written by an earlier run
# is replaced.
if [ -n "$overlay" ]; then
    begin="# newskiosk: begin (board/raspberrypi/install.sh --spi-panel)"
    end="# newskiosk: end"
    line="dtoverlay=$overlay"
    if sed "\|^$begin\$|,\|^$end\$|d" "$bc" | grep -Eq "^[[:space:]]*dtoverlay=${overlay%%,*}([,[:space:]]|\$)"; then
        say "screen: $bc loads ${overlay%%,*} already, outside newskiosk's lines: left as it is"
    elif grep -qxF "$line" "$bc" && grep -qxF "$begin" "$bc"; then
        say "screen: $bc already has $line"
    else
        [ -e "$bc.newskiosk-bak" ] || cp -p "$bc" "$bc.newskiosk-bak"
        { sed "\|^$begin\$|,\|^$end\$|d" "$bc"
          printf '%s\n[all]\n%s\n%s\n' "$begin" "$line" "$end"; } >"$bc.tmp"
        chmod --reference="$bc" "$bc.tmp" 2>/dev/null || chmod 0644 "$bc.tmp"
        mv -f "$bc.tmp" "$bc"
        say "screen: $bc: $line (the file before: $(basename "$bc").newskiosk-bak); reboot to load it"
    fi
    if [ ! -e "$(dirname "$bc")/overlays/${overlay%%,*}.dtbo" ]; then
        say "screen: NOTE: no overlays/${overlay%%,*}.dtbo beside $bc: check the panel's overlay name (board/SCREEN.md)"
    fi
fi

# --- the hardware watchdog ---------------------------------------------------
# Where the board has one (the Pi's bcm2835-wdt gives /dev/watchdog), systemd
# pets it and the board resets itself when the whole system hangs; the unit's
# own WatchdogSec= only covers the kiosk. A drop-in, so the distribution's
# system.conf stays as it is. WATCHDOG_DEV is a test hook (default
# DESTDIR/dev/watchdog: a DESTDIR install never looks at this machine's).
WATCHDOG_DEV=${WATCHDOG_DEV:-$D/dev/watchdog}
wd_conf=/etc/systemd/system.conf.d/newskiosk-watchdog.conf
wd_mark="# Written by newskiosk"
if [ ! -e "$WATCHDOG_DEV" ]; then
    say "no hardware watchdog ($WATCHDOG_DEV): RuntimeWatchdogSec not set"
elif [ -e "$D$wd_conf" ] && ! head -n 1 "$D$wd_conf" | grep -q "^$wd_mark"; then
    say "kept $wd_conf (made your own: its first line is not ours)"
else
    install -d -m 0755 "$D${wd_conf%/*}"
    cat >"$D$wd_conf.tmp" <<WDEOF
$wd_mark (postinst / board/raspberrypi/install.sh): systemd
# pets the board's hardware watchdog, which resets a hung board.
# Removed with the kiosk; delete the first line to keep it for good.
[Manager]
RuntimeWatchdogSec=15s
RebootWatchdogSec=2min
WDEOF
    chmod 0644 "$D$wd_conf.tmp"
    mv -f "$D$wd_conf.tmp" "$D$wd_conf"
    say "hardware watchdog on: $wd_conf (RuntimeWatchdogSec=15s; from the next boot)"
fi

# --- fonts for the languages of the stories ----------------------------------
# Small Debian font packages per language code; sizes are the packages'
# Installed-Size (apt-cache show) on Debian 12, in MiB. DejaVu Sans (the
# build packages install it) already covers Latin, Greek, Cyrillic,
# Armenian, Georgian, Hebrew, Arabic and Persian; the text engine finds
# other installed fonts through fontconfig.
fonts_for() {  # CODE -> "PACKAGE MIB" lines; nothing = DejaVu covers it; "?" = unknown
    case "${1%%_*}" in
        en|fr|es|pt|de|it|nl|sv|da|nb|nn|no|fi|is|pl|cs|sk|sl|hr|bs|sr|ro|hu|et|lv|lt|\
        sq|mt|ga|cy|eu|ca|gl|tr|az|uz|kk|ky|tg|mn|ru|uk|be|bg|mk|el|hy|ka|vi|id|ms|tl|\
        sw|so|ha|yo|ig|zu|xh|af|rw|rn|lg|om|mg|ln|wo|ff|ku|\
        ar|fa|he|iw|yi|ckb|sd|ug) ;;
        ur|ps|ks|bal) echo "fonts-sil-scheherazade 1.8" ;;
        hi|mr|ne|sa|mai|bho|doi|kok) echo "fonts-lohit-deva 0.2" ;;
        bn) echo "fonts-lohit-beng-bengali 0.2" ;;
        as|mni) echo "fonts-lohit-beng-assamese 0.2" ;;
        ta) echo "fonts-lohit-taml 0.1" ;;
        te) echo "fonts-lohit-telu 0.4" ;;
        kn) echo "fonts-lohit-knda 0.2" ;;
        ml) echo "fonts-lohit-mlym 0.1" ;;
        gu) echo "fonts-lohit-gujr 0.1" ;;
        pa) echo "fonts-lohit-guru 0.1" ;;
        or) echo "fonts-lohit-orya 0.1" ;;
        si) echo "fonts-lklug-sinhala 0.3" ;;
        th) echo "fonts-tlwg-loma-ttf 0.4" ;;
        lo) echo "fonts-lao 0.1" ;;
        km) echo "fonts-khmeros 2.5" ;;
        my|shn|ksw) echo "fonts-sil-padauk 3.3" ;;
        am|ti|gez) echo "fonts-sil-abyssinica 1.2" ;;
        bo|dz) echo "fonts-tibetan-machine 4.3" ;;
        zh|ja|yue) echo "fonts-wqy-microhei 5.0" ;;
        ko) echo "fonts-wqy-microhei 5.0" ;;
        dv) echo "fonts-noto-core 41.6" ;;
        *) echo "?" ;;
    esac
}
if [ -z "$languages" ]; then
    conf=$D/etc/newskiosk.conf
    [ -f "$conf" ] || conf=$root/board/newskiosk.conf
    languages=$(sed -n 's/^[[:space:]]*languages[[:space:]]*=[[:space:]]*//p' "$conf" |
                tail -n 1 | sed 's/[[:space:]]#.*//; s/^"//; s/"[[:space:]]*$//')
    [ -n "$languages" ] || languages=en
fi
font_pkgs=""
font_mib=0
for code in $languages; do
    case "$code" in
        *[!A-Za-z_]*|"") say "languages: '$code' is not a language code, skipped"; continue ;;
    esac
    list=$(fonts_for "$code")
    if [ "$list" = "?" ]; then
        say "fonts: $code: no font package known; DejaVu Sans or a font = line in the config"
        continue
    fi
    if [ -z "$list" ]; then
        say "fonts: $code: DejaVu Sans (fonts-dejavu-core, already there): +0 MB"
        continue
    fi
    echo "$list" | while read -r pkg mib; do
        case " $font_pkgs " in
            *" $pkg "*) say "fonts: $code: $pkg (listed above): +0 MB" ;;
            *) say "fonts: $code: $pkg: +$mib MB" ;;
        esac
    done
    for pkg in $(echo "$list" | awk '{print $1}'); do
        case " $font_pkgs " in
            *" $pkg "*) ;;
            *) font_pkgs="$font_pkgs $pkg"
               font_mib=$(echo "$list" | awk -v p="$pkg" -v t="$font_mib" '$1 == p {print t + $2}') ;;
        esac
    done
done
font_pkgs=${font_pkgs# }
if [ -n "$font_pkgs" ]; then
    say "fonts for '$languages': $font_pkgs (at most $font_mib MB, less what is installed)"
fi

if [ "$system" = 0 ]; then
    [ -z "$font_pkgs" ] || say "DESTDIR install: fonts not installed (apt-get install $font_pkgs)"
    say "DESTDIR install done: no user, no units enabled"
    exit 0
fi
if [ -n "$font_pkgs" ]; then
    missing=""
    for pkg in $font_pkgs; do
        case "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" in
            *"install ok installed"*) ;;
            *) missing="$missing $pkg" ;;
        esac
    done
    if [ -n "$missing" ]; then
        say "installing fonts:$missing"
        apt-get install -y --no-install-recommends $missing ||
            say "WARNING: the fonts could not be installed; stories in those scripts may show boxes"
    fi
fi

# --- 3. user, permissions, units ---------------------------------------------
for g in $groups; do
    getent group "$g" >/dev/null || groupadd --system "$g"
done
glist=$(echo "$groups" | tr ' ' ,)
if getent passwd "$user" >/dev/null; then
    usermod -a -G "$glist" "$user"
else
    useradd --system --user-group --groups "$glist" --home-dir /var/lib/newskiosk \
        --no-create-home --shell /usr/sbin/nologin --comment "newskiosk kiosk" "$user"
    say "created system user $user (groups $glist)"
fi
chown "$user:$user" /var/lib/newskiosk

if command -v udevadm >/dev/null 2>&1; then
    udevadm control --reload-rules || true
fi
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    if [ "$enable" = 1 ]; then
        systemctl enable newskiosk.service
        # the kiosk owns tty1 (the unit also Conflicts= with it)
        systemctl disable getty@tty1.service 2>/dev/null || true
        say "enabled newskiosk.service; it starts at the next boot (or: systemctl start newskiosk)"
    fi
else
    say "systemd is not running here: units installed, not enabled"
fi

# --- 4. Syncthing (--with-syncthing) -------------------------------------------
if [ "$syncthing" = 1 ]; then
    command -v syncthing >/dev/null 2>&1 || apt-get install -y --no-install-recommends syncthing
    suser=newskiosk-sync
    getent passwd "$suser" >/dev/null ||
        useradd --system --user-group --home-dir /var/lib/newskiosk-sync --no-create-home \
            --shell /usr/sbin/nologin --comment "newskiosk Syncthing" "$suser"
    # the kiosk (group newskiosk) reads the inbox; Syncthing (group
    # newskiosk-sync) reads the outbox; each writes only its own
    install -d -m 0711 -o "$user" -g "$user" /var/lib/newskiosk
    install -d -m 2750 -o "$suser" -g "$user" /var/lib/newskiosk/inbox
    install -d -m 2750 -o "$user" -g "$suser" /var/lib/newskiosk/outbox
    install -d -m 0700 -o "$suser" -g "$suser" /var/lib/newskiosk-sync
    if [ ! -f /var/lib/newskiosk-sync/config.xml ]; then
        runuser -u "$suser" -- "$PREFIX/bin/newskiosk-sync" --home /var/lib/newskiosk-sync init \
            --role kiosk --bundles /var/lib/newskiosk/inbox --status /var/lib/newskiosk/outbox \
            --listen tcp://0.0.0.0:22000 --gui 127.0.0.1:8384 --local-discovery on >/dev/null
    fi
    grep -q '^inbox *=' /etc/newskiosk.conf ||
        printf '\n# install.sh --with-syncthing\ninbox = /var/lib/newskiosk/inbox\noutbox = /var/lib/newskiosk/outbox\n' \
            >>/etc/newskiosk.conf
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ] && [ "$enable" = 1 ]; then
        systemctl enable --now newskiosk-syncthing.service
    fi
    say "Syncthing: this kiosk's device ID is $(runuser -u "$suser" -- syncthing serve --device-id --home=/var/lib/newskiosk-sync)"
    say "           on the kiosk, once: sudo newskiosk-sync add-peer EDITOR-DEVICE-ID [tcp://EDITOR-IP:22000]"
fi

if grep -q '^trusted_key *= */etc/newskiosk/editor.pub' /etc/newskiosk.conf &&
   [ ! -e /etc/newskiosk/editor.pub ]; then
    say "NOTE: /etc/newskiosk.conf trusts /etc/newskiosk/editor.pub, which is not there yet:"
    say "      no stick is accepted until you install it (see the comments in the config)"
fi
say "screen rotation and blanking: $DATADIR/SCREEN.md"
say "done"

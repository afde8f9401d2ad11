#!/bin/sh
# Undo board/raspberrypi/install.sh.
#
# usage: sudo board/raspberrypi/uninstall.sh [--prefix DIR] [--purge]
#   --prefix DIR   the PREFIX used to install (default /usr/local, or $PREFIX)
#   --purge        also delete the database (/var/lib/newskiosk), the config
#                  (/etc/newskiosk.conf, /etc/newskiosk/) and the user
#   -h, --help
#
# Without --purge the stories, the config and the trusted keys stay, so a
# re-install picks up where it left off. With DESTDIR set, only the files
# under DESTDIR are removed: no systemctl, no userdel.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
purge=0
user=newskiosk

say() { echo "uninstall: $*"; }
die() { echo "uninstall: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; PREFIX=$2; shift ;;
        --prefix=*) PREFIX=${1#--prefix=} ;;
        --purge) purge=1 ;;
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
D=$DESTDIR

system=1
[ -z "$DESTDIR" ] || system=0
if [ "$system" = 1 ] && [ "$(id -u)" != 0 ]; then
    die "run as root (sudo $0), or set DESTDIR"
fi

if [ "$system" = 1 ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now newskiosk.service 2>/dev/null || true
    # unmount any stick still mounted for the kiosk
    systemctl stop 'newskiosk-mount@*.service' 2>/dev/null || true
    systemctl enable getty@tty1.service 2>/dev/null || true
fi

make -C "$root" --no-print-directory -s uninstall-board DESTDIR="$DESTDIR" PREFIX="$PREFIX"
rm -f "$D$PREFIX/bin/newskiosk"
rm -rf "$D$DATADIR"
# the hardware watchdog drop-in, unless someone made it their own (first line)
wd_conf=/etc/systemd/system.conf.d/newskiosk-watchdog.conf
if [ -f "$D$wd_conf" ] && head -n 1 "$D$wd_conf" | grep -q '^# Written by newskiosk'; then
    rm -f "$D$wd_conf"
    rmdir "$D${wd_conf%/*}" 2>/dev/null || true
    say "removed $wd_conf (the hardware watchdog is systemd's default again from the next boot)"
fi
# the SPI panel's overlay block that install.sh --spi-panel wrote to the
# boot config.txt (its other lines stay; the panel is dark after a reboot)
begin="# newskiosk: begin (board/raspberrypi/install.sh --spi-panel)"
for bc in "$D/boot/firmware/config.txt" "$D/boot/config.txt"; do
    if [ -f "$bc" ] && grep -qxF "$begin" "$bc"; then
        sed "\|^$begin\$|,\|^# newskiosk: end\$|d" "$bc" >"$bc.tmp"
        chmod --reference="$bc" "$bc.tmp" 2>/dev/null || chmod 0644 "$bc.tmp"
        mv -f "$bc.tmp" "$bc"
        say "removed the SPI panel's overlay from $bc (from the next boot)"
    fi
done
# empty unless a stick is still mounted: then it stays, and so does its folder
rmdir "$D/media/newskiosk" 2>/dev/null || true

if [ "$purge" = 1 ]; then
    rm -rf "$D/var/lib/newskiosk" "$D/etc/newskiosk"
    rm -f "$D/etc/newskiosk.conf"
    if [ "$system" = 1 ] && getent passwd "$user" >/dev/null; then
        userdel "$user" 2>/dev/null || say "could not remove user $user"
        say "removed user $user"
    fi
    say "purged the database and the config"
else
    say "kept /var/lib/newskiosk, /etc/newskiosk.conf and /etc/newskiosk (--purge removes them)"
fi

if [ "$system" = 1 ]; then
    if command -v udevadm >/dev/null 2>&1; then udevadm control --reload-rules 2>/dev/null || true; fi
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
        systemctl daemon-reload
    fi
fi
say "done"

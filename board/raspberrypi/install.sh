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
#   -h, --help
#
# With DESTDIR set (DESTDIR=/tmp/x board/raspberrypi/install.sh BIN=...),
# nothing is asked of the system: no apt-get, no user, no systemctl; the files
# are laid under DESTDIR only, so the install can be checked anywhere.
#
# Re-running it upgrades in place. It never overwrites /etc/newskiosk.conf.
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

system=1
[ -z "$DESTDIR" ] || system=0
if [ "$system" = 1 ] && [ "$(id -u)" != 0 ]; then
    die "run as root (sudo $0), or set DESTDIR to lay the files down elsewhere"
fi

# --- 1. packages and build ---------------------------------------------------
if [ "$system" = 1 ]; then
    say "installing build packages (apt-get)"
    "$root/scripts/deps.sh" build
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

if [ "$system" = 0 ]; then
    say "DESTDIR install done: no user, no units enabled"
    exit 0
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

if grep -q '^trusted_key *= */etc/newskiosk/editor.pub' /etc/newskiosk.conf &&
   [ ! -e /etc/newskiosk/editor.pub ]; then
    say "NOTE: /etc/newskiosk.conf trusts /etc/newskiosk/editor.pub, which is not there yet:"
    say "      no stick is accepted until you install it (see the comments in the config)"
fi
say "screen rotation and blanking: $DATADIR/SCREEN.md"
say "done"

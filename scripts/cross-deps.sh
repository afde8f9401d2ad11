#!/bin/sh
# Install what `make cross ARCH=...` and `make cross-test ARCH=...` need on a
# Debian 12 build machine (run as root, or it uses sudo).
#
# usage: scripts/cross-deps.sh arm64|armhf [multiarch|sysroot]
#
# multiarch (the default for arm64): Debian's cross compiler plus the -dev
#   packages of the target architecture installed beside the native ones
#   (dpkg --add-architecture). Quick: about a minute.
# sysroot (the fallback for armhf): the target's -dev packages unpacked by
#   debootstrap into build/sysroot-ARCH, compiled against with --sysroot.
#   Touches nothing in the machine's own dpkg database but the toolchain.
#
# With no mode, arm64 uses multiarch and armhf tries multiarch first and falls
# back to the sysroot. A foreign architecture this script added is removed
# again whenever the multiarch install fails: a stale index for it would
# otherwise make every later `apt-get update` on the machine exit 100.
# Quick and offline when everything is already there.
set -eu

arch=${1:-}
mode=${2:-}
case "$arch" in
    arm64) triple=aarch64-linux-gnu; qemu="qemu-aarch64-static"; mode=${mode:-multiarch} ;;
    armhf) triple=arm-linux-gnueabihf; qemu="qemu-arm-static"; mode=${mode:-auto} ;;
    *) echo "usage: $0 arm64|armhf [multiarch|sysroot]" >&2; exit 2 ;;
esac
case "$mode" in multiarch|sysroot|auto) ;; *) echo "$0: unknown mode '$mode'" >&2; exit 2 ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
sysroot="$root/build/sysroot-$arch"
suite=${CROSS_SUITE:-bookworm}
mirror=${CROSS_MIRROR:-http://deb.debian.org/debian}

# The target's libraries: what the Makefile's pkg-config names resolve to,
# plus cmocka for the unit tests and libc6-dev for the sysroot.
libs="libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libsqlite3-dev libcjson-dev
      libsodium-dev libicu-dev libfontconfig-dev libdrm-dev libxml2-dev libcurl4-gnutls-dev
      libqrencode-dev
      libcmocka-dev"
tools="gcc-$triple libc6-dev-$arch-cross pkg-config qemu-user-static make"

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive

say() { echo "cross-deps($arch): $*"; }

installed() {  # installed PKG... : true when every one is installed
    for p in "$@"; do
        case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" in
            *"install ok installed"*) ;;
            *) return 1 ;;
        esac
    done
}

updated=0
apt_update() {
    [ "$updated" = 1 ] && return 0
    $sudo apt-get update -q
    updated=1
}

apt_install() {
    # shellcheck disable=SC2068
    $sudo apt-get install -y -q --no-install-recommends $@
}

host_tools() {
    need=""
    for p in $tools; do installed "$p" || need="$need $p"; done
    [ "$mode" = multiarch ] || installed debootstrap || need="$need debootstrap"
    [ -z "$need" ] && return 0
    say "installing$need"
    apt_update || say "apt-get update failed; trying the lists we have"
    # shellcheck disable=SC2086
    apt_install $need
}

# Undo a failed multiarch attempt: purge what came in for $arch, then drop the
# architecture so the machine's apt is exactly as it was.
rollback_arch() {
    say "rolling back: removing the $arch packages and architecture"
    pkgs=$(dpkg-query -W -f='${binary:Package} ${Status}\n' 2>/dev/null |
           awk -v a=":$arch" 'index($1, a) && $0 !~ /not-installed/ {print $1}')
    if [ -n "$pkgs" ]; then
        # shellcheck disable=SC2086
        $sudo apt-get purge -y -q $pkgs || $sudo dpkg --purge --force-depends $pkgs || true
    fi
    $sudo dpkg --remove-architecture "$arch" || true
    $sudo apt-get update -q >/dev/null 2>&1 || true
}

multiarch() {
    want=""
    for p in $libs; do want="$want $p:$arch"; done
    # shellcheck disable=SC2086
    if dpkg --print-foreign-architectures | grep -qx "$arch" && installed $want; then
        return 0
    fi
    added=0
    if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
        say "adding architecture $arch"
        $sudo dpkg --add-architecture "$arch"
        added=1
    fi
    # shellcheck disable=SC2086
    if $sudo apt-get update -q && apt_install $want; then
        say "multiarch packages installed"
        return 0
    fi
    say "multiarch install failed"
    [ "$added" = 1 ] && rollback_arch
    return 1
}

# debootstrap --foreign only downloads and unpacks: enough for headers and
# libraries, and it needs neither qemu nor binfmt_misc.
make_sysroot() {
    if [ -f "$sysroot/.newskiosk-sysroot" ]; then
        return 0
    fi
    say "debootstrap $suite $arch sysroot into $sysroot (a few minutes)"
    rm -rf "$sysroot.tmp"
    mkdir -p "$(dirname "$sysroot")"
    inc=$(echo "libc6-dev $libs" | tr -s ' \n' ',' | sed 's/,$//')
    $sudo debootstrap --arch="$arch" --foreign --variant=minbase \
        --include="$inc" "$suite" "$sysroot.tmp" "$mirror"
    # The first stage unpacks only the base system; the rest (our -dev
    # packages and what they need) waits as .debs for a second stage that
    # would run target code. Unpacking them is all a sysroot needs.
    for deb in "$sysroot.tmp"/var/cache/apt/archives/*.deb; do
        dpkg-deb -x "$deb" "$sysroot.tmp"
    done
    rm -rf "$sysroot.tmp"/var/cache/apt/archives/*.deb "$sysroot.tmp/debootstrap"
    # Absolute symlinks (libfoo.so -> /lib/...) would point at the build
    # machine's own files: make them relative to the sysroot.
    find "$sysroot.tmp" -type l | while IFS= read -r l; do
        t=$(readlink "$l")
        case "$t" in
            /*) dir=$(dirname "$l"); rel=$(realpath -m --relative-to="$dir" "$sysroot.tmp$t")
                ln -sfn "$rel" "$l" ;;
        esac
    done
    rm -rf "$sysroot"
    mv "$sysroot.tmp" "$sysroot"
    echo "$suite $arch" >"$sysroot/.newskiosk-sysroot"
}

case "$mode" in
    multiarch) host_tools; multiarch ;;
    sysroot) host_tools; make_sysroot ;;
    auto)
        if [ -f "$sysroot/.newskiosk-sysroot" ]; then
            mode=sysroot; host_tools; exit 0
        fi
        mode=multiarch; host_tools
        if ! multiarch; then
            mode=sysroot; host_tools; make_sysroot
        fi
        ;;
esac
command -v "$qemu" >/dev/null || { say "$qemu missing"; exit 1; }

#!/bin/sh
# Build the board test's disk image: plain Debian 12 (amd64) with systemd,
# udev, a kernel, qemu-guest-agent (the test's only way in: a virtio-serial
# port, there is no network) and the packages board/raspberrypi/install.sh
# wants (scripts/deps.sh board, and the fonts for the template's languages),
# so that install.sh runs in the VM without network, as on a board with
# everything already fetched.
#
# usage: tests/board/image.sh OUTDIR
# Writes OUTDIR/base.img (ext4, 4 GiB sparse, no partition table),
# OUTDIR/vmlinuz, OUTDIR/initrd.img and OUTDIR/base.stamp (a hash of the
# inputs: this script and the package list). Does nothing when the stamp
# matches. Packages come only from this machine's configured Debian mirror
# (its apt sources for bookworm*), or BOARD_MIRROR=URL. Needs root and
# mmdebstrap; nothing is mounted (mke2fs -d fills the filesystem).
set -eu
out=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

# --- the package list ---------------------------------------------------------
# install.sh's own build packages, read from scripts/deps.sh
board_pkgs=$(sed -n '/^board="/,/"$/p' "$root/scripts/deps.sh" | sed 's/^board="//; s/"$//' | tr -s ' \n' ' ')
# the fonts install.sh picks for the template's languages (its DESTDIR run
# prints them and installs nothing)
tmpd=$(mktemp -d)
trap 'rm -rf "$tmpd"' EXIT
printf '#!/bin/sh\n' >"$tmpd/nk"; chmod 755 "$tmpd/nk"
font_pkgs=$(cd "$root" && DESTDIR="$tmpd/d" board/raspberrypi/install.sh BIN="$tmpd/nk" 2>/dev/null |
            sed -n "s/^install: fonts for '[^']*': \(.*\) (at most.*/\1/p")
# the machine itself: what any Debian/Pi OS board has, plus the test's way in.
# libgl1-mesa-dri: Mesa's GPU drivers (virtio-gpu here, vc4/v3d on a Pi);
# Raspberry Pi OS ships them, a plain Debian install does not.
system_pkgs="systemd-sysv udev dbus kmod procps linux-image-amd64 initramfs-tools
             libgl1-mesa-dri qemu-guest-agent sqlite3 ca-certificates"
pkgs=$(echo "$system_pkgs $board_pkgs $font_pkgs" | tr -s ' \n' '\n' | sed '/^$/d' | sort -u | tr '\n' ',' | sed 's/,$//')

stamp=$( (cat "$0"; echo "$pkgs") | sha256sum | cut -c1-16)
if [ -f "$out/base.stamp" ] && [ "$(cat "$out/base.stamp")" = "$stamp" ] &&
   [ -f "$out/base.img" ] && [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.img" ]; then
    echo "image: up to date ($out/base.img)"
    exit 0
fi
rm -f "$out/base.stamp" "$out/base.img"

# --- the mirror: this machine's own apt sources for bookworm ---------------------
sources="$tmpd/sources.list"
if [ -n "${BOARD_MIRROR:-}" ]; then
    printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$BOARD_MIRROR" "$BOARD_MIRROR" >"$sources"
else
    {
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -f "$f" ] || continue
            # deb822 stanzas: URIs / Suites / Components
            awk 'BEGIN{RS=""; FS="\n"} {
                    u=""; s=""; c=""; t="";
                    for (i = 1; i <= NF; i++) {
                        if ($i ~ /^URIs:/) { u=$i; sub(/^URIs:[ \t]*/, "", u) }
                        if ($i ~ /^Suites:/) { s=$i; sub(/^Suites:[ \t]*/, "", s) }
                        if ($i ~ /^Components:/) { c=$i; sub(/^Components:[ \t]*/, "", c) }
                        if ($i ~ /^Types:/) { t=$i }
                    }
                    if (t !~ /deb( |$)/ && t !~ /deb$/) next
                    n = split(s, ss, /[ \t]+/)
                    for (j = 1; j <= n; j++) if (ss[j] ~ /^bookworm/) print "deb " u " " ss[j] " " c
                 }' "$f"
        done
        cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
            awk '$1 == "deb" && $3 ~ /^bookworm/'
    } | sort -u >"$sources"
fi
[ -s "$sources" ] || { echo "image: no Debian bookworm apt source configured on this machine" >&2; exit 1; }
echo "image: building from:"; sed 's/^/image:   /' "$sources"

dir="$out/rootfs"
rm -rf "$dir"
# mmdebstrap reads the sources from stdin; minbase + the list, no Recommends
mmdebstrap --variant=minbase --mode=root --include="$pkgs" \
    --customize-hook='echo kiosk >"$1/etc/hostname"' \
    --customize-hook='printf "/dev/vda / ext4 rw,errors=remount-ro 0 1\n" >"$1/etc/fstab"' \
    --customize-hook='chroot "$1" passwd -d root >/dev/null' \
    --customize-hook='mkdir -p "$1/var/log/journal"' \
    --customize-hook='rm -f "$1/etc/machine-id"; touch "$1/etc/machine-id"' \
    bookworm "$dir" - <"$sources"

cp "$(ls "$dir"/boot/vmlinuz-* | sort -V | tail -n 1)" "$out/vmlinuz"
cp "$(ls "$dir"/boot/initrd.img-* | sort -V | tail -n 1)" "$out/initrd.img"
mke2fs -q -t ext4 -L kioskroot -d "$dir" "$out/base.img.tmp" 4G
mv "$out/base.img.tmp" "$out/base.img"
rm -rf "$dir"
echo "$stamp" >"$out/base.stamp"
echo "image: built $out/base.img ($(du -h "$out/base.img" | cut -f1) used of 4 GiB)"

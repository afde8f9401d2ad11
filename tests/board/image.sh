#!/bin/sh
# Build the board test's disk image: plain Debian 12 (amd64 or arm64) with systemd,
# udev, a kernel, qemu-guest-agent (the test's only way in: a virtio-serial
# port, there is no network) and the packages board/raspberrypi/install.sh
# wants (scripts/deps.sh board, and the fonts for the template's languages),
# so that install.sh runs in the VM without network, as on a board with
# everything already fetched.
#
# usage: tests/board/image.sh OUTDIR [ARCH]
#   ARCH: amd64 (the default) or arm64. A foreign ARCH's maintainer scripts
#   run through qemu-user-static, registered in a binfmt_misc of a user
#   namespace of this script's own (Linux 6.7 or later; the same uids, root
#   included): nothing is registered on this machine, so it works where
#   /proc/sys/fs/binfmt_misc is not mounted.
# Writes OUTDIR/base.img (ext4, 4 GiB sparse, no partition table),
# OUTDIR/vmlinuz, OUTDIR/initrd.img and OUTDIR/base.stamp (a hash of the
# inputs: this script and the package list). Does nothing when the stamp
# matches. Packages come only from this machine's configured Debian mirror
# (its apt sources for bookworm*), or BOARD_MIRROR=URL. Needs root and
# mmdebstrap; nothing is mounted (mke2fs -d fills the filesystem).
set -eu
out=$1
arch=${2:-amd64}
case "$arch" in
    amd64|arm64) ;;
    *) echo "image: ARCH must be amd64 or arm64, not '$arch'" >&2; exit 2 ;;
esac
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
system_pkgs="systemd-sysv udev dbus kmod procps linux-image-$arch initramfs-tools
             libgl1-mesa-dri qemu-guest-agent sqlite3 ca-certificates"
pkgs=$(echo "$system_pkgs $board_pkgs $font_pkgs" | tr -s ' \n' '\n' | sed '/^$/d' | sort -u | tr '\n' ',' | sed 's/,$//')

stamp=$( (cat "$0"; echo "$arch $pkgs") | sha256sum | cut -c1-16)
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

# --- a foreign architecture: qemu-user through a binfmt_misc of our own -----------
# run "$@" in a new user, mount and pid namespace whose uids and gids are this
# machine's own (root is root, files get their real owners) and whose
# binfmt_misc instance (a private one: Linux 6.7 and later) runs aarch64
# ELF files with qemu-aarch64-static (F: opened now, so no copy in the chroot)
foreign() {
    [ "$arch" = arm64 ] || { echo "image: an $arch image is built on an $arch machine only" >&2; return 1; }
    qemu=/usr/bin/qemu-aarch64-static
    [ -x "$qemu" ] || { echo "image: $qemu is missing (qemu-user-static)" >&2; return 1; }
    reg=':qemu-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:'"$qemu"':F'
    mkfifo "$tmpd/go"
    # (an asynchronous command's stdin is /dev/null: keep ours on fd 3)
    exec 3<&0
    unshare --user --mount --pid --fork --kill-child --propagation private sh -c '
        read -r go <"$0" && [ "$go" = go ] || exit 1
        mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc &&
            printf "%s\n" "$1" >/proc/sys/fs/binfmt_misc/register || {
            echo "image: no binfmt_misc of our own in a user namespace (needs Linux 6.7 or later)" >&2
            exit 1
        }
        shift
        exec "$@"' "$tmpd/go" "$reg" "$@" 0<&3 3<&- &
    pid=$!
    n=0
    while [ "$(readlink "/proc/$pid/ns/user" 2>/dev/null)" = "$(readlink /proc/self/ns/user)" ] && [ $n -lt 100 ]; do
        sleep 0.05; n=$((n + 1))
    done
    if echo "0 0 4294967295" >"/proc/$pid/uid_map" && echo "0 0 4294967295" >"/proc/$pid/gid_map"; then
        echo go >"$tmpd/go"
    else
        echo "image: cannot map the user namespace's ids" >&2
        echo no >"$tmpd/go"
    fi
    wait "$pid"
}

host_arch=$(dpkg --print-architecture)
run=""
skip=""
if [ "$arch" != "$host_arch" ]; then
    # (our own entry, whatever this machine has registered or not)
    run=foreign
    skip="--skip=check/qemu"
fi

dir="$out/rootfs"
rm -rf "$dir"
# mmdebstrap reads the sources from stdin; minbase + the list, no Recommends
# shellcheck disable=SC2086
$run mmdebstrap --variant=minbase --mode=root --architectures="$arch" $skip --include="$pkgs" \
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

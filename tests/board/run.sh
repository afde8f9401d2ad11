#!/bin/sh
# make board-test: the board booted for real in QEMU (see tests/board/board_test.py).
#
# usage: tests/board/run.sh HOST_NEWSKIOSK [ARCH]
#   HOST_NEWSKIOSK: a kiosk built on this machine, for keygen, sign and the
#   expected import results (make board-test builds build/board-host/newskiosk)
#   ARCH: the board's, amd64 (the default: qemu-system-x86_64 -M q35, into
#   build/board) or arm64 (qemu-system-aarch64 -M virt, into build/board-arm64)
# Installs what it needs with apt-get when missing (qemu-system-x86 or
# qemu-system-arm, qemu-user-static for a foreign image, qemu-utils,
# mmdebstrap, mtools, dosfstools, tesseract-ocr), builds the disk image once
# into the output folder (tests/board/image.sh; again when its inputs change),
# and runs the checks. Without root, or when QEMU or mmdebstrap cannot be
# installed, prints "ok - skipped: ..." and passes.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 1
nk=${1:-build/board-host/newskiosk}
arch=${2:-amd64}
case "$arch" in
    amd64) out=build/board qemu_pkg=qemu-system-x86 qemu_bin=qemu-system-x86_64 ;;
    arm64) out=build/board-arm64 qemu_pkg=qemu-system-arm qemu_bin=qemu-system-aarch64 ;;
    *) echo "board-test: ARCH must be amd64 or arm64, not '$arch'" >&2; exit 2 ;;
esac
# a foreign image's maintainer scripts run under qemu-user (tests/board/image.sh)
user_pkg=""
[ "$arch" = "$(dpkg --print-architecture 2>/dev/null)" ] || user_pkg=qemu-user-static

skip() { echo "ok - skipped: $*"; echo "1 passed, 0 failed"; exit 0; }

[ "$(id -u)" = 0 ] || skip "the board test needs root (mmdebstrap, and /dev/kvm when it works)"
[ -x "$nk" ] || { echo "board-test: no kiosk at $nk" >&2; exit 1; }

# the tools, only those missing (scripts/deps.sh style)
want="$qemu_pkg $user_pkg qemu-utils mmdebstrap mtools dosfstools exfatprogs tesseract-ocr tesseract-ocr-eng python3"
missing=""
for p in $want; do
    case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
if [ -n "$missing" ]; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "board-test: installing$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null 2>&1 || echo "board-test: apt-get update failed; trying the lists we have" >&2
        # shellcheck disable=SC2086
        apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 ||
            echo "board-test: could not install$missing" >&2
    fi
fi
command -v "$qemu_bin" >/dev/null 2>&1 || skip "$qemu_pkg is not installed and cannot be"
[ -z "$user_pkg" ] || [ -x /usr/bin/qemu-aarch64-static ] || skip "$user_pkg is not installed and cannot be"
command -v qemu-img >/dev/null 2>&1 || skip "qemu-utils is not installed and cannot be"
command -v mmdebstrap >/dev/null 2>&1 || skip "mmdebstrap is not installed and cannot be"
for t in mcopy mkfs.vfat mkfs.exfat tesseract python3; do
    command -v "$t" >/dev/null 2>&1 || skip "$t is not installed and cannot be"
done

start=$(date +%s)
if ! tests/board/image.sh "$out" "$arch"; then
    echo "not ok - the $arch board image builds (tests/board/image.sh, from this machine's Debian mirror)"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "# image: $(du -h --apparent-size "$out/base.img" | cut -f1) sparse, $(du -h "$out/base.img" | cut -f1) on disk; built or checked in $(( $(date +%s) - start )) s"
exec python3 -u tests/board/board_test.py --nk "$nk" --out "$out" --arch "$arch"

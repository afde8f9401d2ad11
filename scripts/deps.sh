#!/bin/sh
# Install the Debian packages newskiosk needs, only those missing.
# usage: scripts/deps.sh build|board|test|bench|peer
#   bench: what make bench needs (Xvfb, valgrind, the sqlite3 CLI, Xlib for
#          its screen probe); peer: Debian's chromium, the kiosk it compares to
# Uses apt-get directly as root, through sudo otherwise. Offline and quick
# when everything is already there (nothing is run then).
set -eu

# fonts: DejaVu (Latin, Cyrillic, Greek, Hebrew, Arabic, Armenian, Georgian),
# Nanum (Hangul), Noto core (Indic, Thai, Burmese, Ethiopic, Arabic, ...),
# WenQuanYi Micro Hei (Chinese and Japanese): every script of the sample and
# of the test corpus. ICU: bidi, line breaking with dictionaries, scripts.
# board: what the board installer builds with; it adds fonts only for the
# languages the operator names (board/raspberrypi/install.sh, `languages`).
# EGL and Mesa's DRI drivers: SDL's KMS/DRM output draws through them
# (Raspberry Pi OS ships them; a plain Debian install does not)
board="build-essential pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
       libsqlite3-dev libcjson-dev libsodium-dev libicu-dev libfontconfig-dev libdrm-dev
       libxml2-dev libcurl4-gnutls-dev libqrencode-dev gettext
       fonts-dejavu-core libegl1 libgl1-mesa-dri"
build="$board fonts-nanum fonts-noto-core fonts-wqy-microhei"
# OCR of the screen in every corpus language, against a pango reference
ocr="tesseract-ocr tesseract-ocr-eng tesseract-ocr-vie tesseract-ocr-rus tesseract-ocr-ukr
     tesseract-ocr-ell tesseract-ocr-hye tesseract-ocr-kat tesseract-ocr-kor
     tesseract-ocr-chi-sim tesseract-ocr-jpn tesseract-ocr-ara tesseract-ocr-fas
     tesseract-ocr-urd tesseract-ocr-pus tesseract-ocr-heb tesseract-ocr-hin
     tesseract-ocr-ben tesseract-ocr-tam tesseract-ocr-tha tesseract-ocr-mya
     tesseract-ocr-amh tesseract-ocr-tir pango1.0-tools imagemagick unicode-data zbar-tools"
# syncthing: fleet_sync_test.sh, two real daemons on 127.0.0.1
test="$build libcmocka-dev sqlite3 xvfb xdotool x11-utils x11-apps syncthing $ocr"
bench="$build sqlite3 xvfb valgrind libx11-dev"
peer="chromium"

case "${1:-build}" in
    build) want=$build ;;
    board) want=$board ;;
    test) want=$test ;;
    bench) want=$bench ;;
    peer) want=$peer ;;
    *) echo "usage: $0 build|board|test|bench|peer" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: these packages are missing and there is no apt-get:$missing" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
    sudo=sudo
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q || echo "deps: apt-get update failed; trying the lists we have" >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing

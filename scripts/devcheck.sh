#!/bin/sh
# Run on the board: what display, framebuffer and input devices the kiosk
# will find, whether the power supply is good enough, then a test card on the
# real screen to compare with the reference photo.
#
# usage: sudo scripts/devcheck.sh [--no-card] [--seconds N]
#   --no-card     only list; do not take over the screen
#   --seconds N   how long the test card stays up (default 20)
# env: NK=path/to/newskiosk (default: the installed one, else ./newskiosk)
#
# The kiosk service holds the screen (DRM master): it is stopped for the
# test card and started again afterwards if it was running.
set -u

card=1
secs=20
while [ $# -gt 0 ]; do
    case "$1" in
        --no-card) card=0 ;;
        --seconds) secs=${2:-20}; shift ;;
        -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "usage: $0 [--no-card] [--seconds N]" >&2; exit 2 ;;
    esac
    shift
done
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${NK:-}" ]; then
    NK=$(command -v newskiosk 2>/dev/null || true)
    [ -n "$NK" ] || NK=$here/newskiosk
fi

h() { printf '\n== %s\n' "$*"; }
warn() { echo "WARNING: $*"; }

h "board"
[ -r /proc/device-tree/model ] && { tr -d '\0' </proc/device-tree/model; echo; }
uname -srm
[ -r /etc/os-release ] && sed -n 's/^PRETTY_NAME=//p' /etc/os-release | tr -d '"'
echo "kernel command line: $(cat /proc/cmdline)"
case " $(cat /proc/cmdline) " in
    *" consoleblank=0 "*) echo "console blanking: off" ;;
    *) warn "no consoleblank=0 in cmdline.txt: the console blanks after 10 minutes (board/SCREEN.md)" ;;
esac

h "KMS/DRM (/sys/class/drm)"
found=0
for c in /sys/class/drm/card[0-9]; do
    [ -e "$c" ] || continue
    found=1
    drv=$(basename "$(readlink -f "$c/device/driver" 2>/dev/null)" 2>/dev/null)
    echo "$(basename "$c"): driver ${drv:-?}"
done
for c in /sys/class/drm/card[0-9]-*; do
    [ -e "$c" ] || continue
    status=$(cat "$c/status" 2>/dev/null)
    modes=$(head -n 3 "$c/modes" 2>/dev/null | tr '\n' ' ')
    echo "  $(basename "$c"): $status${modes:+, modes: $modes}"
done
[ "$found" = 1 ] || warn "no /dev/dri card: enable dtoverlay=vc4-kms-v3d (board/SCREEN.md)"
ls -l /dev/dri 2>/dev/null

h "framebuffers"
for f in /sys/class/graphics/fb[0-9]*; do
    [ -e "$f" ] || continue
    echo "$(basename "$f"): $(cat "$f/name" 2>/dev/null), $(cat "$f/virtual_size" 2>/dev/null)," \
         "$(cat "$f/bits_per_pixel" 2>/dev/null) bpp"
done

h "input devices"
if [ -r /proc/bus/input/devices ]; then
    awk -F'=' '
        /^N: Name=/ { name = $2; gsub(/"/, "", name) }
        /^H: Handlers=/ { h = $2 }
        /^B: ABS=/ { abs = $2 }
        /^$/ {
            if (name != "") {
                kind = ""
                if (h ~ /kbd/) kind = kind " keyboard"
                if (h ~ /mouse/) kind = kind " pointer"
                if (abs != "" && abs != "0") kind = kind " absolute(touch?)"
                printf "%s: %s [%s]\n", name, kind, h
            }
            name = ""; h = ""; abs = ""
        }' /proc/bus/input/devices
else
    echo "(no /proc/bus/input/devices)"
fi
for g in video render input; do
    getent group "$g" >/dev/null 2>&1 || warn "group $g missing"
done
if id newskiosk >/dev/null 2>&1; then echo "user newskiosk: $(id newskiosk)"; fi

h "power and temperature"
throttled=""
if command -v vcgencmd >/dev/null 2>&1; then
    throttled=$(vcgencmd get_throttled 2>/dev/null | sed -n 's/^throttled=//p')
    vcgencmd measure_temp 2>/dev/null
elif [ -r /sys/devices/platform/soc/soc:firmware/get_throttled ]; then
    throttled=0x$(cat /sys/devices/platform/soc/soc:firmware/get_throttled)
fi
if [ -r /sys/class/thermal/thermal_zone0/temp ]; then
    echo "thermal zone 0: $(($(cat /sys/class/thermal/thermal_zone0/temp) / 1000)) C"
fi
if [ -n "$throttled" ]; then
    v=$((throttled))
    echo "get_throttled: $throttled"
    [ $((v & 0x1)) = 0 ] || warn "under-voltage NOW: use a better power supply"
    [ $((v & 0x10000)) = 0 ] || warn "under-voltage has occurred since boot"
    [ $((v & 0x4)) = 0 ] || warn "throttled now"
    [ $((v & 0x8)) = 0 ] || warn "soft temperature limit active"
    [ "$v" != 0 ] || echo "power: fine (no under-voltage, no throttling since boot)"
else
    echo "get_throttled: not readable here (not a Raspberry Pi?)"
fi

h "kiosk"
echo "binary: $NK"
"$NK" --version 2>/dev/null || warn "$NK does not run"
if command -v systemctl >/dev/null 2>&1; then
    echo "newskiosk.service: $(systemctl is-enabled newskiosk.service 2>/dev/null)," \
         "$(systemctl is-active newskiosk.service 2>/dev/null)"
    findmnt -rn -o TARGET,SOURCE,FSTYPE,OPTIONS 2>/dev/null | grep '^/media/newskiosk/' || true
fi

[ "$card" = 1 ] || exit 0

h "test card (${secs} s)"
[ -x "$NK" ] || { warn "no kiosk binary to show the card with"; exit 1; }
tmp=$(mktemp -d)
was_active=0
cleanup() {
    rm -rf "$tmp"
    if [ "$was_active" = 1 ]; then systemctl start newskiosk.service; fi
}
trap cleanup EXIT INT TERM
if command -v systemctl >/dev/null 2>&1 && systemctl is-active -q newskiosk.service 2>/dev/null; then
    echo "stopping newskiosk.service for the test card"
    systemctl stop newskiosk.service && was_active=1
fi
for s in "$here/assets/sample" /usr/local/share/newskiosk/sample /usr/share/newskiosk/sample; do
    if [ -d "$s" ]; then
        "$NK" import --db "$tmp/card.db" "$s" >/dev/null 2>&1 && break
    fi
done
export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-kmsdrm}"
# first: one frame through the real display path, saved for comparison
printf 'wait 1\nshot %s/card.bmp\nquit\n' "$tmp" >"$tmp/script"
if "$NK" run --fullscreen --db "$tmp/card.db" --script "$tmp/script"; then
    mkdir -p /var/tmp/newskiosk-devcheck
    cp "$tmp/card.bmp" /var/tmp/newskiosk-devcheck/card.bmp 2>/dev/null &&
        echo "first frame saved: /var/tmp/newskiosk-devcheck/card.bmp"
else
    warn "the kiosk could not draw with SDL_VIDEODRIVER=$SDL_VIDEODRIVER"
fi
# then: the live screen, for the eye (touch it: the article should open)
echo "showing the kiosk for $secs s: compare with the reference photo, touch a headline"
timeout -s INT "$secs" "$NK" run --fullscreen --db "$tmp/card.db" || true
echo "done"

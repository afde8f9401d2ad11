#!/bin/sh
# Boot the board's units for real, with systemd as PID 1 in a container, and
# check that the hardened newskiosk.service works: it reaches "active" (so
# READY=1 arrived), the importer runs under the same sandbox, and a hung
# kiosk is killed by the watchdog and restarted. Also has the real udev
# (udevadm test) read the stick rule and say nothing against it.
#
# usage: sudo scripts/board-nspawn-check.sh [NK]
#        sudo scripts/board-nspawn-check.sh --from-source
#   NK             the kiosk binary to lay down with install.sh DESTDIR=... BIN=NK
#                  (default build/release/newskiosk); quick
#   --from-source  instead, run board/raspberrypi/install.sh for real inside the
#                  booted container (apt-get, build, user, enabling), as on a
#                  board, and uninstall.sh --purge at the end; the container
#                  then shares this machine's network for apt (a minute more)
#
# Needs root, systemd-nspawn (package systemd-container) and debootstrap,
# which it installs with apt-get when missing, and Debian's mirror the first
# time (the container's root, build/nspawn-root, is kept for the next run).
# Takes about 2 minutes (a watchdog timeout is 30 s). Not part of `make test`:
# it needs root and a mirror. What a container cannot show: the DRM/KMS
# screen, tty1 and real USB sticks — a drop-in swaps the screen for SDL's
# dummy driver and the console for /dev/null; everything else in the unit
# (seccomp filter, W^X, namespaces, device policy) is as on the board.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
root=$(pwd)
from_source=0
NK=build/release/newskiosk
case "${1:-}" in
    --from-source) from_source=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    "") ;;
    *) NK=$1 ;;
esac
case "$NK" in /*) ;; *) NK="$root/$NK" ;; esac
R="$root/build/nspawn-root"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }
die() { echo "board-nspawn-check: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root"
[ "$from_source" = 1 ] || [ -x "$NK" ] || die "no kiosk binary at $NK (make, or pass one)"
need=""
command -v systemd-nspawn >/dev/null 2>&1 || need="$need systemd-container"
command -v debootstrap >/dev/null 2>&1 || need="$need debootstrap"
if [ -n "$need" ]; then
    apt-get update -q >/dev/null 2>&1 || true
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need >/dev/null ||
        die "cannot install$need"
fi

# --- the container's root: Debian with systemd and the kiosk's libraries ------
if [ ! -f "$R/.newskiosk-nspawn" ]; then
    rm -rf "$R"
    debootstrap --variant=minbase \
        --include=systemd,systemd-sysv,dbus,udev,libsdl2-2.0-0,libsdl2-ttf-2.0-0,libsdl2-image-2.0-0,libsqlite3-0,libcjson1,libsodium23,fonts-dejavu-core \
        bookworm "$R" http://deb.debian.org/debian >/dev/null || die "debootstrap failed"
    echo kiosk >"$R/etc/hostname"
    touch "$R/.newskiosk-nspawn"
fi

# --- install as on a board, then adapt the screen and console for a container --
# start from a clean slate: no kiosk from an earlier run
rm -rf "$R/var/lib/newskiosk" "$R/media/newskiosk" "$R/etc/newskiosk.conf" "$R/etc/newskiosk" \
    "$R/usr/local/bin/newskiosk" "$R/usr/local/libexec/newskiosk" "$R/usr/local/share/newskiosk" \
    "$R/etc/systemd/system/newskiosk"* "$R/etc/systemd/system/nk-import-check.service" \
    "$R/etc/systemd/system/multi-user.target.wants/newskiosk.service" "$R/root/src"
chroot "$R" userdel newskiosk >/dev/null 2>&1

# after install.sh: what a container lacks, and a oneshot running the importer
# under exactly the kiosk's sandbox
adapt() {
    # no key to trust in here
    sed -i 's/^trusted_key/# trusted_key/' "$R/etc/newskiosk.conf"
    mkdir -p "$R/etc/systemd/system/newskiosk.service.d"
    cat >"$R/etc/systemd/system/newskiosk.service.d/container.conf" <<'EOF'
# board-nspawn-check only: a container has no DRM screen and no tty1
[Service]
Environment=SDL_VIDEODRIVER=dummy
TTYPath=
StandardInput=null
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
EOF
    sed -e 's|^ExecStart=.*|ExecStart=/usr/local/bin/newskiosk import --config /etc/newskiosk.conf --db /var/lib/newskiosk/news.db /media/newskiosk/STICK|' \
        -e 's/^Type=notify/Type=oneshot/' -e '/^WatchdogSec/d' -e '/^Restart/d' \
        -e '/^NotifyAccess/d' -e '/^TTY/d' -e 's/^StandardInput=.*/StandardInput=null/' \
        -e '/^OnFailure/d' -e '/^Conflicts/d' -e '/^\[Install\]/,$d' \
        "$R/etc/systemd/system/newskiosk.service" >"$R/etc/systemd/system/nk-import-check.service"
    mkdir -p "$R/media/newskiosk/STICK/newskiosk/articles"
    printf 'Imported inside the sandbox\nA story read by the importer under the unit hardening.\nBody.\n' \
        >"$R/media/newskiosk/STICK/newskiosk/articles/0001.txt"
}

if [ "$from_source" = 1 ]; then
    # the tree as it is, uncommitted files too, without build products
    mkdir -p "$R/root/src"
    git ls-files -co --exclude-standard | tar -cf - -T - | tar -xf - -C "$R/root/src"
    # for udevadm test below, before install.sh lays it down itself
    install -D -m 644 board/udev/99-newskiosk-usb.rules "$R/etc/udev/rules.d/99-newskiosk-usb.rules"
else
    DESTDIR="$R" board/raspberrypi/install.sh BIN="$NK" >/dev/null || die "install.sh failed"
    for g in video render input; do
        chroot "$R" getent group "$g" >/dev/null || chroot "$R" groupadd --system "$g"
    done
    chroot "$R" useradd --system --user-group --groups video,render,input \
        --home-dir /var/lib/newskiosk --no-create-home --shell /usr/sbin/nologin newskiosk
    adapt
    chroot "$R" systemctl enable newskiosk.service >/dev/null 2>&1
fi

# --- boot -------------------------------------------------------------------------
# nspawn keeps state under /run/systemd/nspawn and refuses to clean it up on a
# non-tmpfs /run (as in some VMs): give it a tmpfs for the run.
ourtmpfs=0
if [ "$(stat -f -c %T /run 2>/dev/null)" != tmpfs ] && ! findmnt -n /run/systemd/nspawn >/dev/null; then
    mkdir -p /run/systemd/nspawn && mount -t tmpfs tmpfs /run/systemd/nspawn && ourtmpfs=1
fi
log=$(mktemp)

# udev reads the rule for a block device of this machine (not USB: no match)
chroot "$R" sh -c 'command -v udevadm' >/dev/null ||
    chroot "$R" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends udev' \
        >/dev/null 2>&1
dev=$(find /sys/class/block -mindepth 1 -maxdepth 1 | sort | head -n 1 | sed "s|.*/||")
if [ -n "$dev" ] && timeout 60 systemd-nspawn -q --register=no --keep-unit -D "$R" \
       udevadm test --action=add "/sys/class/block/$dev" >"$log" 2>&1; then
    if ! grep -q 'Reading rules file: /etc/udev/rules.d/99-newskiosk-usb.rules' "$log"; then
        fail "udevadm test reads 99-newskiosk-usb.rules"
    elif grep '99-newskiosk-usb.rules:[0-9]' "$log"; then
        fail "udevadm test: no complaint about 99-newskiosk-usb.rules"
    elif grep -q 'newskiosk-mount@' "$log"; then
        fail "udevadm test: $dev (not USB) does not start newskiosk-mount@"
    else
        ok "udevadm test: the rule parses cleanly and leaves $dev (not USB) alone"
    fi
else
    tail -5 "$log"
    fail "udevadm test runs in the container"
fi

net=--private-network
[ "$from_source" = 0 ] || net=""
# shellcheck disable=SC2086
timeout 900 systemd-nspawn -q --register=no --keep-unit -D "$R" -b $net >"$log" 2>&1 &
nspawn=$!
leader=""
cleanup() {
    if [ -n "$leader" ]; then
        nsenter -t "$leader" -a systemctl poweroff >/dev/null 2>&1
    else
        kill "$nspawn" 2>/dev/null
    fi
    wait "$nspawn" 2>/dev/null
    [ "$ourtmpfs" = 1 ] && umount /run/systemd/nspawn
    rm -f "$log"
}
trap cleanup EXIT
for _ in $(seq 60); do
    sleep 1
    # the container's PID 1: a systemd whose root is our folder
    if [ -z "$leader" ]; then
        want=$(stat -c %d:%i "$R")
        for p in $(pgrep -x systemd); do
            if [ "$(stat -L -c %d:%i /proc/"$p"/root/ 2>/dev/null)" = "$want" ]; then
                leader=$p
                break
            fi
        done
    fi
    [ -n "$leader" ] || continue
    case "$(nsenter -t "$leader" -a systemctl is-system-running 2>/dev/null)" in
        running|degraded) break ;;
    esac
done
[ -n "$leader" ] || { sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -20; die "the container did not boot"; }
cin() { nsenter -t "$leader" -a "$@"; }
show() { cin systemctl show newskiosk.service -p "$1" --value; }

if [ "$from_source" = 1 ]; then
    start=$(date +%s)
    if cin sh -c 'cd /root/src && board/raspberrypi/install.sh' >"$log" 2>&1; then
        ok "install.sh on Debian 12: packages, build, install, user, units ($(( $(date +%s) - start )) s)"
    else
        tail -20 "$log"
        fail "install.sh on Debian 12: packages, build, install, user, units"
    fi
    check_in() { n=$1; shift; if cin "$@" >/dev/null 2>&1; then ok "$n"; else fail "$n"; fi; }
    check_in "install.sh enabled newskiosk.service" systemctl is-enabled -q newskiosk.service
    check_in "install.sh disabled the login prompt on tty1" sh -c '! systemctl is-enabled -q getty@tty1.service'
    check_in "install.sh made the user newskiosk in video, render, input" \
        sh -c 'id -nG newskiosk | tr " " "\n" | sort | tr "\n" " " | grep -qx "input newskiosk render video "'
    # shellcheck disable=SC2016
    check_in "/var/lib/newskiosk belongs to newskiosk" sh -c '[ "$(stat -c %U:%a /var/lib/newskiosk)" = newskiosk:750 ]'
    adapt
    cin systemctl daemon-reload
    cin systemctl start newskiosk.service
fi
for _ in $(seq 30); do
    [ "$(show ActiveState)" = active ] && break
    sleep 1
done

if [ "$(show ActiveState)" = active ] && [ "$(show SubState)" = running ]; then
    ok "newskiosk.service (Type=notify, hardened) is active: READY=1 arrived"
else
    cin journalctl -u newskiosk --no-pager | tail -20
    fail "newskiosk.service is active (state $(show ActiveState)/$(show SubState))"
fi

if cin systemctl start nk-import-check.service &&
   cin /usr/local/bin/newskiosk list --db /var/lib/newskiosk/news.db | grep -q 'Imported inside the sandbox'; then
    ok "the importer works under the unit's sandbox (seccomp, W^X, ProtectSystem=strict, no network)"
else
    cin journalctl -u nk-import-check --no-pager | tail -20
    fail "the importer works under the unit's sandbox"
fi

# a stick mounted on the host side after the kiosk started (as newskiosk-mount
# does) must show up inside the kiosk's own mount namespace (ProtectSystem=,
# ReadOnlyPaths=/media/newskiosk), where the kiosk watches
cin mkdir -p /media/newskiosk/PROBE
kns=$(cin readlink "/proc/$(show MainPID)/ns/mnt")
if [ "$kns" != "$(cin readlink /proc/1/ns/mnt)" ] &&
   cin mount -t tmpfs -o size=1m,mode=0755 newskiosk-probe /media/newskiosk/PROBE &&
   cin sh -c 'echo probe > /media/newskiosk/PROBE/seen' &&
   [ "$(cin nsenter -t "$(show MainPID)" -m cat /media/newskiosk/PROBE/seen 2>&1)" = probe ]; then
    ok "a mount under /media/newskiosk made after start is visible to the running kiosk"
else
    fail "a mount under /media/newskiosk made after start is visible to the running kiosk"
fi
cin umount /media/newskiosk/PROBE 2>/dev/null
cin rmdir /media/newskiosk/PROBE 2>/dev/null

# a hung kiosk: stop it dead, the watchdog (30 s) must kill and restart it
pid=$(show MainPID)
cin sh -c "kill -STOP $pid"
for _ in $(seq 50); do
    sleep 1
    [ "$(show NRestarts)" -ge 1 ] 2>/dev/null && [ "$(show ActiveState)" = active ] && break
done
if cin journalctl -u newskiosk --no-pager | grep -q 'Watchdog timeout' &&
   [ "$(show NRestarts)" -ge 1 ] && [ "$(show ActiveState)" = active ] && [ "$(show MainPID)" != "$pid" ]; then
    ok "a hung kiosk is killed by the watchdog and restarted"
else
    cin journalctl -u newskiosk --no-pager | tail -10
    fail "a hung kiosk is killed by the watchdog and restarted"
fi

score=$(cin systemd-analyze security newskiosk.service 2>/dev/null |
        sed -n 's/.*Overall exposure level for newskiosk.service: \([0-9.]*\).*/\1/p')
echo "# systemd-analyze security newskiosk.service in the container: ${score:-?}"

if [ "$from_source" = 1 ]; then
    if cin sh -c 'cd /root/src && board/raspberrypi/uninstall.sh --purge' >"$log" 2>&1 &&
       ! cin id newskiosk >/dev/null 2>&1 && ! cin test -e /usr/local/bin/newskiosk &&
       ! cin test -e /etc/systemd/system/newskiosk.service && ! cin test -e /var/lib/newskiosk &&
       cin systemctl is-enabled -q getty@tty1.service; then
        ok "uninstall.sh --purge: program, units, data, user gone; tty1 login back"
    else
        tail -10 "$log"
        fail "uninstall.sh --purge: program, units, data, user gone; tty1 login back"
    fi
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

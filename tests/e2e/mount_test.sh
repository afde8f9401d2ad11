#!/bin/sh
# The stick mount helper (board/newskiosk-mount) for real, on a loop-backed
# ext4 "stick", inside a private mount namespace so nothing leaks to the
# machine: /dev, /sys/class, /media and /run are stand-ins there, with a
# fake USB path in sysfs for the stick. Checks the folder name from the label,
# the mount options (ro, nosuid, nodev, noexec, nosymfollow, norecovery),
# that the stick cannot be written or its symlinks followed, the refusal of a
# second mount, and that `remove` unmounts and tidies up.
# Needs root, unshare, losetup and mkfs.ext4; says "skipped" otherwise.
. "$(dirname "$0")/lib.sh"

helper="$ROOT/board/newskiosk-mount"
skip=""
[ "$(id -u)" = 0 ] || skip="not root"
for t in unshare losetup mkfs.ext4 mknod blkid; do
    command -v "$t" >/dev/null 2>&1 || skip="${skip:+$skip, }no $t"
done
[ -d /media ] || skip="${skip:+$skip, }no /media to stand in for"
grep -qw ext4 /proc/filesystems 2>/dev/null || skip="${skip:+$skip, }no ext4 in this kernel"
if [ -z "$skip" ] && ! unshare -m true 2>/dev/null; then skip="unshare -m not allowed"; fi
if [ -n "$skip" ]; then
    ok "skipped: the mount helper run ($skip)"
    finish
    exit $?
fi

# the stick: ext4 with a label that needs cleaning, a bundle and a symlink out
img="$TMP/stick.img"
truncate -s 16M "$img"
mkfs.ext4 -q -F -L 'My Stick!' "$img"
loop=$(losetup -f --show "$img") || { fail "losetup"; finish; exit 1; }
# the loop device goes however the test ends
trap 'losetup -d "$loop" 2>/dev/null; rm -rf "$TMP"' EXIT

cat >"$TMP/inner.sh" <<'EOF'
# runs in a private mount namespace: stand-ins for /dev, /sys/class, /media, /run
set -u
helper=$1 loop=$2 F=$3
# as the unit runs it: CapabilityBoundingSet=CAP_SYS_ADMIN, NoNewPrivileges=yes
run_helper() {
    if command -v setpriv >/dev/null 2>&1; then
        setpriv --bounding-set=-all,+sys_admin --no-new-privs "$helper" "$@"
    else
        "$helper" "$@"
    fi
}
say() { echo "$*"; }
check() { n=$1; shift; if "$@"; then say "ok - $n"; else say "not ok - $n"; fi; }

# fill the stick
mkdir -p "$F/fill"
mount "$loop" "$F/fill" || { say "not ok - mount the stick to fill it"; exit 1; }
mkdir -p "$F/fill/newskiosk/articles"
echo "A headline" >"$F/fill/newskiosk/articles/0001.txt"
ln -s /etc/hostname "$F/fill/newskiosk/articles/0002.txt"
umount "$F/fill"

# /dev with only the stick (as sdy1) and null
majmin=$(stat -L -c '%t %T' "$loop")
mkdir -p "$F/dev"
mount -t tmpfs -o mode=0755 nk-dev "$F/dev"
mknod "$F/dev/null" c 1 3 && chmod 666 "$F/dev/null"
mknod "$F/dev/sdy1" b $((0x${majmin% *})) $((0x${majmin#* }))
mknod "$F/dev/sdz1" b $((0x${majmin% *})) $((0x${majmin#* }))
# sysfs: sdy1 sits under a USB port, sdz1 on a PCI disk controller
usb="$F/sys/devices/platform/soc/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sdy/sdy1"
pci="$F/sys/devices/pci0000:00/0000:00:1f.2/ata1/host1/block/sdz/sdz1"
mkdir -p "$usb" "$pci" "$F/sys/class/block"
ln -s "$usb" "$F/sys/class/block/sdy1"
ln -s "$pci" "$F/sys/class/block/sdz1"
mount --bind "$F/sys/class" /sys/class
mount --bind "$F/dev" /dev
mkdir -p "$F/media" "$F/run"
mount --bind "$F/media" /media
mount -t tmpfs nk-run /run

out=$(run_helper add sdz1 2>&1); rc=$?
check "refuses a disk that is not on USB (exit $rc: $out)" [ "$rc" = 1 ]
out=$(run_helper add sdy1 2>&1); rc=$?
echo "# $out"
check "mounts the USB stick (exit $rc)" [ "$rc" = 0 ]
target=/media/newskiosk/My_Stick_
check "the folder is named after the label, made safe ($target)" [ -d "$target/newskiosk" ]
opts=$(awk -v t="$target" '$2 == t { print $4 }' /proc/self/mounts)
echo "# options: $opts"
for o in ro nosuid nodev noexec nosymfollow norecovery; do
    case ",$opts," in
        *",$o,"*) say "ok - mounted with $o" ;;
        *) say "not ok - mounted with $o" ;;
    esac
done
check "an article on the stick is readable" grep -qx "A headline" "$target/newskiosk/articles/0001.txt"
check "a symlink on the stick is not followed" sh -c "! cat '$target/newskiosk/articles/0002.txt' >/dev/null 2>&1"
check "the stick cannot be written" sh -c "! touch '$target/newskiosk/x' 2>/dev/null"
check "the mount is recorded for removal" grep -qx "$target" /run/newskiosk-mount/sdy1
out=$(run_helper add sdy1 2>&1); rc=$?
check "refuses to mount the same stick twice (exit $rc: $out)" [ "$rc" = 1 ]
out=$(run_helper remove sdy1 2>&1); rc=$?
echo "# $out"
check "remove exits 0" [ "$rc" = 0 ]
check "remove unmounts the stick" sh -c "! awk '{print \$2}' /proc/self/mounts | grep -qx '$target'"
check "remove deletes the folder and the record" sh -c "[ ! -e '$target' ] && [ ! -e /run/newskiosk-mount/sdy1 ]"
# a folder of the same name left behind is not reused blindly
mkdir -p "$target" && echo junk >"$target/keep"
out=$(run_helper add sdy1 2>&1); rc=$?
check "a leftover folder of the same name is kept; the stick goes beside it" \
    sh -c "[ $rc = 0 ] && [ -f '$target/keep' ] && [ -d '${target}-sdy1/newskiosk' ]"
run_helper remove sdy1 >/dev/null 2>&1
EOF

unshare -m --propagation private sh "$TMP/inner.sh" "$helper" "$loop" "$TMP/ns" >"$TMP/out" 2>&1
cat "$TMP/out"
E2E_PASSED=$((E2E_PASSED + $(grep -c '^ok' "$TMP/out")))
E2E_FAILED=$((E2E_FAILED + $(grep -c '^not ok' "$TMP/out")))
[ "$(grep -c '^ok' "$TMP/out")" -gt 0 ] || fail "the mount helper run produced no result"
finish

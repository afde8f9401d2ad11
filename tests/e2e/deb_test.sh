#!/bin/sh
# The Debian package (make deb, mk/deb.mk, board/debian/): built in its own
# release tree, then its file list, control fields and conffile, and a whole
# life in a throwaway root with dpkg --root: install (the maintainer scripts
# run chrootless, with stand-ins for systemctl, useradd and friends on PATH,
# and the real deb-systemd-helper where it is here, which honours
# DPKG_ROOT), an upgrade that keeps an edited /etc/newskiosk.conf and
# /var/lib/newskiosk, remove, and purge. The host's dpkg database, users and
# units are never touched (checked).
. "$(dirname "$0")/lib.sh"

if ! command -v dpkg-deb >/dev/null 2>&1 || ! command -v dpkg-shlibdeps >/dev/null 2>&1; then
    ok "skipped: dpkg-deb or dpkg-shlibdeps is missing (apt-get install dpkg-dev)"
    finish; exit $?
fi

arch=$(dpkg --print-architecture)
out="$TMP/out"
# its own build tree, kept between runs (about 10 s the first time); no
# sanitizer or -O1 from a `make test` above us (MAKEFLAGS)
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$ROOT" --no-print-directory -j2 deb \
    DEB_BUILD=build/deb-test DEB_OUT="$out" >"$TMP/build.log" 2>&1
rc=$?
tail -n 3 "$TMP/build.log" | sed 's/^/# /'
check "make deb exits 0" [ "$rc" = 0 ]
deb=$(ls "$out"/newskiosk_*_"$arch".deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
    sed 's/^/# /' "$TMP/build.log" | tail -n 30
    fail "make deb wrote $out/newskiosk_<version>_$arch.deb"
    finish; exit $?
fi
ok "make deb wrote $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
version=$(dpkg-deb -f "$deb" Version)
check "the file name carries the package's version" [ "$(basename "$deb")" = "newskiosk_${version}_$arch.deb" ]
check "the version is the project's (config.mk)" \
    grep -qx "VERSION = $version" "$ROOT/config.mk"

# --- the package ---------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{print $1, $2, $NF}' | sed 's| \./| /|' >"$TMP/list"
want="-rwxr-xr-x /usr/bin/newskiosk
-rwxr-xr-x /usr/libexec/newskiosk/newskiosk-mount
-rw-r--r-- /lib/systemd/system/newskiosk.service
-rw-r--r-- /lib/systemd/system/newskiosk-mount@.service
-rw-r--r-- /lib/udev/rules.d/99-newskiosk-usb.rules
-rw-r--r-- /etc/newskiosk.conf
-rw-r--r-- /usr/share/newskiosk/newskiosk.conf
-rw-r--r-- /usr/share/newskiosk/SCREEN.md
-rw-r--r-- /usr/share/doc/newskiosk/copyright
-rw-r--r-- /usr/share/doc/newskiosk/changelog.gz"
for po in "$ROOT"/po/*.po; do
    l=$(basename "$po" .po)
    want="$want
-rw-r--r-- /usr/share/newskiosk/locale/$l/LC_MESSAGES/newskiosk.mo"
done
echo "$want" | while read -r mode path; do
    if awk -v p="$path" -v m="$mode" '$3 == p && $1 == m && $2 == "root/root" {f = 1} END {exit !f}' \
           "$TMP/list"; then
        echo "ok - the package holds $path ($mode root/root)"
    else
        echo "not ok - the package holds $path ($mode root/root): $(grep " $path\$" "$TMP/list")"
    fi
done >"$TMP/files"
cat "$TMP/files"
E2E_PASSED=$((E2E_PASSED + $(grep -c '^ok' "$TMP/files")))
E2E_FAILED=$((E2E_FAILED + $(grep -c '^not ok' "$TMP/files")))
check "the package holds the sample content" grep -q ' /usr/share/newskiosk/sample/newskiosk/articles/' "$TMP/list"
check "every file in the package is owned by root" sh -c "! awk '\$2 != \"root/root\"' '$TMP/list' | grep -q ."
check "nothing under /usr/local, /etc/systemd or /etc/udev" sh -c "
    ! grep -E ' /(usr/local|etc/systemd|etc/udev)/' '$TMP/list'"

dpkg-deb -e "$deb" "$TMP/ctl"
check "/etc/newskiosk.conf is the only conffile" [ "$(cat "$TMP/ctl/conffiles")" = /etc/newskiosk.conf ]
check "md5sums cover the binary" grep -q ' usr/bin/newskiosk$' "$TMP/ctl/md5sums"
check "maintainer scripts postinst, prerm, postrm are executable and parse" sh -c "
    for s in postinst prerm postrm; do [ -x '$TMP/ctl/'\$s ] && sh -n '$TMP/ctl/'\$s || exit 1; done"
check "Architecture is dpkg's ($arch)" [ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ]
depends=$(dpkg-deb -f "$deb" Depends)
echo "# Depends: $depends"
for p in libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsdl2-image-2.0-0 libsqlite3-0 libcjson1 libsodium23 \
         libicu72 libfontconfig1 fonts-dejavu-core; do
    check "Depends names $p" sh -c "echo '$depends' | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx '$p'"
done
check "Depends has no sanitizer runtime (a release build)" sh -c "! echo '$depends' | grep -q 'libasan\|libubsan'"
check "Recommends fonts for other scripts" sh -c "dpkg-deb -f '$deb' Recommends | grep -q fonts-"
check "Installed-Size is set" sh -c "[ \"\$(dpkg-deb -f '$deb' Installed-Size)\" -gt 0 ]"

dpkg-deb -x "$deb" "$TMP/x"
check "the units run /usr/bin and /usr/libexec, not /usr/local" sh -c "
    grep -qx 'ExecStart=/usr/bin/newskiosk run --fullscreen --config /etc/newskiosk.conf' \
        '$TMP/x/lib/systemd/system/newskiosk.service' &&
    grep -qx 'ExecStart=/usr/libexec/newskiosk/newskiosk-mount add %I' \
        '$TMP/x/lib/systemd/system/newskiosk-mount@.service' &&
    ! grep -rq /usr/local '$TMP/x/lib'"
check "the packaged config is the template" cmp -s "$ROOT/board/newskiosk.conf" "$TMP/x/etc/newskiosk.conf"
check "the packaged binary runs and says its version" sh -c "
    '$TMP/x/usr/bin/newskiosk' --version 2>&1 | grep -qx 'newskiosk $version'"
check "the packaged binary is stripped" sh -c "! readelf -S '$TMP/x/usr/bin/newskiosk' | grep -q '\\.symtab\\|\\.debug_'"
check "the packaged binary looks for its data in /usr/share/newskiosk" \
    grep -q /usr/share/newskiosk "$TMP/x/usr/bin/newskiosk"
if command -v lintian >/dev/null 2>&1; then
    lintian "$deb" >"$TMP/lintian" 2>&1
    sed 's/^/# lintian: /' "$TMP/lintian"
    check "lintian: no error" sh -c "! grep -q '^E:' '$TMP/lintian'"
else
    echo "# lintian is not here: not run"
fi

# --- a life in a throwaway root ----------------------------------------------------
R="$TMP/root"
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/etc" "$R/dev" "$TMP/bin"
: >"$R/var/lib/dpkg/status"
: >"$R/var/lib/dpkg/available"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$R/etc/passwd"
printf 'root:x:0:\nvideo:x:44:\n' >"$R/etc/group"
touch "$R/dev/watchdog"   # the board has a hardware watchdog
calls="$TMP/calls"
# stand-ins: they log, and useradd/groupadd write the root's own files
for t in systemctl deb-systemd-invoke udevadm usermod userdel; do
    printf '#!/bin/sh\necho "%s $*" >>"%s"\n' "$t" "$calls" >"$TMP/bin/$t"
done
cat >"$TMP/bin/groupadd" <<EOS
#!/bin/sh
echo "groupadd \$*" >>"$calls"
[ "\$1" = --root ] || exit 1
n=\$(grep -c . "\$2/etc/group"); eval g=\\\${\$#}
echo "\$g:x:\$((900 + n)):" >>"\$2/etc/group"
EOS
cat >"$TMP/bin/useradd" <<EOS
#!/bin/sh
echo "useradd \$*" >>"$calls"
[ "\$1" = --root ] || exit 1
eval u=\\\${\$#}
echo "\$u:x:999:999:newskiosk kiosk:/var/lib/newskiosk:/usr/sbin/nologin" >>"\$2/etc/passwd"
echo "\$u:x:999:" >>"\$2/etc/group"
EOS
chmod 755 "$TMP/bin"/*
command -v deb-systemd-helper >/dev/null 2>&1 ||
    { printf '#!/bin/sh\necho "deb-systemd-helper $*" >>"%s"\n' "$calls" >"$TMP/bin/deb-systemd-helper"
      chmod 755 "$TMP/bin/deb-systemd-helper"; }

host_status=$(md5sum /var/lib/dpkg/status 2>/dev/null)
host_user=$(getent passwd newskiosk || true)
host_wants=$(ls -l /etc/systemd/system/multi-user.target.wants/newskiosk.service 2>/dev/null || true)
check "dpkg -i into a throwaway root exits 0" sh -c "
    PATH='$TMP/bin:$PATH' dpkg --root='$R' --force-not-root --force-script-chrootless \
        --force-depends --force-confdef --force-confold -i '$deb' </dev/null >'$TMP/i1' 2>&1"
grep -v 'depends on\|Package .* is not installed\|dependency problems' "$TMP/i1" | sed 's/^/# /'
check "dpkg says the package is installed" sh -c "
    dpkg --root='$R' -s newskiosk 2>/dev/null | grep -qx 'Status: install ok installed'"
check "installed: the binary, units, rule, config" sh -c "
    [ -x '$R/usr/bin/newskiosk' ] && [ -f '$R/lib/systemd/system/newskiosk.service' ] &&
    [ -f '$R/lib/udev/rules.d/99-newskiosk-usb.rules' ] && [ -f '$R/etc/newskiosk.conf' ]"
check "postinst created the system user newskiosk in video, render, input" sh -c "
    grep -q '^useradd --root $R --system --user-group --groups video,render,input .* newskiosk\$' '$calls' &&
    grep -q '^newskiosk:' '$R/etc/passwd' &&
    ! grep -q '^groupadd .* video\$' '$calls' && grep -q '^groupadd .* render\$' '$calls'"
check "postinst made /var/lib/newskiosk (0750, the kiosk user's)" sh -c "
    [ \"\$(stat -c '%a %u' '$R/var/lib/newskiosk')\" = '750 999' ]"
check "postinst made /etc/newskiosk and /media/newskiosk" \
    test -d "$R/etc/newskiosk" -a -d "$R/media/newskiosk"
if [ -x "$TMP/bin/deb-systemd-helper" ]; then
    check "postinst enabled newskiosk.service (deb-systemd-helper)" \
        grep -q '^deb-systemd-helper enable newskiosk.service' "$calls"
else
    check "postinst enabled newskiosk.service (the wants link in the root)" sh -c "
        [ \"\$(readlink '$R/etc/systemd/system/multi-user.target.wants/newskiosk.service')\" = \
          /lib/systemd/system/newskiosk.service ]"
fi
check "postinst gave tty1 to the kiosk (getty@tty1 disabled in the root)" \
    grep -qx "systemctl --root=$R disable getty@tty1.service" "$calls"
check "postinst started nothing and reloaded nothing (not a running system)" sh -c "
    ! grep -q 'daemon-reload\|deb-systemd-invoke\|udevadm\|systemctl start' '$calls'"
check "postinst turned the hardware watchdog on (a /dev/watchdog is there)" sh -c "
    grep -qx 'RuntimeWatchdogSec=15s' '$R/etc/systemd/system.conf.d/newskiosk-watchdog.conf' &&
    grep -qx 'RebootWatchdogSec=2min' '$R/etc/systemd/system.conf.d/newskiosk-watchdog.conf'"

# --- upgrade -------------------------------------------------------------------------
echo "cycle_seconds = 12" >>"$R/etc/newskiosk.conf"
echo "stories" >"$R/var/lib/newskiosk/news.db"
# the next version, whose config template changed too
mkdir -p "$TMP/v2"
dpkg-deb -R "$deb" "$TMP/v2/p"
sed -i "s/^Version: .*/Version: $version+test2/" "$TMP/v2/p/DEBIAN/control"
echo "# a new key's documentation" >>"$TMP/v2/p/etc/newskiosk.conf"
dpkg-deb --root-owner-group --build "$TMP/v2/p" "$TMP/v2/newskiosk_${version}+test2_$arch.deb" >/dev/null
: >"$calls"
check "upgrade with dpkg -i exits 0" sh -c "
    PATH='$TMP/bin:$PATH' dpkg --root='$R' --force-not-root --force-script-chrootless \
        --force-depends --force-confdef --force-confold -i '$TMP/v2/newskiosk_${version}+test2_$arch.deb' \
        </dev/null >'$TMP/i2' 2>&1"
check "upgraded to $version+test2" sh -c "
    dpkg --root='$R' -s newskiosk 2>/dev/null | grep -qx 'Version: $version+test2'"
check "upgrade keeps the edited /etc/newskiosk.conf" grep -qx "cycle_seconds = 12" "$R/etc/newskiosk.conf"
check "upgrade leaves the new template beside it (.dpkg-dist)" \
    grep -q "a new key's documentation" "$R/etc/newskiosk.conf.dpkg-dist"
check "upgrade keeps /var/lib/newskiosk" grep -qx stories "$R/var/lib/newskiosk/news.db"
check "upgrade does not add the user again, nor take tty1 again" sh -c "
    ! grep -q '^useradd\|disable getty' '$calls' && grep -q '^usermod --root $R -a -G video,render,input newskiosk' '$calls'"
check "upgrade keeps the watchdog drop-in" test -f "$R/etc/systemd/system.conf.d/newskiosk-watchdog.conf"

# --- remove, purge ---------------------------------------------------------------------
: >"$calls"
check "dpkg -r exits 0" sh -c "
    PATH='$TMP/bin:$PATH' dpkg --root='$R' --force-not-root --force-script-chrootless \
        --force-depends -r newskiosk </dev/null >'$TMP/r' 2>&1"
check "remove takes the program and units away" sh -c "
    [ ! -e '$R/usr/bin/newskiosk' ] && [ ! -e '$R/lib/systemd/system/newskiosk.service' ] &&
    [ ! -e '$R/lib/udev/rules.d/99-newskiosk-usb.rules' ]"
check "remove keeps the config and the stories" sh -c "
    grep -qx 'cycle_seconds = 12' '$R/etc/newskiosk.conf' && [ -f '$R/var/lib/newskiosk/news.db' ]"
check "remove gives tty1 its login prompt back" \
    grep -qx "systemctl --root=$R enable getty@tty1.service" "$calls"
check "remove takes the watchdog drop-in away" test ! -e "$R/etc/systemd/system.conf.d/newskiosk-watchdog.conf"
check "dpkg -P exits 0" sh -c "
    PATH='$TMP/bin:$PATH' dpkg --root='$R' --force-not-root --force-script-chrootless \
        --force-depends -P newskiosk </dev/null >'$TMP/p' 2>&1"
check "purge removes /etc/newskiosk.conf, /etc/newskiosk and /var/lib/newskiosk" sh -c "
    [ ! -e '$R/etc/newskiosk.conf' ] && [ ! -e '$R/etc/newskiosk' ] && [ ! -e '$R/var/lib/newskiosk' ]"
check "purge leaves no enablement link behind" sh -c "
    ! find '$R/etc/systemd' -name 'newskiosk*' 2>/dev/null | grep -q ."
check "dpkg no longer knows the package" sh -c "
    ! dpkg --root='$R' -s newskiosk 2>/dev/null | grep -q '^Status: install'"
check "nothing of the package is left in the root" sh -c "
    ! find '$R' \\( -path '$R/var/lib/dpkg' -o -path '$R/dev' -o -path '$R/etc/passwd' -o -path '$R/etc/group' \\) -prune -o \
        -name '*newskiosk*' -print | grep -q ."

# --- the host -----------------------------------------------------------------------
check "the host's dpkg database is untouched" [ "$(md5sum /var/lib/dpkg/status 2>/dev/null)" = "$host_status" ]
check "the host's users and units are untouched" sh -c "
    [ \"\$(getent passwd newskiosk || true)\" = '$host_user' ] &&
    [ \"\$(ls -l /etc/systemd/system/multi-user.target.wants/newskiosk.service 2>/dev/null || true)\" = '$host_wants' ]"

finish

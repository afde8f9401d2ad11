#!/bin/sh
# The board install: board/raspberrypi/install.sh into a DESTDIR with the
# built binary, every file it lays down and its mode, the units through
# systemd-analyze (verify, and the security score) where systemd is here, the
# udev rule's syntax, the stick mount helper's refusals, and uninstall.sh
# removing what install laid down (and keeping the data unless --purge).
. "$(dirname "$0")/lib.sh"

INSTALL="$ROOT/board/raspberrypi/install.sh"
UNINSTALL="$ROOT/board/raspberrypi/uninstall.sh"
D="$TMP/root"

bin=$NK
if [ ! -x "$bin" ]; then
    # standalone run before a build: the layout is the same with any binary
    echo "# $NK not built: installing a stand-in binary"
    bin="$TMP/newskiosk-standin"
    printf '#!/bin/sh\nexit 0\n' >"$bin"
    chmod 755 "$bin"
fi

# --- install into a DESTDIR ------------------------------------------------------
check "install.sh --help exits 0" sh -c "'$INSTALL' --help >/dev/null"
check "install.sh refuses an unknown option with exit 2" \
    sh -c "'$INSTALL' --bogus >/dev/null 2>&1; [ \$? = 2 ]"
check "install.sh into DESTDIR with BIN= exits 0" \
    sh -c "DESTDIR='$D' '$INSTALL' BIN='$bin' >'$TMP/install.log' 2>&1"
sed 's/^/# /' "$TMP/install.log"

# mode path: everything install.sh must lay down (PREFIX=/usr/local)
expected="755 /usr/local/bin/newskiosk
755 /usr/local/bin/newskiosk-sync
644 /etc/systemd/system/newskiosk-syncthing.service
755 /usr/local/libexec/newskiosk/newskiosk-mount
644 /usr/local/share/newskiosk/newskiosk.conf
644 /usr/local/share/newskiosk/SCREEN.md
644 /etc/systemd/system/newskiosk.service
644 /etc/systemd/system/newskiosk-mount@.service
644 /etc/udev/rules.d/99-newskiosk-usb.rules
644 /etc/newskiosk.conf
750 /var/lib/newskiosk
755 /etc/newskiosk
755 /media/newskiosk"
echo "$expected" | while read -r mode path; do
    if [ ! -e "$D$path" ]; then
        echo "not ok - installed $path (missing)"
    elif [ "$(stat -c %a "$D$path")" != "$mode" ]; then
        echo "not ok - installed $path with mode $mode (got $(stat -c %a "$D$path"))"
    else
        echo "ok - installed $path with mode $mode"
    fi
done >"$TMP/modes"
cat "$TMP/modes"
E2E_PASSED=$((E2E_PASSED + $(grep -c '^ok' "$TMP/modes")))
E2E_FAILED=$((E2E_FAILED + $(grep -c '^not ok' "$TMP/modes")))

check "the installed binary is the one given in BIN=" cmp -s "$bin" "$D/usr/local/bin/newskiosk"
check "/etc/newskiosk.conf is the template" \
    cmp -s "$ROOT/board/newskiosk.conf" "$D/etc/newskiosk.conf"
check "the units run the installed binary and helper" sh -c "
    grep -qx 'ExecStart=/usr/local/bin/newskiosk run --fullscreen --config /etc/newskiosk.conf' \
        '$D/etc/systemd/system/newskiosk.service' &&
    grep -qx 'ExecStart=/usr/local/libexec/newskiosk/newskiosk-mount add %I' \
        '$D/etc/systemd/system/newskiosk-mount@.service'"
check "install.sh installs the assets under share/newskiosk" sh -c "
    cd '$ROOT/assets' && find . -type f | while read -r f; do
        cmp -s \"\$f\" '$D/usr/local/share/newskiosk/'\"\$f\" || exit 1; done"
check "install.sh lays nothing down outside the expected paths, the assets and the catalogues" sh -c "
    cd '$D' && find . ! -type d | sed 's|^\\.||' | sort >'$TMP/files' &&
    (echo '$expected' | awk '{print \$2}'; cd '$ROOT/assets' &&
        find . -type f | sed 's|^\\.|/usr/local/share/newskiosk|';
     [ ! -d '$(dirname "$bin")/locale' ] || { cd '$(dirname "$bin")/locale' &&
        find . -type f | sed 's|^\\.|/usr/local/share/newskiosk/locale|'; }) |
        sort >'$TMP/want' &&
    comm -23 '$TMP/files' '$TMP/want' | grep -q . && exit 1 || exit 0"
if [ -d "$(dirname "$bin")/locale" ]; then
    check "install.sh installs the translations beside the binary under share/newskiosk/locale" \
        sh -c "cd '$(dirname "$bin")/locale' && find . -name '*.mo' | grep -q . &&
               find . -type f | while read -r f; do
                   cmp -s \"\$f\" '$D/usr/local/share/newskiosk/locale/'\"\$f\" || exit 1; done"
fi
check "install.sh names a size for each language's fonts" \
    grep -q "fonts: ko: fonts-wqy-microhei: +5.0 MB" "$TMP/install.log"
check "install.sh --languages picks small font packages" sh -c "
    DESTDIR='$TMP/root3' '$INSTALL' BIN='$bin' --languages 'ar hi th my' >'$TMP/lang.log' 2>&1 &&
    grep -q 'fonts: ar: DejaVu Sans' '$TMP/lang.log' &&
    grep -q 'fonts: hi: fonts-lohit-deva: +0.2 MB' '$TMP/lang.log' &&
    grep -q 'fonts: th: fonts-tlwg-loma-ttf: +0.4 MB' '$TMP/lang.log' &&
    grep -q 'fonts: my: fonts-sil-padauk: +3.3 MB' '$TMP/lang.log'"

# the config template: the board's values, every key documented (the unit
# test boardconf_test parses it with the real parser)
conf="$D/etc/newskiosk.conf"
for kv in "db = /var/lib/newskiosk/news.db" "watch = /media/newskiosk" "fullscreen = true" \
          "require_signature = true" "trusted_key = /etc/newskiosk/editor.pub"; do
    check "config template sets '$kv'" grep -qx "$kv" "$conf"
done
missing=""
for k in db cycle_seconds idle_seconds transition_ms diag_seconds watch trusted_key \
         require_signature strip_line font rotate fullscreen size touch_swap_xy \
         touch_mirror_x touch_mirror_y large_text high_contrast night_start night_end \
         night_mode drift_px max_article_bytes max_line_bytes max_files max_total_bytes \
         max_image_bytes max_depth ui_lang languages; do
    grep -Eq "^(# )?$k = " "$conf" || missing="$missing $k"
done
if [ -z "$missing" ]; then ok "config template documents every key"; else
    fail "config template documents every key (missing:$missing)"; fi
check "config template lines are comments or 'key = value'" sh -c "
    ! grep -Ev '^(#.*|[a-z_]+ = [^ ].*|)\$' '$conf' | grep -q ."

# re-install: an edited config is kept, the binary replaced
echo "cycle_seconds = 12" >>"$conf"
check "re-install exits 0" sh -c "DESTDIR='$D' '$INSTALL' BIN='$bin' >/dev/null 2>&1"
check "re-install keeps an edited /etc/newskiosk.conf" grep -qx "cycle_seconds = 12" "$conf"

# another PREFIX: the units follow it
D2="$TMP/root2"
check "install.sh --prefix /opt/nk into DESTDIR exits 0" \
    sh -c "DESTDIR='$D2' '$INSTALL' --prefix /opt/nk BIN='$bin' >/dev/null 2>&1"
check "with --prefix /opt/nk the units name /opt/nk" sh -c "
    [ -x '$D2/opt/nk/bin/newskiosk' ] && [ -x '$D2/opt/nk/libexec/newskiosk/newskiosk-mount' ] &&
    grep -q '^ExecStart=/opt/nk/bin/newskiosk run' '$D2/etc/systemd/system/newskiosk.service' &&
    grep -qx 'ExecStopPost=-/opt/nk/bin/newskiosk console-reset' \
        '$D2/etc/systemd/system/newskiosk.service' &&
    grep -q '^ExecStart=/opt/nk/libexec/newskiosk/newskiosk-mount add' \
        '$D2/etc/systemd/system/newskiosk-mount@.service' &&
    ! grep -q /usr/local '$D2/etc/systemd/system/newskiosk.service' \
        '$D2/etc/systemd/system/newskiosk-mount@.service'"

# the hardware watchdog: only where the board has one (WATCHDOG_DEV: a stand-in)
wd=/etc/systemd/system.conf.d/newskiosk-watchdog.conf
check "install.sh without a watchdog device sets no watchdog" sh -c "
    [ ! -e '$D$wd' ] && grep -q 'no hardware watchdog' '$TMP/install.log'"
D4="$TMP/root4"
touch "$TMP/watchdog"
check "install.sh with a watchdog device (WATCHDOG_DEV=) exits 0" sh -c "
    WATCHDOG_DEV='$TMP/watchdog' DESTDIR='$D4' '$INSTALL' BIN='$bin' >'$TMP/wd.log' 2>&1"
check "install.sh writes $wd (0644): RuntimeWatchdogSec=15s, RebootWatchdogSec=2min" sh -c "
    [ \"\$(stat -c %a '$D4$wd')\" = 644 ] &&
    grep -qx '\[Manager\]' '$D4$wd' && grep -qx 'RuntimeWatchdogSec=15s' '$D4$wd' &&
    grep -qx 'RebootWatchdogSec=2min' '$D4$wd'"
check "uninstall.sh removes the watchdog drop-in" sh -c "
    DESTDIR='$D4' '$UNINSTALL' >/dev/null 2>&1 && [ ! -e '$D4$wd' ] &&
    [ ! -e '$D4/etc/systemd/system.conf.d' ]"
check "a watchdog drop-in made one's own (first line deleted) survives install and uninstall" sh -c "
    mkdir -p '$D4/etc/systemd/system.conf.d' &&
    printf '[Manager]\nRuntimeWatchdogSec=10s\n' >'$D4$wd' &&
    WATCHDOG_DEV='$TMP/watchdog' DESTDIR='$D4' '$INSTALL' BIN='$bin' >/dev/null 2>&1 &&
    grep -qx 'RuntimeWatchdogSec=10s' '$D4$wd' &&
    DESTDIR='$D4' '$UNINSTALL' >/dev/null 2>&1 && grep -qx 'RuntimeWatchdogSec=10s' '$D4$wd'"

# --- the screen: --screen, --spi-panel, --rotate --------------------------------------
D5="$TMP/root5"
mkdir -p "$D5/boot/firmware"
printf 'dtparam=audio=on\n[pi4]\narm_boost=1\n' >"$D5/boot/firmware/config.txt"
cp "$D5/boot/firmware/config.txt" "$TMP/config.orig"
bc="$D5/boot/firmware/config.txt"
c5="$D5/etc/newskiosk.conf"
check "install.sh --spi-panel ili9486 --rotate 90 into DESTDIR exits 0" sh -c "
    DESTDIR='$D5' '$INSTALL' BIN='$bin' --spi-panel ili9486 --rotate 90 >'$TMP/spi.log' 2>&1"
sed -n 's/^/# /; /screen:/p' "$TMP/spi.log"
check "--spi-panel ili9486: config.txt loads the piscreen overlay once, under [all], at the end" sh -c "
    [ \$(grep -c '^dtoverlay=' '$bc') = 1 ] && tail -n 3 '$bc' | head -n 2 | tr '\n' ' ' |
        grep -qx '\[all\] dtoverlay=piscreen '"
check "--spi-panel: config.txt keeps its own lines, and the file before is config.txt.newskiosk-bak" sh -c "
    cmp -s '$TMP/config.orig' '$bc.newskiosk-bak' && head -n 3 '$bc' | cmp -s - '$TMP/config.orig'"
check "--spi-panel ili9486 --rotate 90: the config says video = fb, fb_device = /dev/fb1, rotate = 90" sh -c "
    [ \$(grep -c '^video = fb\$' '$c5') = 1 ] && [ \$(grep -c '^fb_device = /dev/fb1\$' '$c5') = 1 ] &&
    [ \$(grep -c '^rotate = 90\$' '$c5') = 1 ] && [ \$(grep -Ec '^(video|fb_device|rotate) =' '$c5') = 3 ]"
check "--spi-panel: every other line of the config is the template's, and .bak is the file before" sh -c "
    ! grep -vxFf '$c5' '$ROOT/board/newskiosk.conf' | grep -q . &&
    cmp -s '$ROOT/board/newskiosk.conf' '$c5.bak'"
cp "$c5" "$TMP/conf.first"
check "install.sh again with the same panel exits 0 and changes nothing" sh -c "
    DESTDIR='$D5' '$INSTALL' BIN='$bin' --spi-panel ili9486 --rotate 90 >'$TMP/spi2.log' 2>&1 &&
    [ \$(grep -c '^dtoverlay=' '$bc') = 1 ] && cmp -s '$TMP/conf.first' '$c5' &&
    cmp -s '$TMP/config.orig' '$bc.newskiosk-bak' && grep -q 'already has dtoverlay=piscreen' '$TMP/spi2.log'"
check "install.sh --spi-panel ili9341 --rotate 270 replaces the panel and the rotation" sh -c "
    DESTDIR='$D5' '$INSTALL' BIN='$bin' --spi-panel ili9341,speed=32000000 --rotate 270 >/dev/null 2>&1 &&
    [ \$(grep -c '^dtoverlay=' '$bc') = 1 ] && grep -qx 'dtoverlay=pitft28-resistive,speed=32000000' '$bc' &&
    [ \$(grep -c '^\[all\]\$' '$bc') = 1 ] && [ \$(grep -Ec '^rotate =' '$c5') = 1 ] &&
    grep -qx 'rotate = 270' '$c5' && cmp -s '$TMP/config.orig' '$bc.newskiosk-bak'"
if [ -x "$NK" ] && [ -x "$TOOLS/fbtool" ] && [ -x "$TOOLS/imgcheck" ]; then
    # the installed config, read by the real kiosk: the framebuffer backend
    # (a fake /dev/fb1 of 480x320 in RGB565) with the picture turned
    printf 'shot %s\nquit\n' "$TMP/spi-shot.bmp" >"$TMP/spi.script"
    NEWSKIOSK_FB_FAKE="$TMP/fb1:480x320:16" "$NK" run --config "$c5" --db "$TMP/spi.db" \
        --script "$TMP/spi.script" >"$TMP/spi-run.log" 2>&1
    check "the kiosk runs with that config on a fake 480x320 panel" test $? = 0
    check "... through the framebuffer backend: the panel holds its picture" \
        "$TOOLS/fbtool" matches "$TMP/fb1" 480 320 16 960 "$TMP/spi-shot.bmp"
    printf 'shot %s\nquit\n' "$TMP/spi-shot0.bmp" >"$TMP/spi0.script"
    NEWSKIOSK_FB_FAKE="$TMP/fb1:480x320:16" "$NK" run --config "$c5" --rotate 0 \
        --db "$TMP/spi.db" --script "$TMP/spi0.script" >/dev/null 2>&1
    check "... turned by the config's rotate = 270 (not the picture at rotate 0)" \
        "$TOOLS/imgcheck" differ "$TMP/spi-shot0.bmp" "$TMP/spi-shot.bmp" 50
else
    ok "skipped: the installed config's kiosk run needs $NK, fbtool and imgcheck (make check builds them)"
fi
check "uninstall.sh takes the panel's overlay block out of config.txt, and nothing else" sh -c "
    DESTDIR='$D5' '$UNINSTALL' >/dev/null 2>&1 && cmp -s '$TMP/config.orig' '$bc'"
D6="$TMP/root6"
mkdir -p "$D6/boot"
printf 'dtoverlay=piscreen,rotate=90\n' >"$D6/boot/config.txt"
check "an older release's /boot/config.txt that loads the panel already is left as it is" sh -c "
    DESTDIR='$D6' '$INSTALL' BIN='$bin' --spi-panel ili9486 >'$TMP/spi6.log' 2>&1 &&
    [ \"\$(cat '$D6/boot/config.txt')\" = 'dtoverlay=piscreen,rotate=90' ] &&
    [ ! -e '$D6/boot/config.txt.newskiosk-bak' ] && grep -q 'left as it is' '$TMP/spi6.log'"
D7="$TMP/root7"
check "install.sh --screen fb: video = fb, fb_device = /dev/fb0, no config.txt needed" sh -c "
    DESTDIR='$D7' '$INSTALL' BIN='$bin' --screen fb >/dev/null 2>&1 &&
    grep -qx 'video = fb' '$D7/etc/newskiosk.conf' && grep -qx 'fb_device = /dev/fb0' '$D7/etc/newskiosk.conf' &&
    ! grep -q '^rotate =' '$D7/etc/newskiosk.conf'"
check "install.sh --screen fb:/dev/fb2 names that device" sh -c "
    DESTDIR='$D7' '$INSTALL' BIN='$bin' --screen fb:/dev/fb2 >/dev/null 2>&1 &&
    grep -qx 'fb_device = /dev/fb2' '$D7/etc/newskiosk.conf' &&
    [ \$(grep -c '^fb_device =' '$D7/etc/newskiosk.conf') = 1 ]"
for bad in "--spi-panel ili9486;reboot|expected NAME" "--rotate 45|expected 0, 90, 180 or 270" \
           "--screen vga|expected kms, fb or fb:/dev/fbN" "--screen fb:/dev/../etc/x|not a device path" \
           "--spi-panel ili9486 --screen kms|not with --screen kms" \
           "--spi-panel ili9486|no config.txt in"; do
    args=${bad%%|*} want=${bad#*|}
    # shellcheck disable=SC2086 # the options are meant to split
    DESTDIR="$TMP/root8" "$INSTALL" BIN="$bin" $args >"$TMP/bad.log" 2>&1
    rc=$?
    check "install.sh $args: exit 1, says '$want'" sh -c "
        [ $rc = 1 ] && grep -qF -- '$want' '$TMP/bad.log'"
done
check "install.sh refuses bad screen options before laying anything down" sh -c "
    ! find '$TMP/root8' ! -type d 2>/dev/null | grep -q ."

# --- the units -------------------------------------------------------------------
unit="$D/etc/systemd/system/newskiosk.service"
for kv in Type=notify Restart=on-failure WatchdogSec=30 NotifyAccess=main User=newskiosk \
          Environment=SDL_VIDEODRIVER=kmsdrm TTYPath=/dev/tty1 Conflicts=getty@tty1.service \
          NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
          PrivateNetwork=yes MemoryDenyWriteExecute=yes LockPersonality=yes \
          DevicePolicy=closed StateDirectory=newskiosk "SupplementaryGroups=video render input"; do
    check "newskiosk.service has $kv" grep -qx "$kv" "$unit"
done
check "newskiosk.service gives the console back after a kill (ExecStopPost= console-reset)" \
    grep -qx 'ExecStopPost=-/usr/local/bin/newskiosk console-reset' "$unit"
check "newskiosk.service only writes /var/lib/newskiosk (no ReadWritePaths elsewhere)" sh -c "
    ! grep -E '^ReadWritePaths=' '$unit' | grep -v '/var/lib/newskiosk' | grep -q ."

# ExecStartPre's wait for a connected DRM output, run as systemd would
# (\$\$ -> \$) on a stand-in sysfs and config, with a sleep that only counts:
# video = fb skips the wait (20 s for nothing on a framebuffer-only board),
# any other config still waits for a display
pre=$(sed -n "s/^ExecStartPre=-\/bin\/sh -c '\(.*\)'\$/\1/p" "$unit" | sed 's/\$\$/$/g')
mkdir -p "$TMP/pre/bin" "$TMP/pre/drm/card0-Virtual-1"
echo disconnected >"$TMP/pre/drm/card0-Virtual-1/status"
printf '#!/bin/sh\necho >>"%s"\n' "$TMP/pre/sleeps" >"$TMP/pre/bin/sleep"
chmod 755 "$TMP/pre/bin/sleep"
pre=$(printf '%s' "$pre" | sed "s|/etc/newskiosk.conf|$TMP/pre/conf|g; s|/sys/class/drm|$TMP/pre/drm|g")
run_pre() {  # run_pre CONFIG-TEXT: the wait's sleeps (0 = none), its message on stderr
    printf '%b' "$1" >"$TMP/pre/conf"
    rm -f "$TMP/pre/sleeps"
    PATH="$TMP/pre/bin:$PATH" sh -c "$pre" 2>"$TMP/pre/err"
    [ -f "$TMP/pre/sleeps" ] && wc -l <"$TMP/pre/sleeps" | tr -d ' ' || echo 0
}
check "newskiosk.service has an ExecStartPre that waits for a connected display" \
    sh -c 'printf "%s" "$1" | grep -q "/pre/drm/card\*-\*/status"' _ "$pre"
n=$(run_pre 'size = 800x480\n')
check "ExecStartPre waits for a display with no video line (auto): $n sleeps of 0.1 s, then says so" \
    sh -c "[ '$n' = 200 ] && grep -q 'no connected display after 20 s' '$TMP/pre/err'"
n=$(run_pre '# video = fb\nvideo = kmsdrm\n')
check "ExecStartPre waits with video = kmsdrm (and a commented-out fb): $n sleeps" [ "$n" = 200 ]
n=$(run_pre 'video = kmsdrm\n  video = "fb"   # the SPI panel\n')
check "ExecStartPre does not wait when the config's last video line says fb ($n sleeps)" \
    sh -c "[ '$n' = 0 ] && [ ! -s '$TMP/pre/err' ]"
n=$(run_pre 'video = fb\nvideo = auto\n')
check "ExecStartPre waits when a later video line overrides fb: $n sleeps" [ "$n" = 200 ]
echo connected >"$TMP/pre/drm/card0-Virtual-1/status"
n=$(run_pre '')
check "ExecStartPre goes on at once when a display is connected ($n sleeps)" [ "$n" = 0 ]

if command -v systemd-analyze >/dev/null 2>&1; then
    # --root needs systemd's own units (sysinit.target ...) beside ours
    sysunits=""
    for d in /usr/lib/systemd/system /lib/systemd/system; do
        [ -f "$d/sysinit.target" ] && { sysunits=$d; break; }
    done
    if [ -n "$sysunits" ]; then
        mkdir -p "$D/usr/lib/systemd"
        cp -R "$sysunits" "$D/usr/lib/systemd/system"
        if systemd-analyze verify --man=no --root="$D" newskiosk.service \
               newskiosk-mount@sda1.service >"$TMP/verify" 2>&1 && ! grep -q . "$TMP/verify"; then
            ok "systemd-analyze verify: both units, no warning"
        else
            sed 's/^/# /' "$TMP/verify"
            fail "systemd-analyze verify: both units, no warning"
        fi
        if systemd-analyze security --offline=yes --root="$D" newskiosk.service \
               >"$TMP/security" 2>&1; then
            score=$(sed -n 's/.*Overall exposure level for newskiosk.service: \([0-9.]*\).*/\1/p' \
                    "$TMP/security")
            echo "# systemd-analyze security newskiosk.service: $score"
            if [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 1.5) }'; then
                ok "systemd-analyze security: exposure $score (at most 1.5)"
            else
                tail -n 5 "$TMP/security" | sed 's/^/# /'
                fail "systemd-analyze security: exposure '$score' (at most 1.5)"
            fi
        else
            ok "skipped: systemd-analyze security --offline is not supported here"
        fi
        rm -rf "$D/usr/lib/systemd"
    else
        ok "skipped: systemd-analyze verify (no systemd unit directory here)"
    fi
else
    ok "skipped: systemd-analyze verify (no systemd-analyze here)"
fi

# --- the udev rule ---------------------------------------------------------------
rules="$D/etc/udev/rules.d/99-newskiosk-usb.rules"
if command -v udevadm >/dev/null 2>&1 && udevadm verify --help >/dev/null 2>&1; then
    check "udevadm verify accepts the rule" udevadm verify "$rules"
else
    echo "# udevadm verify is not here (added in systemd 253): checking the syntax by hand"
fi
# each rule line: comma-separated KEY[{attr}] OP "value" pairs, known keys only
if awk '
    /^[ \t]*(#|$)/ { next }
    {
        line = $0
        while (length(line) > 0) {
            if (!match(line, /^[A-Z_]+(\{[A-Za-z0-9_]+\})?[ ]*(==|!=|\+=|-=|:=|=)[ ]*"[^"]*"/)) {
                printf "line %d: cannot parse: %s\n", NR, line; bad = 1; break
            }
            pair = substr(line, 1, RLENGTH); line = substr(line, RLENGTH + 1)
            key = pair; sub(/[{ =!+:-].*/, "", key)
            if (key !~ /^(ACTION|SUBSYSTEM|KERNEL|ENV|TAG|GOTO|LABEL|ATTRS|ATTR|DRIVERS|SUBSYSTEMS|RUN)$/) {
                printf "line %d: unknown key %s\n", NR, key; bad = 1
            }
            if (key == "GOTO") { g = pair; sub(/^[^"]*"/, "", g); sub(/"$/, "", g); gotos[g] = NR }
            if (key == "LABEL") { l = pair; sub(/^[^"]*"/, "", l); sub(/"$/, "", l); labels[l] = 1 }
            if (line ~ /^[ ]*,[ ]*/) { sub(/^[ ]*,[ ]*/, "", line) }
            else if (line ~ /^[ ]*$/) { line = "" }
            else { printf "line %d: expected a comma: %s\n", NR, line; bad = 1; break }
        }
    }
    END {
        for (g in gotos) if (!(g in labels)) { printf "GOTO %s has no LABEL\n", g; bad = 1 }
        exit bad
    }' "$rules" >"$TMP/udev" 2>&1; then ok "udev rule: every line parses, GOTOs have LABELs"; else
    sed 's/^/# /' "$TMP/udev"; fail "udev rule: every line parses, GOTOs have LABELs"; fi
check "udev rule starts newskiosk-mount@%k.service for USB filesystems only" sh -c "
    grep -q 'ENV{SYSTEMD_WANTS}+=\"newskiosk-mount@%k.service\"' '$rules' &&
    grep -q 'TAG+=\"systemd\"' '$rules' &&
    grep -q 'ENV{ID_BUS}!=\"usb\", GOTO=\"newskiosk_end\"' '$rules' &&
    grep -q 'ENV{ID_FS_USAGE}!=\"filesystem\", GOTO=\"newskiosk_end\"' '$rules' &&
    grep -q 'ACTION!=\"add\", GOTO=\"newskiosk_end\"' '$rules'"
check "the mount unit unmounts when the stick goes (BindsTo the device)" sh -c "
    grep -qx 'BindsTo=dev-%i.device' '$D/etc/systemd/system/newskiosk-mount@.service' &&
    grep -qx 'ExecStop=/usr/local/libexec/newskiosk/newskiosk-mount remove %I' \
        '$D/etc/systemd/system/newskiosk-mount@.service'"

# --- the mount helper: refusals that touch nothing ----------------------------------
helper="$D/usr/local/libexec/newskiosk/newskiosk-mount"
check "newskiosk-mount passes sh -n" sh -n "$helper"
check "newskiosk-mount mounts read-only, nosuid, nodev, noexec" \
    grep -q 'opts="ro,nosuid,nodev,noexec,noatime"' "$helper"
if [ "$(id -u)" = 0 ]; then
    for name in ../sda1 vda1 mmcblk0p1 'sda1;reboot' sda/1 ''; do
        check "newskiosk-mount refuses device name '$name'" sh -c "
            '$helper' add '$name' >'$TMP/m' 2>&1; rc=\$?
            [ \$rc != 0 ] && grep -q 'refused\|usage' '$TMP/m'"
    done
    check "newskiosk-mount refuses a device that does not exist" sh -c "
        '$helper' add sdzz9 >'$TMP/m' 2>&1; [ \$? = 1 ] && grep -q 'not a block device' '$TMP/m'"
    check "newskiosk-mount remove of a device never mounted is a no-op" sh -c "
        '$helper' remove sdzz9 >'$TMP/m' 2>&1 && grep -q 'nothing mounted' '$TMP/m'"
else
    check "newskiosk-mount refuses to run as a user" sh -c "
        '$helper' add sda1 >'$TMP/m' 2>&1; [ \$? = 1 ] && grep -q 'must run as root' '$TMP/m'"
fi

# --- the watchdog: the real kiosk against a stand-in for systemd -------------------
# (the unit is Type=notify with WatchdogSec=: READY=1 once the first screen is
# up, WATCHDOG=1 at least every half interval, STOPPING=1 on SIGTERM)
if [ -x "$NK" ] && [ -x "$TOOLS/sdwatch" ]; then
    "$NK" import --db "$TMP/wd.db" "$ROOT/assets/sample" >/dev/null 2>&1
    SDL_VIDEODRIVER=dummy "$TOOLS/sdwatch" 2000 5000 "$NK" run --windowed --size 480x320 \
        --db "$TMP/wd.db" >"$TMP/notify" 2>"$TMP/notify.err"
    rc=$?
    sed 's/^/# notify: /' "$TMP/notify"
    check "the kiosk stops with status 0 on SIGTERM (systemctl stop)" [ "$rc" = 0 ]
    check "the kiosk says READY=1 to systemd" grep -qx READY=1 "$TMP/notify"
    n=$(grep -cx WATCHDOG=1 "$TMP/notify")
    check "the kiosk pings the watchdog every half interval (2 s: $n pings in 5 s)" [ "$n" -ge 3 ]
    check "the kiosk says STOPPING=1 last" [ "$(tail -n 1 "$TMP/notify")" = STOPPING=1 ]
else
    ok "skipped: the watchdog run needs $NK and $TOOLS/sdwatch (make check builds both)"
fi

# --- uninstall -------------------------------------------------------------------
check "uninstall.sh from DESTDIR exits 0" sh -c "DESTDIR='$D' '$UNINSTALL' >/dev/null 2>&1"
check "uninstall.sh removes the program, units, rule and helper" sh -c "
    cd '$D' && ! find . ! -type d | grep -v -e '^./etc/newskiosk.conf\$' | grep -q ."
check "uninstall.sh keeps the config and the database folder" sh -c "
    [ -f '$D/etc/newskiosk.conf' ] && [ -d '$D/var/lib/newskiosk' ] && [ -d '$D/etc/newskiosk' ]"
check "uninstall.sh --purge exits 0" sh -c "DESTDIR='$D' '$UNINSTALL' --purge >/dev/null 2>&1"
check "uninstall.sh --purge removes the config and the database folder" sh -c "
    [ ! -e '$D/etc/newskiosk.conf' ] && [ ! -e '$D/var/lib/newskiosk' ] &&
    [ ! -e '$D/etc/newskiosk' ] && ! find '$D' ! -type d | grep -q ."

# --- the shell scripts at least parse ----------------------------------------------
for s in board/raspberrypi/install.sh board/raspberrypi/uninstall.sh board/newskiosk-mount board/syncthing/newskiosk-sync \
         scripts/cross-deps.sh scripts/cross-test.sh scripts/devcheck.sh; do
    check "$s passes sh -n" sh -n "$ROOT/$s"
done

finish

#!/bin/sh
# The framebuffer backend end to end, on a fake framebuffer (a plain file,
# NEWSKIOSK_FB_FAKE) and a fake event source (NEWSKIOSK_EVDEV_FAKE): the
# same script gives byte-identical screenshots under SDL (dummy) and under
# video = fb; the device's own pixels (32 bits, and RGB565 with an odd
# stride) are that picture after conversion, also with two pages flipped;
# a tap fed through the fake evdev opens a story on a live kiosk; a stick
# imports through --watch.
. "$(dirname "$0")/lib.sh"
export NEWSKIOSK_NOW=1736503200 TZ=UTC
IMG="$TOOLS/imgcheck"
FBT="$TOOLS/fbtool"
DB="$TMP/news.db"

"$NK" import --db "$DB" "$ROOT/assets/sample" >"$TMP/import.log" 2>&1
check "sample content imports" test -s "$DB"

script() {  # script PREFIX: headlines, a story, back, the next story
    cat <<EOS
shot $TMP/$1-h0.bmp
tap 400 240
shot $TMP/$1-article.bmp
tap 40 30
key Right
wait 1
shot $TMP/$1-right.png
shot $TMP/$1-last.bmp
quit
EOS
}

# 1. The same pixels under both backends.
script sdl >"$TMP/sdl.script"
SDL_VIDEODRIVER=dummy "$NK" run --windowed --size 800x480 --db "$DB" \
    --script "$TMP/sdl.script" 2>"$TMP/sdl.err"
check "SDL (dummy): the script runs" test $? = 0
script fb >"$TMP/fb.script"
NEWSKIOSK_FB_FAKE="$TMP/fb32:800x480:32:3204" "$NK" run --video fb --db "$DB" \
    --script "$TMP/fb.script" 2>"$TMP/fb.err"
check "fb 32 bits: the script runs" test $? = 0
check "fb: no error output" test ! -s "$TMP/fb.err"
[ -s "$TMP/fb.err" ] && cat "$TMP/fb.err"
for s in h0 article; do
    check "fb 32 bits: $s shot byte-identical to SDL's" cmp -s "$TMP/sdl-$s.bmp" "$TMP/fb-$s.bmp"
done
check "fb 32 bits: the PNG shot equals SDL's" "$IMG" same "$TMP/sdl-right.png" "$TMP/fb-right.png"
check "fb 32 bits: the device holds the last frame exactly" \
    "$FBT" matches "$TMP/fb32" 800 480 32 3204 "$TMP/sdl-last.bmp"
check "fb 32 bits: the article is not the headlines" \
    "$IMG" differ "$TMP/fb-h0.bmp" "$TMP/fb-article.bmp" 50

# 2. RGB565 with an odd stride: the device holds the picture's top bits.
script fb16 >"$TMP/fb16.script"
NEWSKIOSK_FB_FAKE="$TMP/fb16:800x480:16:1603" "$NK" run --video fb --db "$DB" \
    --script "$TMP/fb16.script" 2>"$TMP/fb16.err"
check "fb RGB565: the script runs" test $? = 0
check "fb RGB565: shots byte-identical to SDL's" cmp -s "$TMP/sdl-article.bmp" "$TMP/fb16-article.bmp"
check "fb RGB565: the device holds the last frame in 5-6-5 bits" \
    "$FBT" matches "$TMP/fb16" 800 480 16 1603 "$TMP/sdl-last.bmp"

# 2b. Two pages (virtual height 960, as a driver offering double buffering):
# the script's frames, transition included, are drawn into the hidden page
# and panned to; the page shown at the end holds the last frame exactly.
script fbp >"$TMP/fbp.script"
NEWSKIOSK_FB_FAKE="$TMP/fbp:800x480:32:3200:960" "$NK" run --video fb --db "$DB" \
    --script "$TMP/fbp.script" 2>"$TMP/fbp.err"
check "fb two pages: the script runs" test $? = 0
check "fb two pages: no error output" test ! -s "$TMP/fbp.err"
pan=$(cat "$TMP/fbp.pan" 2>/dev/null)
check "fb two pages: a page was panned to (line $pan)" test "$pan" = 0 -o "$pan" = 480
dd if="$TMP/fbp" of="$TMP/fbp-shown" bs=3200 skip="${pan:-0}" count=480 2>/dev/null
check "fb two pages: the shown page holds the last frame exactly" \
    "$FBT" matches "$TMP/fbp-shown" 800 480 32 3200 "$TMP/sdl-last.bmp"

# 3. A tap through the fake evdev (a FIFO, as a device node streams) opens a
# story on a live (unscripted) kiosk.
mkfifo "$TMP/events"
NEWSKIOSK_EVDEV_FAKE="$TMP/events" NEWSKIOSK_FB_FAKE="$TMP/live:800x480:32:3200" \
    "$NK" run --video fb --db "$DB" 2>"$TMP/live.err" &
pid=$!
i=0
while [ ! -s "$TMP/live" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 1
"$FBT" tobmp "$TMP/live" 800 480 32 3200 "$TMP/live-before.bmp"
"$FBT" tap "$TMP/events" 400 240 800 480
sleep 1.5
"$FBT" tobmp "$TMP/live" 800 480 32 3200 "$TMP/live-after.bmp"
kill -TERM $pid
wait $pid
check "live: SIGTERM stops the kiosk cleanly" test $? = 0
check "live: the headlines showed" "$IMG" nonblank "$TMP/live-before.bmp" 16
check "live: the tap opened a story (the picture changed)" \
    "$IMG" differ "$TMP/live-before.bmp" "$TMP/live-after.bmp" 50
check "live: the story has a Back target top left" \
    "$IMG" bright "$TMP/live-after.bmp" 0 0 200 70 20

# 4. A stick through --watch.
mkdir -p "$TMP/media"
cp -R "$ROOT/assets/sample" "$TMP/media/USB1"
cat >"$TMP/watch.script" <<S
settle
shot $TMP/watch-result.bmp
quit
S
NEWSKIOSK_FB_FAKE="$TMP/fbw:800x480:32:3200" "$NK" run --video fb --db "$TMP/w.db" \
    --watch "$TMP/media" --script "$TMP/watch.script" 2>"$TMP/watch.err"
check "watch: the kiosk exits 0" test $? = 0
n=$("$NK" list --db "$TMP/w.db" | wc -l)
ns=$(ls "$ROOT"/assets/sample/newskiosk/articles/*.txt | wc -l)
check "watch: the stick's $ns stories are stored" test "$n" = "$ns"
check "watch: the result screen is not blank" "$IMG" nonblank "$TMP/watch-result.bmp"

finish

#!/bin/sh
# The figures of "Figures it must reach" (../shared/SPEC.md), measured the
# same way for newskiosk and for a Chromium kiosk showing the same stories,
# in one run on this machine. `make bench` builds the optimised binary and
# the probe, then calls this; run it directly only with those built.
#
# usage: scripts/bench.sh BUILD_DIR        (BUILD_DIR holds newskiosk and nkprobe)
# environment:
#   QUICK=1      a tiny run (about a minute): few runs, short windows, 1,000
#                articles where the full run uses 10,000; Chromium only if present
#   BENCH_OUT    also write the table to this file
#   BENCH_PEER   auto (default: Chromium when installed) or no
#   BENCH_WORK   a folder for a new work folder (default: BUILD_DIR/work, emptied)
#   BENCH_KEEP=1 keep the work folder for a look afterwards
#
# What each figure is, and how it is taken:
#   import       `newskiosk import` of a generated bundle (scripts/gen-bundle.sh:
#                stories of 3-5 KB) into a new database; the floor is the sqlite3
#                CLI inserting the same rows (dumped from that database) into the
#                same schema, with the same pragmas, in one transaction, and
#                building the full-text index once at the end, as the importer
#                does. 100,000 stories: the full run only, fewer runs.
#   re-plug      `newskiosk import` of the stick the database already holds
#                ("already imported"): as it is (known by its fingerprint), and
#                with one file's time changed before each run (read in full).
#   start        from fork() to the last change of the X screen before it stays
#                still for a while: the first complete headline screen. Polled
#                from outside by nkprobe on our own Xvfb (800x480x24).
#   floor        a bare SDL2 window (scripts/bench/sdlfloor.c), measured the same way
#   PSS, RSS     PSS summed over every process of the program's session
#                (/proc/PID/smaps_rollup), its maximum over the window while the
#                headlines cycle; peak RSS is the sum of each process's VmHWM.
#   CPU          utime+stime(+children) of the session over the window, as a
#                percentage of one core: "cycling" while the headlines change
#                every 8 s (transitions included), "still" between transitions
#                (newskiosk with cycle_seconds = 3600, the page with #still):
#                only the status clock may change.
#   fb rows      the framebuffer backend (video = fb) on a fake /dev/fb
#                (NEWSKIOSK_FB_FAKE, a file of 800x480 at 32 and at 16 bits),
#                with the same stories and configs as the SDL row: start, PSS
#                and CPU the same way, nkprobe -f polling the file instead of
#                the X screen. In their own block (fb_bench, fb_table).
#   frame cost   instructions (callgrind Ir) spent in ui_draw + plat_present per
#                presented frame, under SDL_VIDEODRIVER=dummy with --script
#                (virtual time), taken as the difference between a script with
#                those frames and one without, over the difference in frames.
set -eu
export LC_ALL=C

BUILD=${1:?usage: scripts/bench.sh BUILD_DIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
NK="$BUILD/newskiosk"
PROBE="$BUILD/nkprobe"
FLOOR="$BUILD/sdlfloor"
QUICK=${QUICK:-}
[ "$QUICK" = 0 ] && QUICK=
BENCH_PEER=${BENCH_PEER:-auto}

for f in "$NK" "$PROBE" "$FLOOR"; do
    [ -x "$f" ] || { echo "bench: $f is missing: run make bench" >&2; exit 1; }
done
for t in Xvfb valgrind sqlite3; do
    command -v "$t" >/dev/null 2>&1 ||
        { echo "bench: $t is missing: run make bench (scripts/deps.sh bench)" >&2; exit 1; }
done

if [ -n "$QUICK" ]; then
    BIG=1000            # the "many articles" size
    HUGE=3000           # the "flat in the article count" size
    IMPORT_SIZES="1000"
    IMPORT_RUNS=3
    START_RUNS=2        # start-up only
    WIN_RUNS=1          # start-up + memory + CPU over a window
    WIN_S=3
    STABLE_MS=800
    CG_HEAD_S=120       # virtual seconds of headline screen (2 clock redraws)
    CG_CYCLES=1
else
    BIG=10000
    HUGE=100000
    IMPORT_SIZES="1000 10000 100000"
    IMPORT_RUNS=5
    START_RUNS=4
    WIN_RUNS=3
    WIN_S=30
    STABLE_MS=1500
    CG_HEAD_S=600
    CG_CYCLES=3
fi
SMALL=100

if [ -n "${BENCH_WORK:-}" ]; then
    mkdir -p "$BENCH_WORK"
    WORK=$(cd "$BENCH_WORK" && mktemp -d "$PWD/nkbench.XXXXXX")
else
    WORK="$BUILD/work"
    rm -rf "$WORK"
    mkdir -p "$WORK"
fi
XVFB_PID=
cleanup() {
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
    [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "bench: $*" >&2; }

# "median min max" of the numbers in file $1 (one a line)
stats() {
    sort -g "$1" | awk '{ v[NR] = $1 }
        END {
            if (NR == 0) { print "nan nan nan"; exit }
            m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.6g %.6g %.6g\n", m, v[1], v[NR]
        }'
}
# field $2 of a "median min max" line $1
pick() { echo "$1" | awk -v i="$2" '{ print $i }'; }
# seconds since an arbitrary point, as a decimal
now_s() { date +%s.%N; }
# the key=value value of key $1 in line $2
kv() { echo "$2" | sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

# --- data ---------------------------------------------------------------------

bundle() {  # N -> path of a generated bundle with N articles (made once)
    d="$WORK/bundle-$1"
    [ -d "$d/newskiosk" ] || "$ROOT/scripts/gen-bundle.sh" "$1" "$d"
    echo "$d"
}

# CPU busy time of the whole machine (USER_HZ ticks) and the wall clock, to
# tell afterwards how much other work shared the cores during the run
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
BUSY0=$(busy_ticks)
WALL0=$(now_s)
LOAD0=$(cut -d' ' -f1 /proc/loadavg)
# the sources the binary was built from (make bench has just built it)
BUILT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "unknown commit")
(cd "$ROOT" && git diff --quiet HEAD -- app 2>/dev/null) || BUILT="$BUILT with uncommitted changes in app/"
say "generating bundles"
# shellcheck disable=SC2086 # the lists are meant to split
SIZES=$(printf '%s\n' $SMALL $IMPORT_SIZES $BIG $HUGE | sort -nu)
for n in $SIZES; do bundle "$n" >/dev/null; done

# --- import ---------------------------------------------------------------------

# the limits raised for the 100,000 stick (the defaults refuse over 20,000
# files); nothing else set, and never /etc/newskiosk.conf
printf 'max_files = 200000\nmax_total_bytes = 4294967296\n' >"$WORK/import.conf"

# newskiosk import of N articles into a fresh db; leaves $WORK/db-N behind
import_once() {
    db="$WORK/db-$1"
    rm -f "$db" "$db-wal" "$db-shm"
    t0=$(now_s)
    "$NK" import --config "$WORK/import.conf" --db "$db" "$WORK/bundle-$1" >/dev/null 2>&1 ||
        { say "import of $1 articles failed"; return 1; }
    t1=$(now_s)
    echo "$t0 $t1" | awk '{ printf "%.6f\n", $2 - $1 }'
}

# The floor: the same rows through the sqlite3 CLI in one transaction, into
# the same schema (tables and FTS5 index) with the pragmas and full-text
# settings the importer uses (app/store/store.c), the index built once at
# the end as the importer's commit does.
floor_sql() {  # N -> SQL file
    src="$WORK/db-$1"
    sql="$WORK/floor-$1.sql"
    {
        echo "PRAGMA journal_mode=WAL;"
        echo "PRAGMA synchronous=FULL;"
        floor_settings
        echo "BEGIN;"
        sqlite3 "$src" .schema | grep -v "^CREATE TABLE IF NOT EXISTS 'articles_fts_" |
            grep -v "^CREATE TABLE sqlite_"
        sqlite3 "$src" "SELECT 'INSERT INTO articles_fts(articles_fts, rank) VALUES (' ||
                               quote(k) || ', ' || quote(v) || ');'
                        FROM articles_fts_config WHERE k != 'version'"
        sqlite3 "$src" ".mode insert articles" "SELECT * FROM articles ORDER BY rowid"
        echo "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');"
        echo "COMMIT;"
    } >"$sql"
    echo "$sql"
}
floor_once() {
    db="$WORK/floor-$1.db"
    rm -f "$db" "$db-wal" "$db-shm"
    t0=$(now_s)
    sqlite3 "$db" <"$2" >/dev/null
    t1=$(now_s)
    n=$(sqlite3 "$db" "SELECT count(*) FROM articles")
    [ "$n" = "$1" ] || { say "floor: expected $1 rows, got $n"; return 1; }
    echo "$t0 $t1" | awk '{ printf "%.6f\n", $2 - $1 }'
}

# --- import: 100,000 stories, the importer's settings, re-plugging (issue 11) ---
# One block for these rows: their runs, the floor's settings, the re-plug
# measure, their table lines (import_table_extra) and targets (import_targets).

# runs of the import of N stories: the 100,000 row takes a minute a run
import_runs() { if [ "$1" -ge 100000 ]; then echo 3; else echo "$IMPORT_RUNS"; fi; }

# the page cache the importer asks for while it imports: STORE_IMPORT_CACHE_KIB
# in app/store/store.c (its full-text settings are in the database, and
# floor_sql copies them)
floor_settings() {
    kib=$(sed -n 's/^#define STORE_IMPORT_CACHE_KIB \([0-9]*\).*/\1/p' "$ROOT/app/store/store.c")
    echo "PRAGMA cache_size=-${kib:-2000};"
}

# one `newskiosk import` of the stick db-N already holds -> seconds; "fp" or
# "full" (how it knew) appended to $WORK/$2-how
replug_once() {
    t0=$(now_s)
    out=$(NEWSKIOSK_LOG=debug "$NK" import --config "$WORK/import.conf" --db "$WORK/db-$1" \
              "$WORK/bundle-$1" 2>&1) || { say "re-plug of $1 failed: $out"; return 1; }
    t1=$(now_s)
    echo "$out" | grep -q "already imported" ||
        { say "re-plug of $1: not 'already imported': $(echo "$out" | tail -n 2)"; return 1; }
    if echo "$out" | grep -q "fingerprint .* is bundle"; then echo fp; else echo full; fi \
        >>"$WORK/$2-how"
    echo "$t0 $t1" | awk '{ printf "%.6f\n", $2 - $1 }'
}
replug_measure() {  # N
    : >"$WORK/rp-$1"
    : >"$WORK/rf-$1"
    : >"$WORK/rp-how"
    : >"$WORK/rf-how"
    say "re-plug: the $1-article stick again, $IMPORT_RUNS + $IMPORT_RUNS runs"
    replug_once "$1" warm >/dev/null   # the fingerprint is kept by now
    for _ in $(seq "$IMPORT_RUNS"); do replug_once "$1" rp >>"$WORK/rp-$1"; done
    # copied anew: a file's time moves (an hour ago, a second apart each run)
    f=$(find "$WORK/bundle-$1/newskiosk/articles" -name '*.txt' | sort | head -n 1)
    for i in $(seq "$IMPORT_RUNS"); do
        touch -d "@$(($(date +%s) - 3600 - i))" "$f"
        replug_once "$1" rf >>"$WORK/rf-$1"
    done
}

# shellcheck disable=SC2086 # "median min max" triples split into printf's arguments
import_table_extra() {
    a=$(stats "$WORK/imp-$BIG")
    for w in "rp:fp:by fingerprint" "rf:full:read in full"; do
        k=${w%%:*} rest=${w#*:}
        how=${rest%%:*} label=${rest#*:}
        r=$(stats "$WORK/$k-$BIG")
        printf '%-24s %-22s %-12s %s\n' "re-plug, $label" "$(printf '%.3f s [%.3f-%.3f]' $r)" \
            "$(echo "$(pick "$r" 1) $(pick "$a" 1)" | awk '{ printf "1/%.1f", $2 / $1 }')" \
            "of the first import of $BIG ($(grep -c "^$how\$" "$WORK/$k-how") of $IMPORT_RUNS runs $how)"
    done
}

import_targets() {
    if [ -s "$WORK/imp-100000" ]; then
        echo "$(pick "$(stats "$WORK/imp-100000")" 1) $(pick "$(stats "$WORK/flo-100000")" 1)" |
            awk '{ printf "  %-40s %.3f s vs %.3f s: %.2fx  %s\n",
                   "import 100,000 within 1.5x of sqlite3", $1, $2, $1 / $2,
                   ($1 <= 1.5 * $2 ? "HOLDS" : "FAILS") }'
    else
        printf '  %-40s %s\n' "import 100,000 within 1.5x of sqlite3" "(not in QUICK runs)"
    fi
    echo "$(pick "$(stats "$WORK/rp-$BIG")" 1) $(pick "$(stats "$WORK/imp-$BIG")" 1)" |
        awk -v n="$BIG" '{ printf "  %-40s %.3f s vs %.3f s: 1/%.1f  %s\n",
                           "re-plug " n " under 1/10 of its import", $1, $2, $2 / $1,
                           ($1 * 10 < $2 ? "HOLDS" : "FAILS") }'
}

for n in $IMPORT_SIZES; do
    runs=$(import_runs "$n")
    say "import: $n articles, $runs runs"
    : >"$WORK/imp-$n"
    : >"$WORK/flo-$n"
    for _ in $(seq "$runs"); do import_once "$n" >>"$WORK/imp-$n"; done
    sql=$(floor_sql "$n")
    for _ in $(seq "$runs"); do floor_once "$n" "$sql" >>"$WORK/flo-$n"; done
    # the 100,000 stick and the floor's databases are 2 GB: not kept past
    # their row (the kiosk's own database stays for the HUGE screen rows)
    if [ "$n" -ge 100000 ]; then rm -rf "$WORK/bundle-$n" "$WORK/floor-$n".*; fi
done
replug_measure "$BIG"
# the databases the screen runs use
for n in $SMALL $BIG $HUGE; do
    [ -f "$WORK/db-$n" ] || import_once "$n" >/dev/null
done

# --- the screen: Xvfb ----------------------------------------------------------

say "starting Xvfb 800x480x24"
: >"$WORK/display"
Xvfb -displayfd 9 -screen 0 800x480x24 -nolisten tcp -br -noreset 9>"$WORK/display" \
    >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do
    [ -s "$WORK/display" ] && break
    sleep 0.1
done
[ -s "$WORK/display" ] || { say "Xvfb did not start: $(cat "$WORK/xvfb.log")"; exit 1; }
DISPLAY=:$(head -n1 "$WORK/display")
export DISPLAY
unset WAYLAND_DISPLAY
export SDL_AUDIODRIVER=dummy

# probe NAME WINDOW_S CMD... : one nkprobe run, its line appended to $WORK/p-NAME
probe() {
    name=$1 win=$2
    shift 2
    line=$("$PROBE" -s "$STABLE_MS" -t 30000 -w "$win" -- "$@" 2>>"$WORK/probe.log") ||
        { say "probe $name failed: $(tail -n 3 "$WORK/probe.log")"; return 1; }
    echo "$line" >>"$WORK/p-$name"
    sleep 0.3   # let the X server repaint the root before the next run
}
# measure NAME CMD... : START_RUNS start-up runs, then WIN_RUNS windowed ones
measure() {
    name=$1
    shift
    : >"$WORK/p-$name"
    say "screen: $name ($START_RUNS + $WIN_RUNS runs, ${WIN_S} s windows)"
    for _ in $(seq "$START_RUNS"); do probe "$name" 0 "$@" || return 1; done
    for _ in $(seq "$WIN_RUNS"); do probe "$name" "$WIN_S" "$@" || return 1; done
}

# still NAME CMD... : WIN_RUNS windowed runs with nothing moving
still() {
    name=$1
    shift
    : >"$WORK/p-$name"
    say "screen: $name ($WIN_RUNS runs, ${WIN_S} s windows)"
    for _ in $(seq "$WIN_RUNS"); do probe "$name" "$WIN_S" "$@" || return 1; done
}

printf 'cycle_seconds = 8\n' >"$WORK/cycle.conf"
printf 'cycle_seconds = 3600\n' >"$WORK/still.conf"
nk_cmd() { echo "$NK run --config $WORK/$2.conf --db $WORK/db-$1 --size 800x480 --windowed"; }
# shellcheck disable=SC2046
measure "nk-$SMALL" $(nk_cmd $SMALL cycle)
# shellcheck disable=SC2046
measure "nk-$BIG" $(nk_cmd $BIG cycle)
# shellcheck disable=SC2046
measure "nk-$HUGE" $(nk_cmd $HUGE cycle)
# shellcheck disable=SC2046
still "nk-$SMALL-still" $(nk_cmd $SMALL still)
# shellcheck disable=SC2046
still "nk-$HUGE-still" $(nk_cmd $HUGE still)
# the floor: a bare SDL2 window, which never cycles
measure "floor" "$FLOOR" 800 480
cp "$WORK/p-floor" "$WORK/p-floor-still"
# shellcheck disable=SC2046
still "nk-$BIG-still" $(nk_cmd $BIG still)
PEER=
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ "$BENCH_PEER" != no ] && [ -n "$CHROMIUM" ]; then
    "$ROOT/scripts/bench/gen-html.sh" "$WORK/db-$SMALL" "$WORK/peer.html"
    PEER=$("$CHROMIUM" --version 2>/dev/null | head -n1)
    cat >"$WORK/chromium.sh" <<EOF
#!/bin/sh
# one Chromium kiosk on a new profile, as an installer would run it here
prof=\$(mktemp -d "$WORK/chromium-profile.XXXXXX")
exec "$CHROMIUM" --kiosk --no-sandbox --no-first-run --disable-gpu --disable-quic \\
    --disable-background-networking --disable-component-update --disable-sync \\
    --user-data-dir="\$prof" --window-position=0,0 --window-size=800,480 \\
    "file://$WORK/peer.html\${1:-}" >>"$WORK/chromium.log" 2>&1
EOF
    chmod +x "$WORK/chromium.sh"
    { measure "chromium-$SMALL" "$WORK/chromium.sh" &&
      still "chromium-$SMALL-still" "$WORK/chromium.sh" "#still"; } || PEER=
    rm -rf "$WORK"/chromium-profile.*
elif [ "$BENCH_PEER" != no ]; then
    say "chromium is not installed (make bench-peer): no peer figures"
fi

kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
XVFB_PID=

# --- the framebuffer backend (video = fb) -------------------------------------------
# Its own block: fb_bench measures, fb_table prints (after table). The same
# stories (db-$SMALL), size and configs as the SDL row "newskiosk, $SMALL
# stored", drawn by the framebuffer backend on a fake /dev/fb: a plain file
# of the screen's size (NEWSKIOSK_FB_FAKE), zeroed before each run so the
# first frame is a change; nkprobe -f polls it as it polls the X screen.
# No X: DISPLAY is unset. No input devices of this machine: an empty fake
# event source. The fake's mapping is a file's shared pages and so counts in
# PSS, which a real /dev/fb mapping (I/O memory) does not: fb_table also
# shows PSS less it.
FB_VARIANTS="32 16"          # bits per pixel
fb_probe() {  # NAME WINDOW_S BPP CONFIG: one run, its line appended to $WORK/p-NAME
    fake="$WORK/fake-$3.fb"
    head -c $((800 * 480 * $3 / 8)) /dev/zero >"$fake"
    line=$("$PROBE" -f "$fake" -s "$STABLE_MS" -t 30000 -w "$2" -- env -u DISPLAY \
               NEWSKIOSK_FB_FAKE="$fake:800x480:$3" NEWSKIOSK_EVDEV_FAKE="$WORK/fake.ev" \
               "$NK" run --video fb --config "$WORK/$4.conf" --db "$WORK/db-$SMALL" \
               2>>"$WORK/probe.log") ||
        { say "probe $1 failed: $(tail -n 3 "$WORK/probe.log")"; return 1; }
    echo "$line" >>"$WORK/p-$1"
}
fb_bench() {
    : >"$WORK/fake.ev"
    for bpp in $FB_VARIANTS; do
        : >"$WORK/p-fb$bpp"
        : >"$WORK/p-fb$bpp-still"
        say "screen: framebuffer backend, $bpp bits ($START_RUNS + $WIN_RUNS runs cycling, $WIN_RUNS still, ${WIN_S} s windows)"
        for _ in $(seq "$START_RUNS"); do fb_probe "fb$bpp" 0 "$bpp" cycle || return 1; done
        for _ in $(seq "$WIN_RUNS"); do fb_probe "fb$bpp" "$WIN_S" "$bpp" cycle || return 1; done
        for _ in $(seq "$WIN_RUNS"); do fb_probe "fb$bpp-still" "$WIN_S" "$bpp" still || return 1; done
    done
}
# the table's block; uses table()'s col, so it runs after table
fb_table() {
    echo
    echo "framebuffer backend (video = fb) on a fake /dev/fb, 800x480, $SMALL stored: the SDL row's stories and configs"
    printf '%-31s %-21s %-27s %-14s %-9s %-20s %s\n' "screen" "start to headline" \
        "PSS while cycling" "less fake map" "peak RSS" "CPU cycling" "CPU still"
    for p in "nk-$SMALL:0:SDL on X11 (the row above)" "fb32:1500:fb, 32 bits (XRGB8888)" \
             "fb16:750:fb, 16 bits (RGB565)"; do
        name=${p%%:*} rest=${p#*:}
        map=${rest%%:*} label=${rest#*:}
        [ -s "$WORK/p-$name" ] || continue
        row_stats "$name"
        # shellcheck disable=SC2086 # "median min max" triples split into printf's arguments
        printf '%-31s %-21s %-27s %-14s %-9s %-20s %s\n' "$label" \
            "$(echo "$s" | awk '{ printf "%.3f s [%.3f-%.3f]", $1 / 1000, $2 / 1000, $3 / 1000 }')" \
            "$(echo "$m $(pick "$np" 1)" | awk '{ printf "%.1f MiB [%.1f-%.1f] %dp", $1 / 1024, $2 / 1024, $3 / 1024, $4 }')" \
            "$(echo "$m $map" | awk '{ if ($4 > 0) printf "%.1f MiB", ($1 - $4) / 1024; else printf "-" }')" \
            "$(echo "$h" | awk '{ printf "%.1f MiB", $1 / 1024 }')" \
            "$(echo "$c" | awk '{ printf "%.3f%% [%.3f-%.3f]", $1, $2, $3 }')" \
            "$(echo "$q" | awk '{ printf "%.3f%% [%.3f-%.3f]", $1, $2, $3 }')"
    done
    echo "  (start, PSS and CPU as above; \"less fake map\": PSS less the fake framebuffer file's"
    echo "   mapping, 1.5 MiB at 32 bits and 0.7 MiB at 16, which a real /dev/fb mapping does not count)"
}
fb_bench

# --- frame cost -------------------------------------------------------------------

# cg NAME CONFIG SCRIPT_TEXT -> "draw_ir present_ir frames"
cg() {
    printf '%s\nquit\n' "$3" >"$WORK/cg-$1.txt"
    SDL_VIDEODRIVER=dummy valgrind --tool=callgrind --compress-strings=no --compress-pos=no \
        --callgrind-out-file="$WORK/cg-$1.out" \
        "$NK" run --config "$2" --db "${CG_DB:-$WORK/db-$SMALL}" --size 800x480 --windowed \
        --script "$WORK/cg-$1.txt" >"$WORK/cg-$1.log" 2>&1 ||
        { say "callgrind $1 failed: $(tail -n 3 "$WORK/cg-$1.log")"; return 1; }
    # inclusive cost of every call to ui_draw and plat_present: the line
    # after "calls=" carries it
    awk '/^cfn=/ { f = substr($0, 5) }
         /^calls=/ { split($0, c, "[= ]"); n = c[2]; getline; ir = $NF
                     if (f == "ui_draw") { d += ir; fr += n }
                     else if (f == "plat_present") p += ir }
         END { printf "%d %d %d\n", d, p, fr }' "$WORK/cg-$1.out"
}
# per frame: (Ir of b - Ir of a) / (frames of b - frames of a), in millions
per_frame() {
    echo "$1 $2" | awk '{ df = $6 - $3; if (df <= 0) { print "nan 0"; exit }
                          printf "%.2f %d\n", ($4 + $5 - $1 - $2) / df / 1e6, df }'
}

# frame_costs PREFIX -> four lines, each "millions-per-frame frames": the
# headline screen (only the status clock's minute changes redraw it), its
# first frame (cold), a transition (cycles of 8 s, each a 400 ms slide to the
# next story) and an article scroll (opened, its text dragged up and let
# coast). The runs are named PREFIX+head0 and so on; CG_DB picks the stories.
frame_costs() {
    h0=$(cg "${1}head0" "$WORK/still.conf" "wait 0")
    h1=$(cg "${1}head1" "$WORK/still.conf" "wait $CG_HEAD_S")
    per_frame "$h0" "$h1"
    echo "$h0" | awk '{ printf "%.2f %d\n", ($1 + $2) / ($3 ? $3 : 1) / 1e6, $3 }'
    t0=$(cg "${1}tran0" "$WORK/cycle.conf" "wait 7")
    t1=$(cg "${1}tran1" "$WORK/cycle.conf" "wait $((7 + 8 * CG_CYCLES))")
    per_frame "$t0" "$t1"
    s0=$(cg "${1}scroll0" "$WORK/cycle.conf" "key Return
wait 1")
    s1=$(cg "${1}scroll1" "$WORK/cycle.conf" "key Return
wait 1
swipe 400 400 400 250
wait 3")
    per_frame "$s0" "$s1"
}
line() { echo "$1" | sed -n "${2}p"; }

say "frame cost: callgrind (SDL dummy driver)"
costs=$(frame_costs "")
HEAD=$(line "$costs" 1) COLD=$(line "$costs" 2) TRAN=$(line "$costs" 3) SCROLL=$(line "$costs" 4)
# "All stories" opened: everything the tap costs (the event, the list's
# layout, its first complete frame and the press highlight before it), as
# the whole run's instructions with the tap less those without, with SMALL
# and with HUGE stored. The rest of a large list loads after the first
# frame in both runs, so it cancels out.
cg_total() {  # NAME DB SCRIPT_TEXT -> total Ir of the run
    printf '%s\nquit\n' "$3" >"$WORK/cg-$1.txt"
    SDL_VIDEODRIVER=dummy valgrind --tool=callgrind --callgrind-out-file="$WORK/cg-$1.out" \
        "$NK" run --config "$WORK/still.conf" --db "$2" --size 800x480 --windowed \
        --script "$WORK/cg-$1.txt" >"$WORK/cg-$1.log" 2>&1 ||
        { say "callgrind $1 failed: $(tail -n 3 "$WORK/cg-$1.log")"; return 1; }
    sed -n 's/^summary: *//p' "$WORK/cg-$1.out"
}
list_open() {  # N -> millions of instructions to open "All stories" with N stored
    a=$(cg_total "list0-$1" "$WORK/db-$1" "wait 2
wait 2")
    b=$(cg_total "list1-$1" "$WORK/db-$1" "wait 2
tap 713 37
wait 2")
    echo "$a $b" | awk '{ printf "%.2f\n", ($2 - $1) / 1e6 }'
}
say "list open: callgrind with $SMALL and $HUGE stored"
LIST_SMALL=$(list_open "$SMALL")
LIST_HUGE=$(list_open "$HUGE")

# the same frames with right-to-left stories: the Arabic, Persian, Urdu and
# Hebrew stories of the language corpus (bidi, shaping, fonts from fontconfig)
mkdir -p "$WORK/rtl/newskiosk/articles"
for l in ar fa ur he; do
    cp "$ROOT"/tests/langs/newskiosk/articles/*-$l.txt "$WORK/rtl/newskiosk/articles/"
done
rm -f "$WORK/db-rtl"
"$NK" import --config "$WORK/cycle.conf" --db "$WORK/db-rtl" "$WORK/rtl" >/dev/null
export CG_DB="$WORK/db-rtl"
costs=$(frame_costs r)
RHEAD=$(line "$costs" 1) RCOLD=$(line "$costs" 2) RTRAN=$(line "$costs" 3) RSCROLL=$(line "$costs" 4)
unset CG_DB

# --- the table ---------------------------------------------------------------------

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
# shellcheck disable=SC1091
os=$(if . /etc/os-release 2>/dev/null; then echo "$PRETTY_NAME"; else uname -sr; fi)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)

# column VALUES of key $2 for probe NAME $1 (windowed runs only with $3=win)
col() {
    if [ "${3:-}" = win ]; then
        tail -n "$WIN_RUNS" "$WORK/p-$1"
    else
        cat "$WORK/p-$1"
    fi | sed -n "s/.*$2=\([^ ]*\).*/\1/p" >"$WORK/col"
    stats "$WORK/col"
}

# the columns of probe NAME's row, each "median min max": s (start), m (PSS),
# h (peak RSS), c (CPU cycling), q (CPU still), np (processes)
row_stats() {
    s=$(col "$1" done_ms)
    m=$(col "$1" pss_kib win)
    h=$(col "$1" hwm_kib win)
    c=$(col "$1" cpu_pct win)
    q=$(col "$1-still" cpu_pct win)
    np=$(col "$1" procs win)
}

# shellcheck disable=SC2086 # "median min max" triples split into printf's arguments
table() {
    echo "newskiosk bench$([ -n "$QUICK" ] && echo " (QUICK: a smoke run, not figures)"), $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $cpu, $(nproc) cores, $mem, $os; screen: Xvfb 800x480x24"
    echo "newskiosk: $BUILT ($("$NK" --version 2>/dev/null | head -n1)), -O2, no sanitizers"
    echo "other work on the machine: load average $LOAD0 at the start, $OTHER% of a core on average during the run"
    echo "medians [min-max]; import $IMPORT_RUNS runs (100,000: $(import_runs 100000)); start-up $((START_RUNS + WIN_RUNS)) runs; memory and CPU $WIN_RUNS runs of ${WIN_S} s"
    echo
    printf '%-24s %-22s %-12s %-22s %-12s\n' "import" "newskiosk" "articles/s" "sqlite3 CLI floor" "articles/s"
    for n in $IMPORT_SIZES; do
        a=$(stats "$WORK/imp-$n")
        b=$(stats "$WORK/flo-$n")
        printf '%-24s %-22s %-12s %-22s %-12s\n' "$n articles" \
            "$(printf '%.3f s [%.3f-%.3f]' $a)" "$(echo "$n $(pick "$a" 1)" | awk '{ printf "%.0f", $1 / $2 }')" \
            "$(printf '%.3f s [%.3f-%.3f]' $b)" "$(echo "$n $(pick "$b" 1)" | awk '{ printf "%.0f", $1 / $2 }')"
    done
    import_table_extra
    echo
    printf '%-31s %-21s %-27s %-9s %-20s %-20s %s\n' "screen" "start to headline" \
        "PSS while cycling" "peak RSS" "CPU cycling" "CPU still" "GL"
    for p in "floor:bare SDL2 window (floor)" \
             "nk-$SMALL:newskiosk, $SMALL stored" "nk-$BIG:newskiosk, $BIG stored" \
             "nk-$HUGE:newskiosk, $HUGE stored" \
             ${PEER:+"chromium-$SMALL:chromium --kiosk, $SMALL stories"}; do
        name=${p%%:*} label=${p#*:}
        [ -s "$WORK/p-$name" ] || continue
        row_stats "$name"
        g=$(tail -n 1 "$WORK/p-$name" | sed -n 's/.*gl=\([0-9]*\).*/\1/p')
        printf '%-31s %-21s %-27s %-9s %-20s %-20s %s\n' "$label" \
            "$(echo "$s" | awk '{ printf "%.3f s [%.3f-%.3f]", $1 / 1000, $2 / 1000, $3 / 1000 }')" \
            "$(echo "$m $(pick "$np" 1)" | awk '{ printf "%.1f MiB [%.1f-%.1f] %dp", $1 / 1024, $2 / 1024, $3 / 1024, $4 }')" \
            "$(echo "$h" | awk '{ printf "%.1f MiB", $1 / 1024 }')" \
            "$(echo "$c" | awk '{ printf "%.3f%% [%.3f-%.3f]", $1, $2, $3 }')" \
            "$(echo "$q" | awk '{ printf "%.3f%% [%.3f-%.3f]", $1, $2, $3 }')" \
            "$([ "${g:-0}" -gt 0 ] && echo yes || echo no)"
    done
    echo "  (start: fork to the last screen change before ${STABLE_MS} ms of stillness; PSS: all"
    src=$(tail -n 1 "$WORK/p-nk-$SMALL" | sed -n 's/.*cpu_src=\([a-z]*\).*/\1/p')
    echo "   processes, max over the window, Np = processes; CPU: % of one core from ${src:-?}"
    echo "   accounting, still = nothing cycling)"
    echo
    echo "frame cost (callgrind, instructions per presented frame, ui_draw + plat_present, 800x480 software)"
    printf '  %-44s %8s M  (%s frames)\n' "headline screen (clock redraw, warm cache)" $HEAD
    printf '  %-44s %8s M  (%s frames)\n' "headline screen, start-up frames (cold cache)" $COLD
    printf '  %-44s %8s M  (%s frames)\n' "transition frame" $TRAN
    printf '  %-44s %8s M  (%s frames)\n' "article scroll frame" $SCROLL
    printf '  %-44s %8s M  (%s frames)\n' "right-to-left: headline screen redraw" $RHEAD
    printf '  %-44s %8s M  (%s frames)\n' "right-to-left: start-up frames (cold)" $RCOLD
    printf '  %-44s %8s M  (%s frames)\n' "right-to-left: transition frame" $RTRAN
    printf '  %-44s %8s M  (%s frames)\n' "right-to-left: article scroll frame" $RSCROLL
    printf '  %-44s %8s M  (%s stored)\n' "\"All stories\" opened (tap to first frame)" "$LIST_SMALL" "$SMALL"
    printf '  %-44s %8s M  (%s stored)\n' "\"All stories\" opened (tap to first frame)" "$LIST_HUGE" "$HUGE"
    echo
    # the targets: newskiosk's worse of the two stored counts against Chromium
    worst() { { col "nk-$SMALL" "$1" ${2:-}; col "nk-$BIG" "$1" ${2:-}; } | awk 'NR == 1 || $1 > m { m = $1 } END { print m + 0 }'; }
    ns=$(worst done_ms)
    s_small=$(pick "$(col "nk-$SMALL" done_ms)" 1)
    s_big=$(pick "$(col "nk-$BIG" done_ms)" 1)
    echo "targets (newskiosk: the worse of $SMALL and $BIG stored)"
    if [ -n "$PEER" ]; then
        cs=$(pick "$(col "chromium-$SMALL" done_ms)" 1)
        cm=$(pick "$(col "chromium-$SMALL" pss_kib win)" 1)
        cc=$(pick "$(col "chromium-$SMALL" cpu_pct win)" 1)
        cq=$(pick "$(col "chromium-$SMALL-still" cpu_pct win)" 1)
        nm=$(worst pss_kib win)
        ncpu=$(worst cpu_pct win)
        nq=$({ col "nk-$SMALL-still" cpu_pct win; col "nk-$BIG-still" cpu_pct win; } |
             awk 'NR == 1 || $1 > m { m = $1 } END { print m + 0 }')
        echo "$ns $cs" | awk '{ r = ($1 > 0 ? $2 / $1 : 0)
            printf "  %-40s %.3f s vs %.3f s: 1/%.1f  %s\n", "start <= 1/10 of Chromium",
                $1 / 1000, $2 / 1000, r, (r >= 10 ? "HOLDS" : "FAILS") }'
        echo "$nm $cm" | awk '{ r = ($1 > 0 ? $2 / $1 : 0)
            printf "  %-40s %.1f MiB vs %.1f MiB: 1/%.1f  %s\n", "PSS <= 1/25 of Chromium",
                $1 / 1024, $2 / 1024, r, (r >= 25 ? "HOLDS" : "FAILS") }'
        cpu_line() {
            echo "$2 $3" | awk -v what="$1" -v k="$4" '{ ok = ($1 * k <= $2)
                if ($1 > 0) r = sprintf("1/%.1f", $2 / $1); else r = "0"
                printf "  %-40s %.3f%% vs %.3f%%: %s  %s\n", what, $1, $2, r, (ok ? "HOLDS" : "FAILS") }'
        }
        cpu_line "CPU between transitions <= 1/10 (SPEC)" "$nq" "$cq" 10
        cpu_line "CPU while cycling <= 1/20 (SPEC)" "$ncpu" "$cc" 20
        echo "  peer: $PEER"
    else
        echo "  (no Chromium in this run: ratios need make bench-peer)"
    fi
    echo "$s_small $s_big" | awk -v big="$BIG" -v small="$SMALL" '{
        printf "  %-40s %.3f s with %d vs %.3f s with %d  %s\n", "start-up independent of count",
            $2 / 1000, big, $1 / 1000, small, ($2 <= $1 * 1.25 + 5 ? "HOLDS" : "FAILS") }'
    # flat in the article count: HUGE stored against SMALL
    m_small=$(pick "$(col "nk-$SMALL" pss_kib win)" 1)
    m_huge=$(pick "$(col "nk-$HUGE" pss_kib win)" 1)
    s_huge=$(pick "$(col "nk-$HUGE" done_ms)" 1)
    echo "$m_huge $m_small" | awk -v h="$HUGE" -v s="$SMALL" '{
        printf "  %-40s %.1f MiB with %d vs %.1f MiB with %d: %+.1f%%  %s\n", "PSS with " h " within 10% of " s,
            $1 / 1024, h, $2 / 1024, s, 100 * ($1 - $2) / $2, ($1 <= $2 * 1.10 ? "HOLDS" : "FAILS") }'
    echo "$s_huge $s_small" | awk -v h="$HUGE" -v s="$SMALL" '{
        printf "  %-40s %.3f s with %d vs %.3f s with %d: %+.1f%%  %s\n", "start-up with " h " within 10% of " s,
            $1 / 1000, h, $2 / 1000, s, 100 * ($1 - $2) / $2, ($1 <= $2 * 1.10 ? "HOLDS" : "FAILS") }'
    echo "$LIST_HUGE $LIST_SMALL" | awk -v h="$HUGE" -v s="$SMALL" '{
        printf "  %-40s %.2f M with %d vs %.2f M with %d: %.2fx  %s\n", "\"All stories\" with " h " within 2x of " s,
            $1, h, $2, s, ($2 > 0 ? $1 / $2 : 0), ($1 <= $2 * 2 ? "HOLDS" : "FAILS") }'
    for n in $IMPORT_SIZES; do
        [ "$n" = 10000 ] || continue
        pick "$(stats "$WORK/imp-$n")" 1 | awk '{
            printf "  %-40s %.3f s  %s\n", "import 10,000 in under 5 s", $1, ($1 < 5 ? "HOLDS" : "FAILS") }'
    done
    import_targets
}

# the machine's busy time less this script's own and its children's
mine=$(times | awk 'function s(t) { split(t, a, "m"); return a[1] * 60 + a[2] }
                    { u += s($1) + s($2) } END { print u }')
OTHER=$(echo "$BUSY0 $(busy_ticks) $WALL0 $(now_s) $mine $(getconf CLK_TCK)" |
        awk '{ o = ($2 - $1) / $6 - $5; if (o < 0) o = 0; printf "%.0f", 100 * o / ($4 - $3) }')

{ table; fb_table; } >"$WORK/table.txt"
cat "$WORK/table.txt"
if [ -n "${BENCH_OUT:-}" ]; then
    cp "$WORK/table.txt" "$BENCH_OUT"
fi

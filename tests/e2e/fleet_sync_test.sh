#!/bin/sh
# A fleet on one machine: two real Syncthing daemons (the editor's and a
# kiosk's) on 127.0.0.1 only, set up by board/syncthing/newskiosk-sync with
# discovery, relays, NAT traversal, usage and crash reports all off. The
# editor publishes a signed bundle; the kiosk receives it into its inbox;
# the running kiosk imports it and shows the headlines; a second edition
# replaces it; a tampered edition is refused and the content kept; the
# kiosk's status comes back to the editor and `newskiosk fleet` shows it.
# Skipped (one line saying so) where syncthing is not installed.
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=dummy
IMG="$TOOLS/imgcheck"
SYNC="$ROOT/board/syncthing/newskiosk-sync"
if ! command -v syncthing >/dev/null 2>&1; then
    ok "skipped: syncthing is not installed (scripts/deps.sh test installs it)"
    finish
    exit 0
fi
LIMIT=${FLEET_LIMIT:-90}   # seconds for any one step to arrive

pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
[ -n "${FLEET_KEEP:-}" ] && trap 'for p in $pids; do kill "$p" 2>/dev/null; done' EXIT

# Free TCP ports on 127.0.0.1: nothing listens there now.
used=$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u)
free_port() {
    p=$(( ($$ % 2000) * 10 + 30000 + ${1} ))
    while echo "$used" | grep -qx "$p"; do p=$((p + 1)); done
    echo "$p"
}
P_ED=$(free_port 1); P_KI=$(free_port 3); G_ED=$(free_port 5); G_KI=$(free_port 7)

E=$TMP/editor; K=$TMP/kiosk
mkdir -p "$E/stage" "$K"
cd "$E" && "$NK" keygen editor >/dev/null && cd "$ROOT"
ID_ED=$("$SYNC" --home "$E/st" init --role editor --bundles "$E/publish" --status "$E/fleet" \
    --listen "tcp://127.0.0.1:$P_ED" --gui "127.0.0.1:$G_ED" --local-discovery off --name editor)
ID_KI=$("$SYNC" --home "$K/st" init --role kiosk --bundles "$K/inbox" --status "$K/outbox" \
    --listen "tcp://127.0.0.1:$P_KI" --gui "127.0.0.1:$G_KI" --local-discovery off --name deck-1)
"$SYNC" --home "$E/st" add-peer "$ID_KI" "tcp://127.0.0.1:$P_KI" deck-1 >/dev/null
"$SYNC" --home "$K/st" add-peer "$ID_ED" "tcp://127.0.0.1:$P_ED" editor >/dev/null
check "two device IDs were generated" [ -n "$ID_ED" ] && [ -n "$ID_KI" ] && [ "$ID_ED" != "$ID_KI" ]
for f in "$E/st/config.xml" "$K/st/config.xml"; do
    for want in '<globalAnnounceEnabled>false<' '<localAnnounceEnabled>false<' \
            '<relaysEnabled>false<' '<natEnabled>false<' '<urAccepted>-1<' \
            '<crashReportingEnabled>false<' '<stunKeepaliveStartS>0<' \
            '<autoUpgradeIntervalH>0<' '<listenAddress>tcp://127.0.0.1:' '<address>127.0.0.1:'; do
        grep -q "$want" "$f" || fail "$f: expected $want"
    done
    check "$(basename "$(dirname "$(dirname "$f")")"): the peer's address is 127.0.0.1, not discovered" \
        grep -q '<address>tcp://127.0.0.1:' "$f"
done

start_st() {  # HOME LOG
    # STMONITORED: one process, no monitor parent that could outlive a kill
    STMONITORED=1 STNODEFAULTFOLDER=1 STNOUPGRADE=1 HOME="$1" syncthing serve --home="$1" --no-browser \
        --no-restart --no-upgrade --logfile=- >"$2" 2>&1 &
    pids="$pids $!"
}
start_st "$E/st" "$TMP/st-editor.log"
start_st "$K/st" "$TMP/st-kiosk.log"

# Wait until both daemons are connected to each other.
api() {  # GUIPORT HOME PATH
    key=$(sed -n 's/.*<apikey>\(.*\)<\/apikey>.*/\1/p' "$2/config.xml")
    curl -fsS -H "X-API-Key: $key" "http://127.0.0.1:$1$3" 2>/dev/null ||
        wget -qO- --header "X-API-Key: $key" "http://127.0.0.1:$1$3" 2>/dev/null
}
t=0; connected=0
while [ $t -lt $((LIMIT * 10)) ]; do
    if api "$G_ED" "$E/st" /rest/system/connections | tr -d ' \n' |
            grep -q "\"$ID_KI\":{[^}]*\"connected\":true"; then
        connected=1; break
    fi
    sleep 0.1; t=$((t + 1))
done
check "the two daemons connected over 127.0.0.1 (in $((t / 10)) s)" [ $connected = 1 ]

# Nothing but loopback: every socket the daemons hold is on 127.0.0.1, and
# none is UDP (no discovery broadcasts, no QUIC, no STUN).
socks=$(for p in $pids; do ss -Htanup 2>/dev/null | grep "pid=$p,"; done)
check "the daemons hold sockets" [ -n "$socks" ]
check "every daemon socket is on 127.0.0.1 (local and peer)" \
    sh -c "echo '$socks' | awk '{print \$5; print \$6}' |
           grep -Ev '^(127\\.0\\.0\\.1:[0-9]+|0\\.0\\.0\\.0:\\*|127\\.0\\.0\\.1:\\*)\$' | { ! grep .; }"
check "no daemon socket is UDP" sh -c "echo '$socks' | { ! grep -q '^udp'; }"

# The kiosk, running with its inbox and outbox.
cat >"$K/kiosk.conf" <<C
inbox = $K/inbox
inbox_quiet_seconds = 3
outbox = $K/outbox
kiosk_name = deck-1
status_seconds = 10
trusted_key = $E/editor.pub
require_signature = true
C
cat >"$TMP/run.txt" <<S
wait 1
shot $TMP/empty.bmp
settle
wait 30
shot $TMP/ed1.bmp
settle
wait 30
shot $TMP/ed2.bmp
settle
shot $TMP/bad.bmp
wait 2
quit
S
NEWSKIOSK_IMPORT_SHOTS="$TMP/shots" "$NK" run --config "$K/kiosk.conf" --db "$K/news.db" \
    --size 800x480 --script "$TMP/run.txt" 2>"$TMP/kiosk.log" &
kpid=$!
pids="$pids $kpid"
mkdir -p "$TMP/shots"

edition() {  # DIR ID TITLE-PREFIX: a bundle of three stories, signed
    rm -rf "$1"; mkdir -p "$1/articles"
    printf '{"format": 1, "id": "%s", "title": "Edition %s"}\n' "$2" "$2" >"$1/manifest.json"
    for i in 1 2 3; do
        printf '%s story %s\nThe summary of story %s.\nA paragraph of the body.\n' \
            "$3" "$i" "$i" >"$1/articles/000$i.txt"
    done
    (cd "$E" && "$NK" sign --key editor.key "$1" >/dev/null)
}
wait_for() {  # SECONDS CMD...: poll until CMD succeeds; prints the seconds it took
    lim=$1; shift; n=0
    while [ $n -lt $((lim * 10)) ]; do
        if "$@" >/dev/null 2>&1; then echo $((n / 10)).$((n % 10)); return 0; fi
        sleep 0.1; n=$((n + 1))
    done
    echo never; return 1
}
listed() { "$NK" list --db "$K/news.db" 2>/dev/null | grep -q "$1"; }

# 1. The first edition: publish -> Syncthing -> inbox -> import -> headlines.
wait_for 30 test -f "$TMP/empty.bmp" >/dev/null
edition "$E/stage/one" ed-1 "Harbour"
mkdir -p "$E/publish/news"
cp -R "$E/stage/one/." "$E/publish/news/"
took=$(wait_for "$LIMIT" listed "Harbour story 3")
check "edition 1: stored on the kiosk (publish -> stored: $took s)" [ "$took" != never ]
echo "timing: edition 1, publish to stored headlines: $took s (quiet period 3 s)"
took=$(wait_for "$LIMIT" test -f "$TMP/ed1.bmp")
check "edition 1: the headlines screen was shot" [ "$took" != never ]
check "edition 1: a network result frame: done 3 of 3" ls "$TMP/shots"/import-*-done-3of3.bmp
check "edition 1: the headlines show (not the empty screen)" \
    "$IMG" differ "$TMP/empty.bmp" "$TMP/ed1.bmp" 50
check "edition 1: nothing was imported half-synced (no refusal logged)" \
    [ "$(sqlite3 "$K/news.db" "SELECT count(*) FROM imports WHERE result <> 'imported'")" = 0 ]

# 2. A second edition synced over the first (same folder, files rewritten).
sleep 1   # signed a second later: a newer edition, not a roll-back
edition "$E/stage/two" ed-2 "Market"
cp -R "$E/stage/two/." "$E/publish/news/"
took=$(wait_for "$LIMIT" listed "Market story 3")
check "edition 2: replaces edition 1 (publish -> stored: $took s)" [ "$took" != never ]
echo "timing: edition 2, publish to stored headlines: $took s"
wait_for "$LIMIT" test -f "$TMP/ed2.bmp" >/dev/null
check "edition 2: the old stories are gone" sh -c "! '$NK' list --db '$K/news.db' | grep -q Harbour"
check "edition 2: the screen changed with the edition" "$IMG" differ "$TMP/ed1.bmp" "$TMP/ed2.bmp" 5
check "edition 2: signed by the editor's key" \
    [ "$(sqlite3 "$K/news.db" "SELECT signed FROM bundles WHERE id='ed-2'")" = 1 ]
before=$("$NK" list --db "$K/news.db")

# 3. A tampered edition: signed, then a story changed. Refused, content kept.
sleep 1
edition "$E/stage/three" ed-3 "Forged"
printf 'Forged story 1\nChanged after signing.\n' >"$E/stage/three/articles/0001.txt"
cp -R "$E/stage/three/." "$E/publish/news/"
took=$(wait_for "$LIMIT" test -f "$TMP/bad.bmp")
check "tampered: the kiosk finished with it ($took s)" [ "$took" != never ]
check "tampered: refused (the import log says rejected)" \
    [ "$(sqlite3 "$K/news.db" "SELECT result FROM imports ORDER BY n DESC LIMIT 1")" = rejected ]
check "tampered: the content is edition 2, unchanged" [ "$("$NK" list --db "$K/news.db")" = "$before" ]
check "tampered: a failed frame was shown" ls "$TMP/shots"/import-*-failed-*.bmp
wait "$kpid"
check "the kiosk exits 0" [ $? = 0 ]
check "the kiosk said where the stories came from" grep -q "inbox/news: imported 3 stories" "$TMP/kiosk.log"

# 4. The kiosk's status came back to the editor's side.
has_status() { grep -q '"result":[[:space:]]*"rejected"' "$E/fleet/deck-1.json"; }
took=$(wait_for "$LIMIT" has_status)
check "status: deck-1.json arrived in the editor's fleet folder ($took s)" [ "$took" != never ]
"$NK" fleet "$E/fleet" >"$TMP/fleet.txt"
rc=$?
cat "$TMP/fleet.txt"
check "fleet: exits 0 (the kiosk is fresh)" [ $rc = 0 ]
check "fleet: a line for deck-1 with edition 2 and the editor's key" \
    sh -c "grep '^deck-1 ' '$TMP/fleet.txt' | grep ' ok ' | grep -q ' ed-2 '"
keyid=$(sqlite3 "$K/news.db" "SELECT key_id FROM bundles WHERE id='ed-2'")
check "fleet: the signing key is named ($keyid)" grep -q "$keyid" "$TMP/fleet.txt"
check "fleet: 3 articles, the last import rejected" \
    sh -c "grep '^deck-1 ' '$TMP/fleet.txt' | grep -q ' 3  .* rejected'"
mkdir -p "$TMP/old"
sed 's/"written_at":[^,]*/"written_at": "2020-01-01T00:00:00Z"/' "$E/fleet/deck-1.json" \
    >"$TMP/old/deck-9.json"
"$NK" fleet "$TMP/old" >"$TMP/old.txt"
check "fleet: a kiosk silent since 2020 is flagged STALE, and fleet exits 1" \
    sh -c "[ $? = 1 ] && grep -q '^deck-1 .*STALE' '$TMP/old.txt'"
finish

#!/bin/sh
# Write the stories stored in a newskiosk database as one static HTML page:
# the Chromium kiosk that `make bench` measures newskiosk against. It looks
# like the kiosk's headline screen (dark card, large bold headline, summary,
# source and date, category pill, "n / N" position, status bar with clock)
# and cycles the headlines every 8 s with a 400 ms slide, as newskiosk does
# by default; a touch opens the whole article, Back returns. No network, no
# external files: everything is inline. Opened as page.html#still it does not
# cycle (what "between transitions" means for the CPU figure).
# usage: scripts/bench/gen-html.sh DB OUT.html
# Needs the sqlite3 command-line tool. Stories come in the kiosk's display
# order (pin, priority, file name, id).
set -eu
db=${1:?usage: gen-html.sh DB OUT.html}
out=${2:?usage: gen-html.sh DB OUT.html}
US=$(printf '\037')
RS=$(printf '\036')
updated=$(sqlite3 "$db" "SELECT coalesce(max(imported_at), '') FROM bundles" | cut -c1-10)

sqlite3 -batch -noheader -list -separator "$US" -newline "$RS" "$db" \
    "SELECT id, title, summary, body, source, published, category FROM articles
     WHERE expires = '' OR expires >= date('now')
     ORDER BY pin DESC, priority, file, id" |
awk -v RS="$RS" -v FS="$US" -v updated="$updated" '
function esc(s) {
    gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s)
    return s
}
function fmtdate(d,   m) {
    if (d !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/) return ""
    split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", m, " ")
    return (substr(d, 9, 2) + 0) " " m[substr(d, 6, 2) + 0] " " substr(d, 1, 4)
}
BEGIN {
    print "<!DOCTYPE html>"
    print "<html lang=\"en\"><head><meta charset=\"utf-8\">"
    print "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    print "<title>newskiosk (Chromium peer)</title>"
    print "<style>"
    print "html,body{margin:0;height:100%;overflow:hidden;background:#13161d;color:#f2f4f8;"
    print " font-family:\"DejaVu Sans\",\"NanumGothic\",sans-serif;-webkit-user-select:none;user-select:none}"
    print "#stage{position:absolute;left:0;top:0;right:0;bottom:42px;overflow:hidden}"
    print ".story{position:absolute;left:0;top:0;right:0;bottom:0;padding:132px 28px 0 28px;"
    print " opacity:0;transform:translateX(100%);transition:transform .4s ease,opacity .4s ease;cursor:pointer}"
    print ".story.on{opacity:1;transform:none}"
    print ".story.off{opacity:0;transform:translateX(-100%)}"
    print ".pill{position:absolute;left:26px;top:29px;padding:5px 16px;"
    print " background:#f5b83d;color:#13161d;font-size:17px;font-weight:bold}"
    print ".story h1{margin:0 0 22px 0;font-size:44px;line-height:1.15;font-weight:bold}"
    print ".story p.sum{margin:0 0 22px 0;font-size:26px;line-height:1.45;color:#c2c7d0}"
    print ".meta{font-size:18px;color:#8a909b}"
    print "#all{position:absolute;right:24px;top:18px;padding:12px 16px;background:#232833;"
    print " color:#c2c7d0;font-size:18px;font-weight:bold;z-index:2}"
    print "#pos{position:absolute;left:0;right:0;bottom:54px;text-align:center;color:#8a909b;"
    print " font-size:16px;font-weight:bold;z-index:2}"
    print "#bar{position:absolute;left:0;right:0;bottom:0;height:42px;background:#0e1015;"
    print " border-top:1px solid #262a33;display:flex;align-items:center;padding:0 24px;"
    print " font-size:16px;color:#8a909b;gap:18px}"
    print "#clock{color:#f2f4f8;font-weight:bold}#hint{color:#f0b23c;margin-left:auto}"
    print "#art{position:absolute;inset:0;background:#13161d;display:none;overflow-y:auto;z-index:3}"
    print "#art.open{display:block}"
    print "#top{position:sticky;top:0;height:68px;background:#0e1015;border-bottom:1px solid #262a33}"
    print "#back{position:absolute;left:15px;top:9px;padding:10px 24px;background:#232833;"
    print " color:#f0b23c;font-size:26px;font-weight:bold;cursor:pointer}"
    print "#art .col{padding:24px 36px 48px 36px}"
    print "#art h1{font-size:36px;margin:0 0 12px 0}#art .meta{margin-bottom:18px}"
    print "#art .sum{font-size:26px;line-height:1.45;color:#c2c7d0;padding-bottom:18px;"
    print " border-bottom:4px solid #f0b23c;display:inline-block}"
    print "#art .body p{font-size:22px;line-height:1.6}"
    print ".full{display:none}"
    print "</style></head><body>"
    print "<div id=\"stage\">"
    n = 0
}
{
    if (NF < 7) next
    n++
    id = $1; title = $2; sum = $3; body = $4; src = $5; pub = $6; cat = $7
    sub(/^\n+/, "", id)
    meta = esc(src)
    d = fmtdate(pub)
    if (d != "") meta = meta (meta != "" ? " \302\267 " : "") d
    printf "<section class=\"story%s\" data-id=\"%s\">", (n == 1 ? " on" : ""), esc(id)
    if (cat != "") printf "<span class=\"pill\">%s</span>", esc(cat)
    printf "<h1>%s</h1><p class=\"sum\">%s</p><div class=\"meta\">%s</div>", esc(title), esc(sum), meta
    printf "<div class=\"full\">"
    np = split(body, para, /\n\n+/)
    for (i = 1; i <= np; i++) {
        p = para[i]; gsub(/\n/, " ", p)
        if (p != "") printf "<p>%s</p>", esc(p)
    }
    print "</div></section>"
}
END {
    print "</div>"
    print "<div id=\"all\">All stories</div>"
    printf "<div id=\"pos\">1 / %d</div>\n", n
    print "<div id=\"bar\"><span id=\"clock\"></span><span id=\"date\"></span>"
    printf "<span id=\"hint\">Touch a story to read it</span><span>content updated %s</span></div>\n", fmtdate(updated)
    print "<div id=\"art\"><div id=\"top\"><span id=\"back\">&#8249; Back</span></div>"
    print "<div class=\"col\"><h1></h1><div class=\"meta\"></div><div class=\"sum\"></div><div class=\"body\"></div></div></div>"
    print "<script>"
    print "(function(){"
    print "var s=document.querySelectorAll(\".story\"),pos=document.getElementById(\"pos\"),i=0,t=null;"
    print "var art=document.getElementById(\"art\");"
    print "function show(j){if(!s.length)return;var o=s[i];o.className=\"story off\";"
    print " var k=i;setTimeout(function(){if(k!==i)s[k].className=\"story\";},450);"
    print " i=(j+s.length)%s.length;s[i].className=\"story on\";pos.textContent=(i+1)+\" / \"+s.length;}"
    print "var P=[\"#f5b83d\",\"#5ec4f2\",\"#7fcb86\",\"#ff8c69\",\"#c18de0\",\"#4dc2b4\",\"#f27ba6\",\"#b5d96b\"];"
    print "document.querySelectorAll(\".pill\").forEach(function(e){var h=2166136261,t=e.textContent;"
    print " for(var k=0;k<t.length;k++)h=Math.imul(h^t.charCodeAt(k),16777619)>>>0;e.style.background=P[h%8];});"
    print "function cycle(){t=setInterval(function(){show(i+1);},8000);}"
    print "var D=[\"Sun\",\"Mon\",\"Tue\",\"Wed\",\"Thu\",\"Fri\",\"Sat\"],"
    print " M=[\"Jan\",\"Feb\",\"Mar\",\"Apr\",\"May\",\"Jun\",\"Jul\",\"Aug\",\"Sep\",\"Oct\",\"Nov\",\"Dec\"];"
    print "function clock(){var d=new Date(),h=d.getHours(),m=d.getMinutes();"
    print " document.getElementById(\"clock\").textContent=(h<10?\"0\":\"\")+h+\":\"+(m<10?\"0\":\"\")+m;"
    print " document.getElementById(\"date\").textContent=D[d.getDay()]+\" \"+d.getDate()+\" \"+M[d.getMonth()];"
    print " setTimeout(clock,60000-d.getSeconds()*1000-d.getMilliseconds());}"
    print "document.getElementById(\"stage\").addEventListener(\"click\",function(){"
    print " var c=s[i];if(!c)return;clearInterval(t);"
    print " art.querySelector(\"h1\").textContent=c.querySelector(\"h1\").textContent;"
    print " art.querySelector(\".meta\").textContent=c.querySelector(\".meta\").textContent;"
    print " art.querySelector(\".sum\").textContent=c.querySelector(\".sum\").textContent;"
    print " art.querySelector(\".body\").innerHTML=c.querySelector(\".full\").innerHTML;"
    print " art.className=\"open\";art.scrollTop=0;});"
    print "document.getElementById(\"back\").addEventListener(\"click\",function(){art.className=\"\";cycle();});"
    print "clock();if(location.hash!==\"#still\")cycle();"
    print "})();"
    print "</script></body></html>"
}' >"$out"

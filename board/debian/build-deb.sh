#!/bin/sh
# Turn a staged install into newskiosk_VERSION_ARCH.deb with the Debian tools
# (called by `make deb`, mk/deb.mk, after it staged `make install` and
# `make install-board` into WORK/debian/newskiosk with PREFIX=/usr).
#
# usage: board/debian/build-deb.sh WORK OUTDIR VERSION ARCH
#   STRIP=...   the strip for the binary's architecture (default strip)
#
# dpkg-shlibdeps computes Depends from the binary's libraries (a fixed list
# when it cannot, e.g. a cross build without the target's packages),
# dpkg-gencontrol writes DEBIAN/control from board/debian/control and
# board/debian/changelog (with Installed-Size), and dpkg-deb builds it with
# every file owned by root. Nothing here needs root or debhelper.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# = 4 ] || { sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
work=$1 out=$2 version=$3 arch=$4
pkg=newskiosk
P=$work/debian/$pkg
STRIP=${STRIP:-strip}
say() { echo "deb: $*"; }
die() { echo "deb: $*" >&2; exit 1; }

[ -x "$P/usr/bin/newskiosk" ] || die "nothing staged at $P (run make deb)"
for t in dpkg-deb dpkg-gencontrol dpkg-shlibdeps; do
    command -v "$t" >/dev/null 2>&1 || die "$t is missing: apt-get install dpkg-dev"
done

# --- the tree ----------------------------------------------------------------
# the binary as Debian ships it: no debug sections (-g stays in the build dir)
"$STRIP" --strip-unneeded --remove-section=.comment --remove-section=.note \
    "$P/usr/bin/newskiosk"
# the configuration, a conffile: dpkg keeps local edits on every upgrade
install -D -m 0644 "$root/board/newskiosk.conf" "$P/etc/newskiosk.conf"
doc=$P/usr/share/doc/$pkg
install -d "$doc"
install -m 0644 "$here/copyright" "$doc/copyright"
gzip -9n <"$here/changelog" >"$doc/changelog.gz"
gzip -9n <"$root/board/README.md" >"$doc/README.board.md.gz"
chmod 0644 "$doc/changelog.gz" "$doc/README.board.md.gz"
# no group- or world-writable bits from the umask of whoever built it
chmod -R u+rwX,go+rX,go-w "$P"

# --- DEBIAN/ -------------------------------------------------------------------
rm -rf "$P/DEBIAN"
install -d -m 0755 "$P/DEBIAN"
for s in postinst prerm postrm; do
    install -m 0755 "$here/$s" "$P/DEBIAN/$s"
done
echo /etc/newskiosk.conf >"$P/DEBIAN/conffiles"
chmod 0644 "$P/DEBIAN/conffiles"

# the Debian tools want debian/control and debian/changelog where they run
cp "$here/control" "$here/changelog" "$work/debian/"
subst=debian/$pkg.substvars
rm -f "$work/$subst" "$work/debian/files"
fixed="libc6, libsdl2-2.0-0, libsdl2-ttf-2.0-0, libsdl2-image-2.0-0, libsqlite3-0, libcjson1,
 libsodium23, libicu72, libfontconfig1, libdrm2, libxml2, libqrencode4"
if (cd "$work" && dpkg-shlibdeps -T"$subst" "debian/$pkg/usr/bin/newskiosk") \
       2>"$work/shlibdeps.log"; then
    grep -v 'useless dependency' "$work/shlibdeps.log" >&2 || true
else
    sed 's/^/# /' "$work/shlibdeps.log" >&2
    say "dpkg-shlibdeps could not resolve the libraries (a cross build?): the fixed list"
    echo "shlibs:Depends=$(echo "$fixed" | tr -d '\n')" >"$work/$subst"
fi
(cd "$work" && dpkg-gencontrol -p"$pkg" -P"debian/$pkg" -T"$subst" \
    -v"$version" -DArchitecture="$arch")
# dpkg-gencontrol leaves Installed-Size, and files in debian/files we do not use
rm -f "$work/debian/files"

(cd "$P" && find . -path ./DEBIAN -prune -o -type f ! -path ./etc/newskiosk.conf -print |
    sed 's|^\./||' | LC_ALL=C sort | xargs -d '\n' md5sum) >"$P/DEBIAN/md5sums"
chmod 0644 "$P/DEBIAN/md5sums"

# --- the package ---------------------------------------------------------------
mkdir -p "$out"
deb=$out/${pkg}_${version}_${arch}.deb
# xz: the smallest package to carry on a stick; dpkg in Debian 10+ reads it
dpkg-deb --root-owner-group -Zxz --build "$P" "$deb" >/dev/null
say "$deb ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb -f "$deb" Depends | sed 's/^/deb: Depends: /'

#!/usr/bin/env python3
"""Helpers for tests/e2e/langs_ocr.sh (python3 standard library only).

  ocr.py meta ARTICLE            lang, tesseract code, and "words" or "chars"
  ocr.py text ARTICLE            category, title, source, summary, paragraphs,
                                 one a paragraph (what the reference shows)
  ocr.py source ARTICLE          title, summary, paragraphs (what is scored)
  ocr.py stitch OUT.ppm SHOT...  one tall picture of an article from the
                                 screenshots taken while paging down (BMP)
  ocr.py score ARTICLE OCR.txt... [-v]
                                 fraction of the source recovered by the best
                                 of the OCR readings: "FRACTION FOUND TOTAL"
                                 (-v: and what that reading missed)

Scoring: for languages written with spaces, the share of the source's
distinct words found among the OCR's words; for zh, ja, th and my, the share
of the source's letters (with their combining marks) recovered, counted as a
multiset. Both sides are normalised the same way: NFC, case-folded, digits of
every script as ASCII, punctuation and symbols and format characters
(ZWNJ, ZWJ) removed, and in Arabic-script languages the letter variants an
OCR model may confuse (Arabic/Farsi yeh and kaf) and harakat folded.
"""
import collections
import struct
import sys
import unicodedata

# article lang -> (tesseract model, scoring). The Arabic and Hindi stories
# hold English words in Latin script on purpose: their model adds eng.
LANGS = {
    "en": ("eng", "words"), "vi": ("vie", "words"), "ru": ("rus", "words"),
    "uk": ("ukr", "words"), "el": ("ell", "words"), "hy": ("hye", "words"),
    "ka": ("kat", "words"), "ko": ("kor", "words"), "zh": ("chi_sim", "chars"),
    "ja": ("jpn", "chars"), "ar": ("ara+eng", "words"), "fa": ("fas", "words"),
    "ur": ("urd", "words"), "ps": ("pus", "words"), "he": ("heb", "words"),
    "hi": ("hin+eng", "words"), "bn": ("ben", "words"), "ta": ("tam", "words"),
    "th": ("tha", "chars"), "my": ("mya", "chars"), "am": ("amh", "words"),
    "ti": ("tir", "words"),
}
ARABIC_SCRIPT = {"ar", "fa", "ur", "ps"}


def parse(path):
    """(front matter dict, [title, summary, paragraph...]) the simple way."""
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\r\n") for l in f]
    meta = {}
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        for l in lines[1:end]:
            k, _, v = l.partition(":")
            meta[k.strip()] = v.strip()
        lines = lines[end + 1:]
    return meta, [l.strip() for l in lines if l.strip()]


def normalise(s, lang):
    s = unicodedata.normalize("NFC", s).casefold()
    out = []
    for ch in s:
        cat = unicodedata.category(ch)
        if cat == "Nd":
            out.append(str(unicodedata.decimal(ch)))
        elif cat[0] in "PS" or cat == "Cf":
            continue
        elif lang in ARABIC_SCRIPT and ("\u064b" <= ch <= "\u065f" or ch in "\u0670\u0640"):
            continue
        elif lang in ARABIC_SCRIPT and ch in "\u064a\u0649":    # Arabic yeh, alef maksura
            out.append("\u06cc")
        elif lang in ARABIC_SCRIPT and ch == "\u0643":          # Arabic kaf
            out.append("\u06a9")
        elif cat[0] == "Z" or ch in "\t\n\r":
            out.append(" ")
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def score(lang, src, ocr, missed=None):
    """(fraction, found, total); what was not found goes into missed."""
    a, b = normalise(src, lang), normalise(ocr, lang)
    if LANGS[lang][1] == "words":
        want = set(a.split())
        got = set(b.split())
        found = len(want & got)
        if missed is not None:
            missed.extend(w for w in a.split() if w in want - got)
        return (found / len(want) if want else 0.0), found, len(want)

    def letters(t):
        return collections.Counter(c for c in t if unicodedata.category(c)[0] in "LM")

    want, got = letters(a), letters(b)
    total = sum(want.values())
    found = sum(min(n, got[c]) for c, n in want.items())
    if missed is not None:
        missed.extend(c * (n - got[c]) for c, n in want.items() if n > got[c])
    return (found / total if total else 0.0), found, total


# --- screenshots -----------------------------------------------------------

def read_bmp(path):
    """(width, height, rows top-down as RGB bytes) of an uncompressed or
    BITFIELDS 24/32-bit BMP (what SDL_SaveBMP writes)."""
    with open(path, "rb") as f:
        d = f.read()
    if d[:2] != b"BM":
        raise ValueError(path + ": not a BMP")
    off = struct.unpack_from("<I", d, 10)[0]
    hsize, w, h, _, bpp, comp = struct.unpack_from("<IiiHHI", d, 14)
    if bpp not in (24, 32) or comp not in (0, 3):
        raise ValueError("%s: %d bpp, compression %d not handled" % (path, bpp, comp))
    shifts = [16, 8, 0]  # r, g, b in a little-endian 32-bit pixel (BGRA)
    if bpp == 32 and comp == 3:
        masks = struct.unpack_from("<III", d, 14 + 40 if hsize >= 52 else 14 + hsize)
        shifts = [(m & -m).bit_length() - 1 for m in masks]
    bottom_up = h > 0
    h = abs(h)
    step = bpp // 8
    stride = (w * step + 3) & ~3
    rows = []
    for y in range(h):
        sy = h - 1 - y if bottom_up else y
        raw = d[off + sy * stride: off + sy * stride + w * step]
        if bpp == 24:
            rgb = bytearray(w * 3)
            rgb[0::3], rgb[1::3], rgb[2::3] = raw[2::3], raw[1::3], raw[0::3]
        else:
            rgb = bytearray(w * 3)
            for i, s in enumerate(shifts):
                rgb[i::3] = raw[s // 8::4]
        rows.append(bytes(rgb))
    return w, h, rows


def stitch(out, shots):
    """Screens of one article, paged down, as one picture: the shots after
    the story's end (a shot the same as the one before) are dropped, the top
    bar (rows the same on every screen) is cut off, and each further screen
    adds only the rows it scrolled in, found by matching it against the
    screen before (only the left 90 % is compared: the scroll bar moves).
    Prints the number of distinct screens."""
    pics = []
    for p in shots:
        w, h, rows = read_bmp(p)
        if pics and rows == pics[-1][2]:
            break
        pics.append((w, h, rows))
    w, h, _ = pics[0]
    cmpw = (w * 9 // 10) * 3
    key = [[r[:cmpw] for r in p[2]] for p in pics]
    top = 0
    if len(pics) > 1:
        while top < h // 3 and all(k[top] == key[0][top] for k in key):
            top += 1
    out_rows = list(pics[0][2][top:])
    ch = h - top
    for i in range(1, len(pics)):
        a, b = key[i - 1][top:], key[i][top:]
        # NOTE: the last rows of a screen are left out of the match: a line
        # cut by the bottom edge can differ there by a row or two from the
        # same line drawn whole (SDL's software renderer at the edge)
        edge = 4
        shift = None
        for d in range(1, ch - edge):
            if a[d:ch - edge] == b[:ch - d - edge]:
                shift = d
                break
        if shift is None:  # no exact match: the fewest differing rows
            best = None
            for d in range(1, ch - edge):
                bad = sum(1 for x, y in zip(a[d:ch - edge], b[:ch - d - edge]) if x != y)
                if best is None or bad < best[0]:
                    best = (bad, d)
            shift = best[1]
        out_rows.extend(pics[i][2][top + ch - shift:])
    with open(out, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, len(out_rows)))
        f.write(b"".join(out_rows))
    print(len(pics))


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "meta":
        meta, _ = parse(argv[2])
        lang = meta.get("lang", "")
        model, how = LANGS[lang]
        print(lang, model, how)
    elif cmd in ("text", "source"):
        meta, t = parse(argv[2])
        if cmd == "text":
            t = [meta.get("category", ""), t[0], meta.get("source", "")] + t[1:]
        sys.stdout.write("\n\n".join(x for x in t if x) + "\n")
    elif cmd == "stitch":
        stitch(argv[2], argv[3:])
    elif cmd == "score":
        meta, t = parse(argv[2])
        verbose = argv[-1] == "-v"
        best = None
        for path in argv[3:len(argv) - verbose]:
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    ocr = f.read()
            except OSError:
                ocr = ""
            missed = []
            r = score(meta["lang"], "\n".join(t), ocr, missed)
            if best is None or r[0] > best[0][0]:
                best = (r, missed)
        (frac, found, total), missed = best
        print("%.3f %d %d" % (frac, found, total))
        if verbose:
            print("missed:", " ".join(missed))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/python3
"""Writes the page's Chinese font: Noto Sans CJK SC (Debian's fonts-noto-cjk) cut down to the characters a
Chinese reader needs, so the page fetches ~2 MB instead of 16 MB, and only when Chinese is on screen.

Kept: every hanzi of GB 2312 (levels 1 and 2: 6,763 characters, the set simplified Chinese text is written
in; listed by decoding its code table with Python's gb2312 codec), CJK punctuation (U+3000-303F), full-width
forms (U+FF00-FFEF), and every non-Latin character of the catalogues and lessons given.

A second, larger cut (--all) holds every CJK ideograph the font has (U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF)
with kana: the page loads it only when a reader's text has a character the first one lacks. A tiny cut
(--only TEXT) holds just TEXT's characters: the language picker's "中文" on pages that are not Chinese.

usage: scripts/subset_cjk_font.py OUT.otf [TEXT_FILES...]
       scripts/subset_cjk_font.py --all OUT.otf
       scripts/subset_cjk_font.py --only TEXT OUT.otf
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def gb2312_hanzi():
    chars = set()
    for row in range(0xB0, 0xF8):  # rows 16-87: the hanzi
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    if not os.path.exists(SOURCE):
        sys.exit(f"subset_cjk_font: {SOURCE} is missing (apt install fonts-noto-cjk; scripts/setup.sh does)")
    punctuation = {chr(c) for c in range(0x3000, 0x3040)} | {chr(c) for c in range(0xFF00, 0xFFF0)}
    if args[0] == "--only" and len(args) == 3:
        chars, out = set(args[1]), args[2]
    elif args[0] == "--all" and len(args) == 2:
        out = args[1]
        ranges = [(0x3040, 0x3100), (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)]
        chars = punctuation | {chr(c) for a, b in ranges for c in range(a, b)}
    else:
        out, texts = args[0], args[1:]
        chars = gb2312_hanzi() | punctuation
        for path in texts:
            with open(path, encoding="utf-8") as f:
                chars |= {c for c in f.read() if ord(c) >= 0x2E80}
    collection = TTCollection(SOURCE)
    font = next(f for f in collection.fonts if f["name"].getDebugName(4) == "Noto Sans CJK SC")
    options = subset.Options()
    options.layout_features = []  # ImGui does no shaping: no GSUB/GPOS
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    font.save(out)
    print(f"subset_cjk_font: {len(chars)} characters, {os.path.getsize(out) / 1e6:.2f} MB -> {out}")


if __name__ == "__main__":
    main()

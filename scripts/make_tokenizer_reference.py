#!/usr/bin/env python3
"""Writes tests/data/tokenizer_reference.json: GPT-2 token ids for 250+ strings, computed independently
of the C++ engine by OpenAI's published algorithm (encoder.py: the `regex` pattern, bytes_to_unicode,
merges by rank), re-implemented here on Debian's python3-regex. Also the ids with the tokenizer cut to its
first 7,936 merges (vocab 8192, the default model's). Cross-checks every string against the npm
gpt-3-encoder JavaScript encoder when node is available and reports any disagreement.

usage: scripts/make_tokenizer_reference.py [TOKENIZER_DIR]   (default assets/gpt2-tokenizer)
"""
import json
import os
import random
import subprocess
import sys

import regex

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PATTERN = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


class Encoder:
    def __init__(self, directory, n_merges=None):
        with open(os.path.join(directory, "encoder.json"), encoding="utf-8") as f:
            self.encoder = json.load(f)
        with open(os.path.join(directory, "vocab.bpe"), encoding="utf-8") as f:
            merges = [tuple(line.split()) for line in f.read().split("\n")[1:] if line]
        if n_merges is not None:
            merges = merges[:n_merges]
        self.ranks = {pair: i for i, pair in enumerate(merges)}
        self.byte_encoder = bytes_to_unicode()

    def bpe(self, token):
        word = list(token)
        while len(word) > 1:
            pairs = {(word[i], word[i + 1]) for i in range(len(word) - 1)}
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            merged, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and (word[i], word[i + 1]) == best:
                    merged.append(word[i] + word[i + 1])
                    i += 2
                else:
                    merged.append(word[i])
                    i += 1
            word = merged
        return word

    def encode(self, text):
        ids = []
        for piece in PATTERN.findall(text):
            mapped = "".join(self.byte_encoder[b] for b in piece.encode("utf-8"))
            ids.extend(self.encoder[t] for t in self.bpe(mapped))
        return ids


HANDWRITTEN = [
    "", " ", "  ", "\n", "\n\n", "\t", " \t\n ", "a", "A", "Hello world", "Hello, world!", "hello   world",
    "The animal didn't cross the street because it was too tired.",
    "The cat sat on the mat.", "Alice emailed Bob because she", "unhappily", "antidisestablishmentarianism",
    "I'm", "you're", "we've", "he'll", "she'd", "it's", "don't", "DON'T", "Don'T", "I'M", "they'RE",
    "rock 'n' roll", "'s", "'twas", "o'clock", "'''", "''s", "y'all'll'd've", "’s curly apostrophe’s",
    "1", "12", "123", "1234", "12345", "3.14159", "1,000,000", "2026-11-24", "v1.2.3", "0x1F600", "-42", "+7",
    "1st 2nd 3rd 4th", "½ ¾ ² ³", "Ⅻ roman", "٣٤٥ arabic digits", "१२३ devanagari digits",
    "hello\nworld", "hello\n\nworld", "hello \n world", "trailing space ", "trailing spaces   ",
    "  leading spaces", "\n\n\nthree newlines", "tab\there", "mixed \t \n \r\n endings", "a  b   c    d",
    "end.\n", "x\u00a0y no-break space", "thin\u2009space", "ideographic\u3000space", "line\u2028separator",
    "zero\u200bwidth", "word\u0085next", "!!!", "???", "...", "…", "--", "—", "–", "(parens)", "[brackets]",
    "{braces}", "<html><body>", "a+b=c", "x*y/z", "50% off", "$100", "€20", "£5", "¥1000", "#hashtag", "@mention",
    "email@example.com", "https://example.com/path?q=1&r=2", "C:\\Windows\\path", "snake_case_name",
    "camelCaseName", "ALLCAPS", "MiXeD CaSe", "naïve café", "résumé", "Zürich", "São Paulo", "Ærøskøbing",
    "straße", "İstanbul", "ﬁ ligature", "e\u0301 combining", "Ω≈ç√∫˜µ≤≥÷", "√2 · π ≈ 4.44", "Σ wᵢ·V(xᵢ)",
    "→ ← ↑ ↓", "日本語", "こんにちは世界", "中文字符测试", "한국어 텍스트", "Привет, мир!", "Γειά σου Κόσμε",
    "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก", "Tiếng Việt có dấu", "ქართული",
    "😀", "🤗 hugging face", "👍🏽", "👨‍👩‍👧‍👦 family", "🇫🇷 flag", "emoji😀inside", "❤️", "✓ ✗ ★",
    "mix 日本 and English 123 😀!", "Ünïcödé ünd ASCII", "tab\tseparated\tvalues", "CSV,with,commas",
    "def f(x):\n    return x * 2\n", "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}", "SELECT * FROM t;",
    "    indented code", "# heading\n\n- item\n- item", "| a | b |\n|---|---|", "\"quoted\" 'single'",
    "it's 5 o'clock's", "The year 1999 was 'great'", "multiple     spaces     between", " ' ", " 's", "x 's",
    "\u0000nul", "bell\u0007", "del\u007f", "\ufeffBOM", "\U0001D400 math bold", "𝔉𝔯𝔞𝔨𝔱𝔲𝔯", "ｆｕｌｌｗｉｄｔｈ",
]

POOL = [
    "the", " the", "The", " animal", " street", " because", " it", " was", " tired", "cat", " sat", " on", " mat",
    "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "n't", " 2024", "42", "3.5", " ", "  ", "\n", "\n\n", "\t",
    ",", ".", "!", "?", ";", ":", "-", "—", "(", ")", "\"", "'", "é", "ü", "ñ", "ø", "日本", "語", "中文", "한",
    "Привет", " мир", "Γειά", "مرحبا", "नमस्ते", "😀", "🤗", "👍🏽", "✓", "√", "Σ", "→", "½", "٣", "१२", "\u00a0",
    "\u3000", "ab", "xyz", "QRS", "_", "/", "\\", "http", "://", "www", ".com", "#", "@", "$", "%", "&", "*", "+",
]


def generated(count, seed=20261124):
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        out.append("".join(rnd.choice(POOL) for _ in range(rnd.randint(1, 14))))
    return out


def js_reference(strings):
    """ids from the npm gpt-3-encoder package, or None when node or the package is missing."""
    script = "const {encode}=require('gpt-3-encoder');const s=JSON.parse(require('fs').readFileSync(0,'utf8'));" \
             "process.stdout.write(JSON.stringify(s.map(x=>encode(x))));"
    try:
        r = subprocess.run(["node", "-e", script], input=json.dumps(strings), capture_output=True, text=True, cwd=ROOT,
                           timeout=120)
        return json.loads(r.stdout) if r.returncode == 0 else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "assets", "gpt2-tokenizer")
    full = Encoder(directory)
    cut = Encoder(directory, n_merges=8192 - 256)
    strings = HANDWRITTEN + generated(150)
    cases = [{"text": s, "ids": full.encode(s), "ids_vocab8192": cut.encode(s)} for s in strings]
    js = js_reference(strings)
    if js is None:
        print("note: node gpt-3-encoder not available; no cross-check", file=sys.stderr)
    else:
        differ = [c["text"] for c, j in zip(cases, js) if c["ids"] != j]
        print(f"cross-check with gpt-3-encoder: {len(cases) - len(differ)}/{len(cases)} agree", file=sys.stderr)
        for d in differ:
            print(f"  differs: {d!r}", file=sys.stderr)
    out = os.path.join(ROOT, "tests", "data", "tokenizer_reference.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"source": "OpenAI GPT-2 encoder.py algorithm on python3-regex " + regex.__version__,
                   "cases": cases}, f, ensure_ascii=False, indent=0)
    print(f"wrote {out}: {len(cases)} strings", file=sys.stderr)


if __name__ == "__main__":
    main()

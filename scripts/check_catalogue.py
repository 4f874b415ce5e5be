#!/usr/bin/env python3
"""Checks the language catalogues (assets/lang/) against the code and against English.

- every key the code looks up (tr/trf/label("key"), trn("key") as key.one and key.other, t(lang, 'key') in
  web/*.js, data-i18n="key" in web/*.html) exists in English;
- the keys each language lacks are listed (the page shows English for them) — and must be none;
- every translation has the same {placeholders} as English;
- each lesson translation has English's steps, paragraph counts, quizzes (choices, answers) and formula symbols.
Prints what it checked; exits 1 on any failure.

usage: scripts/check_catalogue.py [ROOT]
"""
import json
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
LANG = os.path.join(ROOT, "assets", "lang")
CALL = re.compile(r'\b(tr|trf|trn|label|label_id)\(\s*"([^"]+)"')
JS_CALL = re.compile(r"\b(?:t\(\s*\w+\s*,|T\()\s*'([^']+)'")
HTML_KEY = re.compile(r'data-i18n(?:-label)?="([^"]+)"')
TERNARY = re.compile(r'\b(?:tr|trf|label|label_id)\([^"()]*\?\s*"([a-z0-9_.]+)"\s*:\s*"([a-z0-9_.]+)"')
PLACEHOLDER = re.compile(r"\{(\w+)\}")


KEY_LITERAL = re.compile(r'"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"')
KEY_PREFIX = re.compile(r'"([a-z0-9_]+(?:\.[a-z0-9_]+)*\.)"')
mentioned = set()


def keys_in_code():
    keys = {}
    for folder, _, files in os.walk(os.path.join(ROOT, "src", "app")):
        for name in files:
            if not name.endswith((".cpp", ".h", ".def")) or name.startswith("i18n."):  # i18n.h's examples are not lookups
                continue
            path = os.path.join(folder, name)
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                for key in KEY_LITERAL.findall(line):  # a key chosen by a ternary: tr(dark ? "frame.light" : ...)
                    mentioned.add(key)
                for prefix in KEY_PREFIX.findall(line):  # a key built at run time: "lesson.button." + id
                    mentioned.add(prefix.rstrip("."))
                for key in [k for pair in TERNARY.findall(line) for k in pair]:  # tr(c ? "a.b" : "c.d"): both
                    keys.setdefault(key, f"{os.path.relpath(path, ROOT)}:{n}")
                for fn, key in CALL.findall(line):
                    where = f"{os.path.relpath(path, ROOT)}:{n}"
                    for k in ([key + ".one", key + ".other"] if fn == "trn" else [key]):
                        keys.setdefault(k, where)
    for name in os.listdir(os.path.join(ROOT, "web")):
        if name.endswith((".js", ".html")):
            path = os.path.join(ROOT, "web", name)
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                for key in JS_CALL.findall(line) + HTML_KEY.findall(line):
                    keys.setdefault(key, f"web/{name}:{n}")
    return keys


def strings(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def lesson_shape(lesson):
    steps = [(s["id"], len(s["paragraphs"]), [(len(q["choices"]), q["answer"]) for q in s.get("quiz", [])])
             for s in lesson["steps"]]
    return steps, [p["symbol"] for p in lesson.get("formula", [])]


def main():
    failures = []
    english = strings(os.path.join(LANG, "en.json"))
    used = keys_in_code()
    missing_en = sorted(k for k in used if k not in english)
    for k in missing_en:
        failures.append(f"en: key {k!r} (used at {used[k]}) is not in assets/lang/en.json")
    unused = sorted(k for k in english if k not in used and k not in mentioned and k.rsplit(".", 1)[0] not in mentioned)
    print(f"catalogue: {len(used)} keys used in the code, {len(english)} in English"
          + (f"; not used (kept): {', '.join(unused)}" if unused else ""))
    with open(os.path.join(ROOT, "assets", "lesson.json"), encoding="utf-8") as f:
        lesson_en = lesson_shape(json.load(f))
    for code in ("es", "zh"):
        own = strings(os.path.join(LANG, f"{code}.json"))
        missing = sorted(k for k in english if k not in own)
        print(f"{code}: {len(own)} keys; missing (shown in English): {missing if missing else 'none'}")
        failures += [f"{code}: missing key {k!r}" for k in missing]
        for k, v in own.items():
            if k not in english:
                failures.append(f"{code}: key {k!r} is not in English")
            elif set(PLACEHOLDER.findall(v)) != set(PLACEHOLDER.findall(english[k])):
                failures.append(f"{code}: {k!r} has placeholders {sorted(set(PLACEHOLDER.findall(v)))}, "
                                f"English has {sorted(set(PLACEHOLDER.findall(english[k])))}")
        with open(os.path.join(LANG, f"{code}.lesson.json"), encoding="utf-8") as f:
            shape = lesson_shape(json.load(f))
        if shape != lesson_en:
            failures.append(f"{code}.lesson.json: steps, paragraphs, quizzes or formula symbols differ from lesson.json")
        else:
            print(f"{code}.lesson.json: {len(shape[0])} steps, same shape as English")
    for f in failures:
        print("FAIL:", f)
    print("catalogue check:", "FAILED" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

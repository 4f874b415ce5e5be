#!/usr/bin/env python3
"""The WebAssembly build of the engine against the native one on the same model: same seed, same tokens;
token ids, attention and logits within float rounding.

usage: wasm_parity_test.py NATIVE_ATTN WASM_ATTN_JS REFERENCE_DIR
"""
import json
import subprocess
import sys

native, wasm_js, ref_dir = sys.argv[1:4]
model = f"{ref_dir}/f32"
failures, checks = [], 0


def run(cmd, *args):
    full = [cmd, *args] if cmd == native else ["node", "--no-experimental-fetch", wasm_js, *args]
    r = subprocess.run(full, capture_output=True, timeout=300)
    return r.returncode, r.stdout, r.stderr.decode()


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)


for seed in ("0", "5", "123456789"):
    for sampling in (("--temperature", "1"), ("--temperature", "0.8", "--top-k", "40"), ("--top-p", "0.9")):
        args = ("generate", "--model", model, "--prompt", "The animal didn't cross the street", "--tokens", "40",
                "--seed", seed, "--json", *sampling)
        (rn, on, _), (rw, ow, _) = run(native, *args), run(wasm_js, *args)
        check(rn == 0 and rw == 0 and json.loads(on)["ids"] == json.loads(ow)["ids"], f"same tokens: seed {seed} {sampling}")

text = "Alice emailed Bob because she wanted the cat to be fed."
(rn, on, _), (rw, ow, _) = run(native, "trace", "--model", model, "--text", text), run(wasm_js, "trace", "--model", model, "--text", text)
tn, tw = json.loads(on), json.loads(ow)
check(tn["ids"] == tw["ids"], "trace ids")
worst = max(abs(a - b) for la, lb in zip(tn["attention"], tw["attention"]) for ha, hb in zip(la, lb)
            for qa, qb in zip(ha, hb) for a, b in zip(qa, qb))
# Weights are kept as 16-bit fixed point (steps of 1/65535 = 1.5e-5): a float differing in the last bits can round
# to the neighbouring step, so the two builds agree to within two steps.
check(worst <= 3.1e-5, f"attention agrees within two 16-bit steps, 3.1e-5 (worst {worst})")
check(max(abs(a - b) for a, b in zip(tn["logits"], tw["logits"])) < 1e-4, "logits agree within 1e-4")

for args in (("tokenize", "--text", "naïve café 日本語 😀 didn't"), ("tokenize", "--text", "  spaces\n\nand\ttabs ")):
    check(run(native, *args)[1] == run(wasm_js, *args)[1], f"tokenize {args[2]!r}")
code, _, err = run(wasm_js, "trace", "--model", "/nonexistent", "--text", "x")
check(code == 2 and err.startswith("error: "), "wasm errors exit 2 with one line")

print(f"{checks - len(failures)} passed, {len(failures)} failed")
for f in failures:
    print("FAILED:", f)
sys.exit(1 if failures else 0)

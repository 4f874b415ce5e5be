#!/usr/bin/env python3
"""attn convert on (1) the PyTorch reference model: its F16 output must hold exactly the weights PyTorch's
.half() gives, so the engine's logits match PyTorch's f16 reference; and (2) a synthetic checkpoint with
GPT-2-small's exact names, shapes and buffers: f16 and int8 copies load, shrink, and stay close to f32; and (3)
the Llama-family and BERT reference checkpoints, whose q, k and v share one matrix in the engine.

usage: convert_test.py ATTN REFERENCE_DIR WORK_DIR
"""
import json
import os
import subprocess
import sys

attn, ref_dir, work = sys.argv[1:4]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
failures, checks = [], 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)


def run(*args):
    r = subprocess.run([attn, *args], capture_output=True, timeout=600)
    if r.returncode != 0:
        raise SystemExit(f"attn {' '.join(args)} failed: {r.stderr.decode()}")
    return json.loads(r.stdout)


# (1) reference model: f32 -> f16 equals PyTorch's f16 rounding
ref = json.load(open(os.path.join(ref_dir, "reference.json")))
out = os.path.join(work, "reference-f16")
report = run("convert", "--model", os.path.join(ref_dir, "f32"), "--out", out, "--dtype", "f16")
check(report["top1_agreement"] == 1.0, "reference f16 keeps every top-1 token")
for case in ref["variants"]["f16"][:3]:
    trace = run("trace", "--model", out, "--text", case["text"])
    diff = max(abs(a - b) for a, b in zip(trace["logits"], case["logits"][-1]))
    check(diff < 1e-4, f"converted f16 matches PyTorch's f16 logits ({diff:.2e}) for {case['text']!r}")

# (2) GPT-2-small layout
src = os.path.join(work, "gpt2-small-synthetic")
if not os.path.exists(os.path.join(src, "model.safetensors")):
    subprocess.run(["/usr/bin/python3", os.path.join(root, "scripts", "make_synthetic_gpt2.py"), src], check=True)
text = "The animal didn't cross the street because it was too tired."
base = run("trace", "--model", src, "--text", text)
check(len(base["attention"]) == 12 and len(base["attention"][0]) == 12, "12 layers x 12 heads traced")
for dtype, max_ratio, max_rel in (("f16", 0.5, 0.01), ("int8", 0.26, 0.1)):
    out = os.path.join(work, f"gpt2-small-{dtype}")
    r = run("convert", "--model", src, "--out", out, "--dtype", dtype)
    check(r["size_ratio"] < max_ratio, f"{dtype} file is {r['size_ratio']:.3f} of the source")
    check(r["top1_agreement"] >= 0.9, f"{dtype} top-1 agreement {r['top1_agreement']}")
    t = run("trace", "--model", out, "--text", text)
    diff = max(abs(a - b) for a, b in zip(t["logits"], base["logits"]))
    scale = max(abs(a) for a in base["logits"])
    check(diff / scale < max_rel, f"{dtype} logits within {max_rel:.0%} of f32 (max diff {diff:.4f}, max |logit| {scale:.3f})")
    print(f"{dtype}: {r['bytes'] / 1e6:.1f} MB ({r['size_ratio']:.3f} of f32 with buffers), max logit diff {diff:.4f}")
    os.remove(os.path.join(out, "model.safetensors"))  # keep the build tree small

# (3) families with q, k and v stacked in one matrix (SmolLM2's and Qwen2's layout, BERT's): each file tensor is
# written with its own rows, and the copies load and trace as the source does
for family_dir, text in ((os.path.join(ref_dir, "llama", "smollm"), "The cat sat on the mat."),
                         (os.path.join(ref_dir, "llama", "qwen2"), "The cat sat on the mat."),
                         (os.path.join(ref_dir, "bert", "mlm"), "the cat sat on the [MASK].")):
    if not os.path.exists(os.path.join(family_dir, "model.safetensors")):
        check(False, f"missing reference checkpoint {family_dir}")
        continue
    base = run("trace", "--model", family_dir, "--text", text)
    for dtype, max_rel in (("f16", 0.01), ("int8", 0.15)):
        out = os.path.join(work, f"convert-{os.path.basename(family_dir)}-{dtype}")
        r = run("convert", "--model", family_dir, "--out", out, "--dtype", dtype)
        t = run("trace", "--model", out, "--text", text)
        check(t["ids"] == base["ids"], f"{family_dir} {dtype}: same token ids")
        diff = max(abs(a - b) for a, b in zip(t["logits"], base["logits"]))
        scale = max(abs(a) for a in base["logits"])
        check(diff / scale < max_rel, f"{family_dir} {dtype}: logits within {max_rel:.0%} (max diff {diff:.4f}, max |logit| {scale:.3f})")

print(f"{checks - len(failures)} passed, {len(failures)} failed")
for f in failures:
    print("FAILED:", f)
sys.exit(1 if failures else 0)

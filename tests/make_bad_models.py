#!/usr/bin/env python3
"""Writes a corpus of broken model directories, each made from the valid reference model (F32) by one
defect, with the one-line error each must produce. bad_models_test.py loads every one with the attn CLI.

usage: make_bad_models.py REFERENCE_MODEL_DIR OUT_DIR   (writes OUT_DIR/<case>/ and OUT_DIR/cases.json)
"""
import json
import os
import shutil
import struct
import sys

src, out = sys.argv[1:3]
config = json.load(open(os.path.join(src, "config.json")))
raw = open(os.path.join(src, "model.safetensors"), "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n])
data = raw[8 + n:]


def pack(hdr, body):
    text = json.dumps(hdr).encode()
    return struct.pack("<Q", len(text)) + text + body


def write(case, weights=None, cfg=None, expect=""):
    d = os.path.join(out, case)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "model.safetensors"), "wb") as f:
        f.write(raw if weights is None else weights)
    with open(os.path.join(d, "config.json"), "w") as f:
        f.write(json.dumps(config) if cfg is None else cfg)
    cases[case] = expect


def with_header(change):
    h = json.loads(json.dumps(header))
    change(h)
    return pack(h, data)


cases = {}
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
write("truncated", raw[: len(raw) // 2], expect="lies outside")
write("empty", b"", expect="too short")
write("header-longer-than-file", struct.pack("<Q", len(raw) * 2) + raw[8:], expect="does not fit")
write("header-not-json", struct.pack("<Q", n) + b"{" * n + data, expect="not a JSON object")
write("missing-tensor", with_header(lambda h: h.pop("h.1.mlp.c_fc.bias")), expect="missing tensor 'h.1.mlp.c_fc.bias'")
dup = json.dumps(header)[:-1] + ', "ln_f.bias": ' + json.dumps(header["ln_f.weight"]) + "}"  # the same name twice
write("duplicate-tensor", struct.pack("<Q", len(dup)) + dup.encode() + data, expect="appears twice")
write("offsets-out-of-bounds", with_header(lambda h: h["wpe.weight"].update(data_offsets=[len(data) - 8, len(data) + 1016])),
      expect="outside")
write("offsets-overlap", with_header(lambda h: h["ln_f.bias"].update(data_offsets=h["ln_f.weight"]["data_offsets"])),
      expect="overlap")
write("wrong-dtype", with_header(lambda h: h["ln_f.bias"].update(dtype="I32")), expect="dtype I32")
write("unknown-dtype", with_header(lambda h: h["ln_f.bias"].update(dtype="Q4_K")), expect="unknown dtype")
write("shape-disagrees-with-config", cfg=json.dumps({**config, "n_embd": 128, "n_head": 4}), expect="has shape")
write("n-head-not-dividing", cfg=json.dumps({**config, "n_head": 3}), expect="not a multiple of n_head")
write("n-layer-absurd", cfg=json.dumps({**config, "n_layer": 10 ** 6}), expect="'n_layer' = 1000000 is outside")
write("zero-size", cfg=json.dumps({**config, "n_embd": 0}), expect="'n_embd' = 0 is outside")
write("config-not-json", cfg="{oops", expect="config.json: not a JSON object")
write("2gb-claimed-tensor", with_header(lambda h: h["wte.weight"].update(shape=[536870912], data_offsets=[0, 2147483648])),
      expect="outside")
nan_at = header["ln_f.bias"]["data_offsets"][0]
write("nan-in-weights", raw[: 8 + n + nan_at] + struct.pack("<f", float("nan")) + raw[8 + n + nan_at + 4:], expect="NaN or Inf")
inf_at = header["wte.weight"]["data_offsets"][0] + 40
write("inf-in-weights", raw[: 8 + n + inf_at] + struct.pack("<f", float("inf")) + raw[8 + n + inf_at + 4:], expect="NaN or Inf")
extra = {**header, "h.7.ln_1.weight": {"dtype": "F32", "shape": [config["n_embd"]],
                                       "data_offsets": [len(data), len(data) + 4 * config["n_embd"]]}}
write("extra-tensor", pack(extra, data + bytes(4 * config["n_embd"])), expect="unexpected tensor 'h.7.ln_1.weight'")
with open(os.path.join(out, "cases.json"), "w") as f:
    json.dump(cases, f, indent=1)
print(f"wrote {len(cases)} broken models to {out}", file=sys.stderr)

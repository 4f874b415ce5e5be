#!/usr/bin/env python3
"""Writes a random-weight checkpoint with a real GPT-2's exact layout: HF config.json and a model.safetensors
with the same names, shapes, dtype (F32) and buffers (h.N.attn.bias causal masks, h.N.attn.masked_bias) as
the published checkpoint. Stands in for the real model where there is no internet: loading, conversion and
speed do not depend on the weight values.

  --shape gpt2        OpenAI's GPT-2 124M (openai-community/gpt2): plain names, no lm_head (default)
  --shape distilgpt2  distilbert/distilgpt2: 6 layers, "transformer." prefix and a stored lm_head.weight,
                      holding wte's values (tied) or, with --untied, values of its own
  --layers N          fewer (or more) layers, for quick tests; config.json says so too
  --tokenizer         also copy the GPT-2 tokenizer in as vocab.json and merges.txt (the Hub's names)

usage: scripts/make_synthetic_gpt2.py OUT_DIR [--seed 0] [--shape gpt2|distilgpt2] [--untied] [--layers N]
                                      [--tokenizer]
"""
import argparse
import json
import os
import shutil
import struct
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# GPT-2 124M's config.json as published with the model.
CONFIG = {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1, "bos_token_id": 50256,
          "embd_pdrop": 0.1, "eos_token_id": 50256, "initializer_range": 0.02, "layer_norm_epsilon": 1e-05,
          "model_type": "gpt2", "n_ctx": 1024, "n_embd": 768, "n_head": 12, "n_layer": 12, "n_positions": 1024,
          "resid_pdrop": 0.1, "summary_activation": None, "summary_first_dropout": 0.1, "summary_proj_to_labels": True,
          "summary_type": "cls_index", "summary_use_proj": True, "vocab_size": 50257}

# distilgpt2's config.json as published: GPT-2 small's sizes with 6 layers, plus a few leftover fields.
DISTIL_CONFIG = {"_num_labels": 1, "activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"],
                 "attn_pdrop": 0.1, "bos_token_id": 50256, "embd_pdrop": 0.1, "eos_token_id": 50256,
                 "id2label": {"0": "LABEL_0"}, "initializer_range": 0.02, "label2id": {"LABEL_0": 0},
                 "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": 1024, "n_embd": 768, "n_head": 12,
                 "n_layer": 6, "n_positions": 1024, "resid_pdrop": 0.1, "summary_activation": None,
                 "summary_first_dropout": 0.1, "summary_proj_to_labels": True, "summary_type": "cls_index",
                 "summary_use_proj": True, "task_specific_params": {"text-generation": {"do_sample": True, "max_length": 50}},
                 "vocab_size": 50257}


def write_safetensors(path, tensors):
    """Streams a safetensors file (u64 header length, JSON header padded to 8 bytes, raw little-endian data):
    the header is built from shapes alone, then each tensor is written straight from its own memory, so no
    second copy of the whole model is ever made. Same bytes as make_reference_model.save_safetensors."""
    header, offset = {}, 0
    for name, t in tensors:
        assert t.dtype == torch.float32, name
        size = t.numel() * t.element_size()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + size]}
        offset += size
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for _, t in tensors:
            f.write(memoryview(t.contiguous().reshape(-1).numpy()).cast("B"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--shape", choices=["gpt2", "distilgpt2"], default="gpt2")
    ap.add_argument("--untied", action="store_true", help="distilgpt2: lm_head.weight gets its own random values")
    ap.add_argument("--layers", type=int, help="override n_layer (quick tests)")
    ap.add_argument("--tokenizer", action="store_true", help="also write vocab.json and merges.txt")
    args = ap.parse_args()
    distil = args.shape == "distilgpt2"
    if args.untied and not distil:
        ap.error("--untied needs --shape distilgpt2 (GPT-2's checkpoint stores no lm_head)")
    config = dict(DISTIL_CONFIG if distil else CONFIG)
    if args.layers is not None:
        if args.layers < 1:
            ap.error("--layers must be at least 1")
        config["n_layer"] = args.layers

    g = torch.Generator().manual_seed(args.seed)
    C, V, P, L = config["n_embd"], config["vocab_size"], config["n_positions"], config["n_layer"]
    normal = lambda *shape, std=0.02: torch.randn(*shape, generator=g) * std  # noqa: E731
    # Drawn in this order (not the file's sorted order) so a seed gives the same values as before.
    t = {"wte.weight": normal(V, C), "wpe.weight": normal(P, C, std=0.01)}
    mask = torch.tril(torch.ones(P, P)).view(1, 1, P, P)  # one tensor, stored once per layer
    for i in range(L):
        p = f"h.{i}."
        t[p + "ln_1.weight"], t[p + "ln_1.bias"] = 1 + normal(C), normal(C)
        t[p + "attn.bias"] = mask
        t[p + "attn.masked_bias"] = torch.tensor(-1e4)
        t[p + "attn.c_attn.weight"], t[p + "attn.c_attn.bias"] = normal(C, 3 * C), normal(3 * C)
        t[p + "attn.c_proj.weight"], t[p + "attn.c_proj.bias"] = normal(C, C), normal(C)
        t[p + "ln_2.weight"], t[p + "ln_2.bias"] = 1 + normal(C), normal(C)
        t[p + "mlp.c_fc.weight"], t[p + "mlp.c_fc.bias"] = normal(C, 4 * C), normal(4 * C)
        t[p + "mlp.c_proj.weight"], t[p + "mlp.c_proj.bias"] = normal(4 * C, C), normal(C)
    t["ln_f.weight"], t["ln_f.bias"] = 1 + normal(C), normal(C)
    if distil:
        t = {"transformer." + k: v for k, v in t.items()}
        # Tied in the model but stored in the file; drawn last so the other tensors match the tied variant.
        t["lm_head.weight"] = normal(V, C) if args.untied else t["transformer.wte.weight"]

    os.makedirs(args.out, exist_ok=True)
    write_safetensors(os.path.join(args.out, "model.safetensors"), sorted(t.items()))
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    if args.tokenizer:
        # The repo keeps OpenAI's file names; the Hub serves the same bytes as vocab.json and merges.txt.
        tok = os.path.join(ROOT, "assets", "gpt2-tokenizer")
        shutil.copyfile(os.path.join(tok, "encoder.json"), os.path.join(args.out, "vocab.json"))
        shutil.copyfile(os.path.join(tok, "vocab.bpe"), os.path.join(args.out, "merges.txt"))
    print(f"wrote a synthetic {args.shape} checkpoint ({L} layers) to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

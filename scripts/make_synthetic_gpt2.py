#!/usr/bin/env python3
"""Writes a random-weight checkpoint with GPT-2-small's exact layout: HF config.json and a model.safetensors
with the same names, shapes, dtype (F32) and buffers (h.N.attn.bias causal masks, h.N.attn.masked_bias) as
OpenAI's GPT-2 124M on Hugging Face. Stands in for the real model where there is no internet: loading,
conversion and speed do not depend on the weight values.

usage: scripts/make_synthetic_gpt2.py OUT_DIR [--seed 0]
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference_model import save_safetensors  # noqa: E402

# GPT-2 124M's config.json as published with the model.
CONFIG = {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1, "bos_token_id": 50256,
          "embd_pdrop": 0.1, "eos_token_id": 50256, "initializer_range": 0.02, "layer_norm_epsilon": 1e-05,
          "model_type": "gpt2", "n_ctx": 1024, "n_embd": 768, "n_head": 12, "n_layer": 12, "n_positions": 1024,
          "resid_pdrop": 0.1, "summary_activation": None, "summary_first_dropout": 0.1, "summary_proj_to_labels": True,
          "summary_type": "cls_index", "summary_use_proj": True, "vocab_size": 50257}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    g = torch.Generator().manual_seed(args.seed)
    C, V, P, L = CONFIG["n_embd"], CONFIG["vocab_size"], CONFIG["n_positions"], CONFIG["n_layer"]
    normal = lambda *shape, std=0.02: torch.randn(*shape, generator=g) * std  # noqa: E731
    t = {"wte.weight": normal(V, C), "wpe.weight": normal(P, C, std=0.01)}
    mask = torch.tril(torch.ones(P, P)).view(1, 1, P, P)
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
    os.makedirs(args.out, exist_ok=True)
    save_safetensors(os.path.join(args.out, "model.safetensors"), {k: (v.float(), "F32") for k, v in sorted(t.items())})
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
    print(f"wrote a synthetic GPT-2-small checkpoint to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

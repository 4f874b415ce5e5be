#!/usr/bin/env python3
"""Exports a GPT-2 checkpoint (HF config.json + F32/F16 model.safetensors) to ONNX for the onnxruntime-web
comparator, with Debian's python3-torch (torch.onnx.export, opset 14; no `onnx` package needed).

The graph does the same work as the engine per call, so the comparison is like for like:
  inputs   input_ids int64 [1, T]; past_key_<l>, past_value_<l> float32 [1, NH, P, HS] (P may be 0)
  outputs  logits float32 [1, V] for the last position only; present_key_<l>, present_value_<l> [1, NH, P+T, HS]
Per-layer past/present tensors are the layout Hugging Face's own GPT-2 ONNX exports use.

usage: bench/export_onnx.py MODEL_DIR OUT.onnx
"""
import json
import math
import struct
import sys

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    """The safetensors format: u64 little-endian header length, JSON header, raw little-endian bytes."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in DTYPES:
            sys.exit(f"export_onnx: tensor {name} has dtype {info['dtype']}; export from an F32/F16 checkpoint")
        begin, end = info["data_offsets"]
        raw = bytearray(blob[8 + n + begin:8 + n + end])
        t = torch.frombuffer(raw, dtype=DTYPES[info["dtype"]]) if raw else torch.zeros(0)
        key = name[len("transformer."):] if name.startswith("transformer.") else name
        out[key] = t.reshape(info["shape"]).float()
    return out


class GPT2WithCache(torch.nn.Module):
    def __init__(self, cfg, w):
        super().__init__()
        self.L, self.NH, self.C, self.eps = cfg["n_layer"], cfg["n_head"], cfg["n_embd"], cfg["layer_norm_epsilon"]
        self.w = torch.nn.ParameterDict({k.replace(".", "_"): torch.nn.Parameter(v, requires_grad=False)
                                         for k, v in w.items() if not k.endswith(".attn.bias") and "masked_bias" not in k
                                         and k != "lm_head.weight"})

    def p(self, name):
        return self.w[name.replace(".", "_")]

    def forward(self, input_ids, *past):
        B, T = input_ids.shape
        NH, C = self.NH, self.C
        HS = C // NH
        P = past[0].shape[2]
        pos = torch.arange(T, dtype=torch.int64) + P
        x = F.embedding(input_ids, self.p("wte.weight")) + F.embedding(pos, self.p("wpe.weight"))
        # query i (at position P+i) may see key j when j <= P+i
        blocked = torch.arange(P + T).unsqueeze(0) > pos.unsqueeze(1)
        presents = []
        for l in range(self.L):
            pre = f"h.{l}."
            a = F.layer_norm(x, (C,), self.p(pre + "ln_1.weight"), self.p(pre + "ln_1.bias"), self.eps)
            qkv = a @ self.p(pre + "attn.c_attn.weight") + self.p(pre + "attn.c_attn.bias")
            q, k, v = qkv.split(C, dim=2)
            heads = lambda t: t.view(B, T, NH, HS).transpose(1, 2)  # noqa: E731
            q, k, v = heads(q), heads(k), heads(v)
            k = torch.cat([past[2 * l], k], dim=2)
            v = torch.cat([past[2 * l + 1], v], dim=2)
            presents += [k, v]
            s = (q @ k.transpose(-1, -2)) / math.sqrt(HS)
            s = s.masked_fill(blocked, float("-inf"))
            o = (F.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(B, T, C)
            x = x + o @ self.p(pre + "attn.c_proj.weight") + self.p(pre + "attn.c_proj.bias")
            a = F.layer_norm(x, (C,), self.p(pre + "ln_2.weight"), self.p(pre + "ln_2.bias"), self.eps)
            hdn = a @ self.p(pre + "mlp.c_fc.weight") + self.p(pre + "mlp.c_fc.bias")
            hdn = 0.5 * hdn * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (hdn + 0.044715 * hdn * hdn * hdn)))
            x = x + hdn @ self.p(pre + "mlp.c_proj.weight") + self.p(pre + "mlp.c_proj.bias")
        last = F.layer_norm(x[:, -1, :], (C,), self.p("ln_f.weight"), self.p("ln_f.bias"), self.eps)
        return (last @ self.p("wte.weight").t(), *presents)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    model_dir, out = sys.argv[1], sys.argv[2]
    with open(f"{model_dir}/config.json") as f:
        cfg = json.load(f)
    model = GPT2WithCache(cfg, read_safetensors(f"{model_dir}/model.safetensors")).eval()
    L, NH, HS = cfg["n_layer"], cfg["n_head"], cfg["n_embd"] // cfg["n_head"]
    ids = torch.tensor([[1, 2]], dtype=torch.int64)
    past = [torch.zeros(1, NH, 3, HS) for _ in range(2 * L)]
    names_in = ["input_ids"] + [f"past_{kind}_{l}" for l in range(L) for kind in ("key", "value")]
    names_out = ["logits"] + [f"present_{kind}_{l}" for l in range(L) for kind in ("key", "value")]
    axes = {"input_ids": {1: "T"}}
    axes.update({n: {2: "P"} for n in names_in[1:]})
    axes.update({n: {2: "PT"} for n in names_out[1:]})
    with torch.no_grad():
        torch.onnx.export(model, (ids, *past), out, input_names=names_in, output_names=names_out,
                          dynamic_axes=axes, opset_version=14, do_constant_folding=True)
    print(f"export_onnx: wrote {out}")


if __name__ == "__main__":
    main()

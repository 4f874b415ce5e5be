#!/usr/bin/env python3
"""Builds a small random GPT-2 in Hugging Face layout and PyTorch reference outputs for the C++ tests.

The forward pass below is written from GPT-2's definition with torch.nn.functional (layer_norm, tanh GELU,
softmax) in float64, independent of the engine. Writes into OUT_DIR:
  f32/   config.json + model.safetensors (F32, plain HF names)
  f16/   the same weights rounded to F16, "transformer." prefix, plus the causal-mask buffers real
         checkpoints carry (h.N.attn.bias, h.N.attn.masked_bias) and a tied lm_head.weight
  bf16/  rounded to BF16
  untied/ F32 with the prefix, the buffers and an lm_head.weight of its own (the output layer differs from wte)
  reference.json  per variant and prompt: ids, logits at every position [T][V], attention [L][H][T][T];
                  "single_head": X, W_Q, W_K, W_V and every intermediate of one attention head; and
                  "interpret" (f32 weights): head ablation (zero / mean; single heads and sets), the logit
                  lens at every layer boundary, direct logit attribution parts, and induction scores

usage: scripts/make_reference_model.py OUT_DIR [TOKENIZER_DIR]
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_tokenizer_reference import Encoder  # noqa: E402

CONFIG = {"n_layer": 2, "n_head": 4, "n_embd": 64, "n_positions": 64, "n_ctx": 64, "vocab_size": 1024,
          "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new", "model_type": "gpt2"}
PROMPTS = ["The animal didn't cross the street because it was too tired.", "Hello, world!", "a",
           "Alice emailed Bob because she wanted the cat that sat on the mat to be fed at 12:30."]
DTYPES = {"F32": (torch.float32, 4), "F16": (torch.float16, 2), "BF16": (torch.bfloat16, 2)}


def random_weights(seed=1):
    g = torch.Generator().manual_seed(seed)
    C, V, P, L = CONFIG["n_embd"], CONFIG["vocab_size"], CONFIG["n_positions"], CONFIG["n_layer"]
    rnd = lambda *shape, std=0.15: torch.randn(*shape, generator=g) * std  # noqa: E731
    w = {"wte.weight": rnd(V, C, std=0.5), "wpe.weight": rnd(P, C, std=0.3)}
    for i in range(L):
        p = f"h.{i}."
        w[p + "ln_1.weight"] = 1 + rnd(C, std=0.1)
        w[p + "ln_1.bias"] = rnd(C, std=0.1)
        w[p + "attn.c_attn.weight"] = rnd(C, 3 * C, std=0.25)  # large enough for peaked attention
        w[p + "attn.c_attn.bias"] = rnd(3 * C, std=0.1)
        w[p + "attn.c_proj.weight"] = rnd(C, C)
        w[p + "attn.c_proj.bias"] = rnd(C, std=0.05)
        w[p + "ln_2.weight"] = 1 + rnd(C, std=0.1)
        w[p + "ln_2.bias"] = rnd(C, std=0.1)
        w[p + "mlp.c_fc.weight"] = rnd(C, 4 * C)
        w[p + "mlp.c_fc.bias"] = rnd(4 * C, std=0.05)
        w[p + "mlp.c_proj.weight"] = rnd(4 * C, C)
        w[p + "mlp.c_proj.bias"] = rnd(C, std=0.05)
    w["ln_f.weight"] = 1 + rnd(C, std=0.1)
    w["ln_f.bias"] = rnd(C, std=0.1)
    return w


def gpt2_forward(w, ids):
    """Returns logits (T, V) and attention weights (L, NH, T, T), all in float64."""
    C, NH, eps = CONFIG["n_embd"], CONFIG["n_head"], CONFIG["layer_norm_epsilon"]
    HS, T = C // NH, len(ids)
    w = {k: v.double() for k, v in w.items()}
    x = w["wte.weight"][ids] + w["wpe.weight"][:T]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    atts = []
    for i in range(CONFIG["n_layer"]):
        p = f"h.{i}."
        a = F.layer_norm(x, (C,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        q, k, v = (a @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]).split(C, dim=1)
        q, k, v = (t.view(T, NH, HS).transpose(0, 1) for t in (q, k, v))  # (NH, T, HS)
        scores = (q @ k.transpose(1, 2)) / math.sqrt(HS)
        att = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)
        atts.append(att)
        y = (att @ v).transpose(0, 1).reshape(T, C)
        x = x + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        m = F.layer_norm(x, (C,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        h = F.gelu(m @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"], approximate="tanh")
        x = x + h @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (C,), w["ln_f.weight"], w["ln_f.bias"], eps)
    return x @ w.get("lm_head.weight", w["wte.weight"]).T, torch.stack(atts)


def gpt2_internals(w, ids, ablate=(), mode="zero"):
    """The forward pass with hooks: heads in `ablate` ((layer, head) pairs) have their output (their slice
    of the concatenation before c_proj) set to 0, or to its mean over positions. Returns the logits (T, V),
    the residual stream at every layer boundary (L+1, T, C), each layer's concatenation (L, T, C), attention
    output after c_proj (L, T, C), MLP output (L, T, C) and attention weights (L, NH, T, T); float64."""
    C, NH, eps = CONFIG["n_embd"], CONFIG["n_head"], CONFIG["layer_norm_epsilon"]
    HS, T = C // NH, len(ids)
    w = {k: v.double() for k, v in w.items()}
    x = w["wte.weight"][ids] + w["wpe.weight"][:T]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    residual, concats, attn_outs, mlp_outs, atts = [x], [], [], [], []
    for i in range(CONFIG["n_layer"]):
        p = f"h.{i}."
        a = F.layer_norm(x, (C,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        q, k, v = (a @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]).split(C, dim=1)
        q, k, v = (t.view(T, NH, HS).transpose(0, 1) for t in (q, k, v))
        att = torch.softmax(((q @ k.transpose(1, 2)) / math.sqrt(HS)).masked_fill(~mask, float("-inf")), dim=-1)
        heads = att @ v  # (NH, T, HS)
        for (layer, h) in ablate:
            if layer == i:
                heads[h] = 0 if mode == "zero" else heads[h].mean(dim=0, keepdim=True).expand(T, HS)
        y = heads.transpose(0, 1).reshape(T, C)
        attn_out = y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        x = x + attn_out
        m = F.layer_norm(x, (C,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        mlp = F.gelu(m @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"], approximate="tanh") @ \
            w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
        x = x + mlp
        residual.append(x)
        concats.append(y)
        attn_outs.append(attn_out)
        mlp_outs.append(mlp)
        atts.append(att)
    logits = F.layer_norm(x, (C,), w["ln_f.weight"], w["ln_f.bias"], eps) @ w["wte.weight"].T
    return logits, torch.stack(residual), torch.stack(concats), torch.stack(attn_outs), torch.stack(mlp_outs), \
        torch.stack(atts)


def interpret_case(w, text, ids):
    """References for the interpretability tools on one prompt (see the module docstring)."""
    C, NH, L, eps = CONFIG["n_embd"], CONFIG["n_head"], CONFIG["n_layer"], CONFIG["layer_norm_epsilon"]
    HS = C // NH
    wd = {k: v.double() for k, v in w.items()}
    logits, residual, concat, _, mlp, _ = gpt2_internals(w, ids)
    out = {"text": text, "ids": ids, "ablations": []}
    for heads in ([(0, 1)], [(1, 3)], [(0, 0), (1, 2), (1, 3)]):
        for mode in ("zero", "mean"):
            out["ablations"].append({"heads": heads, "mode": mode,
                                     "logits": gpt2_internals(w, ids, heads, mode)[0][-1].tolist()})
    # Logit lens: softmax(ln_f(residual[l][t]) · wteᵀ) at every boundary and position.
    lens = torch.softmax(F.layer_norm(residual, (C,), wd["ln_f.weight"], wd["ln_f.bias"], eps) @ wd["wte.weight"].T, -1)
    out["lens"] = lens.tolist()  # (L+1, T, V)
    # Direct logit attribution at the last position for the top token and versus the second.
    x = residual[-1][-1]
    sigma = torch.sqrt(x.var(unbiased=False) + eps)
    top2 = torch.topk(logits[-1], 2).indices.tolist()

    def parts(direction):
        u = direction * wd["ln_f.weight"] / sigma
        contrib = lambda p: float(u @ (p - p.mean()))  # noqa: E731
        row = [contrib(residual[0][-1])]
        for l in range(L):
            W_O = wd[f"h.{l}.attn.c_proj.weight"]  # (C_in, C_out), HF Conv1D
            for h in range(NH):
                row.append(contrib(concat[l][-1][h * HS:(h + 1) * HS] @ W_O[h * HS:(h + 1) * HS]))
            row.append(contrib(wd[f"h.{l}.attn.c_proj.bias"]))
            row.append(contrib(mlp[l][-1]))
        row.append(float(direction @ wd["ln_f.bias"]))
        return row

    out["attribution"] = {"token": top2[0], "versus": top2[1], "logit": float(logits[-1][top2[0]]),
                          "difference": float(logits[-1][top2[0]] - logits[-1][top2[1]]),
                          "parts": parts(wd["wte.weight"][top2[0]]),
                          "parts_versus": parts(wd["wte.weight"][top2[0]] - wd["wte.weight"][top2[1]])}
    # Induction on the text repeated twice: weight from n+i on i+1, and on the previous token.
    n = min(len(ids), CONFIG["n_positions"] // 2)
    att = gpt2_internals(w, ids[:n] * 2)[5]  # (L, NH, 2n, 2n)
    out["induction"] = att[:, :, torch.arange(n, 2 * n), torch.arange(1, n + 1)].mean(-1).tolist()
    out["previous"] = att[:, :, torch.arange(1, 2 * n), torch.arange(0, 2 * n - 1)].mean(-1).tolist()
    return out


def single_head_case(causal, seed=7):
    g = torch.Generator().manual_seed(seed)
    x, wq, wk, wv = (torch.randn(*shape, generator=g, dtype=torch.float64)
                     for shape in ((5, 8), (8, 4), (8, 4), (8, 3)))
    q, k, v = x @ wq, x @ wk, x @ wv
    scores = q @ k.T
    scaled = scores / math.sqrt(wq.shape[1])
    mask = torch.tril(torch.ones(5, 5, dtype=torch.bool)) if causal else torch.ones(5, 5, dtype=torch.bool)
    weights = torch.softmax(scaled.masked_fill(~mask, float("-inf")), dim=-1)
    named = {"x": x, "w_q": wq, "w_k": wk, "w_v": wv, "q": q, "k": k, "v": v, "scores": scores,
             "scaled": scaled, "weights": weights, "output": weights @ v}
    return {"causal": causal, **{n: t.tolist() for n, t in named.items()}}


def save_safetensors(path, tensors):
    """The safetensors format: u64 header length, JSON header, then the raw little-endian bytes."""
    header, blobs, offset = {}, [], 0
    for name, (t, dtype) in tensors.items():
        raw = t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def write_variant(out_dir, name, weights, dtype, hf_extras):
    torch_dtype, _ = DTYPES[dtype]
    rounded = {k: v.to(torch_dtype) for k, v in weights.items()}
    tensors = {}
    prefix = "transformer." if hf_extras else ""
    for k, v in rounded.items():
        tensors[k if k == "lm_head.weight" else prefix + k] = (v, dtype)
    if hf_extras:
        T = CONFIG["n_positions"]
        for i in range(CONFIG["n_layer"]):
            tensors[f"{prefix}h.{i}.attn.bias"] = (torch.tril(torch.ones(1, 1, T, T)), "F32")
            tensors[f"{prefix}h.{i}.attn.masked_bias"] = (torch.tensor(-1e4), "F32")
        tensors.setdefault("lm_head.weight", (rounded["wte.weight"], dtype))  # tied unless the weights say otherwise
    os.makedirs(os.path.join(out_dir, name), exist_ok=True)
    save_safetensors(os.path.join(out_dir, name, "model.safetensors"), tensors)
    with open(os.path.join(out_dir, name, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
    return {k: v.float() for k, v in rounded.items()}  # the values the engine will see


def main():
    out_dir = sys.argv[1]
    tok_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "assets", "gpt2-tokenizer")
    torch.manual_seed(0)
    tok = Encoder(tok_dir, n_merges=CONFIG["vocab_size"] - 256)
    weights = random_weights()
    prompts = [(p, tok.encode(p)) for p in PROMPTS]
    prompts.append(("<full context>", [(i * 37 + 11) % CONFIG["vocab_size"] for i in range(CONFIG["n_positions"])]))
    reference = {"config": CONFIG, "variants": {}}
    untied = {**weights, "lm_head.weight": torch.randn(weights["wte.weight"].shape, generator=torch.Generator().manual_seed(5)) * 0.5}
    for name, dtype, extras in (("f32", "F32", False), ("f16", "F16", True), ("bf16", "BF16", True)):
        seen = write_variant(out_dir, name, weights, dtype, extras)
        cases = []
        for text, ids in prompts:
            logits, att = gpt2_forward(seen, ids)
            cases.append({"text": text, "ids": ids, "logits": logits.tolist(), "attention": att.tolist()})
        reference["variants"][name] = cases
    # distilgpt2's layout: "transformer." prefix, buffers, and an lm_head stored apart (here: different values)
    seen = write_variant(out_dir, "untied", untied, "F32", True)
    reference["variants"]["untied"] = [dict(zip(("logits", "attention"), (t.tolist() for t in gpt2_forward(seen, ids))),
                                            text=text, ids=ids) for text, ids in prompts[:2]]
    reference["single_head"] = [single_head_case(True), single_head_case(False)]
    f32 = {k: v.float() for k, v in weights.items()}
    reference["interpret"] = [interpret_case(f32, text, ids) for text, ids in prompts[:4]]
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(reference, f)
    print(f"wrote reference model and outputs to {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()

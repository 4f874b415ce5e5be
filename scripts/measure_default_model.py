#!/usr/bin/env python3
"""Measures a default-model candidate in the terms the explainer needs, on the held-out documents.

- Validation loss (nats per token), perplexity, and bits per character (the total loss in bits over the
  held-out text's characters: comparable across vocabularies, unlike per-token perplexity).
- Head scores on held-out text, per layer and head, each a mean attention weight:
    previous-token: weight from position t on t-1 (t >= 1), over windows of 256 held-out tokens;
    first-token:    weight from t on position 0 (t >= 1), same windows;
    induction:      on a 50-token held-out segment repeated twice (s1..sn s1..sn), weight from each
                    second-copy token s_i (position n+i) on position i+1, the token after its first occurrence.
  The best previous-token head's weight on t, t-1, ..., t-4 shows whether it is sharp or a blurred window.
- The position table's resolution: the cosine between neighbouring rows (centred), the distance between them
  against a token row's norm, and the share of its variance in 4 directions. A head can tell t-1 from t-2 only as
  finely as their rows differ.

The held-out split is the training script's (build/train/val.bin, made by its prepare()).

usage: scripts/measure_default_model.py MODEL_DIR|CHECKPOINT.pt [...] [--write-into weights/default/training.json]
       (the first MODEL_DIR is the one written; later ones are compared with it, e.g. the previous model)
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_default_model as tdm  # noqa: E402

WINDOWS = 16         # 256-token windows for the previous/first-token scores
SEGMENTS = 16        # repeated segments for the induction score
SEGMENT_TOKENS = 50
OFFSETS = 5          # the previous-token head's weight on t, t-1, ..., t-4


def load(model_dir, device="cpu"):
    """A model directory, or a training checkpoint (.pt) to watch the heads while training runs."""
    if model_dir.endswith(".pt"):
        checkpoint = torch.load(model_dir)
        model = tdm.GPT2(dict(tdm.CONFIG, **checkpoint["state"].get("config", {})))  # a grown model has more layers
        model.load_state_dict({k: v.float() for k, v in checkpoint["model"].items()})
        return model.eval().to(device)
    config = json.load(open(os.path.join(model_dir, "config.json")))
    model = tdm.GPT2(config)
    model.p.load_state_dict({k.replace(".", "__"): v for k, v in
                             tdm.load_safetensors(os.path.join(model_dir, "model.safetensors")).items()})
    return model.eval().to(device)


@torch.no_grad()
def head_scores(model, val):
    L, NH, T = model.c["n_layer"], model.c["n_head"], model.c["n_positions"]
    device = next(model.parameters()).device
    prev = torch.zeros(L, NH)
    first = torch.zeros(L, NH)
    near = torch.zeros(L, NH, OFFSETS)  # weight on t, t-1, t-2, ...: how sharp a previous-token head is
    step = max(1, (val.size - T - 1) // WINDOWS)
    for w in range(WINDOWS):
        x = torch.from_numpy(val[w * step:w * step + T].astype(np.int64))[None].to(device)
        atts = []
        model(x, attention_out=atts)
        for l, a in enumerate(atts):  # a (1, NH, T, T)
            a = a.cpu()
            prev[l] += a[0, :, torch.arange(1, T), torch.arange(0, T - 1)].mean(-1) / WINDOWS
            first[l] += a[0, :, 1:, 0].mean(-1) / WINDOWS
            for d in range(OFFSETS):  # the queries the other scores use (t >= 1) that have a key d back
                q = torch.arange(max(d, 1), T)
                near[l, :, d] += a[0, :, q, q - d].mean(-1) / WINDOWS
    induction = torch.zeros(L, NH)
    n = SEGMENT_TOKENS
    step = max(1, (val.size - n) // SEGMENTS)
    for s in range(SEGMENTS):
        seg = torch.from_numpy(val[s * step + 7:s * step + 7 + n].astype(np.int64))
        atts = []
        model(torch.cat([seg, seg])[None].to(device), attention_out=atts)
        for l, a in enumerate(atts):
            a = a.cpu()
            induction[l] += a[0, :, torch.arange(n, 2 * n), torch.arange(1, n + 1)].mean(-1) / SEGMENTS
    return {"previous_token": prev.tolist(), "first_token": first.tolist(), "induction": induction.tolist(),
            "by_offset": near.tolist()}


def position_table(model):
    """How finely the learnt position table tells neighbours apart (rows centred over positions). Nearly parallel
    neighbours leave a head only small differences to magnify to pick out t-1 from t-2."""
    wpe = model.p["wpe__weight"].detach().float()
    centred = wpe - wpe.mean(0)
    unit = F.normalize(centred, dim=1)
    energy = torch.linalg.svdvals(centred) ** 2
    return {"neighbour_cosine": round(float((unit[1:] * unit[:-1]).sum(1).mean()), 4),
            "two_apart_cosine": round(float((unit[2:] * unit[:-2]).sum(1).mean()), 4),
            "neighbour_distance_over_token_norm": round(float((wpe[1:] - wpe[:-1]).norm(dim=1).mean()
                                                              / model.p["wte__weight"].norm(dim=1).mean()), 4),
            "energy_in_top_4_directions": round(float(energy[:4].sum() / energy.sum()), 4)}


def best(scores):
    t = torch.tensor(scores)
    i = int(t.argmax())
    return {"layer": i // t.shape[1], "head": i % t.shape[1], "score": round(float(t.max()), 4)}


def measure(model_dir, meta, device="cpu"):
    model = load(model_dir, device)
    val = np.fromfile(os.path.join(tdm.WORK, "val.bin"), dtype=np.uint16)
    loss = tdm.evaluate(model, val)  # mean over the windows evaluate() reads
    T = model.c["n_positions"]
    tokens_scored = ((val.size - 1) // T) * T
    # Bits per character: the text's characters in proportion to the tokens scored.
    chars = meta["val"]["characters"] * tokens_scored / val.size
    heads = head_scores(model, val)
    bp = best(heads["previous_token"])
    return {
        "model": model_dir, "validation_loss": round(loss, 4), "validation_perplexity": round(math.exp(loss), 1),
        "bits_per_character": round(loss * tokens_scored / chars / math.log(2), 4),
        "heldout": {"documents": meta["val"]["documents"], "tokens": int(val.size), "characters": meta["val"]["characters"]},
        "best_previous_token_head": bp, "best_first_token_head": best(heads["first_token"]),
        "best_induction_head": best(heads["induction"]),
        "best_previous_token_head_by_offset": [round(x, 4) for x in heads["by_offset"][bp["layer"]][bp["head"]]],
        "position_table": position_table(model),
        "heads": {k: [[round(x, 4) for x in row] for row in v] for k, v in heads.items() if k != "by_offset"},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="+")
    ap.add_argument("--device", default="cpu", help="torch device to measure on (e.g. cuda)")
    ap.add_argument("--write-into", help="add the figures to this training.json as 'evaluation'")
    ap.add_argument("--json-out", help="also write every model's figures to this file (a list)")
    args = ap.parse_args()
    torch.set_num_threads(2)
    meta = tdm.prepare()
    results = [measure(m, meta, args.device) for m in args.models]
    for r in results:
        print(f"{r['model']}: loss {r['validation_loss']} ppl {r['validation_perplexity']} "
              f"bpc {r['bits_per_character']} | best previous-token L{r['best_previous_token_head']['layer']}"
              f"H{r['best_previous_token_head']['head']} {r['best_previous_token_head']['score']} | best induction "
              f"L{r['best_induction_head']['layer']}H{r['best_induction_head']['head']} {r['best_induction_head']['score']}")
        print(f"  best previous-token head's weight on t, t-1, ..., t-4: {r['best_previous_token_head_by_offset']}; "
              f"position table: {r['position_table']}")
    if len(results) > 1:
        print(f"bits per character: {(results[0]['bits_per_character'] / results[1]['bits_per_character'] - 1) * 100:+.1f}% "
              f"against {results[1]['model']}")
    if args.json_out:
        json.dump(results, open(args.json_out, "w"), indent=1)
    if args.write_into:
        report = json.load(open(args.write_into))
        report["evaluation"] = {"method": "scripts/measure_default_model.py", "this_model": results[0],
                                "compared_with": results[1:]}
        json.dump(report, open(args.write_into, "w"), indent=1)


if __name__ == "__main__":
    main()

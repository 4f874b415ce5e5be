#!/usr/bin/env python3
"""Lists the model directories under WEIGHTS_DIR (config.json + model.safetensors) with their download
size, shape and, when a training.json is there, the validation perplexity, for the page's model picker.

usage: scripts/make_model_index.py WEIGHTS_DIR OUT_JSON
"""
import json
import os
import sys


def main():
    weights, out = sys.argv[1:3]
    models = []
    for name in sorted(os.listdir(weights)) if os.path.isdir(weights) else []:
        d = os.path.join(weights, name)
        cfg, st = os.path.join(d, "config.json"), os.path.join(d, "model.safetensors")
        if not (os.path.isfile(cfg) and os.path.isfile(st)):
            continue
        try:
            c = json.load(open(cfg))
        except ValueError:
            continue
        entry = {"name": name, "bytes": os.path.getsize(st),
                 **{k: c.get(k) for k in ("n_layer", "n_head", "n_embd", "vocab_size")}}
        report = os.path.join(d, "training.json")
        if os.path.isfile(report):
            r = json.load(open(report))
            entry["perplexity"] = r.get("validation_perplexity")
            sources = sorted((r.get("data") or {}).get("sources") or {})
            entry["note"] = "trained here on " + ", ".join(sources) if sources else "trained here"
        models.append(entry)
    models.sort(key=lambda m: (m["name"] != "default", m["name"]))
    with open(out, "w") as f:
        json.dump({"models": models}, f, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Trains one default-model candidate on an accelerator (or any torch device) for a fixed wall-clock budget.

The model, data and settings are train_default_model.py's; what differs is the schedule: the learning rate
follows the fraction of the time budget spent (warm-up by steps, then a cosine to a tenth), so several
candidates can share one GPU and each still finishes its schedule. The whole held-out split is evaluated every
--eval-seconds and the best weights are kept. Writes OUT/best.pt and OUT/final.pt in the checkpoint shape that
`train_default_model.py --export-only` and `measure_default_model.py` read ({"model", "state"}), weights in F16.

--grow-below K (with --init-from) puts K new blocks under the parent's: their output projections start at zero, so the
grown model computes exactly what the parent did, and the new bottom blocks see the clean token and position
embeddings (where GPT-2's own previous-token heads sit). --position-waves R adds sharp sin/cos position features to a
trained model's smooth position table (see add_position_waves), and --position-lr-scale lets the position table and the
query/key/value weights learn to use them faster than the rest. OUT/resume.pt (weights, optimiser, clock) is written every
--save-seconds; a rerun with the same --out continues from it, so a CPU run survives interruptions.

usage: scripts/train_on_accelerator.py --out DIR [--minutes 5] [--device cuda] [--batch 64] [--lr 1e-3]
       [--warmup 200] [--dropout 0.1] [--sharp-positions] [--init-from FILE [--grow-below K [--new-lr-scale 1]]]
       [--position-waves R [--position-lr-scale 1]] [--seed 1337]
       [--threads N] [--save-seconds 300]
"""
import argparse
import copy
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_default_model as tdm  # noqa: E402


def log(tag, msg):
    print(f"[{tag} {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def grow_below(parent, k, seed):
    """A model with k new blocks under the parent's; zero output projections make each new block the identity."""
    torch.manual_seed(seed)
    child = tdm.GPT2(dict(parent.c, n_layer=parent.c["n_layer"] + k))
    for name, value in parent.p.items():
        if name.startswith("h__"):
            _, layer, rest = name.split("__", 2)
            name = f"h__{int(layer) + k}__{rest}"
        child.p[name].data.copy_(value.data)
    for i in range(k):
        for proj in ("attn__c_proj", "mlp__c_proj"):
            child.p[f"h__{i}__{proj}__weight"].data.zero_()
            child.p[f"h__{i}__{proj}__bias"].data.zero_()
    return child


def add_position_waves(model, norm, keep_from, pairs=8):
    """Adds sin/cos position features (wavelengths 3 to 64 tokens; each row of norm `norm`) to the position table.

    A trained table is smooth (neighbouring rows nearly parallel), so no head can tell t-1 from t-2 sharply; these
    waves can. They go along the residual directions that the trained blocks (from block keep_from up) read least
    and that leave LayerNorm's mean alone, so they disturb what the model already computes as little as possible."""
    C, P = model.c["n_embd"], model.c["n_positions"]
    reads = [model.p[f"h__{i}__{ln}__weight"][:, None] * model.p[f"h__{i}__{w}__weight"]
             for i in range(keep_from, model.c["n_layer"]) for ln, w in (("ln_1", "attn__c_attn"), ("ln_2", "mlp__c_fc"))]
    reads.append(model.p["ln_f__weight"][:, None] * model.p["wte__weight"].T)  # the unembedding reads it too
    with torch.no_grad():
        centred = torch.linalg.qr(torch.eye(C) - 1.0 / C)[0][:, :C - 1]  # an orthonormal basis summing to zero
        u = torch.linalg.svd(centred.T @ torch.cat(reads, 1), full_matrices=False)[0]
        least_read = centred @ u[:, -2 * pairs:]
        angle = 2 * math.pi * torch.arange(P)[:, None] / torch.logspace(math.log10(3), math.log10(64), pairs)
        waves = torch.cat([angle.sin(), angle.cos()], 1) * (norm / math.sqrt(pairs))
        model.p["wpe__weight"] += waves @ least_read.T


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=5)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--sharp-positions", action="store_true")
    ap.add_argument("--init-from")
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--eval-seconds", type=float, default=30)
    ap.add_argument("--grow-below", type=int, default=0)
    ap.add_argument("--new-lr-scale", type=float, default=1.0, help="learning-rate factor for grown blocks")
    ap.add_argument("--position-waves", type=float, default=0.0)
    ap.add_argument("--position-lr-scale", type=float, default=1.0,
                    help="learning-rate factor for the position table and the other blocks' query/key/value weights")
    ap.add_argument("--threads", type=int, help="CPU threads (torch's default: all cores)")
    ap.add_argument("--save-seconds", type=float, default=300)
    args = ap.parse_args()
    if args.grow_below and not args.init_from:
        sys.exit("error: --grow-below needs --init-from (the model to grow)")
    if args.threads:
        torch.set_num_threads(args.threads)
    tag = os.path.basename(os.path.normpath(args.out))
    os.makedirs(args.out, exist_ok=True)
    HP = tdm.HP
    HP.update(batch=args.batch, lr=args.lr, min_lr=args.lr / 10, warmup=args.warmup, dropout=args.dropout, seed=args.seed)
    if args.sharp_positions:
        HP["wpe_std"], HP["decay_wpe"] = 0.02, False
    torch.manual_seed(args.seed)
    torch.backends.cuda.matmul.allow_tf32 = True
    dev = torch.device(args.device)

    model = tdm.GPT2(tdm.CONFIG)
    state = {"step": 0, "elapsed": 0.0, "history": [], "hp": dict(HP, new_lr_scale=args.new_lr_scale,
                                                                   position_lr_scale=args.position_lr_scale,
                                                                   position_waves=args.position_waves),
             "trained_on": args.device}
    if args.device.startswith("cuda"):
        state["trained_on"] = torch.cuda.get_device_name(dev)
    elif args.device == "cpu":
        state["trained_on"] = f"CPU ({torch.get_num_threads()} threads)"
    if args.init_from:
        if args.init_from.endswith(".pt"):  # another candidate's weights, to continue it
            parent = torch.load(args.init_from, map_location="cpu")
            model = tdm.GPT2(dict(tdm.CONFIG, **parent["state"].get("config", {})))
            model.load_state_dict({k: v.float() for k, v in parent["model"].items()})
            state["stages_before"] = tdm.stages(parent["state"])
        else:  # a model directory's weights; its config.json says its shape (a grown model has more blocks)
            config = os.path.join(os.path.dirname(args.init_from), "config.json")
            if os.path.isfile(config):
                model = tdm.GPT2(dict(tdm.CONFIG, **json.load(open(config))))
            model.p.load_state_dict({k.replace(".", "__"): v for k, v in tdm.load_safetensors(args.init_from).items()})
        state["init_from"] = {"file": os.path.relpath(args.init_from, tdm.ROOT), "sha256": tdm.sha256_file(args.init_from)}
        if args.grow_below:
            model = grow_below(model, args.grow_below, args.seed)
            state["init_from"]["grown_below"] = args.grow_below
    if args.position_waves:  # after growing: the new blocks have not learnt to read anything yet
        add_position_waves(model, args.position_waves, args.grow_below)
    state["config"] = dict(model.c)
    model.to(dev)
    decayed = lambda n, p: p.dim() >= 2 and (HP["decay_wpe"] or n != "wpe__weight")  # noqa: E731
    # Grown blocks may learn faster than the trained ones they sit under (--new-lr-scale); so may the position table
    # and the query/key/value weights, which must learn to read added position waves (--position-lr-scale).
    def lr_scale(name):
        if any(name.startswith(f"h__{i}__") for i in range(args.grow_below)):
            return args.new_lr_scale
        return args.position_lr_scale if name == "wpe__weight" or "attn__c_attn" in name else 1.0
    groups = {}
    for n, p in model.p.items():
        key = (lr_scale(n), decayed(n, p))
        groups.setdefault(key, {"params": [], "weight_decay": HP["weight_decay"] if key[1] else 0.0, "scale": key[0]})
        groups[key]["params"].append(p)
    groups = list(groups.values())
    opt = torch.optim.AdamW(groups, lr=HP["lr"], betas=(0.9, 0.95))
    train = torch.from_numpy(np.fromfile(os.path.join(tdm.WORK, "train.bin"), dtype=np.uint16).astype(np.int64)).to(dev)
    val = np.fromfile(os.path.join(tdm.WORK, "val.bin"), dtype=np.uint16)
    offsets = torch.arange(HP["seq"] + 1, device=dev)
    gen = torch.Generator(device=dev)
    gen.manual_seed(args.seed)

    budget = args.minutes * 60
    best = {"val_loss": float("inf")}
    resume_path = os.path.join(args.out, "resume.pt")
    # The settings that must match for a run to continue (a rerun may change only --threads).
    run_args = {k: v for k, v in vars(args).items() if k != "threads"}
    if os.path.exists(resume_path):
        saved = torch.load(resume_path, map_location="cpu")
        if saved.get("args") != run_args:
            changed = sorted(k for k in run_args if saved.get("args", {}).get(k) != run_args[k])
            sys.exit(f"error: {resume_path} is a run with other settings ({', '.join(changed)}): "
                     "give another --out, or delete it to start again")
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        state, best = saved["state"], saved["best"]
        gen.set_state(saved["gen"])
        torch.set_rng_state(saved["torch_rng"])  # dropout masks go on where they stopped
        if saved.get("cuda_rng") is not None:
            torch.cuda.set_rng_state(saved["cuda_rng"], dev)
        log(tag, f"resumed at step {state['step']} ({state['elapsed']:.0f} s spent)")
    t0 = time.time() - state["elapsed"]
    last_eval = last_save = time.time()
    loss = None
    model.train()
    while True:
        spent = time.time() - t0
        done = spent >= budget
        if done or time.time() - last_eval >= args.eval_seconds or not state["history"]:
            val_loss = tdm.evaluate(model, val)
            state["history"].append({"step": state["step"], "minutes": round(spent / 60, 2),
                                     "train_loss": round(loss.item(), 4) if loss is not None else None,
                                     "val_loss": round(val_loss, 4)})
            log(tag, f"step {state['step']} ({spent:.0f} s) val loss {val_loss:.4f} (ppl {math.exp(val_loss):.1f})")
            if val_loss < best["val_loss"]:
                best = {"val_loss": val_loss, "step": state["step"], "spent": spent,
                        "model": copy.deepcopy(model).cpu().state_dict()}
            last_eval = time.time()
        if done:
            break
        if time.time() - last_save >= args.save_seconds:
            state["elapsed"] = time.time() - t0
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state, "best": best,
                        "gen": gen.get_state(), "torch_rng": torch.get_rng_state(), "args": run_args,
                        "cuda_rng": torch.cuda.get_rng_state(dev) if dev.type == "cuda" else None},
                       resume_path + ".tmp")
            os.replace(resume_path + ".tmp", resume_path)  # never a half-written resume file
            last_save = time.time()
        step = state["step"]
        if step < HP["warmup"]:
            lr = HP["lr"] * (step + 1) / HP["warmup"]
        else:
            lr = HP["min_lr"] + 0.5 * (HP["lr"] - HP["min_lr"]) * (1 + math.cos(math.pi * min(1.0, spent / budget)))
        for g in opt.param_groups:
            g["lr"] = lr * g["scale"]
        starts = torch.randint(0, train.numel() - HP["seq"] - 1, (HP["batch"],), device=dev, generator=gen)
        window = train[starts[:, None] + offsets]
        loss = F.cross_entropy(model(window[:, :-1], HP["dropout"]).reshape(-1, tdm.CONFIG["vocab_size"]),
                               window[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), HP["grad_clip"])
        opt.step()
        state["step"] = step + 1
    state["elapsed"] = time.time() - t0
    state["total_steps"] = state["step"]
    # Kept in F16, as the model ships (and half the size to bring back from the accelerator's machine).
    half = lambda weights: {k: v.detach().cpu().half() for k, v in weights.items()}  # noqa: E731
    torch.save({"model": half(model.state_dict()), "state": state}, os.path.join(args.out, "final.pt"))
    if os.path.exists(resume_path):
        os.remove(resume_path)  # the run is finished: a rerun with this --out starts afresh
    best_state = dict(state, step=best.get("step", 0), elapsed=best.get("spent", 0.0),
                      best_of={"val_loss": round(best["val_loss"], 4), "steps_run": state["step"]})
    if "model" in best:  # none when every evaluation was NaN (a diverged run): final.pt is all there is
        torch.save({"model": half(best["model"]), "state": best_state}, os.path.join(args.out, "best.pt"))
    log(tag, f"done: {state['step']} steps ({state['step'] * HP['batch'] * HP['seq'] / 1e6:.0f} M tokens) in "
        f"{state['elapsed']:.0f} s; best val loss {best['val_loss']:.4f} at step {best.get('step')}")


if __name__ == "__main__":
    main()

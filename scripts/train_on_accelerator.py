#!/usr/bin/env python3
"""Trains one default-model candidate on an accelerator (or any torch device) for a fixed wall-clock budget.

The model, data and settings are train_default_model.py's; what differs is the schedule: the learning rate
follows the fraction of the time budget spent (warm-up by steps, then a cosine to a tenth), so several
candidates can share one GPU and each still finishes its schedule. The whole held-out split is evaluated every
--eval-seconds and the best weights are kept. Writes OUT/best.pt and OUT/final.pt in the checkpoint shape that
`train_default_model.py --export-only` and `measure_default_model.py` read ({"model", "state"}), weights in F16.

usage: scripts/train_on_accelerator.py --out DIR [--minutes 5] [--device cuda] [--batch 64] [--lr 1e-3]
       [--warmup 200] [--dropout 0.1] [--sharp-positions] [--init-from FILE] [--seed 1337]
"""
import argparse
import copy
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
    args = ap.parse_args()
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
    state = {"step": 0, "elapsed": 0.0, "history": [], "hp": dict(HP), "trained_on": args.device}
    if args.device.startswith("cuda"):
        state["trained_on"] = torch.cuda.get_device_name(dev)
    if args.init_from:
        if args.init_from.endswith(".pt"):  # another candidate's weights, to continue it
            parent = torch.load(args.init_from)
            model.load_state_dict({k: v.float() for k, v in parent["model"].items()})
            state["stages_before"] = tdm.stages(parent["state"])
        else:
            model.p.load_state_dict({k.replace(".", "__"): v for k, v in tdm.load_safetensors(args.init_from).items()})
        state["init_from"] = {"file": os.path.relpath(args.init_from, tdm.ROOT), "sha256": tdm.sha256_file(args.init_from)}
    model.to(dev)
    decayed = lambda n, p: p.dim() >= 2 and (HP["decay_wpe"] or n != "wpe__weight")  # noqa: E731
    opt = torch.optim.AdamW([{"params": [p for n, p in model.p.items() if decayed(n, p)], "weight_decay": HP["weight_decay"]},
                             {"params": [p for n, p in model.p.items() if not decayed(n, p)], "weight_decay": 0.0}],
                            lr=HP["lr"], betas=(0.9, 0.95))
    train = torch.from_numpy(np.fromfile(os.path.join(tdm.WORK, "train.bin"), dtype=np.uint16).astype(np.int64)).to(dev)
    val = np.fromfile(os.path.join(tdm.WORK, "val.bin"), dtype=np.uint16)
    offsets = torch.arange(HP["seq"] + 1, device=dev)
    gen = torch.Generator(device=dev)
    gen.manual_seed(args.seed)

    budget = args.minutes * 60
    best = {"val_loss": float("inf")}
    t0 = last_eval = time.time()
    model.train()
    while True:
        spent = time.time() - t0
        done = spent >= budget
        if done or time.time() - last_eval >= args.eval_seconds:
            val_loss = tdm.evaluate(model, val)
            state["history"].append({"step": state["step"], "minutes": round(spent / 60, 2),
                                     "train_loss": round(loss.item(), 4) if state["step"] else None,
                                     "val_loss": round(val_loss, 4)})
            log(tag, f"step {state['step']} ({spent:.0f} s) val loss {val_loss:.4f} (ppl {math.exp(val_loss):.1f})")
            if val_loss < best["val_loss"]:
                best = {"val_loss": val_loss, "step": state["step"], "spent": spent,
                        "model": copy.deepcopy(model).cpu().state_dict()}
            last_eval = time.time()
        if done:
            break
        step = state["step"]
        if step < HP["warmup"]:
            lr = HP["lr"] * (step + 1) / HP["warmup"]
        else:
            lr = HP["min_lr"] + 0.5 * (HP["lr"] - HP["min_lr"]) * (1 + math.cos(math.pi * min(1.0, spent / budget)))
        for g in opt.param_groups:
            g["lr"] = lr
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
    best_state = dict(state, step=best.get("step", 0), elapsed=best.get("spent", 0.0),
                      best_of={"val_loss": round(best["val_loss"], 4), "steps_run": state["step"]})
    if "model" in best:  # none when every evaluation was NaN (a diverged run): final.pt is all there is
        torch.save({"model": half(best["model"]), "state": best_state}, os.path.join(args.out, "best.pt"))
    log(tag, f"done: {state['step']} steps ({state['step'] * HP['batch'] * HP['seq'] / 1e6:.0f} M tokens) in "
        f"{state['elapsed']:.0f} s; best val loss {best['val_loss']:.4f} at step {best.get('step')}")


if __name__ == "__main__":
    main()

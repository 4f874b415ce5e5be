#!/usr/bin/env python3
"""Checks the default-model training tools on a tiny GPT-2 (2 layers, 16 dims), against independent answers:

- grow_below: the grown model's logits equal the parent's (its new blocks start as the identity);
- add_position_waves: rows of the requested norm that leave LayerNorm's mean alone, along directions the
  unembedding and the trained blocks read less than a random direction, and that tell neighbouring positions apart;
- position_table: a table of one rotating pair of columns has neighbour cosine cos(2*pi/wavelength).
"""
import math
import os
import sys

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import measure_default_model as measure  # noqa: E402
import train_default_model as tdm  # noqa: E402
import train_on_accelerator as toa  # noqa: E402

TINY = dict(tdm.CONFIG, n_layer=2, n_head=2, n_embd=16, n_positions=32, n_ctx=32, vocab_size=64)
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def trained_like(seed):
    """A tiny model whose output projections are not zero, as after training."""
    torch.manual_seed(seed)
    model = tdm.GPT2(TINY).eval()
    with torch.no_grad():
        for p in model.p.values():
            p.add_(torch.randn_like(p) * 0.05)
    return model


def grown_model_computes_what_its_parent_did():
    parent = trained_like(1)
    child = toa.grow_below(parent, 2, seed=3).eval()
    check(child.c["n_layer"] == 4, "grow_below(2) adds two blocks")
    ids = torch.randint(0, 64, (3, 32))
    with torch.no_grad():
        diff = (child(ids) - parent(ids)).abs().max().item()
    check(diff < 1e-5, f"the grown model's logits equal the parent's (max difference {diff:.2e})")
    check(torch.equal(child.p["h__2__mlp__c_fc__weight"], parent.p["h__0__mlp__c_fc__weight"]),
          "the parent's first block sits above the new ones")
    check(all(float(child.p[f"h__{i}__{proj}__{part}"].abs().max()) == 0 for i in range(2)
              for proj in ("attn__c_proj", "mlp__c_proj") for part in ("weight", "bias")),
          "the new blocks' output projections (weights and biases) are zero")


def waves_are_quiet_and_sharp():
    model = trained_like(2)
    before = model.p["wpe__weight"].detach().clone()
    toa.add_position_waves(model, 0.5, keep_from=0, pairs=3)
    added = model.p["wpe__weight"].detach() - before
    norms = added.norm(dim=1)
    check(torch.allclose(norms, torch.full_like(norms, 0.5), atol=1e-4), f"every added row has norm 0.5 ({norms.min():.4f}..{norms.max():.4f})")
    check(added.sum(1).abs().max().item() < 1e-5, "the added rows sum to zero (LayerNorm's mean is unchanged)")
    reads = torch.cat([model.p[f"h__{i}__{ln}__weight"][:, None] * model.p[f"h__{i}__{w}__weight"]
                       for i in range(2) for ln, w in (("ln_1", "attn__c_attn"), ("ln_2", "mlp__c_fc"))]
                      + [model.p["ln_f__weight"][:, None] * model.p["wte__weight"].T], 1).detach()
    gain = lambda v: (v @ reads).norm() / v.norm()  # noqa: E731
    torch.manual_seed(9)
    randoms = [torch.randn(16) for _ in range(200)]
    randoms = [r - r.mean() for r in randoms]
    quieter = sum(gain(added[5]) < gain(r) for r in randoms)
    check(quieter >= 190, f"the waves are read less than {quieter}/200 random centred directions")
    unit = torch.nn.functional.normalize(added, dim=1)
    neighbour = (unit[1:] * unit[:-1]).sum(1).mean().item()
    check(neighbour < 0.5, f"neighbouring wave rows differ (cosine {neighbour:.3f})")


def position_table_reads_a_known_table():
    model = tdm.GPT2(TINY)
    wavelength = 8
    angle = 2 * math.pi * torch.arange(32.0) / wavelength
    table = torch.zeros(32, 16)
    table[:, 0], table[:, 1] = angle.cos(), angle.sin()  # 32 rows = 4 whole turns: the mean is zero
    with torch.no_grad():
        model.p["wpe__weight"].copy_(table)
    figures = measure.position_table(model)
    want = math.cos(2 * math.pi / wavelength)
    check(abs(figures["neighbour_cosine"] - want) < 1e-3, f"neighbour cosine {figures['neighbour_cosine']} = cos(2pi/8) {want:.4f}")
    check(abs(figures["two_apart_cosine"] - math.cos(4 * math.pi / wavelength)) < 1e-3, "two-apart cosine = cos(4pi/8)")
    check(abs(figures["energy_in_top_4_directions"] - 1.0) < 1e-4, "a two-column table has all its variance in 4 directions")


grown_model_computes_what_its_parent_did()
waves_are_quiet_and_sharp()
position_table_reads_a_known_table()
if failures:
    sys.exit(f"{len(failures)} check(s) failed")

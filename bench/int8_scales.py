#!/usr/bin/env python3
"""Would finer int8 scales keep the trained model's top-1? A float64 PyTorch model of the engine's int8 path.

The engine's int8 storage has one scale per output row (max|row| / 127) and rounds activations to int16 per
row (compute/weight_matrix.h). This re-runs a GPT-2 checkpoint with its linear layers' weights rounded that
way, or with one scale per G inputs of a row, or with one matrix kept unrounded, and prints the top-1
agreement and the logit error against the unrounded model on the same token ids, with the F32 top-2 margins
where the rounded model's top-1 differs. It answers whether a format change is worth building before it is.

  python3 bench/int8_scales.py weights/default IDS.json     (IDS.json: a JSON list of token ids)
"""
import json
import struct
import sys

import numpy as np
import torch


def load_safetensors(path):
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    dtypes = {'F16': np.float16, 'F32': np.float32}
    out = {}
    for name, t in header.items():
        if name == '__metadata__':
            continue
        a, b = t['data_offsets']
        out[name] = torch.tensor(np.frombuffer(data[a:b], dtype=dtypes[t['dtype']]).astype(np.float64).reshape(t['shape']))
    return out


def rounded(w, group):
    """w (out, in) as int8 with one scale per `group` inputs of each row (group <= 0: one per row)."""
    rows, cols = w.shape
    group = cols if group <= 0 else group
    n = (cols + group - 1) // group
    padded = torch.nn.functional.pad(w, (0, n * group - cols)).reshape(rows, n, group)
    scale = padded.abs().amax(-1, keepdim=True) / 127
    scale[scale == 0] = 1
    return (torch.round(padded / scale).clamp(-127, 127) * scale).reshape(rows, n * group)[:, :cols]


def activations_rounded(x, cols):
    """Each row to int16 with its own scale, within the range that cannot overflow (activation_limit)."""
    limit = min(32767, (1 << 31) // (127 * cols) - 1)
    m = x.abs().amax(-1, keepdim=True)
    m[m == 0] = 1
    return torch.round(x / m * limit) * m / limit


def logits(W, cfg, ids, group_of):
    """GPT-2's forward pass; group_of(matrix name) is None (unrounded) or the int8 group size."""
    E, H, T = cfg['n_embd'], cfg['n_head'], len(ids)

    def linear(x, w_out_in, bias, name):
        g = group_of(name)
        if g is not None:
            w_out_in = rounded(w_out_in, g)
            x = activations_rounded(x, w_out_in.shape[1])
        y = x @ w_out_in.T
        return y if bias is None else y + bias

    def ln(x, p):
        return torch.nn.functional.layer_norm(x, (E,), W[p + '.weight'], W[p + '.bias'], cfg.get('layer_norm_epsilon', 1e-5))

    x = W['wte.weight'][ids] + W['wpe.weight'][:T]
    causal = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
    hs = E // H
    for l in range(cfg['n_layer']):
        p = f'h.{l}.'
        qkv = linear(ln(x, p + 'ln_1'), W[p + 'attn.c_attn.weight'].T, W[p + 'attn.c_attn.bias'], p + 'attn.c_attn')
        q, k, v = (t.view(T, H, hs).transpose(0, 1) for t in qkv.split(E, -1))
        a = ((q @ k.transpose(-1, -2)) / hs ** 0.5).masked_fill(causal, float('-inf')).softmax(-1)
        x = x + linear((a @ v).transpose(0, 1).reshape(T, E), W[p + 'attn.c_proj.weight'].T, W[p + 'attn.c_proj.bias'], p + 'attn.c_proj')
        f = linear(ln(x, p + 'ln_2'), W[p + 'mlp.c_fc.weight'].T, W[p + 'mlp.c_fc.bias'], p + 'mlp.c_fc')
        f = 0.5 * f * (1 + torch.tanh((2 / torch.pi) ** 0.5 * (f + 0.044715 * f ** 3)))
        x = x + linear(f, W[p + 'mlp.c_proj.weight'].T, W[p + 'mlp.c_proj.bias'], p + 'mlp.c_proj')
    return linear(ln(x, 'ln_f'), W['wte.weight'], None, 'output')


def main():
    model_dir, ids_file = sys.argv[1], sys.argv[2]
    W = load_safetensors(f'{model_dir}/model.safetensors')
    cfg = json.load(open(f'{model_dir}/config.json'))
    ids = json.load(open(ids_file))
    exact = logits(W, cfg, ids, lambda name: None)
    top = exact.argmax(-1)
    top2 = exact.topk(2, -1).values
    margin = top2[:, 0] - top2[:, 1]

    def report(label, group_of):
        lg = logits(W, cfg, ids, group_of)
        differ = (lg.argmax(-1) != top).nonzero().flatten().tolist()
        err = lg - exact
        print(f'{label:34s} top-1 {100 * (1 - len(differ) / len(ids)):6.2f}%  rms logit error {float(err.pow(2).mean().sqrt()):.4f}'
              f'  max {float(err.abs().max()):.3f}  F32 margins where top-1 differs: '
              + ', '.join(f'{float(margin[i]):.3f}' for i in differ))

    print(f'{len(ids)} tokens; median F32 top-2 margin {float(margin.median()):.3f}')
    report('int8, one scale per row (shipped)', lambda name: 0)
    for g in (128, 64, 32, 16):
        report(f'int8, one scale per {g} inputs', lambda name, g=g: g)
    report('int8, output layer kept', lambda name: None if name == 'output' else 0)
    names = [f'h.{l}.{m}' for l in range(cfg['n_layer']) for m in ('attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj')]
    for kept in names:
        report(f'int8, {kept} kept', lambda name, kept=kept: None if name == kept else 0)


if __name__ == '__main__':
    main()

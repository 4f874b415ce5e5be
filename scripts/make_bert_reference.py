#!/usr/bin/env python3
"""Builds small random BERT checkpoints with Hugging Face's exact tensor names and reference outputs written
from BERT's definition in float64 PyTorch (embeddings + LayerNorm, post-norm blocks, attention over every
token, erf GELU, the masked-LM head), independent of the C++ engine. Writes into OUT_DIR:
  mlm/      BertForMaskedLM: "bert." prefix, weight/bias LayerNorms, cls.predictions.decoder.weight stored (tied)
  old/      the older layout: gamma/beta LayerNorms and no stored decoder (the head reads the word embeddings)
  base/     BertModel: no prefix, a pooler, no masked-LM head
  bert_reference.json  per case: ids, attention [L][NH][T][T], masked-LM logits at every position [T][V]
usage: scripts/make_bert_reference.py OUT_DIR
"""
import json
import math
import os
import sys
import unicodedata

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference_model import save_safetensors  # noqa: E402

CONFIG = {"architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_size": 48, "num_hidden_layers": 2,
          "num_attention_heads": 4, "intermediate_size": 96, "max_position_embeddings": 32, "vocab_size": 300,
          "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu", "position_embedding_type": "absolute"}
CASES = [[101, 7, 8, 103, 9, 102], [101, 102], [101] + [(i * 37 + 11) % 300 for i in range(30)] + [102]]
# The vocabulary: BERT's special tokens at their usual ids, then characters, words and "##" pieces, 300 in all.
WORDS = ["the", "cat", "sat", "on", "mat", "dog", "it", "was", "too", "tired", "because", "animal", "street", "cross",
         "didn", "un", "##happy", "##ly", "##ing", "##s", "play", "##ed", "naive", "cafe", "resume", "hello", "world", "a",
         "an", "and", "in", "of", "to", "is", "he", "she", "they", "new", "york", "zurich", "uber", "12", "##3", "1", "2", "3"]
FILL_TEXTS = ["The cat sat on the [MASK].", "[MASK] dog was too [MASK]!", "Hello [MASK] world"]
TRICKY = ["", "   ", "The Cat SAT on the mat.", "unhappily playing", "Naïve café, résumé!", "Zürich Über",
          "猫が好き 中文", "hello...world?!", "a\tb\u00a0c\nd", "x" * 101, "qqq zzz", "[MASK] is [MASK]",
          "don't", "12 123 1234", "\u0000bad\ufffdchars\u200b", "(the) [the] {the}"]


def vocab():
    v = ["[PAD]"] + [f"[unused{i}]" for i in range(99)] + ["[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    chars = list("abcdefghijklmnopqrstuvwxyz0123456789.,!?'()[]{}-") + ["猫", "中", "文", "が", "好", "き"]
    v += chars + ["##" + c for c in "abcdefghijklmnopqrstuvwxyz"] + WORDS
    v += [f"[unused{i}]" for i in range(99, 99 + 300 - len(v))]
    assert len(v) == 300, len(v)
    return v


class WordPiece:
    """BERT's uncased tokenizer written from its definition: clean, space out CJK, lower-case, strip accents
    (NFD, drop Mn), split on whitespace and punctuation, then greedy longest-match-first WordPiece."""

    def __init__(self, tokens):
        self.ids = {t: i for i, t in reversed(list(enumerate(tokens)))}

    @staticmethod
    def punct(ch):
        cp = ord(ch)
        return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or unicodedata.category(ch).startswith("P")

    @staticmethod
    def cjk(cp):
        return any(lo <= cp <= hi for lo, hi in ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
                                                 (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)))

    def basic(self, text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cf", "Co")):
                continue
            out.append(" " if ch in " \t\n\r" or unicodedata.category(ch) == "Zs" else f" {ch} " if self.cjk(cp) else ch)
        words = []
        for w in "".join(out).split():
            w = "".join(c for c in unicodedata.normalize("NFD", w.lower()) if unicodedata.category(c) != "Mn")
            cur = ""
            for c in w:
                if self.punct(c):
                    words += [cur] if cur else []
                    words.append(c)
                    cur = ""
                else:
                    cur += c
            words += [cur] if cur else []
        return words

    def encode(self, text):
        ids = [self.ids["[CLS]"]]
        for part in [p for p in __import__("re").split(r"(\[MASK\]|\[CLS\]|\[SEP\]|\[UNK\]|\[PAD\])", text) if p]:
            if part in ("[MASK]", "[CLS]", "[SEP]", "[UNK]", "[PAD]"):
                ids.append(self.ids[part])
                continue
            for w in self.basic(part):
                if len(w) > 100:
                    ids.append(self.ids["[UNK]"])
                    continue
                pieces, start = [], 0
                while start < len(w):
                    end = len(w)
                    while end > start and (("##" if start else "") + w[start:end]) not in self.ids:
                        end -= 1
                    if end == start:
                        pieces = None
                        break
                    pieces.append(self.ids[("##" if start else "") + w[start:end]])
                    start = end
                ids += pieces if pieces is not None else [self.ids["[UNK]"]]
        return ids + [self.ids["[SEP]"]]


def random_weights(seed=2):
    g = torch.Generator().manual_seed(seed)
    C, F_, L, V, P = (CONFIG[k] for k in ("hidden_size", "intermediate_size", "num_hidden_layers", "vocab_size",
                                           "max_position_embeddings"))
    rnd = lambda *shape, std=0.2: torch.randn(*shape, generator=g) * std  # noqa: E731
    w = {"embeddings.word_embeddings.weight": rnd(V, C, std=0.5), "embeddings.position_embeddings.weight": rnd(P, C),
         "embeddings.token_type_embeddings.weight": rnd(2, C), "embeddings.LayerNorm.weight": 1 + rnd(C, std=0.1),
         "embeddings.LayerNorm.bias": rnd(C, std=0.1)}
    for i in range(L):
        p = f"encoder.layer.{i}."
        for name in ("query", "key", "value"):
            w[p + f"attention.self.{name}.weight"] = rnd(C, C, std=0.3)
            w[p + f"attention.self.{name}.bias"] = rnd(C, std=0.1)
        w[p + "attention.output.dense.weight"] = rnd(C, C)
        w[p + "attention.output.dense.bias"] = rnd(C, std=0.05)
        w[p + "attention.output.LayerNorm.weight"] = 1 + rnd(C, std=0.1)
        w[p + "attention.output.LayerNorm.bias"] = rnd(C, std=0.1)
        w[p + "intermediate.dense.weight"] = rnd(F_, C)
        w[p + "intermediate.dense.bias"] = rnd(F_, std=0.05)
        w[p + "output.dense.weight"] = rnd(C, F_)
        w[p + "output.dense.bias"] = rnd(C, std=0.05)
        w[p + "output.LayerNorm.weight"] = 1 + rnd(C, std=0.1)
        w[p + "output.LayerNorm.bias"] = rnd(C, std=0.1)
    head = {"cls.predictions.transform.dense.weight": rnd(C, C), "cls.predictions.transform.dense.bias": rnd(C, std=0.05),
            "cls.predictions.transform.LayerNorm.weight": 1 + rnd(C, std=0.1),
            "cls.predictions.transform.LayerNorm.bias": rnd(C, std=0.1), "cls.predictions.bias": rnd(V, std=0.1)}
    return w, head


def bert_forward(w, head, ids):
    """Masked-LM logits (T, V) and attention (L, NH, T, T), float64."""
    C, NH, eps = CONFIG["hidden_size"], CONFIG["num_attention_heads"], CONFIG["layer_norm_eps"]
    HS, T = C // NH, len(ids)
    w = {k: v.double() for k, v in {**w, **head}.items()}
    ln = lambda x, p: F.layer_norm(x, (C,), w[p + ".weight"], w[p + ".bias"], eps)  # noqa: E731
    lin = lambda x, p: x @ w[p + ".weight"].T + w[p + ".bias"]  # noqa: E731
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:T] + \
        w["embeddings.token_type_embeddings.weight"][0]
    x = ln(x, "embeddings.LayerNorm")
    atts = []
    for i in range(CONFIG["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q, k, v = (lin(x, p + f"attention.self.{n}").view(T, NH, HS).transpose(0, 1) for n in ("query", "key", "value"))
        att = torch.softmax((q @ k.transpose(1, 2)) / math.sqrt(HS), dim=-1)  # every key: no mask
        atts.append(att)
        y = (att @ v).transpose(0, 1).reshape(T, C)
        x = ln(x + lin(y, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        h = F.gelu(lin(x, p + "intermediate.dense"))  # erf GELU
        x = ln(x + lin(h, p + "output.dense"), p + "output.LayerNorm")
    t = F.layer_norm(F.gelu(lin(x, "cls.predictions.transform.dense")), (C,), w["cls.predictions.transform.LayerNorm.weight"],
                     w["cls.predictions.transform.LayerNorm.bias"], eps)
    return t @ w["embeddings.word_embeddings.weight"].T + w["cls.predictions.bias"], torch.stack(atts)


def write(out, name, tensors, config):
    os.makedirs(os.path.join(out, name), exist_ok=True)
    with open(os.path.join(out, name, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab()) + "\n")
    with open(os.path.join(out, name, "tokenizer_config.json"), "w") as f:
        json.dump({"do_lower_case": True, "tokenizer_class": "BertTokenizer"}, f)
    save_safetensors(os.path.join(out, name, "model.safetensors"), {k: (v.float(), "F32") for k, v in tensors.items()})
    with open(os.path.join(out, name, "config.json"), "w") as f:
        json.dump(config, f, indent=2)


def main():
    out = sys.argv[1]
    w, head = random_weights()
    mlm = {"bert." + k: v for k, v in w.items()}
    mlm.update(head)
    mlm["cls.predictions.decoder.weight"] = w["embeddings.word_embeddings.weight"]
    mlm["bert.embeddings.position_ids"] = torch.arange(CONFIG["max_position_embeddings"]).float().view(1, -1)
    write(out, "mlm", mlm, CONFIG)
    old = {}
    for k, v in {**w, **head}.items():  # gamma/beta, no prefix change, no decoder
        if "LayerNorm" in k:
            k = k.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta")
        old["bert." + k if not k.startswith("cls.") else k] = v
    write(out, "old", old, CONFIG)
    base = dict(w)
    base["pooler.dense.weight"], base["pooler.dense.bias"] = torch.eye(CONFIG["hidden_size"]), torch.zeros(CONFIG["hidden_size"])
    write(out, "base", base, {**CONFIG, "architectures": ["BertModel"]})
    ref = {"cases": [], "tokenizer": [], "fill": []}
    for ids in CASES:
        logits, att = bert_forward(w, head, ids)
        ref["cases"].append({"ids": ids, "logits": logits.tolist(), "attention": att.tolist()})
    wp = WordPiece(vocab())
    ref["tokenizer"] = [{"text": t, "ids": wp.encode(t)} for t in TRICKY + FILL_TEXTS]
    for text in FILL_TEXTS:
        ids = wp.encode(text)
        probs = torch.softmax(bert_forward(w, head, ids)[0], dim=-1)
        ref["fill"].append({"text": text, "ids": ids, "fills": [{"position": t, "probs": probs[t].tolist()}
                                                                for t, i in enumerate(ids) if i == 103]})
    with open(os.path.join(out, "bert_reference.json"), "w") as f:
        json.dump(ref, f)
    print(f"wrote BERT reference checkpoints and outputs to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()

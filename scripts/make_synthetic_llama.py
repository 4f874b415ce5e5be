#!/usr/bin/env python3
"""Writes a random checkpoint with SmolLM2-135M's exact config, tensor names, shapes and dtype (BF16; 30 layers,
576 dims, 9 query heads over 3 key/value heads, vocabulary 49,152), for the speed benchmark: speed does not
depend on the values. A small tokenizer.json in SmolLM2's structure comes with it (the benchmark feeds ids).
usage: scripts/make_synthetic_llama.py OUT_DIR
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_llama_reference import random_weights, write_tokenizer, write_variant  # noqa: E402

# SmolLM2-135M's config.json (Hugging Face, HuggingFaceTB/SmolLM2-135M), the keys the engine reads.
CONFIG = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 576, "num_hidden_layers": 30,
          "num_attention_heads": 9, "num_key_value_heads": 3, "intermediate_size": 1536, "max_position_embeddings": 8192,
          "rms_norm_eps": 1e-5, "rope_theta": 100000.0, "rope_scaling": None, "tie_word_embeddings": True, "hidden_act": "silu",
          "attention_bias": False, "vocab_size": 49152, "bos_token_id": 0, "eos_token_id": 0, "torch_dtype": "bfloat16"}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    gpt2_dir = os.path.join(os.path.dirname(__file__), "..", "assets", "gpt2-tokenizer")
    write_tokenizer(out, gpt2_dir)
    torch.manual_seed(0)
    write_variant(os.path.dirname(os.path.abspath(out)), os.path.basename(os.path.abspath(out)), CONFIG,
                  random_weights(CONFIG, 11), "BF16")
    print(f"wrote a SmolLM2-135M-shaped random checkpoint to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()

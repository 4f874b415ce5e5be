// BERT (Hugging Face's BertForMaskedLM and BertModel checkpoints): word, position and token-type
// embeddings then a LayerNorm; post-norm blocks (attention → add → LayerNorm; GELU MLP → add → LayerNorm);
// attention over every token (no mask); the masked-LM head (dense → GELU → LayerNorm → the word embeddings,
// or cls.predictions.decoder, plus a bias). LayerNorms named weight/bias or the older gamma/beta.
#pragma once
#include "families/family.h"

namespace attn {

const Family& bert_family();

}  // namespace attn

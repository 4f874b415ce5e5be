// BERT's WordPiece (vocab.txt, do_lower_case) and byte-level BPE tokenizers: GPT-2's, built from OpenAI's encoder.json and vocab.bpe, and any other model's
// from its vocab.json + merges.txt (or tokenizer.json) with the pre-tokenizer and special tokens its
// tokenizer.json declares (Llama-family models such as SmolLM2 split every digit on its own first).
//
// With vocab_size < 50257 GPT-2's tokenizer is truncated to its first (vocab_size - 256) merges:
// GPT-2's id 256+i is merge i, so every id still names the same token as in GPT-2.
#pragma once
#include <functional>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "expected.h"

namespace attn {

constexpr int kGpt2VocabSize = 50257;
constexpr int kGpt2EndOfText = 50256;

// How text is split before BPE: GPT-2's pattern alone, or each digit on its own first (HF's Digits with
// individual_digits, then ByteLevel's GPT-2 pattern on the rest).
enum class PreTokenizer { Gpt2, DigitsThenGpt2 };

// What tokenizer.json and tokenizer_config.json add to a vocabulary and its merges.
struct TokenizerSpec {
  PreTokenizer pre = PreTokenizer::Gpt2;
  std::vector<std::pair<std::string, int>> added;  // special tokens: matched in the text as they are, never split
  int bos = -1;                                    // prepended to every text when tokenizer_config.json asks
  std::string vocab_json, merges_txt;              // the vocabulary and merges tokenizer.json carries itself
};

// Reads tokenizer.json (its pre-tokenizer, added tokens, and its model's vocab and merges) and, when given,
// tokenizer_config.json (add_bos_token, bos_token). Anything it cannot honour exactly is one line.
Expected<TokenizerSpec> parse_tokenizer_json(std::string_view tokenizer_json, std::string_view tokenizer_config_json = {});

class Tokenizer {
 public:
  // encoder_json: {"token": id}; vocab_bpe: "#version" line then "a b" merges by rank.
  static Expected<Tokenizer> load(std::string_view encoder_json, std::string_view vocab_bpe,
                                  int vocab_size = kGpt2VocabSize);
  // Any byte-level BPE: vocab_json {"token": id} with ids below vocab_size, merges "a b" by rank (each
  // makes the token a+b), split and extended as `spec` says.
  static Expected<Tokenizer> load_bpe(std::string_view vocab_json, std::string_view merges_txt, const TokenizerSpec& spec,
                                      int vocab_size);
  // BERT's WordPiece: vocab.txt (one token per line, the line number its id), lower-cased and accent-stripped
  // when do_lower_case. Texts become [CLS] … [SEP]; a literal [MASK] (or [CLS], [SEP], [UNK], [PAD]) is that
  // token; a word that WordPiece cannot cover, or longer than 100 characters, is [UNK].
  static Expected<Tokenizer> load_wordpiece(std::string_view vocab_txt, bool lower_case, int vocab_size);

  // Text (any bytes; invalid UTF-8 is kept byte for byte) to token ids.
  std::vector<int> encode(std::string_view text) const;
  // Ids to the exact bytes they stand for; ids outside the vocabulary are skipped.
  std::string decode(const std::vector<int>& ids) const;

  bool valid_id(int id) const { return id >= 0 && id < vocab_size_; }
  const std::string& token_bytes(int id) const { return tokens_[id]; }
  // A printable form for chips and bars: spaces as "␣", newline "↵", tab "⇥", stray bytes as "⟨e2⟩" (see
  // text/token_display.h for tokens in their text, where a cut character is named).
  std::string display(int id) const;
  // display() as a function of the id, for writers that take one (analysis/result_json.h).
  std::function<std::string(int)> display_function() const { return [this](int id) { return display(id); }; }

  int vocab_size() const { return vocab_size_; }
  int merges_used() const { return merges_used_; }
  int bos() const { return bos_; }
  int mask_id() const { return mask_; }  // WordPiece's [MASK], else -1
  bool wordpiece() const { return wordpiece_; }
  bool is_special(int id) const;

 private:
  struct Merge {
    int rank, merged;
  };
  std::vector<int> bpe(std::string_view piece) const;
  void encode_plain(std::string_view text, std::vector<int>& ids) const;  // no special tokens in it
  static Expected<Tokenizer> read_vocab(std::string_view json_text, const std::string& file, int vocab_size,
                                        std::unordered_map<std::string, int>& ids);

  int vocab_size_ = 0;
  int merges_used_ = 0;
  PreTokenizer pre_ = PreTokenizer::Gpt2;
  std::vector<std::pair<std::string, int>> added_;  // longest first, so a longer special token wins
  int bos_ = -1;
  bool wordpiece_ = false, lower_case_ = true;
  int cls_ = -1, sep_ = -1, unk_ = -1, mask_ = -1;
  std::unordered_map<std::string, int> pieces_;  // WordPiece: token text → id
  void wordpiece_words(std::string_view text, std::vector<int>& ids) const;
  std::vector<std::string> tokens_;                 // id -> raw bytes
  int byte_id_[256] = {};                           // byte -> id of its one-byte token
  std::unordered_map<uint64_t, Merge> merges_;      // (left id << 32 | right id) -> merge
  mutable std::unordered_map<std::string, std::vector<int>> cache_;  // piece -> ids
};

// Display form of arbitrary token bytes (shared with views that show partial tokens).
std::string display_token(std::string_view bytes);

}  // namespace attn

// GPT-2's byte-level BPE tokenizer, built from OpenAI's encoder.json and vocab.bpe.
//
// With vocab_size < 50257 it is GPT-2's tokenizer truncated to its first (vocab_size - 256) merges:
// GPT-2's id 256+i is merge i, so every id still names the same token as in GPT-2.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "expected.h"

namespace attn {

constexpr int kGpt2VocabSize = 50257;
constexpr int kGpt2EndOfText = 50256;

class Tokenizer {
 public:
  // encoder_json: {"token": id}; vocab_bpe: "#version" line then "a b" merges by rank.
  static Expected<Tokenizer> load(std::string_view encoder_json, std::string_view vocab_bpe,
                                  int vocab_size = kGpt2VocabSize);

  // Text (any bytes; invalid UTF-8 is kept byte for byte) to token ids.
  std::vector<int> encode(std::string_view text) const;
  // Ids to the exact bytes they stand for; ids outside the vocabulary are skipped.
  std::string decode(const std::vector<int>& ids) const;

  bool valid_id(int id) const { return id >= 0 && id < vocab_size_; }
  const std::string& token_bytes(int id) const { return tokens_[id]; }
  // A printable form for chips and bars: spaces as "␣", newline "↵", tab "⇥", stray bytes as "<0xE2>".
  std::string display(int id) const;

  int vocab_size() const { return vocab_size_; }
  int merges_used() const { return merges_used_; }

 private:
  struct Merge {
    int rank, merged;
  };
  std::vector<int> bpe(std::string_view piece) const;

  int vocab_size_ = 0;
  int merges_used_ = 0;
  std::vector<std::string> tokens_;                 // id -> raw bytes
  int byte_id_[256] = {};                           // byte -> id of its one-byte token
  std::unordered_map<uint64_t, Merge> merges_;      // (left id << 32 | right id) -> merge
  mutable std::unordered_map<std::string, std::vector<int>> cache_;  // piece -> ids
};

// Display form of arbitrary token bytes (shared with views that show partial tokens).
std::string display_token(std::string_view bytes);

}  // namespace attn

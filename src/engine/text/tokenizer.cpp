#include "text/tokenizer.h"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <climits>
#include <cstdint>
#include <queue>

#include "text/basic_tokenizer.h"
#include "text/pretokenize.h"
#include "text/unicode.h"

namespace attn {
namespace {

// OpenAI's bytes_to_unicode(): printable Latin-1 bytes stand for themselves, the other 68 bytes are
// given code points 256.. in byte order. Returns the inverse: code point -> byte, or -1.
std::vector<int> unicode_to_byte_table() {
  std::vector<int> table(256 + 68, -1);
  int next = 256;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    table[printable ? b : next++] = b;
  }
  return table;
}

// Maps a token as written in encoder.json / vocab.bpe back to the raw bytes it stands for.
bool token_to_bytes(std::string_view written, const std::vector<int>& table, std::string* out) {
  out->clear();
  for (size_t i = 0; i < written.size();) {
    uint32_t cp;
    i += decode_utf8(written, i, &cp);
    if (cp == kInvalidByte || cp >= table.size() || table[cp] < 0) return false;
    *out += static_cast<char>(table[cp]);
  }
  return !out->empty();
}

// Reads a merges file ("a b" per line by rank; "#version" and empty lines skipped), calling
// add(rank, left bytes, right bytes) for each of the first `limit`; add returns an error message or "".
// Returns how many merges were read.
template <class Add>
Expected<int> read_merges(std::string_view text, const std::string& file, int limit, Add add) {
  const auto table = unicode_to_byte_table();
  size_t pos = 0;
  int rank = 0;
  std::string left, right;
  while (pos < text.size() && rank < limit) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.rfind("#version", 0) == 0) continue;
    const size_t space = line.find(' ');
    const std::string where = file + ": merge " + std::to_string(rank);
    if (space == std::string_view::npos || !token_to_bytes(line.substr(0, space), table, &left) ||
        !token_to_bytes(line.substr(space + 1), table, &right))
      return fail(where + " is malformed");
    if (std::string e = add(rank, left, right); !e.empty()) return fail(where + e);
    ++rank;
  }
  return rank;
}

uint64_t pair_key(int left, int right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

}  // namespace

// The vocabulary: every token's bytes by id, the one-byte tokens, and `ids` (bytes -> id) for the merges.
Expected<Tokenizer> Tokenizer::read_vocab(std::string_view json_text, const std::string& file, int vocab_size,
                                          std::unordered_map<std::string, int>& ids) {
  const auto table = unicode_to_byte_table();
  const auto json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return fail(file + ": not a JSON object");
  if (file == "encoder.json" && json.size() < static_cast<size_t>(vocab_size))  // GPT-2's: cut from the full table
    return fail(file + ": " + std::to_string(json.size()) + " tokens, fewer than vocab_size " + std::to_string(vocab_size));
  Tokenizer t;
  t.vocab_size_ = vocab_size;
  t.tokens_.assign(std::max<size_t>(json.size(), size_t(vocab_size)), std::string());
  std::string bytes;
  for (const auto& [written, id] : json.items()) {
    if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() >= static_cast<int64_t>(t.tokens_.size()))
      return fail(file + ": token '" + written.substr(0, 40) + "' has an invalid id");
    if (!token_to_bytes(written, table, &bytes)) return fail(file + ": token '" + written.substr(0, 40) + "' is not byte-level BPE");
    std::string& slot = t.tokens_[id.get<int>()];
    if (!slot.empty()) return fail(file + ": id " + std::to_string(id.get<int>()) + " appears twice");
    slot = bytes;
    ids.emplace(bytes, id.get<int>());
  }
  for (int b = 0; b < 256; ++b) {
    auto it = ids.find(std::string(1, static_cast<char>(b)));
    if (it == ids.end()) return fail(file + ": no token for byte " + std::to_string(b));
    t.byte_id_[b] = it->second;
  }
  return t;
}

Expected<Tokenizer> Tokenizer::load(std::string_view encoder_json, std::string_view vocab_bpe, int vocab_size) {
  if (vocab_size < 256 || vocab_size > kGpt2VocabSize)
    return fail("tokenizer: vocab_size " + std::to_string(vocab_size) + " is outside 256.." +
                std::to_string(kGpt2VocabSize));
  std::unordered_map<std::string, int> ids;
  auto read = read_vocab(encoder_json, "encoder.json", vocab_size, ids);
  if (!read) return read;
  Tokenizer t = read.take();
  if (t.tokens_.size() < static_cast<size_t>(vocab_size) || ids.size() < static_cast<size_t>(vocab_size))
    return fail("encoder.json: " + std::to_string(ids.size()) + " tokens, fewer than vocab_size " + std::to_string(vocab_size));

  // Merges: only the first (vocab_size - 256) are used; each must produce id 256 + rank.
  t.merges_used_ = std::min(vocab_size, kGpt2VocabSize - 1) - 256;
  auto rank = read_merges(vocab_bpe, "vocab.bpe", t.merges_used_, [&](int r, const std::string& left, const std::string& right) {
    auto l = ids.find(left), q = ids.find(right), m = ids.find(left + right);
    if (l == ids.end() || q == ids.end() || m == ids.end()) return std::string(" names a token not in encoder.json");
    if (m->second != 256 + r) return " does not produce id " + std::to_string(256 + r);
    t.merges_.emplace(pair_key(l->second, q->second), Merge{r, m->second});
    return std::string();
  });
  if (!rank) return fail(rank.error());
  if (*rank < t.merges_used_)
    return fail("vocab.bpe: " + std::to_string(*rank) + " merges, need " + std::to_string(t.merges_used_));
  return t;
}

Expected<Tokenizer> Tokenizer::load_bpe(std::string_view vocab_json, std::string_view merges_txt, const TokenizerSpec& spec,
                                        int vocab_size) {
  if (vocab_size < 256 || vocab_size > (1 << 20)) return fail("tokenizer: vocab_size " + std::to_string(vocab_size) + " is out of range");
  std::unordered_map<std::string, int> ids;
  auto read = read_vocab(vocab_json, "vocab.json", vocab_size, ids);
  if (!read) return read;
  Tokenizer t = read.take();
  if (t.tokens_.size() > static_cast<size_t>(vocab_size))
    return fail("vocab.json: " + std::to_string(t.tokens_.size()) + " tokens, more than the model's vocab_size " +
                std::to_string(vocab_size));
  auto rank = read_merges(merges_txt, "merges.txt", INT32_MAX, [&](int r, const std::string& left, const std::string& right) {
    auto l = ids.find(left), q = ids.find(right), m = ids.find(left + right);
    if (l == ids.end() || q == ids.end() || m == ids.end()) return std::string(" names a token not in vocab.json");
    t.merges_.emplace(pair_key(l->second, q->second), Merge{r, m->second});
    return std::string();
  });
  if (!rank) return fail(rank.error());
  t.merges_used_ = *rank;
  t.pre_ = spec.pre;
  for (const auto& [content, id] : spec.added) {
    if (content.empty() || id < 0 || id >= vocab_size) return fail("tokenizer.json: added token '" + content.substr(0, 40) + "' has an invalid id");
    t.tokens_[id] = content;
    t.added_.push_back({content, id});
  }
  std::stable_sort(t.added_.begin(), t.added_.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  if (spec.bos >= vocab_size) return fail("tokenizer_config.json: bos_token id " + std::to_string(spec.bos) + " is outside the vocabulary");
  t.bos_ = spec.bos;
  return t;
}

bool Tokenizer::is_special(int id) const {
  return std::any_of(added_.begin(), added_.end(), [&](const auto& a) { return a.second == id; });
}


// Applies merges lowest rank first. A linked list of symbols and a heap of candidate pairs keeps this
// O(n log n), so a 50 KB "word" is as safe as a short one. Ties (same pair) merge left to right, as in
// OpenAI's reference, which merges every occurrence of the best pair per pass.
std::vector<int> Tokenizer::bpe(std::string_view piece) const {
  const int n = static_cast<int>(piece.size());
  std::vector<int> id(n), prev(n), next(n);
  for (int i = 0; i < n; ++i) {
    id[i] = byte_id_[static_cast<uint8_t>(piece[i])];
    prev[i] = i - 1;
    next[i] = i + 1 < n ? i + 1 : -1;
  }
  struct Candidate {
    int rank, left, left_id, right_id, merged;
    bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : left > o.left; }
  };
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
  const auto push = [&](int left) {
    if (left < 0 || next[left] < 0) return;
    auto it = merges_.find(pair_key(id[left], id[next[left]]));
    if (it != merges_.end()) heap.push({it->second.rank, left, id[left], id[next[left]], it->second.merged});
  };
  for (int i = 0; i + 1 < n; ++i) push(i);
  while (!heap.empty()) {
    const Candidate c = heap.top();
    heap.pop();
    const int right = next[c.left];
    if (id[c.left] != c.left_id || right < 0 || id[right] != c.right_id) continue;  // stale
    id[c.left] = c.merged;
    id[right] = -1;
    next[c.left] = next[right];
    if (next[right] >= 0) prev[next[right]] = c.left;
    push(prev[c.left]);
    push(c.left);
  }
  std::vector<int> out;
  for (int i = 0; i >= 0 && n > 0; i = next[i]) out.push_back(id[i]);
  return out;
}

std::vector<int> Tokenizer::encode(std::string_view text) const {
  std::vector<int> ids;
  if (bos_ >= 0) ids.push_back(bos_);
  if (wordpiece_) ids.push_back(cls_);
  // Special tokens are found in the text as written, longest first, and never split; BPE runs between them.
  size_t from = 0;
  for (size_t i = 0; i < text.size() && !added_.empty(); ++i)
    for (const auto& [content, id] : added_)
      if (text.compare(i, content.size(), content) == 0) {
        encode_plain(text.substr(from, i - from), ids);
        ids.push_back(id);
        i += content.size() - 1;
        from = i + 1;
        break;
      }
  encode_plain(text.substr(from), ids);
  if (wordpiece_) ids.push_back(sep_);
  return ids;
}

void Tokenizer::encode_plain(std::string_view text, std::vector<int>& ids) const {
  if (wordpiece_) return wordpiece_words(text, ids);
  constexpr size_t kMaxCacheEntries = 1 << 16;
  const std::vector<Piece> pieces = pre_ == PreTokenizer::Gpt2 ? pretokenize(text) : pretokenize_digits_then_gpt2(text);
  for (const Piece& p : pieces) {
    const std::string piece(text.substr(p.begin, p.size));
    auto it = cache_.find(piece);
    if (it == cache_.end()) {
      if (cache_.size() >= kMaxCacheEntries) cache_.clear();
      it = cache_.emplace(piece, bpe(piece)).first;
    }
    ids.insert(ids.end(), it->second.begin(), it->second.end());
  }
}

std::string Tokenizer::decode(const std::vector<int>& ids) const {
  std::string out;
  for (int id : ids) {
    if (!valid_id(id)) continue;
    if (!wordpiece_) {
      out += tokens_[id];
    } else if (id != cls_ && id != sep_) {  // WordPiece: words apart, "##" pieces joined to the word before
      const std::string& t = tokens_[id];
      if (t.rfind("##", 0) == 0) out += t.substr(2);
      else out += (out.empty() ? "" : " ") + t;
    }
  }
  return out;
}

std::string Tokenizer::display(int id) const {
  if (!valid_id(id)) return "<invalid>";
  if (is_special(id) || wordpiece_) return tokens_[id];  // "<|im_start|>", "##ing" read better as themselves
  return tokens_[id].empty() ? "<unused>" : display_token(tokens_[id]);
}

std::string display_token(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out, hex;  // hex: a run of stray bytes, written "⟨e7 8c⟩" (never "�")
  const auto flush = [&] {
    if (!hex.empty()) out += "\u27E8" + hex + "\u27E9";
    hex.clear();
  };
  for (size_t i = 0; i < bytes.size();) {
    uint32_t cp;
    const size_t len = decode_utf8(bytes, i, &cp);
    if (cp == kInvalidByte || cp < 0x20 || cp == 0x7F) {
      if (cp == '\n' || cp == '\t') {
        flush();
        out += cp == '\n' ? "\u21B5" : "\u21E5";  // ↵ ⇥
      } else {
        const auto b = static_cast<uint8_t>(bytes[i]);
        if (!hex.empty()) hex += ' ';
        hex += kHex[b >> 4];
        hex += kHex[b & 15];
      }
      i += len;
      continue;
    }
    flush();
    if (cp == ' ') out += "\u2423";  // ␣
    else out.append(bytes.substr(i, len));
    i += len;
  }
  flush();
  return out;
}

}  // namespace attn

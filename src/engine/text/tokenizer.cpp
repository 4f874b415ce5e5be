#include "text/tokenizer.h"

#include <nlohmann/json.hpp>
#include <queue>

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

uint64_t pair_key(int left, int right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

}  // namespace

Expected<Tokenizer> Tokenizer::load(std::string_view encoder_json, std::string_view vocab_bpe, int vocab_size) {
  if (vocab_size < 256 || vocab_size > kGpt2VocabSize)
    return fail("tokenizer: vocab_size " + std::to_string(vocab_size) + " is outside 256.." +
                std::to_string(kGpt2VocabSize));
  const auto table = unicode_to_byte_table();
  const auto json = nlohmann::json::parse(encoder_json, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return fail("encoder.json: not a JSON object");
  if (json.size() < static_cast<size_t>(vocab_size))
    return fail("encoder.json: " + std::to_string(json.size()) + " tokens, fewer than vocab_size " +
                std::to_string(vocab_size));

  Tokenizer t;
  t.vocab_size_ = vocab_size;
  t.tokens_.assign(json.size(), std::string());
  std::unordered_map<std::string, int> ids;
  std::string bytes;
  for (const auto& [written, id] : json.items()) {
    if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() >= static_cast<int64_t>(json.size()))
      return fail("encoder.json: token '" + written + "' has an invalid id");
    if (!token_to_bytes(written, table, &bytes)) return fail("encoder.json: token '" + written + "' is not byte-level BPE");
    std::string& slot = t.tokens_[id.get<int>()];
    if (!slot.empty()) return fail("encoder.json: id " + std::to_string(id.get<int>()) + " appears twice");
    slot = bytes;
    ids.emplace(bytes, id.get<int>());
  }
  for (int b = 0; b < 256; ++b) {
    auto it = ids.find(std::string(1, static_cast<char>(b)));
    if (it == ids.end()) return fail("encoder.json: no token for byte " + std::to_string(b));
    t.byte_id_[b] = it->second;
  }

  // Merges: only the first (vocab_size - 256) are used; each must produce id 256 + rank.
  t.merges_used_ = std::min(vocab_size, kGpt2VocabSize - 1) - 256;
  size_t pos = 0;
  int rank = 0;
  std::string left, right;
  while (pos < vocab_bpe.size() && rank < t.merges_used_) {
    size_t eol = vocab_bpe.find('\n', pos);
    if (eol == std::string_view::npos) eol = vocab_bpe.size();
    std::string_view line = vocab_bpe.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.rfind("#version", 0) == 0) continue;
    const size_t space = line.find(' ');
    const std::string where = "vocab.bpe: merge " + std::to_string(rank);
    if (space == std::string_view::npos || !token_to_bytes(line.substr(0, space), table, &left) ||
        !token_to_bytes(line.substr(space + 1), table, &right))
      return fail(where + " is malformed");
    auto l = ids.find(left), r = ids.find(right), m = ids.find(left + right);
    if (l == ids.end() || r == ids.end() || m == ids.end()) return fail(where + " names a token not in encoder.json");
    if (m->second != 256 + rank) return fail(where + " does not produce id " + std::to_string(256 + rank));
    t.merges_.emplace(pair_key(l->second, r->second), Merge{rank, m->second});
    ++rank;
  }
  if (rank < t.merges_used_)
    return fail("vocab.bpe: " + std::to_string(rank) + " merges, need " + std::to_string(t.merges_used_));
  return t;
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
  constexpr size_t kMaxCacheEntries = 1 << 16;
  std::vector<int> ids;
  for (const Piece& p : pretokenize(text)) {
    const std::string piece(text.substr(p.begin, p.size));
    auto it = cache_.find(piece);
    if (it == cache_.end()) {
      if (cache_.size() >= kMaxCacheEntries) cache_.clear();
      it = cache_.emplace(piece, bpe(piece)).first;
    }
    ids.insert(ids.end(), it->second.begin(), it->second.end());
  }
  return ids;
}

std::string Tokenizer::decode(const std::vector<int>& ids) const {
  std::string out;
  for (int id : ids)
    if (valid_id(id)) out += tokens_[id];
  return out;
}

std::string Tokenizer::display(int id) const { return valid_id(id) ? display_token(tokens_[id]) : "<invalid>"; }

std::string display_token(std::string_view bytes) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < bytes.size();) {
    uint32_t cp;
    const size_t len = decode_utf8(bytes, i, &cp);
    if (cp == kInvalidByte) {
      const auto b = static_cast<uint8_t>(bytes[i]);
      out += "<0x";
      out += kHex[b >> 4];
      out += kHex[b & 15];
      out += '>';
    } else if (cp == ' ') {
      out += "\u2423";  // ␣
    } else if (cp == '\n') {
      out += "\u21B5";  // ↵
    } else if (cp == '\t') {
      out += "\u21E5";  // ⇥
    } else if (cp < 0x20 || cp == 0x7F) {
      out += "<0x";
      out += kHex[cp >> 4];
      out += kHex[cp & 15];
      out += '>';
    } else {
      out.append(bytes.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace attn

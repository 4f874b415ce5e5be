#include "core/session.h"

#include "core/i18n.h"
#include "core/presets.h"

#include <algorithm>
#include <chrono>

#include "run/forward.h"
#include "run/rng.h"
#include "text/token_display.h"

namespace attn::app {

SamplerSettings sampler_settings(const AppState& s) { return {s.temperature, s.top_k, s.top_p}; }

std::unique_ptr<SessionModel> make_session_model(std::string name, size_t bytes, LoadedModel loaded) {
  return std::make_unique<SessionModel>(SessionModel{std::move(name), bytes, std::move(loaded.model), std::move(loaded.tokenizer)});
}

void Session::set_model(std::unique_ptr<SessionModel> model, AppState& state) {
  trace_ = ablated_trace_ = Trace{};  // the old model's, freed before the new one runs
  pending_ = false;
  ids_.clear();
  error_.clear();
  model_ = std::move(model);
  cache_.reset();  // sized for the old model
  presets_ = presets_for(model_->tokenizer);
  undo_.clear();
  set_text(state, state.text);
}

void Session::set_text(AppState& state, const std::string& text) {
  if (!model_) {
    state.text = text;
    return;
  }
  set_ids(state, model_->tokenizer.encode(text), /*from_text=*/true);
  state.text = text;
}

int Session::max_tokens() const {
  const Config& c = model_->model.config;
  // Two traces at most (the clean one and a knocked-out one), two key/value caches (the session's and the
  // knocked-out run's), one run's buffers and a layer's regrowth.
  const auto need = [&](int T) {
    const size_t pairs = size_t(T) * (T + 1) / 2 * c.n_head * sizeof(uint16_t);
    return 2 * trace_bytes(c, T) + 4 * size_t(c.n_layer) * T * c.kv_dim() * sizeof(float) + run_bytes(c, 0, T, false) + pairs;
  };
  int lo = 1, hi = c.n_ctx;
  if (need(hi) <= memory_budget_) return hi;
  while (lo < hi) {  // the largest T whose need fits
    const int mid = (lo + hi + 1) / 2;
    (need(mid) <= memory_budget_ ? lo : hi) = need(mid) <= memory_budget_ ? mid : mid - 1;
  }
  return lo;
}

void Session::set_ids(AppState& state, std::vector<int> ids, bool from_text) {
  const int n_ctx = model_->model.config.n_ctx, fit = max_tokens();
  note_.clear();
  if (static_cast<int>(ids.size()) > fit) {
    if (fit == n_ctx) {
      note_ = trf("session.too_long_context", {{"n", std::to_string(ids.size())}, {"max", std::to_string(n_ctx)}});
    } else {
      const Config& c = model_->model.config;
      const size_t more = 2 * (trace_bytes(c, std::min<int>(ids.size(), n_ctx)) - trace_bytes(c, fit));
      note_ = trf("session.too_long_memory", {{"n", std::to_string(ids.size())}, {"max", std::to_string(fit)},
                                              {"mb", std::to_string(more / 1000000 + 1)}});
    }
    ids.erase(ids.begin(), ids.end() - fit);
  }
  // An edit re-runs only from the first changed token: the cache and trace keep the shared prefix (at
  // least the last token runs again, for the logits after it). Encoders see every token from every
  // other, so they always run the whole text.
  size_t keep = 0;
  const bool continuable = cache_ && error_.empty() && !pending_ && trace_.n_tokens == cache_->length &&
                           trace_.ids == ids_ && model_->model.config.traits.causal;
  while (continuable && keep < ids.size() && keep < ids_.size() && ids[keep] == ids_[keep]) ++keep;
  keep = std::min(keep, ids.empty() ? 0 : ids.size() - 1);
  std::vector<int> previous = pending_ ? pending_fallback_ : trace_.ids;
  pending_ = false;
  ids_ = std::move(ids);
  if (!from_text) state.text = model_->tokenizer.decode(ids_);
  if (state.selected >= static_cast<int>(ids_.size())) state.selected = -1;
  if (keep == 0) return recompute_from_scratch(state, previous);
  error_.clear();
  run_from(state, keep, previous);
}

void Session::recompute_from_scratch(const AppState& state, const std::vector<int>& fallback) {
  error_.clear();
  next_ = Distribution{};
  heads_.clear();
  ablated_trace_ = Trace{};
  trace_ = Trace{};  // the memory of the old trace goes to the new one
  if (!cache_) {
    auto cache = KVCache::make(model_->model.config, max_tokens());
    if (!cache) return fail_run(state, cache.error(), {});
    cache_ = std::make_unique<KVCache>(cache.take());
  }
  cache_->clear();
  if (ids_.empty()) {
    note_ = tr("session.empty");
    return finish(state, std::chrono::steady_clock::now());
  }
  trace_ = empty_trace(model_->model.config);
  run_from(state, 0, fallback);
}

void Session::run_from(const AppState& state, size_t keep, const std::vector<int>& fallback) {
  const auto t0 = std::chrono::steady_clock::now();
  ablated_trace_ = Trace{};  // it shares layers with trace_: dropped before trace_ changes, so nothing is copied
  truncate(*cache_, trace_, static_cast<int>(keep));
  if (chunked_ && model_->model.config.traits.causal && ids_.size() - keep > size_t(chunk_)) {
    if (auto r = reserve_trace(trace_, model_->model.config, int(ids_.size())); !r) return fail_run(state, r.error(), fallback);
    pending_ = true;
    pending_fallback_ = fallback;
    pending_t0_ = t0;
    return;
  }
  if (auto r = forward_into(model_->model, *cache_, ids_.data() + keep, int(ids_.size() - keep), &trace_); !r)
    return fail_run(state, r.error(), fallback);
  finish(state, t0);
}

void Session::advance(const AppState& state, double budget_ms) {
  const auto start = std::chrono::steady_clock::now();
  while (pending_) {
    const size_t done = size_t(trace_.n_tokens), n = std::min<size_t>(chunk_, ids_.size() - done);
    if (auto r = forward_into(model_->model, *cache_, ids_.data() + done, int(n), &trace_); !r) {
      pending_ = false;
      return fail_run(state, r.error(), pending_fallback_);
    }
    if (size_t(trace_.n_tokens) == ids_.size()) {
      pending_ = false;
      return finish(state, pending_t0_);
    }
    if (std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() > budget_ms) return;
  }
}

void Session::fail_run(const AppState& state, const std::string& why, const std::vector<int>& fallback) {
  pending_ = false;
  if (!fallback.empty() && fallback != ids_) {  // back to the text that ran before (it fitted then)
    ids_ = fallback;
    recompute_from_scratch(state, {});
  } else {
    ids_.clear();
    trace_ = Trace{};
    ablated_trace_ = Trace{};
    finish(state, std::chrono::steady_clock::now());
  }
  error_ = why;
}

// Tokens, the knocked-out run, head labels and bars follow the trace.
void Session::finish(const AppState& state, std::chrono::steady_clock::time_point t0) {
  tokens_ = display_tokens(model_->tokenizer, ids_);  // a character cut into bytes named, never "�"
  ablation_ = Ablation{{}, state.knock_mode};
  for (const HeadRef& h : state.knocked_out)  // only heads this model has (a link may name others)
    if (h.layer >= 0 && h.layer < trace_.n_layer && h.head >= 0 && h.head < trace_.n_head && !ablation_.has(h.layer, h.head))
      ablation_.heads.push_back(h);
  ablated_trace_ = Trace{};
  if (!ablation_.empty() && !trace_.ids.empty()) {
    // Mean ablation averages over every position, so the whole text runs again (no KV-cache shortcut);
    // the layers before the first knocked-out head are the clean trace's, shared.
    if (auto tr = trace_tokens(model_->model, ids_, ablation_, &trace_)) ablated_trace_ = tr.take();
    else error_ = trf("session.knockout_failed", {{"why", tr.error()}});
  }
  if (!trace_.ids.empty()) {
    heads_ = classify_heads(trace(), 0.4f, [this](int id) { return model_->tokenizer.is_special(id); });
    update_sampling(state);
  }
  ++generation_;
  compute_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

int Session::fill_position(const AppState& state) const {
  if (!model_ || model_->model.config.traits.causal || model_->tokenizer.mask_id() < 0) return -1;
  const int mask = model_->tokenizer.mask_id(), q = selected(state);
  if (q >= 0 && q < static_cast<int>(ids_.size()) && ids_[q] == mask) return q;
  for (size_t t = 0; t < ids_.size(); ++t)
    if (ids_[t] == mask) return static_cast<int>(t);
  return -1;
}

// The bars' logits: a decoder's after the last token; an encoder's at the [MASK] being filled (none without one,
// or without a masked-LM head).
std::vector<float> Session::bar_logits(const Trace& tr, const AppState& state) const {
  if (model_->model.config.traits.causal) return tr.logits;
  const int pos = fill_position(state);
  if (pos < 0 || pos >= tr.n_tokens || model_->model.head_dense.w.rows() == 0) return {};
  std::vector<float> logits(tr.vocab_size), scratch;
  output_logits(model_->model, tr.residual(tr.n_layer, pos), logits.data(), scratch);
  return logits;
}

void Session::update_sampling(const AppState& state) {
  if (trace_.logits.empty()) return;
  const std::vector<float> clean = bar_logits(trace_, state);
  next_ = clean.empty() ? Distribution{} : make_distribution(clean.data(), trace_.vocab_size, sampler_settings(state));
  if (ablating()) {
    const std::vector<float> ablated = bar_logits(ablated_trace_, state);
    ablated_next_ = ablated.empty() ? Distribution{} : make_distribution(ablated.data(), ablated_trace_.vocab_size, sampler_settings(state));
  }
}

bool Session::mask_selected(AppState& state) {
  if (!ready() || model_->model.config.traits.causal || model_->tokenizer.mask_id() < 0) return false;
  const int q = selected(state);
  if (q < 0 || model_->tokenizer.is_special(ids_[q])) return false;  // [CLS], [SEP] and [MASK] stay
  undo_.push_back(ids_);
  auto ids = ids_;
  ids[q] = model_->tokenizer.mask_id();
  set_ids(state, std::move(ids), /*from_text=*/false);
  state.selected = q;
  update_sampling(state);
  return true;
}

void Session::set_knockout(AppState& state) {
  if (!ready()) return;
  const Config& c = model_->model.config;
  auto& heads = state.knocked_out;
  heads.erase(std::remove_if(heads.begin(), heads.end(),
                             [&](const HeadRef& h) { return h.layer < 0 || h.layer >= c.n_layer || h.head < 0 || h.head >= c.n_head; }),
              heads.end());
  finish(state, std::chrono::steady_clock::now());
}

bool Session::repeat_text(AppState& state) {
  if (!ready() || ids_.empty()) return false;
  undo_.push_back(ids_);
  auto ids = ids_;
  ids.insert(ids.end(), ids_.begin(), ids_.end());
  set_ids(state, std::move(ids), /*from_text=*/false);
  return true;
}

const std::vector<float>& Session::head_scores(int layer, int head) const {
  const std::tuple<int, int, int> key{generation_, layer, head};
  if (key != scores_key_) {
    const Trace& tr = trace();
    scores_.clear();
    for (int q = 0; q < tr.n_tokens; ++q) {
      const std::vector<float> row = tr.score_row(layer, head, q, /*scaled=*/true);
      scores_.insert(scores_.end(), row.begin(), row.end());
    }
    scores_key_ = key;
  }
  return scores_;
}

const LogitLens& Session::lens(int around) const {
  // At most kLensColumns positions, the selected one among them: each cell reads the whole vocabulary, so a
  // whole context (1,024 × 13 cells of GPT-2) would take minutes; the view shows a window and scrolls it.
  const Trace& tr = trace();
  const int T = tr.n_tokens, n = std::min(T, kLensColumns);
  const int first = std::clamp(around - n / 2, 0, std::max(0, T - n));
  if (lens_gen_ != generation_ || lens_.first_token != first || lens_.n_tokens != n) {
    lens_ = LogitLens{};
    lens_.n_boundaries = tr.n_layer + 1;
    lens_.n_tokens = n;
    lens_.first_token = first;
    lens_.cells.assign(size_t(lens_.n_boundaries) * n, LensCell{});
    lens_filled_.assign(n, 0);
    lens_gen_ = generation_;
  }
  if (n > 0) fill_lens_columns(std::clamp(around, first, first + n - 1), 1);
  return lens_;
}

// Columns from..from+count-1 (all in the window and not filled yet), in one pass over the output layer.
void Session::fill_lens_columns(int from, int count) const {
  const int first = lens_.first_token, n = lens_.n_tokens;
  if (n == 0 || lens_filled_[from - first]) return;
  count = std::min(count, first + n - from);
  while (count > 1 && lens_filled_[from - first + count - 1]) --count;
  auto part = logit_lens(model_->model, trace(), 5, from, count);
  for (int t = from; t < from + count; ++t) {
    lens_filled_[t - first] = 1;  // a failed column stays empty, not asked again
    if (!part) continue;
    for (int l = 0; l < lens_.n_boundaries; ++l) lens_.cells[size_t(l) * n + (t - first)] = part->at(l, t);
  }
}

void Session::fill_lens(double budget_ms) const {
  const auto t0 = std::chrono::steady_clock::now();
  for (int c = 0; c < lens_.n_tokens; ++c) {  // at least one pass, however small the budget: the grid moves on
    if (lens_filled_[c]) continue;
    fill_lens_columns(lens_.first_token + c, 2);  // two columns a pass: the output layer read once for both
    if (std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() > budget_ms) return;
  }
}

bool Session::lens_filling() const {
  return lens_gen_ == generation_ && std::find(lens_filled_.begin(), lens_filled_.end(), 0) != lens_filled_.end();
}

std::pair<int, int> Session::lens_progress() const {
  return {static_cast<int>(std::count(lens_filled_.begin(), lens_filled_.end(), 1)), static_cast<int>(lens_filled_.size())};
}

const LogitLens& Session::full_lens(int around) const {
  lens(around);
  fill_lens(1e300);
  return lens_;
}

const Attribution& Session::attribution(int token, int versus) const {
  const Trace& tr = trace();
  if (token < 0 || token >= tr.vocab_size)
    token = static_cast<int>(std::max_element(tr.logits.begin(), tr.logits.end()) - tr.logits.begin());
  if (versus >= tr.vocab_size || versus == token) versus = -1;
  if (attribution_gen_ != generation_ || attribution_key_ != std::pair{token, versus}) {
    auto a = attribute_logit(model_->model, tr, token, versus);
    attribution_ = a ? a.take() : Attribution{};
    attribution_gen_ = generation_;
    attribution_key_ = {token, versus};
  }
  return attribution_;
}

const std::vector<InductionScore>& Session::induction() const {
  if (induction_gen_ != generation_) {
    // On the first 256 tokens at most, repeated: a second trace of a whole context would double the memory.
    const std::vector<int> head(ids_.begin(), ids_.begin() + std::min<size_t>(ids_.size(), 256));
    auto scores = induction_scores(model_->model, head);
    induction_ = scores ? scores.take() : std::vector<InductionScore>{};
    induction_gen_ = generation_;
  }
  return induction_;
}

bool Session::choose_next(AppState& state, int rank) {
  if (!ready() || rank < 0 || rank >= next().kept) return false;
  undo_.push_back(ids_);
  const int id = next().sorted[rank].id;
  if (const int pos = fill_position(state); pos >= 0) {  // an encoder: the chosen token fills the blank
    auto ids = ids_;
    ids[pos] = id;
    set_ids(state, std::move(ids), /*from_text=*/false);
    return true;
  }
  if (cache_ && static_cast<int>(ids_.size()) < max_tokens() && trace_.n_tokens == cache_->length && !pending_ &&
      model_->model.config.traits.causal) {
    // One decode step with the KV cache extends the trace by one row per head.
    std::vector<int> previous = ids_;
    ids_.push_back(id);
    note_.clear();
    error_.clear();
    run_from(state, previous.size(), previous);
    state.text = model_->tokenizer.decode(ids_);
    return true;
  }
  auto ids = ids_;  // the context is full: drop the oldest token and recompute
  ids.push_back(id);
  set_ids(state, std::move(ids), /*from_text=*/false);
  return true;
}

bool Session::sample_next(AppState& state) {
  if (!ready() || next().kept == 0) return false;
  // Seeded by (seed, length): a shared link with the same text and seed draws the same token.
  Rng rng(state.seed * 0x9E3779B97F4A7C15ull + ids_.size());
  const int id = draw(next(), rng);
  for (int rank = 0; rank < next().kept; ++rank)
    if (next().sorted[rank].id == id) return choose_next(state, rank);
  return false;
}

bool Session::undo(AppState& state) {
  if (!ready() || undo_.empty()) return false;
  auto ids = std::move(undo_.back());
  undo_.pop_back();
  set_ids(state, std::move(ids), /*from_text=*/false);
  return true;
}

void Session::reset(AppState& state) {
  undo_.clear();
  state.selected = -1;
  set_text(state, tr("text.default"));  // the example in the reader's language
}

void Session::refresh_presets() {
  if (model_) presets_ = presets_for(model_->tokenizer);
}

int Session::selected(const AppState& state) const {
  const int n = static_cast<int>(ids_.size());
  if (n == 0) return -1;
  return state.selected >= 0 && state.selected < n ? state.selected : n - 1;
}

}  // namespace attn::app

#include "session.h"

#include <algorithm>
#include <chrono>

#include "forward.h"
#include "rng.h"

namespace attn::app {

SamplerSettings sampler_settings(const AppState& s) { return {s.temperature, s.top_k, s.top_p}; }

void Session::set_model(std::unique_ptr<LoadedModel> model, AppState& state) {
  model_ = std::move(model);
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

void Session::set_ids(AppState& state, std::vector<int> ids, bool from_text) {
  const int n_ctx = model_->model.config.n_ctx;
  note_.clear();
  if (static_cast<int>(ids.size()) > n_ctx) {
    note_ = "The text has " + std::to_string(ids.size()) + " tokens; the model reads at most " + std::to_string(n_ctx) +
            ", so only the last " + std::to_string(n_ctx) + " are used.";
    ids.erase(ids.begin(), ids.end() - n_ctx);
  }
  ids_ = std::move(ids);
  if (!from_text) state.text = model_->tokenizer.decode(ids_);
  if (state.selected >= static_cast<int>(ids_.size())) state.selected = -1;
  recompute(state);
}

void Session::recompute(const AppState& state) {
  const auto t0 = std::chrono::steady_clock::now();
  error_.clear();
  trace_ = Trace{};
  next_ = Distribution{};
  heads_.clear();
  if (!cache_) cache_ = std::make_unique<KVCache>(model_->model.config);
  cache_->clear();
  if (ids_.empty()) {
    note_ = "Type some text: the model needs at least one token.";
  } else if (auto logits = forward(model_->model, *cache_, ids_, &trace_); !logits) {
    error_ = logits.error();
    trace_ = Trace{};
  }
  finish(state, t0);
}

// Tokens, head labels and bars follow the trace.
void Session::finish(const AppState& state, std::chrono::steady_clock::time_point t0) {
  tokens_.clear();
  for (int id : ids_) tokens_.push_back(model_->tokenizer.display(id));
  if (!trace_.ids.empty()) {
    heads_ = classify_heads(trace_);
    update_sampling(state);
  }
  compute_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void Session::update_sampling(const AppState& state) {
  if (trace_.logits.empty()) return;
  next_ = make_distribution(trace_.logits.data(), trace_.vocab_size, sampler_settings(state));
}

bool Session::choose_next(AppState& state, int rank) {
  if (!model_ || rank < 0 || rank >= next_.kept) return false;
  undo_.push_back(ids_);
  const int id = next_.sorted[rank].id;
  if (cache_ && static_cast<int>(ids_.size()) < model_->model.config.n_ctx && trace_.n_tokens == cache_->length) {
    // One decode step with the KV cache extends the trace by one row per head.
    const auto t0 = std::chrono::steady_clock::now();
    ids_.push_back(id);
    state.text = model_->tokenizer.decode(ids_);
    note_.clear();
    if (auto logits = forward(model_->model, *cache_, {id}, &trace_); !logits) {
      error_ = logits.error();
      recompute(state);
      return true;
    }
    finish(state, t0);
    return true;
  }
  auto ids = ids_;  // the context is full: drop the oldest token and recompute
  ids.push_back(id);
  set_ids(state, std::move(ids), /*from_text=*/false);
  return true;
}

bool Session::sample_next(AppState& state) {
  if (!model_ || next_.kept == 0) return false;
  // Seeded by (seed, length): a shared link with the same text and seed draws the same token.
  Rng rng(state.seed * 0x9E3779B97F4A7C15ull + ids_.size());
  const int id = draw(next_, rng);
  for (int rank = 0; rank < next_.kept; ++rank)
    if (next_.sorted[rank].id == id) return choose_next(state, rank);
  return false;
}

bool Session::undo(AppState& state) {
  if (!model_ || undo_.empty()) return false;
  auto ids = std::move(undo_.back());
  undo_.pop_back();
  set_ids(state, std::move(ids), /*from_text=*/false);
  return true;
}

void Session::reset(AppState& state) {
  undo_.clear();
  state.selected = -1;
  set_text(state, kDefaultText);
}

int Session::selected(const AppState& state) const {
  const int n = static_cast<int>(ids_.size());
  if (n == 0) return -1;
  return state.selected >= 0 && state.selected < n ? state.selected : n - 1;
}

}  // namespace attn::app

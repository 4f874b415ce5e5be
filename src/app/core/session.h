// The model side of the app: the loaded model, the current tokens, their trace and the next-token
// distribution, and the same with heads knocked out. Runs the model when the tokens, the model or the
// knocked-out heads change; the lens, attribution and induction scores are computed when first asked for
// after that. No GL, no ImGui: tested natively.
#pragma once
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "run/ablation.h"
#include "core/app_state.h"
#include "analysis/attribution.h"
#include "expected.h"
#include "run/forward.h"
#include "loading/model_loader.h"
#include "analysis/heads.h"
#include "analysis/induction.h"
#include "analysis/logit_lens.h"
#include "model/model.h"
#include "run/sampler.h"
#include "text/tokenizer.h"
#include "run/trace.h"

namespace attn::app {

// The loaded model with the name the picker shows and the size of its download.
struct SessionModel {
  std::string name;
  size_t bytes = 0;
  Model model;
  Tokenizer tokenizer;
};
std::unique_ptr<SessionModel> make_session_model(std::string name, size_t bytes, LoadedModel loaded);

class Session {
 public:
  // Takes the model; re-tokenizes the state's text with it.
  void set_model(std::unique_ptr<SessionModel> model, AppState& state);
  // A model is loaded and its trace is whole (not while a long text is still being read: see busy()).
  bool ready() const { return model_ != nullptr && !pending_; }
  const SessionModel& model() const { return *model_; }

  // Tokenizes new text (keeping the last n_ctx tokens; note() says so) and recomputes.
  void set_text(AppState& state, const std::string& text);
  // Appends the token behind bar `rank` of the current distribution (what clicking a bar does).
  bool choose_next(AppState& state, int rank);
  // Draws the next token from the distribution with the state's seed; the same seed and text give the same token.
  bool sample_next(AppState& state);
  bool undo(AppState& state);  // back to the tokens before the last choose/sample
  void reset(AppState& state); // back to the default sentence
  // Re-derives the distribution after temperature/top-k/top-p changed (no model run).
  void update_sampling(const AppState& state);
  // Re-runs the model without the state's knocked-out heads (heads outside the model are dropped from the
  // state first); with none, back to the normal model. The text stays.
  void set_knockout(AppState& state);
  // Encoders (BERT): the bars fill the blank at fill_position() (the selected token if it is [MASK], else the
  // first [MASK]; -1 when there is none); choose_next() puts the chosen token there; mask_selected() turns
  // the selected token into [MASK].
  int fill_position(const AppState& state) const;
  bool mask_selected(AppState& state);
  // Appends the text's tokens to themselves (t1..tn t1..tn), to show induction heads.
  bool repeat_text(AppState& state);

  // Long texts: with chunking on, a text that needs more than one chunk of new tokens is read a chunk at a
  // time by advance() (the page calls it once a frame, so it keeps answering); until then busy() is true,
  // progress() says how far it got, and the views wait. Off (tests, the CLI's way): set_text runs it all.
  void set_chunked(bool on, int chunk = 64) {
    chunked_ = on;
    chunk_ = std::max(1, chunk);
  }
  bool busy() const { return pending_; }
  std::pair<int, int> progress() const { return {trace_.n_tokens, int(ids_.size())}; }  // tokens read, of
  void advance(const AppState& state, double budget_ms);
  // The memory traces, the key/value cache and the runs' buffers may take together (the page passes what
  // its heap can grow to, less the model); texts longer than fit are cut, and note() says so.
  void set_memory_budget(size_t bytes) {
    memory_budget_ = bytes;
    cache_.reset();  // sized by max_tokens(): made again on the next run
  }
  int max_tokens() const;  // the longest text that fits the context and the budget, with knock-outs

  const std::vector<int>& ids() const { return ids_; }
  // What the panels show: the trace and distribution of the model as the reader set it up (with the
  // knocked-out heads removed, when there are any). clean_*: the unmodified model, for before/after.
  const Trace& trace() const { return ablating() ? ablated_trace_ : trace_; }
  const Distribution& next() const { return ablating() ? ablated_next_ : next_; }
  const Trace& clean_trace() const { return trace_; }
  const Distribution& clean_next() const { return next_; }
  bool ablating() const { return !ablation_.empty() && ablated_trace_.n_tokens > 0; }
  const Ablation& ablation() const { return ablation_; }
  // Derived from trace(), computed when first asked for after it changed (the views that show them
  // ask only while on screen): the logit lens (top 5 per cell), the attribution of a next-token logit
  // (token -1 = the likeliest), and every head's induction score on the text repeated twice.
  // Head (l, h)'s scaled scores q·k/√d for every pair, future keys too (T, T): recomputed from the trace's q
  // and k for the head being looked at, kept until the text or the head changes.
  const std::vector<float>& head_scores(int layer, int head) const;
  // The logit lens over a window of at most kLensColumns positions around `around`, filled a column at a
  // time: lens(around) computes `around`'s column at once (a click answers in one frame), fill_lens the others
  // within a frame's budget; a column not filled yet has cells with no `top`. full_lens fills all now.
  static constexpr int kLensColumns = 32;
  const LogitLens& lens(int around) const;
  void fill_lens(double budget_ms) const;
  bool lens_filling() const;
  std::pair<int, int> lens_progress() const;  // columns filled, columns in the window
  const LogitLens& full_lens(int around) const;
  const Attribution& attribution(int token, int versus) const;
  const std::vector<InductionScore>& induction() const;
  const std::vector<HeadPattern>& heads() const { return heads_; }
  const std::vector<std::string>& tokens() const { return tokens_; }  // display strings
  const std::string& note() const { return note_; }    // e.g. "kept the last 256 tokens"
  const std::string& error() const { return error_; }  // why the last computation failed, if it did
  int selected(const AppState& state) const;           // the query token, resolved (-1 → last)
  int generation() const { return generation_; }       // changes whenever trace() does
  const std::vector<std::string>& presets() const { return presets_; }  // example sentences for this tokenizer
  void refresh_presets();  // after a language change: the examples are the language's
  double last_compute_ms() const { return compute_ms_; }

 private:
  void set_ids(AppState& state, std::vector<int> ids, bool from_text);
  void recompute_from_scratch(const AppState& state, const std::vector<int>& fallback);
  // Runs ids_ from token `keep` on (the trace and cache already hold the first `keep`). A run that fails
  // (out of memory, say) goes back to `fallback`, the last text that ran, so the views stay usable, and
  // error() says why in one line.
  void run_from(const AppState& state, size_t keep, const std::vector<int>& fallback);
  void fail_run(const AppState& state, const std::string& why, const std::vector<int>& fallback);
  std::vector<float> bar_logits(const Trace& trace, const AppState& state) const;
  void finish(const AppState& state, std::chrono::steady_clock::time_point t0);

  std::unique_ptr<SessionModel> model_;
  std::unique_ptr<KVCache> cache_;  // keys/values of ids_ (capacity max_tokens()), so appending a token is one decode step
  std::vector<int> ids_;
  std::vector<std::vector<int>> undo_;
  std::vector<std::string> tokens_;
  std::vector<std::string> presets_;
  Trace trace_;
  Distribution next_;
  Ablation ablation_;
  Trace ablated_trace_;
  Distribution ablated_next_;
  int generation_ = 0;  // bumped whenever trace() changes; the caches below key on it
  mutable LogitLens lens_;
  mutable std::vector<char> lens_filled_;  // per column of the window
  void fill_lens_columns(int from, int count) const;
  mutable Attribution attribution_;
  mutable std::vector<InductionScore> induction_;
  mutable int lens_gen_ = -1, attribution_gen_ = -1, induction_gen_ = -1;
  mutable std::vector<float> scores_;
  mutable std::tuple<int, int, int> scores_key_{-1, -1, -1};  // generation, layer, head
  mutable std::pair<int, int> attribution_key_{-2, -2};
  std::vector<HeadPattern> heads_;
  std::string note_, error_;
  double compute_ms_ = 0;
  bool chunked_ = false;
  int chunk_ = 64;                    // tokens per frame when reading a long text
  bool pending_ = false;              // with chunking: ids_ is being read, a chunk a frame
  std::vector<int> pending_fallback_; // the text to go back to if a chunk fails
  std::chrono::steady_clock::time_point pending_t0_;
  size_t memory_budget_ = size_t(8) << 30;
};

// The sampling settings the bars use (top_k 0 = all).
SamplerSettings sampler_settings(const AppState& state);

}  // namespace attn::app

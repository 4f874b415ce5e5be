// A second model on the reader's text, for the side-by-side view: an encoder (BERT) beside a decoder (GPT-2).
// It has its own session and state; its text follows the reader's, and its query token is the one that holds
// the same characters as the reader's (text/token_spans.h), so both rows are about the same word.
#pragma once
#include <memory>
#include <utility>
#include <string>
#include <vector>

#include "core/app_state.h"
#include "core/session.h"
#include "text/token_spans.h"

namespace attn::app {

struct App;

// Each session's token spans, worked out again only when its tokens change.
struct SpanCache {
  std::vector<int> main_ids, partner_ids;
  std::vector<TokenSpan> main, partner;
};

struct Partner {
  Session session;
  AppState state;           // its text, query token, layer and head
  std::string request;      // a model the reader asked for; the platform starts fetching it and clears this
  std::string loading;      // the model being fetched ("" = none)
  double progress = -1;     // 0..1 of its download while loading; -1 = not known yet
  std::string error;        // why the last load failed, one line
  bool closed = false;      // the reader closed it; the platform takes it out of the link and clears this
  mutable SpanCache spans;
  // The reader's (trace generation, query) the partner's query was last matched to: a partner token picked by
  // hand ([CLS], which the reader's model has no token for) stays until the reader's query or text changes.
  std::pair<int, int> synced{-1, -1};
  bool loaded() const { return session.ready(); }
};

// Installs a loaded model as the partner (on the reader's current text); loading ends.
void partner_set_model(App& app, std::unique_ptr<SessionModel> model);
// Keeps the partner's text equal to the reader's and its query token on the reader's word; cheap when nothing
// changed. Call before showing the partner's results.
void sync_partner(App& app);
// The partner's token for the reader's token `index` (-1: none holds its characters, e.g. [CLS], or no partner).
int partner_token(const App& app, int index);

// The model the side-by-side view offers beside the loaded one: an encoder's partner is a decoder and the
// other way round. Hub GPT-2 (or BERT) when the picker lists it; for an encoder the shipped default model
// too, which needs no download. In the order the view offers them.
std::vector<std::string> partner_choices(const App& app);

// One line that reads the difference between the two rows for the same word, e.g. "BERT's "it" puts 31% of
// its attention on the 6 tokens after it; GPT-2 cannot look there: it has seen only the 9 tokens up to "␣it"."
// "" unless one model is an encoder and the other a decoder.
std::string partner_reading(const App& app);

}  // namespace attn::app

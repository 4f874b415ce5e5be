#include "core/partner.h"

#include <cstdio>

#include "core/app.h"
#include "core/i18n.h"

namespace attn::app {
namespace {

const std::vector<TokenSpan>& spans_of(const Session& s, std::vector<int>& ids_seen, std::vector<TokenSpan>& spans) {
  if (ids_seen != s.ids()) {
    ids_seen = s.ids();
    spans = token_spans(s.model().tokenizer, ids_seen);
  }
  return spans;
}

bool encoder(const Session& s) { return !s.model().model.config.traits.causal; }

std::string family_name(const Session& s) {
  const std::string& f = s.model().model.config.family;
  return f == "bert" ? "BERT" : f == "gpt2" ? "GPT-2" : f == "llama" ? "Llama" : f == "qwen2" ? "Qwen2" : f;
}

std::string pct(float p) {
  char b[16];
  std::snprintf(b, sizeof b, "%.0f%%", 100.0f * p);
  return b;
}

}  // namespace

void partner_set_model(App& app, std::unique_ptr<SessionModel> model) {
  Partner& p = app.partner;
  p.loading.clear();
  p.progress = -1;
  p.error.clear();
  p.state = AppState{};
  p.state.text = app.state.text;
  p.session.set_memory_budget(size_t(300) << 20);  // a few hundred tokens of a GPT-2-sized model beside the reader's
  p.session.set_model(std::move(model), p.state);
  partner_set_layer_head(app, app.state.partner_head.layer, app.state.partner_head.head);  // a link's, or 0.0
  sync_partner(app);
}

int partner_token(const App& app, int index) {
  const Partner& p = app.partner;
  if (!p.loaded() || !app.session.ready()) return -1;
  SpanCache& c = p.spans;
  return aligned_token(spans_of(app.session, c.main_ids, c.main), index, spans_of(p.session, c.partner_ids, c.partner));
}

void sync_partner(App& app) {
  Partner& p = app.partner;
  if (!p.loaded() || !app.session.ready()) return;
  bool changed = false;
  if (p.state.text != app.state.text) {
    p.session.set_text(p.state, app.state.text);
    changed = true;
  }
  const std::pair<int, int> now{app.session.generation(), app.session.selected(app.state)};
  if (!changed && now == p.synced) return;
  p.synced = now;
  const int q = partner_token(app, now.second);
  if (q >= 0) p.state.selected = q;
}

std::vector<std::string> partner_choices(const App& app) {
  if (!app.session.ready()) return {};
  if (!encoder(app.session)) return {"hf:google-bert/bert-base-uncased"};
  return {"hf:openai-community/gpt2", "default"};
}

std::string partner_reading(const App& app) {
  const Partner& p = app.partner;
  if (!p.loaded() || !app.session.ready() || encoder(app.session) == encoder(p.session)) return "";
  const bool main_is_encoder = encoder(app.session);
  const Session& enc = main_is_encoder ? app.session : p.session;
  const Session& dec = main_is_encoder ? p.session : app.session;
  const AppState& es = main_is_encoder ? app.state : p.state;
  const AppState& ds = main_is_encoder ? p.state : app.state;
  const int qe = enc.selected(es), qd = dec.selected(ds);
  if (qe < 0 || qd < 0 || enc.trace().n_tokens == 0 || dec.trace().n_tokens == 0) return "";
  const int main_q = app.session.selected(app.state);
  if (partner_token(app, main_q) < 0)
    return trf("partner.own_token", {{"token", app.session.tokens()[main_q]}, {"model", family_name(app.session)},
                                     {"other", family_name(p.session)}});
  const Trace& tr = enc.trace();
  const std::vector<float> row = tr.weight_row(es.layer, es.head, qe);
  float after = 0, special_after = 0;
  for (int k = qe + 1; k < tr.n_tokens; ++k) {
    after += row[k];
    if (enc.model().tokenizer.is_special(tr.ids[k])) special_after += row[k];
  }
  const int n_after = tr.n_tokens - qe - 1;
  std::string line = trn("partner.encoder_after", n_after, {{"model", family_name(enc)}, {"token", enc.tokens()[qe]},
                                                          {"layer", std::to_string(es.layer)}, {"head", std::to_string(es.head)},
                                                          {"pct", pct(after)}});
  if (special_after >= 0.005f) line += trf("partner.on_sep", {{"pct", pct(special_after)}});
  line += trn("partner.decoder_before", qd + 1, {{"model", family_name(dec)}, {"token", dec.tokens()[qd]}});
  return line;
}

}  // namespace attn::app

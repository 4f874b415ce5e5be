// The actions every entry point shares (panels, test hooks, URL), and the state as JSON.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/app.h"
#include "core/flow.h"

namespace attn::app {

void app_select_token(App& app, int index) {
  const int n = static_cast<int>(app.session.ids().size());
  app.state.selected = (index >= 0 && index < n) ? index : -1;
}

void app_set_layer_head(App& app, int layer, int head) {
  if (!app.session.ready()) return;
  const Config& c = app.session.model().model.config;
  app.state.layer = std::clamp(layer, 0, c.n_layer - 1);
  app.state.head = std::clamp(head, 0, c.n_head - 1);
}

bool app_set_view(App& app, const std::string& view) { return parse_view(view, &app.state.view); }

void app_toggle_knockout(App& app, int layer, int head) {
  auto& heads = app.state.knocked_out;
  const auto it = std::find(heads.begin(), heads.end(), HeadRef{layer, head});
  if (it != heads.end()) heads.erase(it);
  else heads.push_back({layer, head});
  app.session.set_knockout(app.state);
}

std::string app_set_knockout(App& app, const std::string& heads, const std::string& mode) {
  if (!app.session.ready()) return "no model is loaded";
  auto m = parse_ablation_mode(mode.empty() ? "zero" : mode);
  if (!m) return m.error();
  std::vector<HeadRef> list;
  if (!heads.empty()) {
    auto parsed = parse_heads(heads, app.session.model().model.config);
    if (!parsed) return parsed.error();
    list = parsed.take();
  }
  app.state.knocked_out = std::move(list);
  app.state.knock_mode = *m;
  app.session.set_knockout(app.state);
  return "";
}

std::string knockout_reading(const App& app) {
  const Session& s = app.session;
  if (!s.ablating()) return "";
  const Distribution& before = s.clean_next();
  const Distribution& after = s.next();
  const auto prob_of = [](const Distribution& d, int id) { return candidate_of(d, id).prob; };
  // The token whose probability moved most among the likeliest before or after.
  int best = -1;
  float change = 0;
  for (const Distribution* d : {&before, &after})
    for (int i = 0; i < std::min(d->kept, 10); ++i) {
      const int id = d->sorted[i].id;
      const float delta = prob_of(after, id) - prob_of(before, id);
      if (best < 0 || std::abs(delta) > std::abs(change)) best = id, change = delta;
    }
  std::string heads;
  for (const HeadRef& h : s.ablation().heads)
    heads += (heads.empty() ? "" : ", ") + std::string("L") + std::to_string(h.layer) + "H" + std::to_string(h.head);
  char buf[96];
  std::snprintf(buf, sizeof buf, " from %.1f%% to %.1f%%.", 100 * prob_of(before, best), 100 * prob_of(after, best));
  std::string out = "Without " + heads + (s.ablation().mode == AblationMode::Mean ? " (mean)" : "") + ", \"" +
                    s.model().tokenizer.display(best) + "\" " + (change >= 0 ? "rises" : "drops") + buf;
  if (!before.sorted.empty() && !after.sorted.empty() && before.sorted[0].id != after.sorted[0].id)
    out += " The likeliest next token changes from \"" + s.model().tokenizer.display(before.sorted[0].id) + "\" to \"" +
           s.model().tokenizer.display(after.sorted[0].id) + "\".";
  return out;
}

namespace {

nlohmann::json top_json(const App& app, const Distribution& d, int n) {
  nlohmann::json out = nlohmann::json::array();
  for (int i = 0; i < d.kept && i < n; ++i)
    out.push_back({{"id", d.sorted[i].id}, {"token", app.session.model().tokenizer.display(d.sorted[i].id)},
                   {"prob", d.sorted[i].sample_prob}});
  return out;
}

// The interpretability tools' results for tests, the export and the summary: knocked-out heads always;
// the lens, attribution and induction scores while their view is open (they are computed on demand).
nlohmann::json interpret_json(const App& app) {
  using nlohmann::json;
  const Session& s = app.session;
  const AppState& st = app.state;
  json heads = json::array();
  for (const HeadRef& h : s.ablation().heads) heads.push_back({h.layer, h.head});
  json j = {{"knocked_out", heads}, {"knock_mode", ablation_mode_name(st.knock_mode)}};
  if (!s.ready() || s.trace().n_tokens == 0) return j;
  if (s.ablating()) {
    j["next_before"] = top_json(app, s.clean_next(), std::max(st.top_k, 10));
    j["knockout_reading"] = knockout_reading(app);
  }
  if (st.view == View::Lens) {
    const LogitLens& lens = s.lens();
    json layers = json::array();
    for (int l = 0; l < lens.n_boundaries; ++l) {
      json row = json::array();
      for (int t = 0; t < lens.n_tokens; ++t) {
        const LensCell& c = lens.at(l, t);
        json top = json::array();
        for (const TokenProb& p : c.top) top.push_back({{"id", p.id}, {"prob", p.prob}});
        row.push_back({{"top", top}, {"next_id", c.next_id}, {"next_rank", c.next_rank}, {"next_prob", c.next_prob}});
      }
      layers.push_back(std::move(row));
    }
    j["lens"] = std::move(layers);
  }
  if (st.view == View::Attribution) {
    const Attribution& a = s.attribution(st.attr_token, st.attr_versus);
    json parts = json::array();
    for (const LogitPart& p : a.parts)
      parts.push_back({{"kind", part_kind_name(p.kind)}, {"layer", p.layer}, {"head", p.head}, {"value", p.value}});
    j["attribution"] = {{"token", a.token}, {"versus", a.versus}, {"logit", a.logit}, {"sum", a.sum}, {"parts", parts}};
  }
  if (st.view == View::Heads) {
    json scores = json::array();
    for (const InductionScore& x : s.induction())
      scores.push_back({{"layer", x.layer}, {"head", x.head}, {"induction", x.induction}, {"previous", x.previous}});
    j["induction"] = std::move(scores);
  }
  return j;
}

}  // namespace

std::string app_state_json(const App& app) {
  using nlohmann::json;
  const Session& s = app.session;
  const AppState& st = app.state;
  json next = json::array();
  const Distribution& d = s.next();
  for (int i = 0; i < d.kept && i < std::max(st.top_k, 10) && s.ready(); ++i)
    next.push_back({{"id", d.sorted[i].id}, {"token", s.model().tokenizer.display(d.sorted[i].id)},
                    {"prob", d.sorted[i].sample_prob}});
  json heads = json::array();
  for (const auto& h : s.heads())
    heads.push_back({{"layer", h.layer}, {"head", h.head}, {"label", head_label_name(h.label)}, {"score", h.score}});
  const std::string error = !app.load_error.empty() ? app.load_error : s.error();
  json flow = json::array();  // the lines the flow view shows for the selected token (current head)
  if (s.ready() && !s.trace().ids.empty())
    for (const auto& e : flow_edges(s.trace(), st.layer, {st.head}, st.flow_threshold, s.selected(st), false))
      flow.push_back({{"key", e.key}, {"weight", e.weight}});
  json j = interpret_json(app);
  j.update(json{{"ready", s.ready() && !s.trace().ids.empty()},
            {"error", error.empty() ? json(nullptr) : json(error)},
            {"model", s.ready() ? json(s.model().name) : json(nullptr)},
            {"text", st.text},
            {"ids", s.ids()},
            {"tokens", s.tokens()},
            {"selected", s.selected(st)},
            {"layer", st.layer},
            {"head", st.head},
            {"view", view_id(st.view)},
            {"temperature", st.temperature},
            {"top_k", st.top_k},
            {"top_p", st.top_p},
            {"seed", st.seed},
            {"step", st.step},
            {"embed", st.embed},
            {"theme", st.theme == 0 ? "auto" : st.theme == 1 ? "dark" : "light"},
            {"step_title", st.step < static_cast<int>(app.lesson.steps.size()) ? json(app.lesson.steps[st.step].title) : json(nullptr)},
            {"lesson_error", app.lesson_error.empty() ? json(nullptr) : json(app.lesson_error)},
            {"note", s.note()},
            {"next", next},
            {"heads", heads},
            {"flow", flow},
            {"flow_threshold", st.flow_threshold},
            {"compute_ms", s.last_compute_ms()}});
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool dark_theme(const App& app) { return app.state.theme == 0 ? app.system_dark : app.state.theme == 1; }

// What the interpretability views add to the spoken summary.
static std::string interpret_summary(const App& app) {
  const Session& s = app.session;
  const AppState& st = app.state;
  const Tokenizer& tok = s.model().tokenizer;
  std::string out;
  if (s.ablating()) out += " " + knockout_reading(app);
  char buf[96];
  if (st.view == View::Lens && !s.lens().cells.empty()) {
    const LogitLens& lens = s.lens();
    const int q = s.selected(st);
    out += " Logit lens at \"" + s.tokens()[q] + "\": the top guess";
    for (int l = 0; l < lens.n_boundaries; ++l) {
      const TokenProb& p = lens.at(l, q).top[0];
      std::snprintf(buf, sizeof buf, " %.0f%%", 100 * p.prob);
      out += std::string(l ? "," : "") + (l == 0 ? " from the embeddings is \"" : l == lens.n_boundaries - 1 ? " at the output \"" : " after layer " + std::to_string(l - 1) + " \"") +
             tok.display(p.id) + "\"" + buf;
    }
    out += ".";
  }
  if (st.view == View::Attribution) {
    const Attribution& a = s.attribution(st.attr_token, st.attr_versus);
    std::vector<const LogitPart*> parts;
    for (const LogitPart& p : a.parts) parts.push_back(&p);
    std::stable_sort(parts.begin(), parts.end(), [](auto* x, auto* y) { return std::abs(x->value) > std::abs(y->value); });
    out += " Largest parts of the logit of \"" + tok.display(a.token) + "\":";
    for (size_t i = 0; i < parts.size() && i < 3; ++i) {
      const LogitPart& p = *parts[i];
      const std::string name = p.kind == PartKind::Head ? "layer " + std::to_string(p.layer) + " head " + std::to_string(p.head)
                               : p.kind == PartKind::Mlp ? "MLP " + std::to_string(p.layer) : part_kind_name(p.kind);
      std::snprintf(buf, sizeof buf, " %+.2f", p.value);
      out += (i ? "," : "") + std::string(" ") + name + buf;
    }
    out += ".";
  }
  return out;
}

std::string app_summary_text(const App& app) {
  const Session& s = app.session;
  const AppState& st = app.state;
  if (!s.ready() || s.trace().n_tokens == 0) return app.load_error.empty() ? "Loading the explainer." : "Error: " + app.load_error;
  std::string out;
  if (st.view == View::Lesson && st.step < static_cast<int>(app.lesson.steps.size())) {
    const auto& step = app.lesson.steps[st.step];
    out += "Lesson " + step.title + ". " + step.paragraphs.front() + " ";
  } else {
    out += std::string(view_title(st.view)) + ". ";
  }
  const int q = s.selected(st);
  const Trace& tr = s.trace();
  std::vector<int> keys(q + 1);
  for (int k = 0; k <= q; ++k) keys[k] = k;
  std::stable_sort(keys.begin(), keys.end(), [&](int a, int b) { return tr.weight(st.layer, st.head, q, a) > tr.weight(st.layer, st.head, q, b); });
  char buf[64];
  out += "Selected token " + std::to_string(q + 1) + " of " + std::to_string(tr.n_tokens) + ", \"" + s.tokens()[q] + "\". In layer " +
         std::to_string(st.layer) + ", head " + std::to_string(st.head) + " it attends most to";
  for (size_t i = 0; i < keys.size() && i < 3; ++i) {
    std::snprintf(buf, sizeof buf, " %.1f%%", 100 * tr.weight(st.layer, st.head, q, keys[i]));
    out += (i ? "," : "") + std::string(" \"") + s.tokens()[keys[i]] + "\"" + buf;
  }
  out += ".";
  out += interpret_summary(app);
  out += " Likeliest next tokens:";
  for (int i = 0; i < s.next().kept && i < 3; ++i) {
    std::snprintf(buf, sizeof buf, " %.1f%%", 100 * s.next().sorted[i].sample_prob);
    out += (i ? "," : "") + std::string(" \"") + s.model().tokenizer.display(s.next().sorted[i].id) + "\"" + buf;
  }
  return out + ".";
}

std::string app_export_json(const App& app) {
  using nlohmann::json;
  const Session& s = app.session;
  if (!s.ready() || s.trace().n_tokens == 0) return "{}";
  const Trace& tr = s.trace();
  const int l = app.state.layer, h = app.state.head;
  json weights = json::array();
  for (int q = 0; q < tr.n_tokens; ++q)
    weights.push_back(std::vector<float>(&tr.weights[tr.att_index(l, h, q)], &tr.weights[tr.att_index(l, h, q)] + tr.n_tokens));
  json next = json::array();
  for (int i = 0; i < s.next().kept && i < 50; ++i)
    next.push_back({{"id", s.next().sorted[i].id}, {"token", s.model().tokenizer.display(s.next().sorted[i].id)},
                    {"prob", s.next().sorted[i].sample_prob}});
  json out = interpret_json(app);
  out.update(json{{"model", s.model().name}, {"text", app.state.text}, {"tokens", s.tokens()}, {"ids", s.ids()},
                  {"layer", l}, {"head", h}, {"attention", weights}, {"next_tokens", next},
                  {"sampling", {{"temperature", app.state.temperature}, {"top_k", app.state.top_k}, {"top_p", app.state.top_p}}}});
  return out.dump(1, ' ', false, json::error_handler_t::replace);
}

void app_set_lesson(App& app, const std::string& lesson_json) {
  auto lesson = parse_lesson(lesson_json);
  app.lesson_error = lesson ? "" : lesson.error();
  if (lesson) app.lesson = lesson.take();
}

void app_set_step(App& app, int step) { app.state.step = std::clamp(step, 0, kLessonSteps - 1); }

void app_defer(App& app, const std::string& label, std::function<void()> work) {
  app.pending = std::move(work);
  app.pending_label = label;
}

void app_set_models(App& app, const std::string& index_json) {
  const auto j = nlohmann::json::parse(index_json, nullptr, false);
  app.models.clear();
  if (j.is_discarded() || !j.contains("models") || !j["models"].is_array()) return;
  for (const auto& m : j["models"]) {
    if (!m.is_object() || !m.value("name", nlohmann::json()).is_string()) continue;
    ModelChoice c;
    c.name = m["name"].get<std::string>();
    c.megabytes = m.value("bytes", nlohmann::json(0)).is_number() ? m["bytes"].get<double>() / 1e6 : 0;
    if (m.contains("perplexity") && m["perplexity"].is_number()) c.perplexity = m["perplexity"].get<double>();
    if (m.value("n_layer", nlohmann::json()).is_number() && m.value("n_head", nlohmann::json()).is_number() &&
        m.value("n_embd", nlohmann::json()).is_number())
      c.shape = std::to_string(m["n_layer"].get<int>()) + " layers x " + std::to_string(m["n_head"].get<int>()) + " heads, " +
                std::to_string(m["n_embd"].get<int>()) + " dims";
    app.models.push_back(std::move(c));
  }
}

std::string app_layout_json(const App& app) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, r] : app.layout)
    j[name] = {r[0] / app.dpr, r[1] / app.dpr, r[2] / app.dpr, r[3] / app.dpr};
  return j.dump();
}

}  // namespace attn::app

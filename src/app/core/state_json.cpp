// The app's state as JSON: for the test hooks (app_state_json), the Download JSON export and the layout
// of the widgets browser tests click.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "analysis/result_json.h"
#include "core/app.h"
#include "core/flow.h"
#include "core/state_codecs.h"
#include "core/url_state.h"

namespace attn::app {

namespace {

nlohmann::json missing_code_points(const std::set<uint32_t>& cps) {
  nlohmann::json out = nlohmann::json::array();
  for (uint32_t cp : cps) {
    if (out.size() >= 32) break;
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    out.push_back(buf);
  }
  return out;
}

// The first n of the bars, in the CLI's form (analysis/result_json.h).
nlohmann::json top_json(const App& app, const Distribution& d, int n) {
  return next_tokens_json(app.session.model().tokenizer.display_function(), d, n);
}

// The interpretability tools' results: the knocked-out heads and their mode always (as the state table's
// codecs write them; Download JSON has had them at its top level); the lens, attribution and induction
// scores while their view is open (they are computed on demand), or all of them when `everything` (the
// Download JSON export, a one-off cost).
nlohmann::json interpret_json(const App& app, bool everything = false) {
  using nlohmann::json;
  const Session& s = app.session;
  const AppState& st = app.state;
  json j = {{"knocked_out", KnockoutCodec::json(app, st.knocked_out)}, {"knock_mode", KnockModeCodec::json(app, st.knock_mode)}};
  if (!s.ready() || s.trace().n_tokens == 0) return j;
  if (s.ablating()) {
    j["next_before"] = top_json(app, s.clean_next(), std::max(st.top_k, 10));
    j["knockout_reading"] = knockout_reading(app);
  }
  if (everything || st.view == View::Lens) {
    const LogitLens& lens = s.full_lens(s.selected(st));  // every column, not only those drawn so far
    json layers = json::array();
    for (int l = 0; l < lens.n_boundaries; ++l) {
      json row = json::array();
      for (int t = lens.first_token; t < lens.first_token + lens.n_tokens; ++t)
        row.push_back(lens_cell_json(s.model().tokenizer.display_function(), lens.at(l, t)));
      layers.push_back(std::move(row));
    }
    j["lens"] = std::move(layers);
    j["lens_first"] = lens.first_token;  // the window's first position (the lens covers at most 32)
  }
  if (everything || st.view == View::Attribution) {
    j["attribution"] = attribution_json(s.model().tokenizer.display_function(), s.attribution(st.attr_token, st.attr_versus));
  }
  if (everything || st.view == View::Heads) {
    j["induction"] = induction_json(s.induction());
  }
  return j;
}

// The second model beside the page's (the side-by-side view): its tokens, query and that query's row.
nlohmann::json partner_json(const App& app) {
  using nlohmann::json;
  const Partner& p = app.partner;
  json j = {{"loading", p.loading.empty() ? json(nullptr) : json(p.loading)},
            {"error", p.error.empty() ? json(nullptr) : json(p.error)}};
  if (!p.loaded() || p.session.trace().n_tokens == 0) return j;
  const Session& s = p.session;
  const int q = s.selected(p.state);
  j.update(json{{"model", s.model().name}, {"family", s.model().model.config.family}, {"ids", s.ids()},
                {"tokens", s.tokens()}, {"selected", q}, {"layer", p.state.layer}, {"head", p.state.head},
                {"row", s.trace().weight_row(p.state.layer, p.state.head, q)}, {"reading", partner_reading(app)}});
  return j;
}

}  // namespace

// Every field of the table (core/state_fields.def) under its member's name, as its codec writes it.
nlohmann::json state_fields_json(const App& app) {
  nlohmann::json j = nlohmann::json::object();
#define ATTN_STATE(type, member, def, key, lo, hi, Codec) j[#member] = Codec::json(app, app.state.member);
#include "core/state_fields.def"
#undef ATTN_STATE
  return j;
}

std::string app_state_json(const App& app) {
  using nlohmann::json;
  const Session& s = app.session;
  const AppState& st = app.state;
  const nlohmann::json next = s.ready() ? top_json(app, s.next(), std::max(st.top_k, 10)) : json::array();
  json heads = json::array();
  for (const auto& h : s.heads())
    heads.push_back({{"layer", h.layer}, {"head", h.head}, {"label", head_label_name(h.label)}, {"score", h.score}});
  const std::string error = !app.status.load_error.empty() ? app.status.load_error : s.error();
  json flow = json::array();  // the lines the flow view shows for the selected token (current head)
  if (s.ready() && !s.trace().ids.empty())
    for (const auto& e : flow_edges(s.trace(), st.layer, {st.head}, st.flow_threshold, s.selected(st), false))
      flow.push_back({{"key", e.key}, {"weight", e.weight}});
  json j = state_fields_json(app);
  j.update(interpret_json(app));
  j.update(json{{"ready", s.ready() && !s.trace().ids.empty()},
            {"busy", s.busy()},  // a long text being read a chunk a frame: progress = [tokens read, of]
            {"progress", {s.progress().first, s.progress().second}},
            {"error", error.empty() ? json(nullptr) : json(error)},
            {"model", s.ready() ? json(s.model().name) : json(nullptr)},
            {"family", s.ready() ? json(s.model().model.config.family) : json(nullptr)},
            {"kv_heads", s.ready() ? json(s.model().model.config.n_kv_head) : json(nullptr)},  // < heads: grouped-query
            {"ids", s.ids()},
            {"tokens", s.tokens()},
            {"field_error", app.status.field_id.empty() ? json(nullptr) : json({{"field", app.status.field_id}, {"error", app.status.field_error}})},
            {"step_id", st.step < static_cast<int>(app.lesson.steps.size()) ? json(app.lesson.steps[st.step].id) : json(nullptr)},
            {"missing_glyphs", app.frame.missing_glyphs.size()},
            {"missing_code_points", missing_code_points(app.frame.missing_glyphs)},
            {"step_title", st.step < static_cast<int>(app.lesson.steps.size()) ? json(app.lesson.steps[st.step].title) : json(nullptr)},
            {"lesson_error", app.lesson_error.empty() ? json(nullptr) : json(app.lesson_error)},
            {"note", s.note()},
            {"partner", partner_json(app)},
            {"next", next},
            {"heads", heads},
            {"flow", flow},
            {"compute_ms", s.last_compute_ms()}});
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string app_export_json(const App& app) {
  using nlohmann::json;
  const Session& s = app.session;
  if (!s.ready() || s.trace().n_tokens == 0) return "{}";
  const Trace& tr = s.trace();
  const int l = app.state.layer, h = app.state.head;
  json weights = json::array();
  for (int q = 0; q < tr.n_tokens; ++q)
    weights.push_back(tr.weight_row(l, h, q));
  const json next = top_json(app, s.next(), 50);
  json out = interpret_json(app, /*everything=*/true);
  out.update(json{{"model", s.model().name}, {"text", app.state.text}, {"tokens", s.tokens()}, {"ids", s.ids()},
                  {"layer", l}, {"head", h}, {"attention", weights}, {"next_tokens", next},
                  {"sampling", {{"temperature", app.state.temperature}, {"top_k", app.state.top_k}, {"top_p", app.state.top_p}}},
                  {"state", state_fields_json(app)}, {"link", state_to_fragment(app)}});
  return out.dump(1, ' ', false, json::error_handler_t::replace);
}

std::string app_layout_json(const App& app) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, r] : app.frame.layout)
    j[name] = {r[0] / app.frame.dpr, r[1] / app.frame.dpr, r[2] / app.frame.dpr, r[3] / app.frame.dpr};
  // Every interactive item (CSS pixels), and where the page's own text field lies over the canvas.
  nlohmann::json items = nlohmann::json::array();
  const float d = app.frame.dpr;
  for (const ItemRect& r : app.frame.items)
    items.push_back({{"label", r.label}, {"window", r.window}, {"rect", {r.x / d, r.y / d, r.w / d, r.h / d}},
                     {"size", {r.full_w / d, r.full_h / d}}});
  for (const HtmlField& f : app.frame.html_fields)
    items.push_back({{"label", f.id + " field (HTML)"}, {"window", "page"},
                     {"rect", {f.rect[0] / d, f.rect[1] / d, f.rect[2] / d, f.rect[3] / d}}});
  j["_items"] = std::move(items);
  return j.dump();
}

bool same_fields(const std::vector<HtmlField>& a, const std::vector<HtmlField>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const HtmlField& x, const HtmlField& y) {
    return x.id == y.id && x.label == y.label && x.kind == y.kind && x.value == y.value && x.max_chars == y.max_chars &&
           x.rect == y.rect;
  });
}

std::string html_fields_json(const App& app) {
  nlohmann::json fields = nlohmann::json::array();
  const float d = app.frame.dpr;
  for (const HtmlField& f : app.frame.html_fields) {
    const char* kind = f.kind == HtmlField::Kind::Lines ? "lines" : f.kind == HtmlField::Kind::Line ? "line" : "number";
    fields.push_back({{"id", f.id}, {"label", f.label}, {"kind", kind}, {"x", f.rect[0] / d}, {"y", f.rect[1] / d},
                      {"w", f.rect[2] / d}, {"h", f.rect[3] / d}, {"value", f.value}, {"max", f.max_chars}});
  }
  return nlohmann::json{{"dark", dark_theme(app)}, {"fields", std::move(fields)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace attn::app

// The actions every entry point shares (panels, test hooks, URL): setters that clamp their input.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/app.h"
#include "core/i18n.h"
#include "core/flow.h"

namespace attn::app {

void app_select_token(App& app, int index) {
  const int n = static_cast<int>(app.session.ids().size());
  app.state.selected = (index >= 0 && index < n) ? index : -1;
  if (app.session.ready() && !app.session.model().model.config.traits.causal) app.session.update_sampling(app.state);  // which [MASK] the bars fill
}

void set_layer_head(AppState& state, const Config& c, int layer, int head) {
  state.layer = std::clamp(layer, 0, std::max(0, c.n_layer - 1));
  state.head = std::clamp(head, 0, std::max(0, c.n_head - 1));
}

void app_set_layer_head(App& app, int layer, int head, bool by_hand) {
  if (!app.session.ready()) return;
  set_layer_head(app.state, app.session.model().model.config, layer, head);
  app.state.head_by_hand = by_hand;
}

void app_set_attribution(App& app, int token, int versus) {
  const int vocab = app.session.ready() ? app.session.model().model.config.vocab_size : 0;
  const auto id = [&](int t) { return t >= 0 && t < vocab ? t : -1; };
  app.state.attr_token = id(token);
  app.state.attr_versus = id(versus);
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

namespace {

// The longest prefix of at most max_bytes that does not cut a UTF-8 character in two.
std::string utf8_prefix(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // s[n] continues a character
  return s.substr(0, n);
}

}  // namespace

void app_set_text(App& app, const std::string& text) { app.session.set_text(app.state, utf8_prefix(text, kMaxTextBytes)); }

std::string app_set_field(App& app, const std::string& id, const std::string& value) {
  if (id == "text") {
    app_set_text(app, value);
    return "";
  }
  if (id == "words") {
    app.state.words = utf8_prefix(value, kMaxWordsBytes);
    return "";
  }
  if (id != "seed" && id != "play-seed") return "no field '" + id.substr(0, 40) + "'";
  const auto refuse = [&](const std::string& why) {
    app.status.field_id = id;
    app.status.field_error = why;
    return why;
  };
  if (app.status.field_id == id) app.status.field_id.clear();
  if (value.empty()) return "";  // cleared while typing: keep the seed until a number arrives
  uint64_t seed = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') return refuse(tr("actions.seed_range"));
    seed = std::min<uint64_t>(seed * 10 + static_cast<uint64_t>(c - '0'), 0x7FFFFFFF);
  }
  (id == "seed" ? app.state.seed : app.state.play_seed) = seed;
  return "";
}

bool dark_theme(const App& app) { return app.state.theme == 0 ? app.frame.system_dark : app.state.theme == 1; }

void app_set_lesson(App& app, const std::string& lesson_json) {
  auto lesson = parse_lesson(lesson_json);
  app.lesson_error = lesson ? "" : lesson.error();
  if (!lesson) return;
  app.lesson_en = lesson.take();
  app.lesson = translate_lesson(app.lesson_en, app.lesson_translated);
}

std::string app_set_language(App& app, const std::string& code, const std::string& catalogue_json,
                             const std::string& lesson_json) {
  const std::string old_example = tr("text.default");
  std::string error = set_language(code, catalogue_json);
  app.state.lang = language();
  app.lesson_translated = Lesson{};
  if (language() != "en") {
    if (auto t = parse_lesson(lesson_json)) app.lesson_translated = t.take();
    else if (error.empty()) error = "lang/" + language() + ".lesson.json: " + t.error() + "; the lesson stays English";
  }
  app.lesson = translate_lesson(app.lesson_en, app.lesson_translated);
  // The example sentence follows the language; a sentence the reader wrote stays.
  if (const std::string example = tr("text.default"); app.state.text == old_example && example != old_example) {
    app.state.selected = -1;
    if (app.session.ready()) app_set_text(app, example);
    else app.state.text = example;
  }
  app.session.refresh_presets();  // the examples are the language's
  return error;
}

void app_set_step(App& app, int step) {
  app.state.step = std::clamp(step, 0, std::max(0, static_cast<int>(app.lesson.steps.size()) - 1));
}

void app_defer(App& app, const std::string& label, std::function<void()> work) {
  app.frame.pending = std::move(work);
  app.frame.pending_label = label;
}

const ModelChoice* find_model(const App& app, const std::string& name) {
  for (const ModelChoice& m : app.models)
    if (m.name == name) return &m;
  return nullptr;
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
    if (m.contains("label") && m["label"].is_string()) c.label = m["label"].get<std::string>();
    c.hub = m.value("hub", nlohmann::json(false)) == true;
    c.cached = m.value("cached", nlohmann::json(false)) == true;
    if (m.value("n_layer", nlohmann::json()).is_number() && m.value("n_head", nlohmann::json()).is_number() &&
        m.value("n_embd", nlohmann::json()).is_number())
      c.n_layer = m["n_layer"].get<int>(), c.n_head = m["n_head"].get<int>(), c.n_embd = m["n_embd"].get<int>();
    app.models.push_back(std::move(c));
  }
}

}  // namespace attn::app

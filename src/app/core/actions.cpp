// The actions every entry point shares (panels, test hooks, URL): setters that clamp their input.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/app.h"
#include "core/i18n.h"
#include "core/flow.h"
#include "core/state_door.h"
#include "text/unicode.h"

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

std::string clean_text(const std::string& s, size_t max_chars, bool* cut) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    const size_t len = decode_utf8(s, i, &cp);
    if (cp != kInvalidByte) {
      if (chars == max_chars) {
        if (cut) *cut = true;
        break;
      }
      out.append(s, i, len);
      ++chars;
    }
    i += len;
  }
  return out;
}

void app_set_text(App& app, const std::string& text) {
  app.state.selected = -1;  // a new text: the query is its last token again
  app.session.set_text(app.state, clean_text(text, kMaxTextChars));
}

namespace {

size_t chars_in(const std::string& s) {  // s is clean_text's output: every byte not 10xxxxxx starts a character
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// A bars' action that grows the text: taken back (its own undo step) when it left the text past
// kMaxTextChars, so no door grows it beyond the cap, whatever a token's length.
template <class Action>
bool within_text_cap(App& app, Action action) {
  if (!action()) return false;
  if (chars_in(app.state.text) <= kMaxTextChars) return true;
  app.session.undo(app.state);
  return false;
}

}  // namespace

bool app_choose_next(App& app, int rank) {
  return within_text_cap(app, [&] { return app.session.choose_next(app.state, rank); });
}
bool app_sample_next(App& app) { return within_text_cap(app, [&] { return app.session.sample_next(app.state); }); }
bool app_undo(App& app) { return app.session.undo(app.state); }
void app_reset(App& app) { app.session.reset(app.state); }
bool app_mask_selected(App& app) { return within_text_cap(app, [&] { return app.session.mask_selected(app.state); }); }
bool app_repeat_text(App& app) {  // a text over half the cap cannot be doubled: refused before the work
  return 2 * chars_in(app.state.text) <= kMaxTextChars && within_text_cap(app, [&] { return app.session.repeat_text(app.state); });
}

void app_add_note(App& app, const std::string& note) {
  const std::string line = clean_text(note, kMaxNoteChars);
  if (!line.empty()) app.status.url_note += (app.status.url_note.empty() ? "" : " ") + line;
}

void partner_select_token(App& app, int index) {
  Partner& p = app.partner;
  const int n = p.loaded() ? static_cast<int>(p.session.ids().size()) : 0;
  p.state.selected = index >= 0 && index < n ? index : -1;
}

void partner_set_layer_head(App& app, int layer, int head) {
  constexpr int kMaxIndex = 4096;  // above any model's layers or heads, so a link's junk stays a small number
  Partner& p = app.partner;
  if (p.loaded()) {
    set_layer_head(p.state, p.session.model().model.config, layer, head);
    app.state.partner_head = {p.state.layer, p.state.head};
  } else {  // a link read before its partner has loaded: kept, and clamped to the model when it does
    app.state.partner_head = {std::clamp(layer, 0, kMaxIndex), std::clamp(head, 0, kMaxIndex)};
  }
}

void partner_request(App& app, const std::string& name) {
  Partner& p = app.partner;
  const std::string cut = clean_text(name, kMaxModelNameChars);
  if (cut.empty() || !p.loading.empty()) return;
  p.request = cut;
  p.error.clear();
}

void partner_close(App& app) {
  app.partner.session = Session{};
  app.partner.closed = true;
  app.state.partner_head = HeadRef();
}

void app_set_view(App& app, View view) { app.state.view = view; }

bool app_answer_quiz(App& app, int step, int question, int choice) {
  constexpr int kQuestions = 8, kChoices = 8;  // a step's quick checks and their choices, at most
  constexpr size_t kMaxAnswers = 64;           // a link's worth
  QuizAnswers& quiz = app.state.quiz;
  const bool known = quiz.count({step, question}) > 0;
  if (step < 0 || step >= static_cast<int>(app.lesson.steps.size()) || question < 0 || question >= kQuestions ||
      choice < 0 || choice >= kChoices || (!known && quiz.size() >= kMaxAnswers))
    return false;
  quiz[{step, question}] = choice;
  return true;
}

void app_set_knock_mode(App& app, AblationMode mode) {
  app.state.knock_mode = mode;
  app.session.set_knockout(app.state);
}

// ---- the door for fields that need no more than their row (core/state_door.h) ----------------------------
namespace {

template <class Codec>
constexpr bool kRangeOnly = std::is_base_of_v<Plain, Codec> || std::is_same_v<Codec, ThemeCodec>;

template <class T>
bool clamp_into(T& field, T value, FieldRange r) {
  if constexpr (std::is_same_v<T, bool>) {
    field = value;
  } else {
    const double v = static_cast<double>(value);
    if (!std::isfinite(v)) return false;  // as a link refuses one
    const double c = std::clamp(v, r.lo, r.hi);
    field = static_cast<T>(std::is_integral_v<T> ? std::floor(c) : c);
  }
  return true;
}

}  // namespace

template <class T>
bool app_set(App& app, T AppState::*field, T value) {
  bool set = false;
#define ATTN_STATE(type, member, def, key, lo, hi, codec)         \
  if constexpr (std::is_same_v<type, T> && kRangeOnly<codec>)    \
    if (field == &AppState::member) set = clamp_into(app.state.member, value, kFieldRange::member);
#include "core/state_fields.def"
#undef ATTN_STATE
  if (!set) return false;
  AppState& s = app.state;
  if constexpr (std::is_same_v<T, bool>) {
    if (field == &AppState::sort_heads && s.sort_heads) s.sort_induction = false;
    if (field == &AppState::sort_induction && s.sort_induction) s.sort_heads = false;
  }
  bool sampling = false;
  if constexpr (std::is_same_v<T, float>) sampling = field == &AppState::temperature || field == &AppState::top_p;
  if constexpr (std::is_same_v<T, int>) sampling = field == &AppState::top_k;
  if (sampling && app.session.ready()) app.session.update_sampling(s);
  return true;
}

template <class T>
FieldRange field_range(T AppState::*field) {
#define ATTN_STATE(type, member, def, key, lo, hi, codec)      \
  if constexpr (std::is_same_v<type, T> && kRangeOnly<codec>) \
    if (field == &AppState::member) return kFieldRange::member;
#include "core/state_fields.def"
#undef ATTN_STATE
  return {0, 0};
}

// The types the table's range-only rows have.
template bool app_set<bool>(App&, bool AppState::*, bool);
template bool app_set<int>(App&, int AppState::*, int);
template bool app_set<float>(App&, float AppState::*, float);
template bool app_set<unsigned>(App&, unsigned AppState::*, unsigned);
template bool app_set<uint64_t>(App&, uint64_t AppState::*, uint64_t);
template FieldRange field_range<int>(int AppState::*);
template FieldRange field_range<float>(float AppState::*);
template FieldRange field_range<unsigned>(unsigned AppState::*);
template FieldRange field_range<bool>(bool AppState::*);
template FieldRange field_range<uint64_t>(uint64_t AppState::*);

std::string app_set_field(App& app, const std::string& id, const std::string& value) {
  if (id == "text") {
    app_set_text(app, value);
    return "";
  }
  if (id == "words") {
    app.state.words = clean_text(value, kMaxWordsChars);
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
    if (app.session.ready()) app_set_text(app, example);
    else app.state.text = example, app.state.selected = -1;  // the model's load runs it
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

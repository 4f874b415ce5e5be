// The codecs of state fields with more to them than a range (core/state_codecs.h).
#include "core/state_codecs.h"

#include <cstdio>
#include <cstdlib>

#include "analysis/result_json.h"
#include "core/i18n.h"
#include "core/state_door.h"
#include "core/url_state.h"
#include "text/unicode.h"

namespace attn::app {

std::string link_number(double v) {
  char b[32];
  for (int digits = 6; digits <= 9; ++digits) {  // 0.7f is "0.7", not "0.699999988"
    std::snprintf(b, sizeof b, "%.*g", digits, v);
    if (std::strtof(b, nullptr) == static_cast<float>(v)) break;
  }
  return b;
}

bool parse_link_number(const std::string& s, double* out) {
  if (s.empty() || s.size() > 32) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

namespace {

int clamped_int(const std::string& value, int fallback) {
  double v;
  return parse_link_number(value, &v) ? static_cast<int>(std::clamp(v, -1e6, 1e6)) : fallback;
}

// A step by its id. Links from before ids numbered the eight steps of that lesson 1..8 (and quiz keys
// 0..7): those numbers still mean those steps, wherever they are now. -1: no such step.
int step_of(const App& app, const std::string& name, bool one_based) {
  static const char* kNumberedSteps[] = {"tokens", "embeddings", "qkv", "scores", "scaling", "softmax",
                                         "weighted_sum", "heads_and_mask"};
  double n;
  if (!parse_link_number(name, &n)) return find_step(app.lesson, name);
  const int i = static_cast<int>(std::clamp(n, -1.0, 1000.0)) - (one_based ? 1 : 0);
  return find_step(app.lesson, kNumberedSteps[std::clamp(i, 0, 7)]);
}

std::string step_name(const App& app, int index) {
  return index >= 0 && index < static_cast<int>(app.lesson.steps.size()) ? app.lesson.steps[index].id
                                                                         : std::to_string(index + 1);
}

}  // namespace

std::string TextCodec::write(const App&, const std::string& v) { return v; }
std::string TextCodec::read(App& app, std::string&, const std::string& value, FieldRange r) {
  bool cut = false;
  const std::string text = clean_text(value, static_cast<size_t>(r.hi), &cut);  // a link's own, shorter cap
  app_set_text(app, text);
  return cut ? trf("url.text_cut", {{"n", link_number(r.hi)}}) : "";
}
nlohmann::json TextCodec::json(const App&, const std::string& v) { return v; }

std::string ViewCodec::write(const App&, const View& v) { return view_id(v); }
std::string ViewCodec::read(App& app, View&, const std::string& value, FieldRange) {
  app_set_view(app, value);
  return "";
}
nlohmann::json ViewCodec::json(const App&, const View& v) { return view_id(v); }

std::string EmbedCodec::write(const App& app, const bool&) { return view_id(app.state.view); }
std::string EmbedCodec::read(App& app, bool& field, const std::string& value, FieldRange) {
  if (app_set_view(app, value)) field = true;
  return "";
}
nlohmann::json EmbedCodec::json(const App&, const bool& v) { return v; }

static const char* const kThemes[] = {"auto", "dark", "light"};
std::string ThemeCodec::write(const App&, const int& v) { return kThemes[std::clamp(v, 0, 2)]; }
std::string ThemeCodec::read(App& app, int&, const std::string& value, FieldRange) {
  app_set(app, &AppState::theme, value == "dark" ? 1 : value == "light" ? 2 : 0);
  return "";
}
nlohmann::json ThemeCodec::json(const App&, const int& v) { return kThemes[std::clamp(v, 0, 2)]; }

// The page reads lang= before the app starts (it fetches that language's files); a link applied later
// asks the host for the switch.
std::string LangCodec::write(const App&, const std::string& v) { return v; }
std::string LangCodec::read(App& app, std::string& field, const std::string& value, FieldRange) {
  const std::string code = supported_language(value);
  if (!code.empty() && code != field) app.status.asked_lang = code;
  return "";
}
nlohmann::json LangCodec::json(const App&, const std::string& v) { return v; }

// Layer and head are set as the link says without marking them chosen by hand: `pick` (read next) says that.
std::string LayerCodec::write(const App&, const int& v) { return std::to_string(v); }
std::string LayerCodec::read(App& app, int& field, const std::string& value, FieldRange) {
  app_set_layer_head(app, clamped_int(value, field), app.state.head, /*by_hand=*/false);
  return "";
}
nlohmann::json LayerCodec::json(const App&, const int& v) { return v; }

std::string HeadCodec::write(const App&, const int& v) { return std::to_string(v); }
std::string HeadCodec::read(App& app, int& field, const std::string& value, FieldRange) {
  app_set_layer_head(app, app.state.layer, clamped_int(value, field), /*by_hand=*/false);
  return "";
}
nlohmann::json HeadCodec::json(const App&, const int& v) { return v; }

std::string SelectedCodec::write(const App&, const int& v) { return std::to_string(v); }
std::string SelectedCodec::read(App& app, int&, const std::string& value, FieldRange) {
  app_select_token(app, clamped_int(value, -1));
  return "";
}
nlohmann::json SelectedCodec::json(const App& app, const int&) { return app.session.selected(app.state); }

namespace {
int token_id(const std::string& value) {
  double id;
  return parse_link_number(value, &id) && id == std::floor(id) && std::abs(id) < 1e9 ? static_cast<int>(id) : -1;
}
}  // namespace

std::string AttrTokenCodec::write(const App&, const int& v) { return std::to_string(v); }
std::string AttrTokenCodec::read(App& app, int&, const std::string& value, FieldRange) {
  app_set_attribution(app, token_id(value), app.state.attr_versus);
  return "";
}
nlohmann::json AttrTokenCodec::json(const App&, const int& v) { return optional_json(v); }

std::string AttrVersusCodec::write(const App&, const int& v) { return std::to_string(v); }
std::string AttrVersusCodec::read(App& app, int&, const std::string& value, FieldRange) {
  app_set_attribution(app, app.state.attr_token, token_id(value));
  return "";
}
nlohmann::json AttrVersusCodec::json(const App&, const int& v) { return optional_json(v); }

std::string KnockModeCodec::write(const App&, const AblationMode& v) { return ablation_mode_name(v); }
// The mode; the heads' row (next) runs the model with it. Heads already out run again here (a link applied
// on a page that has some: at start-up none are).
std::string KnockModeCodec::read(App& app, AblationMode& field, const std::string& value, FieldRange) {
  const auto mode = parse_ablation_mode(value);
  if (!mode) return trf("url.mode_ignored", {{"why", mode.error()}});
  if (app.state.knocked_out.empty()) field = *mode;
  else if (const std::string why = app_set_knockout(app, heads_to_string(app.state.knocked_out), value); !why.empty())
    return trf("url.mode_ignored", {{"why", why}});
  return "";
}
nlohmann::json KnockModeCodec::json(const App&, const AblationMode& v) { return ablation_mode_name(v); }

std::string KnockoutCodec::write(const App&, const HeadList& v) { return heads_to_string(v); }
std::string KnockoutCodec::read(App& app, HeadList&, const std::string& value, FieldRange) {
  const std::string why = app_set_knockout(app, value, ablation_mode_name(app.state.knock_mode));
  return why.empty() ? "" : trf("url.heads_ignored", {{"why", why}});
}
nlohmann::json KnockoutCodec::json(const App&, const HeadList& v) {
  nlohmann::json heads = nlohmann::json::array();
  for (const HeadRef& h : v) heads.push_back({h.layer, h.head});
  return heads;
}

std::string PartnerHeadCodec::write(const App&, const HeadRef& v) { return heads_to_string({v}); }
std::string PartnerHeadCodec::read(App& app, HeadRef&, const std::string& value, FieldRange) {
  const size_t dot = value.find('.');
  if (dot != std::string::npos)  // "LAYER.HEAD"; anything else changes nothing
    partner_set_layer_head(app, clamped_int(value.substr(0, dot), 0), clamped_int(value.substr(dot + 1), 0));
  return "";
}
nlohmann::json PartnerHeadCodec::json(const App&, const HeadRef& v) { return {{"layer", v.layer}, {"head", v.head}}; }

std::string StepCodec::write(const App& app, const int& v) { return step_name(app, v); }
std::string StepCodec::read(App& app, int&, const std::string& value, FieldRange) {
  const int step = step_of(app, value, true);
  double n;
  if (step >= 0 || parse_link_number(value, &n)) app_set_step(app, step);  // an unknown id changes nothing
  return "";
}
nlohmann::json StepCodec::json(const App&, const int& v) { return v; }

std::string QuizCodec::write(const App& app, const QuizAnswers& v) {
  std::string q;
  for (const auto& [key, choice] : v)
    q += (q.empty() ? "" : ".") + step_name(app, key.first) + "-" + std::to_string(key.second) + "-" + std::to_string(choice);
  return q;
}
std::string QuizCodec::read(App& app, QuizAnswers&, const std::string& value, FieldRange) {
  for (size_t pos = 0; pos < value.size();) {
    size_t dot = value.find('.', pos);
    if (dot == std::string::npos) dot = value.size();
    const std::string item = value.substr(pos, dot - pos);
    const size_t dash = item.find('-');
    int q, c;
    const int step = dash == std::string::npos ? -1 : step_of(app, item.substr(0, dash), false);
    if (step >= 0 && item.size() - dash <= 8 && std::sscanf(item.c_str() + dash + 1, "%d-%d", &q, &c) == 2)  // no overflow
      app_answer_quiz(app, step, q, c);
    pos = dot + 1;
  }
  return "";
}
nlohmann::json QuizCodec::json(const App& app, const QuizAnswers& v) {
  nlohmann::json out = nlohmann::json::object();  // "step id-question": the choice
  for (const auto& [key, choice] : v) out[step_name(app, key.first) + "-" + std::to_string(key.second)] = choice;
  return out;
}

std::string WordsCodec::write(const App&, const std::string& v) { return v; }
std::string WordsCodec::read(App& app, std::string&, const std::string& value, FieldRange) {
  app_set_field(app, "words", value);  // the field's door: invalid bytes dropped, kMaxWordsChars
  return "";
}
nlohmann::json WordsCodec::json(const App&, const std::string& v) { return v; }

}  // namespace attn::app

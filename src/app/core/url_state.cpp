#include "core/url_state.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "core/i18n.h"
#include "text/unicode.h"

namespace attn::app {
namespace {

std::string number(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

// Parses a finite number, or returns false.
bool parse_number(const std::string& s, double* out) {
  if (s.empty() || s.size() > 32) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// Drops bytes that are not valid UTF-8 and cuts to at most `max` characters.
std::string clean_text(const std::string& s, size_t max, bool* cut) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    const size_t len = decode_utf8(s, i, &cp);
    if (cp != kInvalidByte) {
      if (chars == max) {
        *cut = true;
        break;
      }
      out.append(s, i, len);
      ++chars;
    }
    i += len;
  }
  return out;
}

}  // namespace

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string url_decode(const std::string& s) {
  std::string out;
  const auto hexval = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10); };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

std::string state_to_fragment(const App& app) {
  const AppState& s = app.state;
  const AppState d;  // defaults
  // Steps are named by their lesson.json id (a numbered link would move when a step is added).
  const auto step_name = [&](int index) {
    return index >= 0 && index < static_cast<int>(app.lesson.steps.size()) ? app.lesson.steps[index].id : std::to_string(index + 1);
  };
  std::string out = "text=" + url_encode(s.text) + "&view=" + view_id(s.view);
  const auto add = [&](const char* key, const std::string& value) { out += std::string("&") + key + "=" + value; };
  if (s.selected >= 0) add("sel", std::to_string(s.selected));
  if (s.layer != d.layer || s.head != d.head) {
    add("layer", std::to_string(s.layer));
    add("head", std::to_string(s.head));
  }
  if (s.head_by_hand) add("pick", "1");
  if (s.unmasked) add("enc", "1");
  if (s.step != d.step) add("step", step_name(s.step));
  if (s.theme != d.theme) add("theme", s.theme == 1 ? "dark" : "light");
  if (s.lang != d.lang) add("lang", s.lang);  // read by the page before the app starts (it picks the files)
  if (s.temperature != d.temperature) add("t", number(s.temperature));
  if (s.top_k != d.top_k) add("k", std::to_string(s.top_k));
  if (s.top_p != d.top_p) add("p", number(s.top_p));
  if (s.seed != d.seed) add("seed", std::to_string(s.seed));
  if (!s.knocked_out.empty()) add("ko", url_encode(heads_to_string(s.knocked_out)));
  if (s.knock_mode != d.knock_mode) add("kom", ablation_mode_name(s.knock_mode));
  if (s.attr_token >= 0) add("at", std::to_string(s.attr_token));
  if (s.attr_versus >= 0) add("vs", std::to_string(s.attr_versus));
  if (!s.quiz.empty()) {
    std::string q;
    for (const auto& [key, choice] : s.quiz)
      q += (q.empty() ? "" : ".") + step_name(key.first) + "-" + std::to_string(key.second) + "-" + std::to_string(choice);
    add("quiz", q);
  }
  return out;
}

std::string apply_fragment(App& app, const std::string& fragment) {
  std::map<std::string, std::string> kv;
  std::string f = fragment;
  if (!f.empty() && (f[0] == '#' || f[0] == '?')) f.erase(0, 1);
  for (size_t pos = 0; pos <= f.size() && kv.size() < 64;) {
    size_t amp = f.find('&', pos);
    if (amp == std::string::npos) amp = f.size();
    const std::string pair = f.substr(pos, amp - pos);
    const size_t eq = pair.find('=');
    if (eq != std::string::npos) kv[url_decode(pair.substr(0, eq))] = url_decode(pair.substr(eq + 1));
    pos = amp + 1;
  }
  AppState& s = app.state;
  std::string note;
  double v;
  if (auto it = kv.find("view"); it != kv.end()) parse_view(it->second, &s.view);
  if (auto it = kv.find("embed"); it != kv.end() && parse_view(it->second, &s.view)) s.embed = true;
  if (auto it = kv.find("controls"); it != kv.end()) s.controls = it->second != "0";
  if (auto it = kv.find("enc"); it != kv.end()) s.unmasked = it->second == "1";
  if (auto it = kv.find("theme"); it != kv.end()) s.theme = it->second == "dark" ? 1 : it->second == "light" ? 2 : 0;
  if (auto it = kv.find("t"); it != kv.end() && parse_number(it->second, &v)) s.temperature = static_cast<float>(std::clamp(v, 0.1, 2.0));
  if (auto it = kv.find("k"); it != kv.end() && parse_number(it->second, &v)) s.top_k = static_cast<int>(std::clamp(v, 1.0, 50.0));
  if (auto it = kv.find("p"); it != kv.end() && parse_number(it->second, &v)) s.top_p = static_cast<float>(std::clamp(v, 0.05, 1.0));
  if (auto it = kv.find("seed"); it != kv.end() && parse_number(it->second, &v)) s.seed = static_cast<uint64_t>(std::clamp(v, 0.0, 2147483647.0));
  // A step is named by its id. Links from before ids numbered the eight steps of that lesson 1..8 (and
  // quiz keys 0..7): those numbers still mean those steps, wherever they are now.
  static const char* kNumberedSteps[] = {"tokens", "embeddings", "qkv", "scores", "scaling", "softmax",
                                         "weighted_sum", "heads_and_mask"};
  const auto step_of = [&](const std::string& name, bool one_based) {
    double n;
    if (!parse_number(name, &n)) return find_step(app.lesson, name);
    const int i = static_cast<int>(std::clamp(n, -1.0, 1000.0)) - (one_based ? 1 : 0);
    return find_step(app.lesson, kNumberedSteps[std::clamp(i, 0, 7)]);
  };
  if (auto it = kv.find("step"); it != kv.end()) {
    const int step = step_of(it->second, true);
    if (step >= 0 || parse_number(it->second, &v)) app_set_step(app, step);
  }
  if (auto it = kv.find("quiz"); it != kv.end()) {
    for (size_t pos = 0; pos < it->second.size() && s.quiz.size() < 64;) {
      size_t dot = it->second.find('.', pos);
      if (dot == std::string::npos) dot = it->second.size();
      const std::string item = it->second.substr(pos, dot - pos);
      const size_t dash = item.find('-');
      int q, c;
      const int step = dash == std::string::npos ? -1 : step_of(item.substr(0, dash), false);
      if (step >= 0 && step < static_cast<int>(app.lesson.steps.size()) &&
          std::sscanf(item.c_str() + dash + 1, "%d-%d", &q, &c) == 2 && q >= 0 && q < 8 && c >= 0 && c < 8)
        s.quiz[{step, q}] = c;
      pos = dot + 1;
    }
  }
  if (auto it = kv.find("text"); it != kv.end()) {
    bool cut = false;
    const std::string text = clean_text(it->second, kMaxUrlText, &cut);
    if (cut) note = trf("url.text_cut", {{"n", std::to_string(kMaxUrlText)}});
    s.selected = -1;
    app.session.set_text(s, text);
  }
  if (app.session.ready()) {  // these depend on the model and the tokens
    const auto num = [&](const char* key, double fallback) {
      auto it = kv.find(key);
      return it != kv.end() && parse_number(it->second, &v) ? v : fallback;
    };
    app_set_layer_head(app, static_cast<int>(std::clamp(num("layer", s.layer), -1e6, 1e6)),
                       static_cast<int>(std::clamp(num("head", s.head), -1e6, 1e6)));
    s.head_by_hand = kv.count("pick") && kv["pick"] == "1";  // else the lesson may choose the head again
    app_select_token(app, static_cast<int>(std::clamp(num("sel", -1), -1e6, 1e6)));
    const int V = app.session.model().model.config.vocab_size;
    const auto token = [&](const char* key) {
      const double id = num(key, -1);
      return id >= 0 && id < V && id == std::floor(id) ? static_cast<int>(id) : -1;
    };
    s.attr_token = token("at");
    s.attr_versus = token("vs");
    const auto ko = kv.find("ko"), kom = kv.find("kom");
    if (ko != kv.end() || kom != kv.end()) {
      const std::string why = app_set_knockout(app, ko != kv.end() ? ko->second : "", kom != kv.end() ? kom->second : "zero");
      if (!why.empty()) note += (note.empty() ? "" : " ") + trf("url.heads_ignored", {{"why", why}});
    }
    app.session.update_sampling(s);
  }
  return note;
}

std::string embed_code(const App& app, const std::string& page_url) {
  const std::string src = page_url + "?model=" + url_encode(app.session.ready() ? app.session.model().name : "default") +
                          "&embed=" + view_id(app.state.view) + "#" + state_to_fragment(app);
  const std::string& base = page_url;
  return "<iframe src=\"" + src + "\" title=\"" + trf("url.embed_title", {{"view", view_title(app.state.view)}}) +
         "\" loading=\"lazy\" width=\"100%\" height=\"520\" style=\"border:0;max-width:100%\" "
         "sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox\"></iframe>\n"
         "<script src=\"" + base + "embed.js\" async></script>";
}

}  // namespace attn::app

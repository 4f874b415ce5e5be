#include "core/url_state.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "core/i18n.h"
#include "core/state_codecs.h"
#include "core/state_door.h"

namespace attn::app {

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

// The table's rows (core/state_fields.def) in order, each with its codec (core/state_codecs.h).
std::string state_to_fragment(const App& app) {
  const AppState& s = app.state;
  const AppState d;  // defaults are left out, to keep links short
  std::string out;
#define ATTN_STATE(type, member, def, key, lo, hi, Codec)                                  \
  if (Codec::kInLink && (Codec::kAlways || !(s.member == d.member)))                      \
    out += std::string(out.empty() ? "" : "&") + key + "=" + url_encode(Codec::write(app, s.member));
#include "core/state_fields.def"
#undef ATTN_STATE
  return out;
}

namespace {

// A link's value for one row: a range-only row (Plain) through the door as a slider's value goes, any other
// through its codec, which calls its action.
template <class Codec, class T>
std::string read_row(App& app, T AppState::*member, const std::string& value, FieldRange r) {
  if constexpr (std::is_base_of_v<Plain, Codec>) {
    T v{};
    if (Codec::parse(value, &v)) app_set(app, member, v);
    return "";
  } else {
    return Codec::read(app, app.state.*member, value, r);
  }
}

}  // namespace

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
  // Two passes: the rows that need no model, then (with one loaded) those checked against it.
  for (const bool with_model : {false, true}) {
    if (with_model && !app.session.ready()) break;
#define ATTN_STATE(type, member, def, key, lo, hi, Codec)                                        \
  if (Codec::kNeedsModel == with_model) {                                                       \
    if (auto it = kv.find(key); it != kv.end()) {                                               \
      if (std::string n = read_row<Codec>(app, &AppState::member, it->second, FieldRange{lo, hi}); !n.empty()) \
        note += (note.empty() ? "" : " ") + n;                                                  \
    } else if (Codec::kAbsentIsDefault) {                                                       \
      s.member = AppState{}.member;                                                             \
    }                                                                                           \
  }
#include "core/state_fields.def"
#undef ATTN_STATE
  }
  if (app.session.ready()) app.session.update_sampling(s);
  return note;
}

std::string embed_code(const App& app, const std::string& page_url) {
  // The side-by-side partner is in the page's query (?with=), where the page loads it; its layer.head in the fragment.
  const std::string with = app.partner.loaded() ? "&with=" + url_encode(app.partner.session.model().name) : "";
  const std::string src = page_url + "?model=" + url_encode(app.session.ready() ? app.session.model().name : "default") +
                          with + "&embed=" + view_id(app.state.view) + "#" + state_to_fragment(app);
  const std::string& base = page_url;
  return "<iframe src=\"" + src + "\" title=\"" + trf("url.embed_title", {{"view", view_title(app.state.view)}}) +
         "\" loading=\"lazy\" width=\"100%\" height=\"520\" style=\"border:0;max-width:100%\" "
         "sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox\"></iframe>\n"
         "<script src=\"" + base + "embed.js\" async></script>";
}

}  // namespace attn::app

#include "core/app_state.h"

#include <nlohmann/json.hpp>

#include "core/i18n.h"

namespace attn::app {

namespace {

struct ViewRow {
  const char* id;
  const char* title_key;
  bool bars;
};
constexpr ViewRow kViewRows[] = {
#define ATTN_VIEW(name, id, title, panel, bars) {id, title, bars},
#include "core/views.def"
#undef ATTN_VIEW
};

}  // namespace

const char* view_id(View v) { return kViewRows[static_cast<int>(v)].id; }
const char* view_title(View v) { return tr(kViewRows[static_cast<int>(v)].title_key); }
bool view_embeds_bars(View v) { return kViewRows[static_cast<int>(v)].bars; }

bool parse_view(const std::string& id, View* out) {
  for (View v : kAllViews)
    if (id == view_id(v)) {
      *out = v;
      return true;
    }
  return false;
}

std::string views_json() {
  nlohmann::json list = nlohmann::json::array();
  for (View v : kAllViews) list.push_back({{"id", view_id(v)}, {"title", view_title(v)}, {"bars", view_embeds_bars(v)}});
  return list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace attn::app

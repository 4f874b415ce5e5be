// Everything the reader can set, with defaults in place (the table: core/state_fields.def). Only the actions
// (core/actions.cpp, core/state_door.h: the one door of the UI, the web hooks and links) write it, and the
// session its `text` and `selected` (tests/architecture_test.py checks that nothing else does).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "run/ablation.h"

namespace attn::app {

// The views, from the table in core/views.def (its order is the switcher's).
enum class View {
#define ATTN_VIEW(name, id, title, panel, bars) name,
#include "core/views.def"
#undef ATTN_VIEW
};
constexpr View kAllViews[] = {
#define ATTN_VIEW(name, id, title, panel, bars) View::name,
#include "core/views.def"
#undef ATTN_VIEW
};

const char* view_id(View v);     // "heatmap", "model", "heads", "mask", "next": URL and test-hook names
const char* view_title(View v);  // "Attention heatmap", ... in the reader's language
bool view_embeds_bars(View v);   // an embed of it shows the next-token bars under it (the table's `bars`)
bool parse_view(const std::string& id, View* out);
std::string views_json();  // [{"id", "title"}, ...] in the switcher's order: the page's app_views, for tests

inline constexpr const char* kDefaultText = "The animal didn't cross the street because it was too tired.";

using HeadList = std::vector<HeadRef>;
using QuizAnswers = std::map<std::pair<int, int>, int>;  // (step, question) -> the learner's choice
inline constexpr const char* kDefaultWords = "king queen man woman boy girl cat dog horse Paris London France one two three red blue";

// Made from the table in core/state_fields.def (each field's default, link key, range and codec are there).
struct AppState {
#define ATTN_STATE(type, member, def, key, lo, hi, codec) type member = def;
#include "core/state_fields.def"
#undef ATTN_STATE
};

}  // namespace attn::app

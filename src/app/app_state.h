// Everything the reader can set, with defaults in place. Panels read it and write it; nothing else does.
#pragma once
#include <cstdint>
#include <string>

namespace attn::app {

enum class View { Heatmap, ModelGrid, Heads, Mask, Next };
constexpr View kAllViews[] = {View::Heatmap, View::ModelGrid, View::Heads, View::Mask, View::Next};

const char* view_id(View v);     // "heatmap", "model", "heads", "mask", "next": URL and test-hook names
const char* view_title(View v);  // "Attention heatmap", ...
bool parse_view(const std::string& id, View* out);

inline constexpr const char* kDefaultText = "The animal didn't cross the street because it was too tired.";

struct AppState {
  std::string text = kDefaultText;  // what the sentence box shows
  int selected = -1;                // query token; -1 = the last token
  int layer = 0, head = 0;
  View view = View::Heatmap;
  float temperature = 1.0f;  // 0.1 .. 2
  int top_k = 10;            // bars shown and sampled from; 0 = all
  float top_p = 1.0f;
  uint64_t seed = 1;
  int head_filter = -1;      // head-patterns view: -1 = all labels, else a HeadLabel
  bool sort_heads = false;   // head-patterns view: by score instead of by position
};

}  // namespace attn::app

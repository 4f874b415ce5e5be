// Everything the reader can set, with defaults in place. Panels and the actions (core/actions.cpp, the
// test hooks, the URL) write it; the session writes `text` and `selected` when the tokens change.
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
#define ATTN_VIEW(name, id, title, panel) name,
#include "core/views.def"
#undef ATTN_VIEW
};
constexpr View kAllViews[] = {
#define ATTN_VIEW(name, id, title, panel) View::name,
#include "core/views.def"
#undef ATTN_VIEW
};

const char* view_id(View v);     // "heatmap", "model", "heads", "mask", "next": URL and test-hook names
const char* view_title(View v);  // "Attention heatmap", ... in the reader's language
bool parse_view(const std::string& id, View* out);
std::string views_json();  // [{"id", "title"}, ...] in the switcher's order: the page's app_views, for tests

inline constexpr const char* kDefaultText = "The animal didn't cross the street because it was too tired.";

struct AppState {
  std::string text = kDefaultText;  // what the sentence box shows
  int selected = -1;                // query token; -1 = the last token
  int layer = 0, head = 0;
  bool head_by_hand = false;  // the reader chose layer/head; the lesson stops choosing the clearest head
  bool unmasked = false;      // mask view and lesson step 8: also show the scores softmaxed without the mask
  View view = View::Lesson;
  float temperature = 1.0f;  // 0.1 .. 2
  int top_k = 10;            // bars shown and sampled from; 0 = all
  float top_p = 1.0f;
  uint64_t seed = 1;
  int head_filter = -1;      // head-patterns view: -1 = all labels, else a HeadLabel
  bool sort_heads = false;   // head-patterns view: by score instead of by position
  bool sort_induction = false;  // head-patterns view: by induction score on the repeated text

  // Knocked-out heads (the session runs the model without them); zero or mean ablation.
  std::vector<HeadRef> knocked_out;
  AblationMode knock_mode = AblationMode::Zero;
  // What heads write: the next token whose logit is split into parts (-1 = the likeliest), and an optional
  // second token to compare with (logit difference; -1 = none).
  int attr_token = -1, attr_versus = -1;

  // Embedding in an article (?embed=VIEW): only that view, no chrome; controls=0 hides the text box.
  bool embed = false, controls = true;
  int theme = 0;  // 0 = follow the system, 1 = dark, 2 = light
  std::string lang = "en";  // the page's language (core/i18n.h); links carry it as lang=

  // Attention flow
  float flow_threshold = 0.05f;  // lines below this weight are hidden
  unsigned flow_heads = 0;       // bit h = head h shown; 0 = the current head only
  bool flow_incoming = false;    // focus shows a token's incoming lines instead of outgoing
  bool lesson_lines = false;     // step 6 draws lines instead of the matrix

  // The lesson
  int step = 0;                                  // index into the lesson's steps (links use the step's id)
  std::map<std::pair<int, int>, int> quiz;       // (step, question) -> the learner's choice
  bool use_positions = true, use_mask = true;    // step 2 toggles
  bool scaled = true;                            // step 5 toggle
  int formula_part = -1;                         // formula explorer: the clicked symbol
  // Embeddings in 3D
  std::string words = "king queen man woman boy girl cat dog horse Paris London France one two three red blue";
  float yaw = 0.6f, pitch = 0.3f, zoom = 1.0f;
  // Playground
  int play_heads = 1, play_dim = 8, play_matrix = 6;  // play_matrix indexes the intermediates shown
  uint64_t play_seed = 7;
  bool play_from_model = false;
};

}  // namespace attn::app

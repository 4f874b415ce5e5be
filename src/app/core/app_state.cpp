#include "core/app_state.h"

namespace attn::app {

const char* view_id(View v) {
  switch (v) {
    case View::Lesson: return "lesson";
    case View::Flow: return "flow";
    case View::Formula: return "formula";
    case View::Embeddings: return "3d";
    case View::Playground: return "playground";
    case View::Heatmap: return "heatmap";
    case View::ModelGrid: return "model";
    case View::Heads: return "heads";
    case View::Mask: return "mask";
    case View::Next: return "next";
    case View::Ablate: return "ablate";
    case View::Lens: return "lens";
    case View::Attribution: return "attribution";
    case View::Positions: return "positions";
    case View::Compare: return "compare";
  }
  return "heatmap";
}

const char* view_title(View v) {
  switch (v) {
    case View::Lesson: return "Lesson";
    case View::Flow: return "Attention flow";
    case View::Formula: return "Formula";
    case View::Embeddings: return "Embeddings 3D";
    case View::Playground: return "Playground";
    case View::Heatmap: return "Attention heatmap";
    case View::ModelGrid: return "Model view";
    case View::Heads: return "Head patterns";
    case View::Mask: return "Causal mask";
    case View::Next: return "Next token";
    case View::Ablate: return "Knock out heads";
    case View::Lens: return "Logit lens";
    case View::Attribution: return "What heads write";
    case View::Positions: return "Positions";
    case View::Compare: return "Encoder | decoder";
  }
  return "";
}

bool parse_view(const std::string& id, View* out) {
  for (View v : kAllViews)
    if (id == view_id(v)) {
      *out = v;
      return true;
    }
  return false;
}

}  // namespace attn::app

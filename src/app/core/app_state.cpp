#include "core/app_state.h"

#include "core/i18n.h"

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
  switch (v) {  // the catalogue's "view.<id>" (core/i18n.h): the reader's language
    case View::Lesson: return tr("view.lesson");
    case View::Flow: return tr("view.flow");
    case View::Formula: return tr("view.formula");
    case View::Embeddings: return tr("view.embeddings");
    case View::Playground: return tr("view.playground");
    case View::Heatmap: return tr("view.heatmap");
    case View::ModelGrid: return tr("view.model");
    case View::Heads: return tr("view.heads");
    case View::Mask: return tr("view.mask");
    case View::Next: return tr("view.next");
    case View::Ablate: return tr("view.ablate");
    case View::Lens: return tr("view.lens");
    case View::Attribution: return tr("view.attribution");
    case View::Positions: return tr("view.positions");
    case View::Compare: return tr("view.compare");
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

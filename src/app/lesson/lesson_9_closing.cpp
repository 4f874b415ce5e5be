// The closing: what the loaded model adds around attention, in its own sizes, and where to test a head.
#include <imgui.h>

#include "core/app.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonClosing(App& app) {
  const Config& c = app.session.model().model.config;
  const double params = double(c.vocab_size) * c.n_embd + double(c.n_ctx) * c.n_embd +
                        double(c.n_layer) * (12.0 * c.n_embd * c.n_embd + 13.0 * c.n_embd) + 2.0 * c.n_embd;
  ImGui::PushTextWrapPos(0);
  ImGui::Text("The model on this page: %d layers x %d heads = %d heads in all, each reading %d-number queries and keys. "
              "Per layer, W_O is %d x %d and the MLP widens each token to %d numbers and back. The residual stream is "
              "%d numbers per token; %d positions have their own embedding. %.1f million parameters.",
              c.n_layer, c.n_head, c.n_layer * c.n_head, c.head_size(), c.n_embd, c.n_embd, 4 * c.n_embd, c.n_embd,
              c.n_ctx, params / 1e6);
  ImGui::PopTextWrapPos();
  if (ImGui::Button("Knock out a head")) app.state.view = View::Ablate;
  ImGui::SameLine();
  if (ImGui::Button("Logit lens")) app.state.view = View::Lens;
  ImGui::SameLine();
  if (ImGui::Button("What heads write")) app.state.view = View::Attribution;
}

}  // namespace attn::app

// The closing: what the loaded model adds around attention, in its own sizes, and where to test a head.
#include <imgui.h>

#include "core/app.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonClosing(App& app) {
  const Model& m = app.session.model().model;
  const Config& c = m.config;
  ImGui::PushTextWrapPos(0);
  ImGui::Text("The model on this page: %d layers x %d heads = %d heads in all, each reading %d-number queries and keys. "
              "Per layer, W_O is %d x %d and the MLP widens each token to %d numbers and back%s. The residual stream is "
              "%d numbers per token. %.1f million parameters.",
              c.n_layer, c.n_head, c.n_layer * c.n_head, c.head_size(), c.n_embd, c.n_head * c.head_size(), c.n_inner,
              c.traits.mlp == MlpKind::GatedSilu ? " (gated: SiLU of one projection times another)" : "", c.n_embd,
              m.parameter_count() / 1e6);
  if (c.traits.positions == PositionKind::Rotary)
    ImGui::Text("What today's models change: no table of positions. Queries and keys turn by their position (rotary "
                "positions, θ = %.0f), so a score depends on how far apart two tokens are. %s RMSNorm instead of "
                "LayerNorm.", c.traits.rope_theta,
                c.n_kv_head < c.n_head ? ("Each key/value head is shared by " + std::to_string(c.group_size()) +
                                          " query heads (grouped-query attention), a smaller cache to keep.").c_str()
                                       : "");
  else
    ImGui::Text("%d positions have their own learned embedding. Today's models (Llama, SmolLM2) turn queries and keys "
                "by position instead: see Positions.", c.n_ctx);
  // Encoder and decoder on the reader's own sentence, when both are loaded (app_frame keeps them in step).
  if (const std::string reading = partner_reading(app); !reading.empty())
    ImGui::Text("Encoders and decoders: %s", reading.c_str());
  else
    ImGui::TextUnformatted(c.traits.causal ? "Encoders (BERT) drop the mask: every token sees the whole sentence. Put one "
                                             "beside this model in Encoder | decoder."
                                           : "Decoders (GPT-2) add a mask: each token sees only the tokens before it. Put "
                                             "one beside this model in Encoder | decoder.");
  ImGui::PopTextWrapPos();
  const std::pair<const char*, View> links[] = {{"Encoder | decoder", View::Compare}, {"Positions", View::Positions},
                                                {"Knock out a head", View::Ablate}, {"Logit lens", View::Lens},
                                                {"What heads write", View::Attribution}};
  for (const auto& [label, view] : links) {
    if (view != View::Compare) SameLineIfFits(ButtonWidth(label));
    if (ImGui::Button(label)) app.state.view = view;
  }
}

}  // namespace attn::app

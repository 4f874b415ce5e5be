// The closing: what the loaded model adds around attention, in its own sizes, and where to test a head.
#include <imgui.h>

#include "core/app.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonClosing(App& app) {
  const Model& m = app.session.model().model;
  const Config& c = m.config;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(trf("lesson.closing.sizes",
                             {{"layers", std::to_string(c.n_layer)}, {"heads", std::to_string(c.n_head)},
                              {"all_heads", std::to_string(c.n_layer * c.n_head)}, {"d_head", std::to_string(c.head_size())},
                              {"wo_rows", std::to_string(c.n_embd)}, {"wo_cols", std::to_string(c.n_head * c.head_size())},
                              {"inner", std::to_string(c.n_inner)},
                              {"gated", c.traits.mlp == MlpKind::GatedSilu ? tr("lesson.closing.gated") : ""},
                              {"n_embd", std::to_string(c.n_embd)}, {"millions", number(m.parameter_count() / 1e6, 1)}})
                             .c_str());
  if (c.traits.positions == PositionKind::Rotary)
    ImGui::TextUnformatted(
        trf("lesson.closing.rotary",
            {{"theta", number(c.traits.rope_theta, 0)},
             {"grouped", c.n_kv_head < c.n_head
                             ? trf("lesson.closing.grouped_query", {{"n", std::to_string(c.group_size())}})
                             : std::string()}})
            .c_str());
  else
    ImGui::TextUnformatted(trf("lesson.closing.learned_positions", {{"n_ctx", std::to_string(c.n_ctx)}}).c_str());
  // Encoder and decoder on the reader's own sentence, when both are loaded (app_frame keeps them in step).
  if (const std::string reading = partner_reading(app); !reading.empty())
    ImGui::TextUnformatted(trf("lesson.closing.partner", {{"reading", reading}}).c_str());
  else
    ImGui::TextUnformatted(c.traits.causal ? tr("lesson.closing.try_encoder") : tr("lesson.closing.try_decoder"));
  ImGui::PopTextWrapPos();
  const std::pair<std::string, View> links[] = {
      {label("lesson.closing.link_compare", "link-compare"), View::Compare},
      {label("lesson.closing.link_positions", "link-positions"), View::Positions},
      {label("lesson.closing.link_ablate", "link-ablate"), View::Ablate},
      {label("lesson.closing.link_lens", "link-lens"), View::Lens},
      {label("lesson.closing.link_attribution", "link-attribution"), View::Attribution}};
  for (const auto& [text, view] : links) {
    if (view != View::Compare) SameLineIfFits(ButtonWidth(text.c_str()));
    if (ImGui::Button(text.c_str())) app_set_view(app, view);
  }
}

}  // namespace attn::app

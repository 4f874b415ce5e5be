// Step 1: the text as the model's real GPT-2 BPE tokens.
#include <imgui.h>

#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonTokens(App& app) {
  const Session& s = app.session;
  ImGui::TextUnformatted(trn("lesson.tokens.count", static_cast<long long>(s.ids().size()),
                             {{"vocab", std::to_string(s.model().model.config.vocab_size)}})
                             .c_str());
  const int clicked = TokenChips("lesson-chip", s.tokens(), s.ids(), s.selected(app.state), nullptr, &app);
  if (clicked >= 0) app_select_token(app, clicked);
  // Words that BPE split: a token that does not start with a space and follows a letter.
  std::string pieces;
  for (size_t i = 1; i < s.ids().size(); ++i) {
    const std::string& bytes = s.model().tokenizer.token_bytes(s.ids()[i]);
    const std::string& prev = s.model().tokenizer.token_bytes(s.ids()[i - 1]);
    if (!bytes.empty() && std::isalpha(static_cast<unsigned char>(bytes[0])) && !prev.empty() &&
        std::isalpha(static_cast<unsigned char>(prev.back())))
      pieces += (pieces.empty() ? "" : ", ") + s.tokens()[i - 1] + "+" + s.tokens()[i];
  }
  ImGui::PushTextWrapPos(0);
  if (!pieces.empty()) ImGui::TextDisabled("%s", trf("lesson.tokens.split_words", {{"pieces", pieces}}).c_str());
  ImGui::TextDisabled("%s", tr("lesson.tokens.legend"));
  ImGui::PopTextWrapPos();
  if (CompactButton(label("lesson.tokens.try_rare", "try-rare").c_str()))
    app_defer(app, tr("lesson.tokens.running"), [&app] { app_set_text(app, tr("lesson.tokens.rare_sentence")); });
}

}  // namespace attn::app

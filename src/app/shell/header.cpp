// The page's header: the title, the model picker, the language picker, the page's buttons (a Menu on a
// phone) and one line on what the loaded model is.
#include "shell/header.h"

#include <imgui.h>

#include "compute/kernels.h"
#include "core/state_door.h"
#include "core/url_state.h"
#include "ui/ui_setup.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

constexpr const char* kRealGpt2 = "hf:openai-community/gpt2";

// label() under a name that local variables called `label` do not hide.
std::string label_id(const char* key, const char* id) { return label(key, id); }

std::string shown_name(const App& app, const std::string& name) {
  const ModelChoice* m = find_model(app, name);
  return m && !m->label.empty() ? m->label : name;
}

// Shipped models, then GPT-2 checkpoints on the Hugging Face Hub with their download size before anything
// is fetched, whether they are cached here, and a Delete button for those that are.
void ShowModelPicker(App& app, const Host& host) {
  const std::string& current = app.session.model().name;
  ImGui::SetNextItemWidth(14 * em());
  if (!ImGui::BeginCombo("##model", trf("frame.model_prefix", {{"name", shown_name(app, current)}}).c_str())) return;
  bool hub_heading = false;
  for (const auto& m : app.models) {
    if (m.hub && !hub_heading) {
      ImGui::Separator();
      ImGui::TextDisabled("%s", tr("frame.hub_heading"));
      hub_heading = true;
    }
    const std::string label =
        m.hub ? trf(m.cached ? "frame.hub_entry_cached" : "frame.hub_entry", {{"name", shown_name(app, m.name)}, {"mb", number(m.megabytes, 0)}})
              : m.name + "  (" + number(m.megabytes, 1) + " MB" +
                    (m.n_layer ? ", " + trf("frame.model_list_shape", {{"layers", std::to_string(m.n_layer)},
                                                                       {"heads", std::to_string(m.n_head)},
                                                                       {"dims", std::to_string(m.n_embd)}})
                               : "") + ")";
    ImGui::PushID(m.name.c_str());
    const bool deletable = m.cached && host.forget_model;
    if (ImGui::Selectable(label.c_str(), m.name == current, 0, ImVec2(deletable ? ImGui::GetContentRegionAvail().x - 5 * em() : 0, 0)) &&
        m.name != current && host.switch_model)
      host.switch_model(m.name);
    if (deletable) {
      ImGui::SameLine();
      if (CompactButton(label_id("frame.delete", "delete").c_str())) host.forget_model(m.name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", trf("frame.delete_tip", {{"mb", number(m.megabytes, 0)}}).c_str());
    }
    ImGui::PopID();
  }
  if (app.models.empty()) ImGui::TextDisabled("%s", tr("frame.no_models"));
  ImGui::EndCombo();
}

// What the loaded model is, in one line; on the small default model, real GPT-2 is one click away.
void ShowModelLine(App& app, const Host& host) {
  const Config& c = app.session.model().model.config;
  const ModelChoice* m = find_model(app, app.session.model().name);
  if (m && m->perplexity > 0) {
    {
      WithFont caption(Type::Caption);
      ImGui::TextDisabled("%s", trf("frame.model_small", {{"layers", std::to_string(c.n_layer)}, {"heads", std::to_string(c.n_head)},
                                                          {"dims", std::to_string(c.n_embd)}, {"ppl", number(m->perplexity, 0)}}).c_str());
    }
    const ModelChoice* gpt2 = find_model(app, kRealGpt2);
    if (gpt2 && host.switch_model) {
      const std::string label = (gpt2->cached ? std::string(tr("frame.load_gpt2_cached"))
                                              : trf("frame.load_gpt2", {{"mb", number(gpt2->megabytes, 0)}})) + "###load-gpt2";
      SameLineIfFits(ButtonWidth(label.c_str()));
      if (CompactButton(label.c_str())) host.switch_model(kRealGpt2);
      RecordItem(app, "load-gpt2");
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("frame.load_gpt2_tip"));
    }
  } else {
    WithFont caption(Type::Caption);
    ImGui::TextDisabled("%s", trf("frame.model_shape", {{"layers", std::to_string(c.n_layer)}, {"heads", std::to_string(c.n_head)},
                                                      {"dims", std::to_string(c.n_embd)}, {"vocab", std::to_string(c.vocab_size)},
                                                      {"context", std::to_string(c.n_ctx)}}).c_str());
  }
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) {
    const Model& model = app.session.model().model;
    ImGui::SetTooltip("%s", trf("frame.model_tip", {{"format", weight_format_name(model.tok_embed.format())},
                                                    {"mb", number(model.weight_bytes() / 1e6, 1)}, {"kernels", kernels_name()},
                                                    {"ms", number(app.session.last_compute_ms(), 1)}}).c_str());
  }
}

// The page's language: a small list in the header, or a section of the Menu on a phone. The page fetches the
// language's files and switches (core/host.h set_language).
void LanguagePicker(App& app, const Host& host, bool in_menu) {
  const std::string& current = language();
  const char* current_name = "English";
  for (const Language& l : languages())
    if (current == l.code) current_name = l.name;
  if (in_menu) {
    ImGui::Separator();
    ImGui::TextDisabled("%s", tr("frame.language"));
    for (const Language& l : languages())
      if (ImGui::Selectable(l.name, current == l.code) && current != l.code) host.set_language(l.code);
    return;
  }
  const float w = ImGui::CalcTextSize(current_name).x + ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().FramePadding.x;
  SameLineIfFits(w);
  ImGui::SetNextItemWidth(w);
  const bool open = ImGui::BeginCombo("##lang", current_name);
  RecordItem(app, "language");
  if (ImGui::IsItemHovered() && !open) ImGui::SetTooltip("%s", tr("frame.language"));
  if (!open) return;
  for (const Language& l : languages())
    if (ImGui::Selectable(l.name, current == l.code) && current != l.code) host.set_language(l.code);
  ImGui::EndCombo();
}

// The page's buttons: in the header's row on a wide screen, in the Menu popup on a narrow one.
void PageButtons(App& app, const Host& host, bool in_menu) {
  const auto button = [in_menu](const char* label) {
    if (!in_menu) SameLineIfFits(ButtonWidth(label));
    return in_menu ? ImGui::Selectable(label) : CompactButton(label);
  };
  if (button(label_id(dark_theme(app) ? "frame.light" : "frame.dark", "theme").c_str())) app_set(app, &AppState::theme, dark_theme(app) ? 2 : 1);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("frame.theme_tip"));
  if (button(label_id("frame.embed", "embed").c_str())) app.frame.show_embed_code = !app.frame.show_embed_code;
  if (host.save_png && button(label_id("frame.save_png", "save-png").c_str())) host.save_png();
  if (host.download) {
    if (button(label_id("frame.download_json", "download-json").c_str())) host.download("attention.json", app_export_json(app));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("frame.download_json_tip"));
  }
  if (host.copy_link) {
    if (button(label_id("frame.copy_link", "copy-link").c_str())) {
      host.copy_link();
      app.status.link_status = tr("frame.link_copied");
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("frame.copy_link_tip"));
  }
  if (host.set_language) LanguagePicker(app, host, in_menu);
}

}  // namespace

bool narrow(float width) { return width < 40 * em(); }

void ShowHeader(App& app, const Host& host, float width) {
  {
    WithFont title(Type::Title);
    // Named after the family the loaded model belongs to (GPT-2 until one is loaded).
    const std::string family = app.session.ready() ? app.session.model().model.config.family : "gpt2";
    ImGui::TextUnformatted(tr(family == "llama" ? "frame.title_llama" : family == "bert" ? "frame.title_bert" : "frame.title_gpt2"));
  }
  if (!app.session.ready()) return;
  if (narrow(width)) {
    ShowModelPicker(app, host);
    const std::string menu = label_id("frame.menu", "menu");
    SameLineIfFits(ButtonWidth(menu.c_str()));
    if (CompactButton(menu.c_str())) ImGui::OpenPopup("page-menu");
    RecordItem(app, "page-menu");
    if (ImGui::BeginPopup("page-menu")) {
      PageButtons(app, host, /*in_menu=*/true);
      ImGui::EndPopup();
    }
  } else {
    SameLineIfFits(14 * em());
    ShowModelPicker(app, host);
    PageButtons(app, host, /*in_menu=*/false);
  }
  if (!app.status.link_status.empty()) {
    SameLineIfFits(ImGui::CalcTextSize(app.status.link_status.c_str()).x);
    ImGui::TextDisabled("%s", app.status.link_status.c_str());
  }
  ShowModelLine(app, host);
}

}  // namespace attn::app

#include "ui/item_registry.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>
#include <unordered_map>

namespace {

std::vector<attn::app::ItemRect>* g_items = nullptr;
std::unordered_map<ImGuiID, size_t> g_index;  // id -> its entry in *g_items: every frame runs these hooks
}  // namespace

namespace attn::app {

void BeginItemRecording(App& app) {
  app.frame.items.clear();
  g_items = &app.frame.items;
  g_index.clear();
  ImGui::GetCurrentContext()->TestEngineHookItems = true;
}

}  // namespace attn::app

// Dear ImGui calls these for every item with an id (buttons, sliders, chips, text boxes: the interactive ones).
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  if (!g_items || id == 0 || !ctx->CurrentWindow) return;
  ImGuiWindow* window = ctx->CurrentWindow;
  for (ImGuiWindow* w : ctx->Windows)
    if (w->ChildId == id) return;  // a child window's place in its parent: a region, not a control
  // Scrollbars are drawn over their window's edge; on a touch screen a finger drags the content instead.
  if (id == ImGui::GetWindowScrollbarID(window, ImGuiAxis_X) || id == ImGui::GetWindowScrollbarID(window, ImGuiAxis_Y)) return;
  // Scrolled out of sight in its window: not on screen. In the page's own window sideways overflow is kept
  // whole, so that a control running off the screen's edge shows up as such; a scrolling panel's is clipped.
  ImRect shown = bb;
  shown.ClipWithFull(window->ClipRect);
  if (!(window->Flags & ImGuiWindowFlags_ChildWindow)) shown.Min.x = bb.Min.x, shown.Max.x = bb.Max.x;
  if (shown.GetHeight() < 1 || shown.GetWidth() < 1) return;
  if (!g_index.emplace(id, g_items->size()).second) return;
  g_items->push_back({id, "", window->Name, shown.Min.x, shown.Min.y, shown.GetWidth(), shown.GetHeight(), bb.GetWidth(), bb.GetHeight()});
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  if (!g_items || !label) return;
  const auto it = g_index.find(id);
  if (it == g_index.end()) return;
  const char* end = std::strstr(label, "##");
  (*g_items)[it->second].label.assign(label, end ? end : label + std::strlen(label));
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

#include "ui/matrix_view.h"

#include <algorithm>
#include <cmath>

#include "ui/colors.h"
#include "ui/widgets.h"

namespace attn::app {

MatrixHover DrawMatrix(const char* id, const MatrixView& v) {
  MatrixHover hover;
  if (v.n <= 0) return hover;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  float label_w = 0;
  if (v.show_labels)
    for (const auto& t : *v.tokens) label_w = std::max(label_w, ImGui::CalcTextSize(t.c_str()).x);
  label_w = v.show_labels ? std::min(label_w + 0.5f * em(), 8 * em()) : 0.0f;
  float side = std::max(avail.x - label_w, 4 * em());
  if (v.max_size > 0) side = std::min(side, v.max_size - label_w);
  const float cell = std::clamp(side / v.n, 1.0f, 3.2f * em());
  // Column labels wider than a cell are staggered over up to three rows, each label clipped short of the next in
  // its row, so neighbours never run into each other ("Th␣a␣d't").
  const float column_font = 0.8f * em(), gap = 0.25f * em();
  float column_w = 0;
  if (v.show_labels)
    for (const auto& t : *v.tokens) column_w = std::max(column_w, ImGui::CalcTextSize(t.c_str()).x * 0.8f);
  const int label_rows = std::clamp(static_cast<int>(std::ceil((column_w + gap) / cell)), 1, 3);
  const float label_h = v.show_labels ? label_rows * 1.05f * column_font + 0.4f * em() : 0.0f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 grid(origin.x + label_w, origin.y + label_h);
  ImGui::InvisibleButton(id, ImVec2(label_w + cell * v.n, label_h + cell * v.n));
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked();
  ImDrawList* dl = ImGui::GetWindowDrawList();

  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && mouse.x >= grid.x && mouse.y >= grid.y) {
    hover.row = std::min(v.n - 1, static_cast<int>((mouse.y - grid.y) / cell));
    hover.col = std::min(v.n - 1, static_cast<int>((mouse.x - grid.x) / cell));
  } else if (hovered && mouse.x < grid.x && mouse.y >= grid.y) {  // on a row label
    hover.row = std::min(v.n - 1, static_cast<int>((mouse.y - grid.y) / cell));
  }
  hover.clicked = clicked && hover.row >= 0;

  const uint32_t hatch = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  // A long text: one drawn cell per block of about kMinCellPx, so a 1,024-token matrix is not a million
  // rectangles (about 100 MB of vertices a frame); hovering still reads the exact cell under the mouse.
  constexpr float kMinCellPx = 3.0f;
  const int blocks = std::max(1, std::min(v.n, static_cast<int>(cell * v.n / kMinCellPx)));
  const float bcell = cell * v.n / blocks;
  const auto range = [&](int b) { return std::pair{b * v.n / blocks, std::max(b * v.n / blocks + 1, (b + 1) * v.n / blocks)}; };
  for (int br = 0; br < blocks; ++br)
    for (int bc = 0; bc < blocks; ++bc) {
      const auto [r0, r1] = range(br);
      const auto [c0, c1] = range(bc);
      int r = (r0 + r1 - 1) / 2, c = (c0 + c1 - 1) / 2;  // the block's representative cell
      if (v.value && blocks < v.n) {
        float best = -1e30f;
        for (int i = r0; i < r1; ++i)
          for (int j = c0; j < c1; ++j)
            if ((!v.hatched || !v.hatched(i, j)) && v.value(i, j) > best) best = v.value(i, j), r = i, c = j;
      }
      const ImVec2 a(grid.x + bc * bcell, grid.y + br * bcell), b(a.x + bcell, a.y + bcell);
      if (v.hatched && v.hatched(r, c)) {
        dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBg));
        if (cell >= 6) dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, a.y), hatch, 1.0f);
        if (cell >= 2.2f * em()) dl->AddText(ImVec2(a.x + 0.2f * em(), a.y + 0.2f * em()), hatch, "-\u221E");
        continue;
      }
      const uint32_t col = v.color(r, c);
      dl->AddRectFilled(a, b, col);
      if (cell >= 2.6f * em() && v.label) {
        const std::string s = v.label(r, c);
        dl->AddText(ImGui::GetFont(), em() * 0.7f, ImVec2(a.x + 0.15f * em(), a.y + 0.3f * cell), text_on(col), s.c_str());
      }
    }
  // Labels: rows on the left (query), columns on top (key), clipped to their cell.
  if (v.show_labels) {
    for (int r = 0; r < v.n; ++r) {
      if (cell < 0.8f * em() && r % std::max(1, static_cast<int>(em() / cell)) != 0) continue;
      const char* t = (*v.tokens)[r].c_str();
      const float y = grid.y + r * cell + (cell - em()) * 0.5f;
      dl->PushClipRect(ImVec2(origin.x, y), ImVec2(grid.x - 0.2f * em(), y + em()), true);
      const float w = ImGui::CalcTextSize(t).x;
      dl->AddText(ImVec2(std::max(origin.x, grid.x - 0.3f * em() - w), y), ImGui::GetColorU32(ImGuiCol_Text), t);
      dl->PopClipRect();
    }
    for (int c = 0; c < v.n; ++c) {
      const float x = grid.x + c * cell, y = origin.y + 0.2f * em() + (c % label_rows) * 1.05f * column_font;
      const float right = x + std::max(cell, label_rows * cell - gap);
      dl->PushClipRect(ImVec2(x, y), ImVec2(right, y + column_font * 1.05f), true);
      dl->AddText(ImGui::GetFont(), column_font, ImVec2(x + 1, y), ImGui::GetColorU32(ImGuiCol_TextDisabled), (*v.tokens)[c].c_str());
      dl->PopClipRect();
    }
  }
  const uint32_t accent = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
  const float line = std::max(1.5f, 0.12f * em());
  if (v.selected_row >= 0 && v.selected_row < v.n)
    dl->AddRect(ImVec2(grid.x - 1, grid.y + v.selected_row * cell - 1),
                ImVec2(grid.x + v.n * cell + 1, grid.y + (v.selected_row + 1) * cell + 1), accent, 0, 0, line);
  if (hover.row >= 0)
    dl->AddRect(ImVec2(grid.x, grid.y + hover.row * cell), ImVec2(grid.x + v.n * cell, grid.y + (hover.row + 1) * cell),
                ImGui::GetColorU32(ImGuiCol_Text), 0, 0, 1.0f);
  if (hover.row >= 0 && hover.col >= 0 && v.label)
    ImGui::SetTooltip("%s \u2192 %s\n%s", (*v.tokens)[hover.row].c_str(), (*v.tokens)[hover.col].c_str(),
                      v.label(hover.row, hover.col).c_str());
  return hover;
}

}  // namespace attn::app

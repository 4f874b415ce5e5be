// Draws a T×T attention-style matrix with token labels, hover read-out and a selected row.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

namespace attn::app {

struct MatrixView {
  const std::vector<std::string>* tokens = nullptr;  // row and column labels
  int n = 0;                                         // T
  std::function<uint32_t(int row, int col)> color;   // cell colour
  std::function<std::string(int row, int col)> label;  // cell text for hover (and for big cells)
  std::function<bool(int row, int col)> hatched;     // drawn as masked (−∞); may be empty
  // When cells would be smaller than kMinCellPx, blocks of cells are drawn as one: the block's cell with the
  // largest `value` (a thin diagonal of strong weights stays visible), or its middle cell without one.
  std::function<float(int row, int col)> value;
  int selected_row = -1;
  float max_size = 0;  // width/height limit in pixels (0 = available width)
  bool show_labels = true;
};

struct MatrixHover {
  int row = -1, col = -1;
  bool clicked = false;
};

MatrixHover DrawMatrix(const char* id, const MatrixView& view);

}  // namespace attn::app

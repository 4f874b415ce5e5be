// Small drawing helpers the panels share.
#pragma once
#include <imgui.h>
#include <string>
#include <vector>

#include "core/i18n.h"  // percent(), number(): the language's conventions
#include "analysis/heads.h"
#include "run/trace.h"

namespace attn::app {

inline float em() { return ImGui::GetFontSize(); }  // layout unit: scales with the DPR-sized font

// Token chips, wrapped to the available width: token text with its id below. Returns the index
// clicked this frame, or -1. `selected` is outlined; `weights` (optional, one per chip) tints chips; a weight
// below 0 marks a key the causal mask hides (greyed).
// With `record`, each chip's rectangle goes to record->layout as "<id><index>".
struct App;
int TokenChips(const char* id, const std::vector<std::string>& tokens, const std::vector<int>& ids, int selected,
               const std::vector<float>* weights = nullptr, App* record = nullptr);

// One vector as a strip of coloured cells (diverging map: blue negative, red positive), with a tooltip
// giving the hovered dimension's value. `extent` = the value drawn at full colour.
void VectorStrip(const char* id, const float* values, int n, float extent, float width, float height);

// The largest |value| among n values (at least a tiny positive number).
float max_abs(const float* values, size_t n);
// Grouped-query attention: "shares its keys and values with heads 3 and 5" for a query head, or "" when every
// head has its own; and a colour per key/value head, so a group is seen before it is read.
std::string kv_sharing(const Config& config, int head);
uint32_t kv_group_colour(const Config& config, int head);
// The largest |value| of one head's q, k, v or output rows over every token (row: &Trace::q, …).
float head_extent(const Trace& trace, const float* (Trace::*row)(int, int, int) const, int layer, int head);

// The next item goes on this line if `width` fits before the right edge, else it starts a new line: headers,
// tab rows and button rows wrap on a narrow screen instead of running off it.
void SameLineIfFits(float width);
float ButtonWidth(const char* label);  // a button's width for its label (## part hidden)

bool touch_style();  // the style has a touch screen's 44 px targets

// A compact button: small on desktop, a full-size (44 CSS px) target on touch screens.
bool CompactButton(const char* label);

// A row of radio-style buttons, wrapped to the width; returns true when the choice changed.
bool ChoiceRow(const char* const* labels, int count, int* current);

// Text with a one-line help marker "(?)" that shows `help` on hover.
void HelpMarker(const char* help);

// Records the last item's rectangle under `name` in app.layout (for browser tests).
void RecordItem(App& app, const std::string& name);

// Sliders whose value is written in the label beside them ("Layer 2"), never under the grab, which on a touch
// screen is wide enough to hide it. The label's visible text carries the value; its ID stays the name.
bool LabelledSliderInt(const char* name, int* value, int lo, int hi);
bool LabelledSliderFloat(const char* name, float* value, float lo, float hi, const char* format = "%.2f");

// A head's pattern ("previous token", …) in the reader's language (the engine names them in English).
const char* pattern_name(HeadLabel label);

}  // namespace attn::app

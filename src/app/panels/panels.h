// One function per panel; each reads AppState and the Session's results and changes AppState only through the
// actions (core/actions.cpp; deferred a frame when the model re-runs, so the spinner shows). Panels never
// run the model themselves; derived results (lens, attribution, induction) come from the session's caches.
#pragma once
#include "core/app.h"
#include "ui/matrix_view.h"

namespace attn::app {

// Each view's panel, declared from the view table (core/views.def says what each view shows).
#define ATTN_VIEW(name, id, title, panel, bars) void panel(App& app);
#include "core/views.def"
#undef ATTN_VIEW
void ShowSentenceBar(App& app);

// Pieces of the views that the lesson's figures reuse.
void LayerHeadPickers(App& app);                                        // panel_heatmap.cpp
MatrixHover DrawHeadHeatmap(App& app, const char* id, float max_size);  // selected row outlined; click selects
void DrawFlow(App& app, float max_height);                              // panel_flow.cpp
void EncoderComparison(App& app);  // panel_mask.cpp: the "as an encoder" toggle and the unmasked softmax

}  // namespace attn::app

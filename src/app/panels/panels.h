// One function per panel; each reads AppState and the Session's results and writes only AppState
// (or asks the session to recompute through App, deferred a frame so the spinner shows). Panels never
// run the model themselves; derived results (lens, attribution, induction) come from the session's caches.
#pragma once
#include "core/app.h"
#include "ui/matrix_view.h"

namespace attn::app {

void ShowSentenceBar(App& app);
void ShowHeatmapPanel(App& app);
void ShowModelGridPanel(App& app);
void ShowHeadPatternsPanel(App& app);
void ShowMaskPanel(App& app);
void ShowNextTokenPanel(App& app);
void ShowLessonPanel(App& app);
void ShowFormulaPanel(App& app);
void ShowEmbeddings3DPanel(App& app);
void ShowPlaygroundPanel(App& app);
void ShowFlowPanel(App& app);
void ShowAblatePanel(App& app);       // knock out heads, before/after bars
void ShowLensPanel(App& app);         // the logit lens grid
void ShowAttributionPanel(App& app);  // what each head and MLP writes into a next-token logit
void ShowPositionsPanel(App& app);    // rotary positions turning q and k, or a learned position table
void ShowComparePanel(App& app);      // an encoder beside a decoder: the same word's attention row in each

// Pieces of the views that the lesson's figures reuse.
void LayerHeadPickers(App& app);                                        // panel_heatmap.cpp
MatrixHover DrawHeadHeatmap(App& app, const char* id, float max_size);  // selected row outlined; click selects
void DrawFlow(App& app, float max_height);                              // panel_flow.cpp
void EncoderComparison(App& app);  // panel_mask.cpp: the "as an encoder" toggle and the unmasked softmax

}  // namespace attn::app

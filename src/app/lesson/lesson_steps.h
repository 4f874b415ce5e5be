// The interactive visual of each lesson step, one function per step (one file each), drawn on the
// current sentence, model, layer and head.
#pragma once
#include "core/app.h"
#include "ui/matrix_view.h"

namespace attn::app {

void LessonTokens(App& app);       // 1
void LessonEmbeddings(App& app);   // 2
void LessonQKV(App& app);          // 3
void LessonScores(App& app);       // 4
void LessonScaling(App& app);      // 5
void LessonSoftmax(App& app);      // 6
void LessonWeightedSum(App& app);  // 7
void LessonHeadsMask(App& app);    // 8

void LayerHeadPickers(App& app);   // panel_heatmap.cpp
// The current layer/head's weights as a heatmap (selected row outlined; a click selects the row).
MatrixHover DrawHeadHeatmap(App& app, const char* id, float max_size);  // panel_heatmap.cpp
void ShowFormulaPanel(App& app);
void ShowEmbeddings3DPanel(App& app);
void ShowPlaygroundPanel(App& app);
void ShowFlowPanel(App& app);
void DrawFlow(App& app, float max_height);  // panel_flow.cpp, also step 6's "lines" visual

}  // namespace attn::app

// One function per panel; each reads AppState and the Session's results and writes only AppState
// (or asks the session to recompute through App). Panels never run the model themselves.
#pragma once
#include "app.h"

namespace attn::app {

void ShowSentenceBar(App& app);
void ShowHeatmapPanel(App& app);
void ShowModelGridPanel(App& app);
void ShowHeadPatternsPanel(App& app);
void ShowMaskPanel(App& app);
void ShowNextTokenPanel(App& app);
void ShowLessonPanel(App& app);

}  // namespace attn::app

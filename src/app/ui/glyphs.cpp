#include "ui/glyphs.h"

#include <set>

// stb_truetype (shipped with Dear ImGui) answers "does the CJK font have this character?" without building
// anything; a private copy, as imgui_draw.cpp keeps its own static one.
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <imstb_truetype.h>

#include "core/glyph_audit.h"
#include "core/i18n.h"
#include "text/unicode.h"

namespace attn::app {
namespace {

const void* g_cjk = nullptr;
size_t g_cjk_size = 0;
int g_cjk_index = 0;
stbtt_fontinfo g_cjk_info;
std::set<ImWchar> g_extra;      // beyond the fixed ranges, in the atlas or queued
bool g_dirty = false;           // g_extra grew since the last build
// A bound on the characters beyond the fixed ranges: five faces of ~2,500 CJK glyphs at a phone's pixel ratio
// fill a 4096² atlas, the largest texture every WebGL2 device takes. Beyond it a character is drawn as □.
constexpr size_t kMaxExtraGlyphs = 2500;
ImVector<ImWchar> g_ranges;     // g_extra as ranges

// Chinese, Japanese kana and Korean blocks, CJK punctuation and full-width forms.
bool cjk(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

bool in_cjk_font(uint32_t cp) { return g_cjk && stbtt_FindGlyphIndex(&g_cjk_info, static_cast<int>(cp)) != 0; }

bool in_atlas(uint32_t cp) {
  return cp <= 0xFFFF && ImGui::GetIO().Fonts->Fonts.Size > 0 &&
         ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr;
}

void queue(uint32_t cp) {
  if (cp > 0xFFFF || !in_cjk_font(cp) || g_extra.count(static_cast<ImWchar>(cp)) || g_extra.size() >= kMaxExtraGlyphs) return;
  g_extra.insert(static_cast<ImWchar>(cp));
  g_dirty = true;
}

}  // namespace

void set_cjk_font(const void* data, size_t size, int index) {
  g_cjk = nullptr;
  if (!data || size < 12) return;
  const auto* bytes = static_cast<const unsigned char*>(data);
  const int offset = stbtt_GetFontOffsetForIndex(bytes, index);
  if (offset < 0 || !stbtt_InitFont(&g_cjk_info, bytes, offset)) return;
  g_cjk = data;
  g_cjk_size = size;
  g_cjk_index = index;
  g_dirty = !g_extra.empty();
}

const void* cjk_font_data() { return g_cjk; }
size_t cjk_font_size() { return g_cjk ? g_cjk_size : 0; }
int cjk_font_index() { return g_cjk_index; }

void queue_glyphs(std::string_view utf8) {
  for (size_t i = 0; i < utf8.size();) {
    uint32_t cp = 0;
    const size_t n = decode_utf8(utf8, i, &cp);
    if (cp != kInvalidByte && cp >= 0x80) queue(cp);
    i += n ? n : 1;
  }
}

void queue_language_glyphs(const App& app) {
  for (const Language& l : languages()) queue_glyphs(l.name);  // the picker, on every page: in the first atlas
  for (const std::string& key : catalogue_keys(false)) queue_glyphs(tr(key.c_str()));
  for (const LessonStep& step : app.lesson.steps) {
    queue_glyphs(step.title);
    for (const std::string& p : step.paragraphs) queue_glyphs(p);
    for (const QuizQuestion& q : step.quiz) {
      queue_glyphs(q.question);
      queue_glyphs(q.explain);
      for (const std::string& c : q.choices) queue_glyphs(c);
    }
  }
  for (const FormulaPart& f : app.lesson.formula) queue_glyphs(f.text);
  take_audited_code_points();  // the lookups above were not drawn
}

void check_glyphs(App& app) {
  // Every catalogue string went through the audit as it was looked up; the texts that come from elsewhere
  // (the reader, the model, the lesson file, the model list, error lines) are added here.
  audit_text(app.state.text);
  for (const std::string& t : app.session.tokens()) audit_text(t);
  if (app.state.view == View::Lesson && app.state.step >= 0 && app.state.step < static_cast<int>(app.lesson.steps.size())) {
    const LessonStep& step = app.lesson.steps[app.state.step];
    for (const std::string& p : step.paragraphs) audit_text(p);
    for (const QuizQuestion& q : step.quiz) {
      audit_text(q.question);
      audit_text(q.explain);
      for (const std::string& c : q.choices) audit_text(c);
    }
  }
  if (app.state.view == View::Lesson || app.state.view == View::Formula)
    for (const FormulaPart& f : app.lesson.formula) audit_text(f.text);
  for (const LessonStep& step : app.lesson.steps) audit_text(step.title);  // the step buttons
  for (const Language& l : languages()) audit_text(l.name);                // the language picker
  for (const ModelChoice& m : app.models) audit_text(m.label.empty() ? m.name : m.label);
  for (const std::string* line : {&app.status.load_error, &app.status.url_note, &app.status.field_error, &app.partner.error,
                                  &app.lesson_error})
    audit_text(*line);
  app.frame.missing_glyphs.clear();
  for (uint32_t cp : take_audited_code_points()) {
    if (in_atlas(cp)) continue;
    app.frame.missing_glyphs.insert(cp);
    // A Chinese character the loaded CJK font lacks (or none is loaded): the page loads the next, larger one.
    if (cjk(cp) && !in_cjk_font(cp)) app.frame.wants_cjk_font = true;
    queue(cp);
  }
}

void begin_glyph_audit() { take_audited_code_points(); }  // what was looked up between frames was not drawn

bool atlas_wants_rebuild() { return g_dirty && g_cjk; }

const ImWchar* extra_glyph_ranges() {
  g_ranges.clear();
  for (ImWchar c : g_extra) {  // ordered: consecutive characters share a range
    if (!g_ranges.empty() && g_ranges.back() + 1 == c) g_ranges.back() = c;
    else g_ranges.push_back(c), g_ranges.push_back(c);
  }
  g_ranges.push_back(0);
  return g_ranges.Data;
}

void atlas_rebuilt() { g_dirty = false; }

}  // namespace attn::app

// The app: state + session + lesson, the actions every entry point shares, and the JSON the test hooks read.
#pragma once
#include <array>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/app_state.h"
#include "core/lesson.h"
#include "core/lesson_focus.h"
#include "core/order_probe.h"
#include "core/partner.h"
#include "core/playground.h"
#include "core/session.h"
#include "core/word_cloud.h"

namespace attn::app {

// A model the page can switch to: shipped (weights/index.json) or on the Hugging Face Hub ("hf:OWNER/REPO").
struct ModelChoice {
  std::string name;
  double megabytes = 0;   // download size
  double perplexity = 0;  // validation perplexity when the model was trained here; 0 = unknown
  int n_layer = 0, n_head = 0, n_embd = 0;  // its shape (0: not listed), written in the reader's language
  std::string label;      // a reader's name for it ("GPT-2 124M, OpenAI"); empty: the name
  bool hub = false;       // fetched from the Hub (needs internet the first time)
  bool cached = false;    // already in the browser's cache: loads without the network
};

// An interactive item drawn last frame (device pixels): for the layout tests.
struct ItemRect {
  unsigned id = 0;
  std::string label;   // its visible label, when it has one
  std::string window;  // the ImGui window it is in
  float x = 0, y = 0, w = 0, h = 0;  // the part on screen
  float full_w = 0, full_h = 0;       // its whole size (a tap target's size counts whole)
};

// The most the reader's text and the 3D view's words may hold, in characters (code points) wherever they come
// from: the page's fields count the same (their UTF-16 units are never fewer), so nothing is cut unseen.
inline constexpr size_t kMaxTextChars = 20000, kMaxWordsChars = 2000, kMaxSeedChars = 10;
inline constexpr size_t kMaxNoteChars = 300, kMaxModelNameChars = 200;  // a note or error line; a model's name
// The one text rule of every door: bytes that are not UTF-8 dropped, at most `max_chars` characters kept
// (*cut, when given, says whether it cut).
std::string clean_text(const std::string& s, size_t max_chars, bool* cut = nullptr);

// A field the page shows as an HTML element over a box the app drew (web/html_fields.js), so that phone
// keyboards, IME composition and paste work in it; its edits come back through app_set_field().
struct HtmlField {
  enum class Kind { Lines, Line, Number };
  std::string id;     // "text", "words", "seed", "play-seed"
  std::string label;  // what a screen reader announces
  Kind kind = Kind::Line;
  std::string value;
  size_t max_chars = kMaxWordsChars;
  std::array<float, 4> rect{};  // x, y, w, h in device pixels
};
bool same_fields(const std::vector<HtmlField>& a, const std::vector<HtmlField>& b);

// What the frame keeps between frames for drawing: not the reader's state, not the model's results.
struct FrameState {
  float dpr = 1.0f;            // device pixels per CSS pixel; the UI works in device pixels
  bool system_dark = true;     // prefers-color-scheme
  bool touch = false;          // a touch screen (coarse pointer): controls are 44 CSS px targets
  int applied_theme = -1;      // 1 dark / 0 light as last set up
  bool show_embed_code = false;
  float content_height = 0;    // device pixels the last frame used (an embed reports it to its host page)
  // Where some widgets were drawn last frame (x, y, w, h in device pixels), e.g. "bar0", "chip3":
  // lets browser tests click real widgets. Cleared at the start of each frame.
  std::map<std::string, std::array<float, 4>> layout;
  std::vector<ItemRect> items;  // every interactive item (ui/item_registry.h)
  // Work that runs the model waits one frame so the spinner is on screen while it computes.
  std::function<void()> pending;
  std::string pending_label;
  // In the browser HTML fields own typing (phone keyboards, IME, paste): the panels draw their boxes and
  // list the fields shown this frame, and the page lays its elements over them.
  bool html_fields_enabled = false;
  std::vector<HtmlField> html_fields;
  // The sentence box while the reader types (desktop): applied to the session after a short pause.
  std::string text_edit;
  double text_edited_at = -1;
  bool text_editing = false;
  // Characters drawn last frame that the font atlas has no glyph for (distinct code points), and those the
  // atlas should gain (the UI rebuilds it between frames; see ui/glyphs.h).
  std::set<uint32_t> missing_glyphs;
  bool wants_cjk_font = false;  // a Chinese character is on screen: the page should load the CJK font
};

// Status lines the page shows: loading, errors, notes.
struct StatusLines {
  std::string load_error;   // shown instead of the panels when the model failed to load
  std::string url_note;     // e.g. "the link's text was cut"
  std::string link_status;  // "link copied" after Copy link
  std::string field_id, field_error;  // a page field's refused edit (app_set_field), shown beside the field
  std::string asked_lang;  // a link asked for this language: the frame has the host fetch it and switch
};

// The app: the reader's state, the model's results, the lesson, and what the frame needs. The platform's
// callbacks live in Host (core/host.h), not here.
struct App {
  AppState state;                   // everything the reader can change (round-trips through the URL)
  Session session;                  // the model, the tokens and their trace
  Partner partner;                  // a second model beside it (the side-by-side view), when loaded
  Lesson lesson;                    // what the lesson view shows: the English lesson in the reader's language
  Lesson lesson_en;                 // assets/lesson.json
  Lesson lesson_translated;         // assets/lang/<lang>.lesson.json (empty for English)
  std::string lesson_error;         // why it could not be read, if so
  std::vector<ModelChoice> models;  // the picker's list
  // Derived views' results, recomputed only when their inputs change (see each header).
  PlaygroundCache playground;
  WordCloudCache word_cloud;
  OrderProbeCache order_probes[2];  // lesson step 2's two word orders
  LessonFocus focus;  // the lesson's clearest head and most varied layer for the current trace and query
  FrameState frame;
  StatusLines status;
};

// Queues `work` (which runs the model) for the next frame and shows `label` with a spinner meanwhile.
void app_defer(App& app, const std::string& label, std::function<void()> work);

// Reads assets/lesson.json (the lesson view shows the error if it is broken).
void app_set_lesson(App& app, const std::string& lesson_json);
void app_set_step(App& app, int step);  // clamped to the lesson's steps
// The learner's answer to a step's quick check: a step of the lesson, question and choice 0..7, at most 64
// answers kept (a link's or a click's). Returns whether it was taken.
bool app_answer_quiz(App& app, int step, int question, int choice);

// Switches the page's language: `catalogue_json` is assets/lang/<code>.json and `lesson_json` the lesson's
// translation (both empty for English). A text still at the old language's example becomes the new one's.
// Returns "" or a one-line error (the page then stays, or falls back to, English where it must).
std::string app_set_language(App& app, const std::string& code, const std::string& catalogue_json,
                             const std::string& lesson_json);

// Reads weights/index.json (written by scripts/make_model_index.py) into app.models.
void app_set_models(App& app, const std::string& index_json);
// The picker's entry for a model name, or nullptr.
const ModelChoice* find_model(const App& app, const std::string& name);

// State for tests and the accessibility summary (see docs/page.md: app_state_json).
std::string app_state_json(const App& app);

// What a screen reader hears (the page keeps it in an aria-live region): the step, the selected token and
// where it looks, the likeliest next tokens.
std::string app_summary_text(const App& app);

// The current attention matrix and next-token distribution as JSON (the "Download JSON" export).
std::string app_export_json(const App& app);

// The iframe snippet for the current state; page_url is the page's address (Host::page_url).
std::string embed_code(const App& app, const std::string& page_url);

bool dark_theme(const App& app);

// The layout above as JSON in CSS pixels.
std::string app_layout_json(const App& app);

// What the page's HTML fields need this frame (CSS pixels): {"dark": bool, "fields": [{"id", "label",
// "kind": "lines"|"line"|"number", "x", "y", "w", "h", "value", "max" (characters)}]}; a field not listed is
// hidden.
std::string html_fields_json(const App& app);

// Setters shared by the UI, the test hooks and the URL: each clamps its input.
void app_select_token(App& app, int index);
// Layer and head, clamped to the model's: chosen by hand (the lesson stops choosing the clearest head) unless
// a link sets them. set_layer_head is the same check for any state and model (the side-by-side partner's).
void app_set_layer_head(App& app, int layer, int head, bool by_hand = true);
void set_layer_head(AppState& state, const Config& config, int layer, int head);
// The token whose logit "What heads write" splits (-1 = the likeliest) and the one it is compared with
// (-1 = none): ids outside the model's vocabulary become -1.
void app_set_attribution(App& app, int token, int versus);
bool app_set_view(App& app, const std::string& view);
void app_set_view(App& app, View view);
// Knock a head out or bring it back (the model re-runs without it); set the whole list ("3.2,0.1", "" =
// restore all) and the mode ("zero" / "mean"). Returns "" or the one-line reason the list was refused.
void app_toggle_knockout(App& app, int layer, int head);
std::string app_set_knockout(App& app, const std::string& heads, const std::string& mode);
void app_set_knock_mode(App& app, AblationMode mode);  // the same list, run again in the other mode
// An edit from one of the page's HTML fields (HtmlField::id). Returns "" or the one-line reason it was
// refused (an unknown field, a seed that is not a whole number).
std::string app_set_field(App& app, const std::string& id, const std::string& value);
// The one way the reader's text changes (the text box, the page's field, presets, the web hook, the lesson's
// buttons, a link): clean_text to kMaxTextChars, the query back to the last token, then tokenized and run.
void app_set_text(App& app, const std::string& text);
// The next-token bars' actions (the bars, the buttons, the web hooks): append the token of that rank, a
// sampled one, take the last one back, start again; an encoder's [MASK] at the query; the text twice over
// (induction). Each returns whether the text changed; none grows the text past kMaxTextChars.
bool app_choose_next(App& app, int rank);
bool app_sample_next(App& app);
bool app_undo(App& app);
void app_reset(App& app);
bool app_mask_selected(App& app);
bool app_repeat_text(App& app);
// A line the page wants the reader to see under the text (e.g. why a model is kept as int8), cut to 300
// characters.
void app_add_note(App& app, const std::string& note);
// The side-by-side partner's own choices: its query token (one the reader's model has no token for, e.g.
// [CLS]) and its layer and head, clamped to its model (before it has loaded, kept for it: a link's `wh`).
// Closing it drops its model and takes it out of the link.
void partner_select_token(App& app, int index);
void partner_set_layer_head(App& app, int layer, int head);
void partner_close(App& app);
// Asks the platform to load `name` beside the page's model (the view's button, a link's ?with=): cut to
// kMaxModelNameChars, ignored while one is loading. The platform fetches it and clears the request.
void partner_request(App& app, const std::string& name);
// A one-line reading of what the knocked-out heads changed in the next-token distribution, e.g.
// "Without L3H2, "␣animal" drops from 12.0% to 3.1%." ("" when no head is knocked out).
std::string knockout_reading(const App& app);

}  // namespace attn::app

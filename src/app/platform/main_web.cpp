// Browser entry: GLFW on a WebGL2 canvas, the Emscripten main loop, and the functions the page's
// JavaScript calls (font and model bytes in; test hooks). See web/loader.js for the other side.
// Long because every exported function sits beside the globals they share (g_app, g_platform, g_stream);
// each is a few lines that forward to core/ or ui/.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <array>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/app.h"
#include "core/i18n.h"
#include "compute/memory.h"
#include "loading/model_stream.h"
#include "loading/storage_export.h"
#include "core/host.h"
#include "platform/render_loop.h"
#include "core/url_state.h"
#include "ui/glyphs.h"
#include "ui/palette.h"
#include "ui/ui_setup.h"

using namespace attn::app;

// web/attn_library.js
extern "C" {
void attn_js_switch_model(const char* name);
void attn_js_load_partner(const char* name);
void attn_js_partner_closed();
void attn_js_set_language(const char* code);
void attn_js_load_cjk_font(int level);
void attn_js_forget_model(const char* name);
void attn_js_fields(const char* fields_json);
void attn_js_copy_text(const char* text);
void attn_js_copy_link();
void attn_js_open_full();
void attn_js_download(const char* name, const char* text);
void attn_js_save_png();
void attn_js_post_height(int height);
void attn_js_replace_fragment(const char* fragment);
int attn_js_prefers_dark();
int attn_js_touch_screen();
char* attn_js_page_url();
}

namespace {

struct Platform {
  GLFWwindow* window = nullptr;
  // The font bytes the atlas points into: sans, serif, bold, then the CJK cuts (scripts/subset_cjk_font.py):
  // the picker's names, GB 2312 (when Chinese is on screen), every ideograph (when a character needs it).
  std::vector<uint8_t> fonts[6];
  float dpr = 0;              // the ratio the fonts were built for
  int frames = 0;
  bool url_applied = false;   // the page's URL has been read; from then on the state is written to it
  std::string fragment;       // what the URL's #fragment holds now
  std::vector<HtmlField> fields;  // what the page's HTML fields were last told (html_fields_json)
  int fields_dark = -1;           // and in which theme; -1: tell them again next frame
  int posted_height = 0;      // embed: the height last reported to the host page
  bool want_png = false;      // Save PNG: read the canvas right after the next frame is drawn
  int cjk_loaded = 0, cjk_asked = 0;  // the CJK cut in the atlas and the one asked for: 0 names, 1 GB 2312, 2 all
};

App g_app;
Host g_host;
std::optional<attn::ModelStream> g_stream;  // the model arriving from web/model_download.js
int g_stream_slot = 0;                      // where it goes: 0 the page's model, 1 the partner beside it
Platform g_platform;
std::string g_returned;  // storage for strings handed back to JavaScript
int g_model_generation = 0;  // counts the page's models: an export of an older one stops
struct WeightsExport {
  std::optional<attn::StorageExport> file;
  int generation = -1;
  std::string_view piece;
} g_weights_export;

// Keeps the canvas backing store at CSS size × devicePixelRatio; rebuilds fonts when the ratio changes.
// The canvas is sized directly, not with glfwSetWindowSize: Emscripten's GLFW treats a window the size
// of the screen as a fullscreen request. Returns the backing size.
ImVec2 sync_canvas_size() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  const int w = static_cast<int>(css_w * dpr + 0.5), h = static_cast<int>(css_h * dpr + 0.5);
  int cur_w = 0, cur_h = 0;
  emscripten_get_canvas_element_size("#canvas", &cur_w, &cur_h);
  if (w > 0 && h > 0 && (w != cur_w || h != cur_h)) emscripten_set_canvas_element_size("#canvas", w, h);
  // A new ratio, or characters the atlas must gain (Chinese on screen: ui/glyphs.h).
  if ((dpr != g_platform.dpr || atlas_wants_rebuild()) && !g_platform.fonts[0].empty()) {
    const auto& f = g_platform.fonts;
    setup_fonts_and_style({f[0].data(), f[0].size(), f[1].data(), f[1].size(), f[2].data(), f[2].size()}, dpr);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    g_platform.dpr = g_app.frame.dpr = dpr;
    g_app.frame.applied_theme = -1;  // the new atlas came with a default style: set the theme again
  }
  return ImVec2(static_cast<float>(w > 0 ? w : cur_w), static_cast<float>(h > 0 ? h : cur_h));
}

// One animation frame: canvas size, events, the shared render, then what the page needs to hear back.
void frame() {
  if (g_platform.fonts[0].empty()) return;  // the page hands over the fonts first
  // Under the page's loading screen nothing drawn is seen. The first frame builds the font atlas while the
  // model's files are still arriving; after it, frames wait for the model, so that its download and the
  // engine get the main thread (each software-rendered frame cost 70–250 ms here and delayed every step).
  if (g_platform.frames > 0 && !g_app.session.ready() && !g_app.session.busy() && g_app.status.load_error.empty()) return;
  const ImVec2 size = sync_canvas_size();
  glfwPollEvents();
  render_frame(g_app, g_host, &size);
  ++g_platform.frames;
  Partner& partner = g_app.partner;  // the side-by-side view asked for a second model: the page fetches it
  if (!partner.request.empty()) {
    partner.loading = partner.request;
    partner.progress = -1;
    partner.error.clear();
    partner.request.clear();
    attn_js_load_partner(partner.loading.c_str());
  }
  // A Chinese character the atlas cannot draw: the next, larger cut, each asked for once.
  if (g_app.frame.wants_cjk_font && g_platform.cjk_asked == g_platform.cjk_loaded && g_platform.cjk_loaded < 2)
    attn_js_load_cjk_font(++g_platform.cjk_asked);
  if (partner.closed) {  // out of the link too
    partner.closed = false;
    attn_js_partner_closed();
  }
  // The HTML fields follow their boxes and the app's values (a chosen token, Undo, a preset), told on change.
  // Compared as data, so the JSON (the whole text in it) is built only on a frame that changed something.
  const int dark = dark_theme(g_app);
  if (dark != g_platform.fields_dark || !same_fields(g_app.frame.html_fields, g_platform.fields)) {
    g_platform.fields = g_app.frame.html_fields;
    g_platform.fields_dark = dark;
    attn_js_fields(html_fields_json(g_app).c_str());
  }
  if (g_platform.want_png) {  // the drawing buffer is still intact within the frame that drew it
    g_platform.want_png = false;
    attn_js_save_png();
  }
  // Embedded: the content height (CSS px) for web/embed.js.
  if (g_app.state.embed && g_app.session.ready()) {
    const int h = static_cast<int>(g_app.frame.content_height / std::max(0.5f, g_app.frame.dpr)) + 16;
    if (h != g_platform.posted_height) {
      g_platform.posted_height = h;
      attn_js_post_height(h);
    }
  }
  // Keep the URL's #fragment equal to the state, so the address bar is always a shareable link.
  if (g_platform.url_applied && g_app.session.ready()) {
    std::string f = state_to_fragment(g_app);
    if (f != g_platform.fragment) {
      g_platform.fragment = f;
      attn_js_replace_fragment(f.c_str());
      g_app.status.link_status.clear();
    }
  }
}

// wasm32 memory ends at 4 GB (-sMAXIMUM_MEMORY); the page needs room beside the weights.
constexpr uint64_t kTabMemory = 3200ull * 1000 * 1000;
// What the page aims to stay within with a model loaded: its weights, then traces, key/value cache and run
// buffers in what is left (Session::set_memory_budget cuts texts that would not fit), less the runtime's own.
constexpr uint64_t kPagePeak = 1500ull * 1000 * 1000, kRuntime = 150ull * 1000 * 1000, kLeastForTraces = 200ull * 1000 * 1000;

// Returns "" on success, else the one-line reason (also shown in the app).
const char* install(const std::string& name, uint64_t bytes, attn::Expected<attn::LoadedModel> loaded) {
  if (g_stream_slot == 1) {  // the partner: its failure is its own line in the side-by-side view, never the page's
    g_stream_slot = 0;
    g_returned = loaded ? "" : loaded.error();
    g_app.partner.loading.clear();
    if (loaded) partner_set_model(g_app, make_session_model(name, size_t(bytes), loaded.take()));
    else g_app.partner.error = trf("partner.load_failed", {{"model", attn::app::clean_text(name, 80)}, {"why", g_returned}});
    return g_returned.c_str();
  }
  g_returned = loaded ? "" : loaded.error();
  g_app.status.load_error = g_returned;
  if (loaded) {
    const uint64_t weights = loaded->model.weight_bytes();
    g_app.session.set_memory_budget(size_t(std::max(kLeastForTraces, kPagePeak > weights + kRuntime ? kPagePeak - weights - kRuntime : 0)));
    g_app.status.url_note.clear();  // the last model's notes (and its link's) are not this one's
    for (const std::string& note : loaded->model.config.notes)  // what the config left to a default, said once
      attn::app::app_add_note(g_app, note + ".");
    g_app.session.set_model(make_session_model(name, size_t(bytes), loaded.take()), g_app.state);
    ++g_model_generation;
    g_weights_export = {};
  }
  return g_returned.c_str();
}

// A WebGL2 canvas through GLFW; false where the browser has no WebGL2.
bool open_window() {
  if (!glfwInit()) return false;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  g_platform.window = glfwCreateWindow(1280, 800, "Attention explainer", nullptr, nullptr);
  return g_platform.window != nullptr;
}

}  // namespace

extern "C" {

// -- called by web/loader.js ------------------------------------------------------------------------
// role: 0 sans (required), 1 serif (lesson prose), 2 bold (titles); a missing one falls back to the sans.
// 3-5: the CJK cuts (the picker's names; GB 2312; every ideograph): each replaces a smaller one, and its
// characters join the atlas as they are needed.
EMSCRIPTEN_KEEPALIVE int app_set_font(int role, const uint8_t* data, int size) {
  if (role < 0 || role > 5) return 0;
  if (role >= 3) {
    const int level = role - 3;
    if (level < g_platform.cjk_loaded || (level == 0 && cjk_font_data())) return 1;  // a larger cut is in already
    g_platform.fonts[role].assign(data, data + size);
    set_cjk_font(g_platform.fonts[role].data(), g_platform.fonts[role].size());
    if (!cjk_font_data()) return 0;
    g_platform.cjk_loaded = level;
    g_platform.cjk_asked = std::max(g_platform.cjk_asked, level);
    queue_language_glyphs(g_app);
    queue_glyphs(g_app.state.text);
    return 1;
  }
  g_platform.fonts[role].assign(data, data + size);
  g_platform.dpr = 0;  // rebuild on the next frame
  return 1;
}

// The page's language: the catalogue and the lesson's translation (both empty for English). Returns "" or a
// one-line error. A Chinese page's characters are queued for the atlas when the CJK font is there.
EMSCRIPTEN_KEEPALIVE const char* app_set_language(const char* code, const char* catalogue_json, const char* lesson_json) {
  g_returned = attn::app::app_set_language(g_app, code ? code : "", catalogue_json ? catalogue_json : "",
                                           lesson_json ? lesson_json : "");
  queue_language_glyphs(g_app);
  return g_returned.c_str();
}

EMSCRIPTEN_KEEPALIVE void app_set_models(const char* index_json) {
  attn::app::app_set_models(g_app, index_json ? index_json : "");
}

// Reads the state from the page's URL (query and #fragment), once the model is loaded.
EMSCRIPTEN_KEEPALIVE void app_apply_url(const char* params) {
  attn::app::app_add_note(g_app, apply_fragment(g_app, params ? params : ""));  // beside the model's notes
  g_platform.url_applied = true;
}

EMSCRIPTEN_KEEPALIVE void app_set_lesson(const char* lesson_json) {
  attn::app::app_set_lesson(g_app, lesson_json ? lesson_json : "");
}
EMSCRIPTEN_KEEPALIVE void app_set_step(int step) { attn::app::app_set_step(g_app, step); }

// -- a model streamed in piece by piece: begin (config.json), feed (model.safetensors as it downloads), finish
// (tokenizer files). Each returns "" or the one-line reason; after an error the stream is gone.
// storage: "" (as in the file; F32 checkpoints over 100 MB kept as F16), "f32", "f16" or "int8".
EMSCRIPTEN_KEEPALIVE const char* app_stream_begin(const char* config, double file_size, const char* storage) {
  g_stream.reset();
  attn::ModelStream::Options options;
  options.file_size = file_size > 0 ? uint64_t(file_size) : attn::ModelStream::kUnknownSize;
  options.max_weight_bytes = kTabMemory;
  options.compact_above_bytes = 100ull * 1000 * 1000;
  if (storage && *storage) {
    auto format = attn::parse_weight_format(storage);
    if (!format) return (g_returned = format.error()).c_str();
    options.storage = *format;
  }
  auto stream = attn::ModelStream::begin(config ? config : "", options);
  if (!stream) return (g_returned = stream.error()).c_str();
  g_stream.emplace(stream.take());
  return "";
}

EMSCRIPTEN_KEEPALIVE const char* app_stream_feed(const uint8_t* data, int size) {
  if (!g_stream) return "no model download in progress";
  auto r = g_stream->feed(data, size_t(size));
  if (r) return "";
  g_returned = r.error();
  g_stream.reset();  // its memory goes back at once
  return g_returned.c_str();
}

// What the header said, for the loading screen: {"header_read", "n_layer", ..., "storage", "weight_bytes"}.
EMSCRIPTEN_KEEPALIVE const char* app_stream_info() {
  if (!g_stream || !g_stream->header_read()) return "{}";
  const attn::Config& c = g_stream->config();
  char json[320];
  std::snprintf(json, sizeof json,
                "{\"header_read\":true,\"n_layer\":%d,\"n_head\":%d,\"n_embd\":%d,\"vocab_size\":%d,\"n_ctx\":%d,"
                "\"storage\":\"%s\",\"weight_bytes\":%llu,\"file_size\":%llu,\"received\":%llu}",
                c.n_layer, c.n_head, c.n_embd, c.vocab_size, c.n_ctx, attn::weight_format_name(g_stream->storage()),
                (unsigned long long)g_stream->weight_bytes(), (unsigned long long)g_stream->file_size(),
                (unsigned long long)g_stream->received());
  return (g_returned = json).c_str();
}

// The family config.json names ("gpt2", "llama"), so the page fetches that family's tokenizer files; "" if
// config.json is refused (app_stream_begin then says why).
EMSCRIPTEN_KEEPALIVE const char* app_config_family(const char* config) {
  auto c = attn::parse_config(config ? config : "");
  return (g_returned = c ? c->family : "").c_str();
}

// The tokenizer's files as bytes (any may be empty): GPT-2's pair, tokenizer.json + tokenizer_config.json, or
// BERT's vocab.txt (+ tokenizer_config.json).
EMSCRIPTEN_KEEPALIVE const char* app_stream_finish(const char* name, const char* encoder, int encoder_len, const char* bpe,
                                                   int bpe_len, const char* tok_json, int tok_json_len, const char* tok_config,
                                                   int tok_config_len, const char* vocab_txt, int vocab_txt_len) {
  if (!g_stream) return "no model download in progress";
  const uint64_t bytes = g_stream->received();
  auto model = g_stream->finish();
  g_stream.reset();
  if (!model) return install(name, bytes, attn::fail(model.error()));
  const attn::ModelFiles files{{}, {}, {encoder, size_t(encoder_len)}, {bpe, size_t(bpe_len)},
                               {tok_json, size_t(tok_json_len)}, {tok_config, size_t(tok_config_len)},
                               {vocab_txt, size_t(vocab_txt_len)}};
  return install(name, bytes, attn::attach_tokenizer(model.take(), files));
}

// The page's model as the engine holds it (web/converted_cache.js keeps it so that a later visit loads it with no
// reconversion): begin returns the file's size (0: no model), next the length of the next piece (0 at the end,
// -1 if the page's model changed meanwhile) whose bytes start at app_weights_export_piece().
EMSCRIPTEN_KEEPALIVE double app_weights_export_begin() {
  g_weights_export = {};
  if (!g_app.session.ready()) return 0;
  auto file = attn::StorageExport::of(g_app.session.model().model);
  if (!file) return 0;
  g_weights_export.file.emplace(file.take());
  g_weights_export.generation = g_model_generation;
  return double(g_weights_export.file->size());
}
EMSCRIPTEN_KEEPALIVE int app_weights_export_next() {
  if (!g_weights_export.file || g_weights_export.generation != g_model_generation) {
    g_weights_export = {};
    return -1;
  }
  g_weights_export.piece = g_weights_export.file->next();
  if (g_weights_export.piece.empty()) g_weights_export = {};
  return int(g_weights_export.piece.size());
}
EMSCRIPTEN_KEEPALIVE const char* app_weights_export_piece() { return g_weights_export.piece.data(); }
EMSCRIPTEN_KEEPALIVE int app_weights_format_version() { return attn::kStorageFormatVersion; }

EMSCRIPTEN_KEEPALIVE void app_stream_cancel() {
  g_stream.reset();
  g_stream_slot = 0;
}
// The next stream's model goes to slot 1, the partner beside the page's model (0: the page's model).
EMSCRIPTEN_KEEPALIVE void app_stream_slot(int slot) { g_stream_slot = slot == 1 ? 1 : 0; }
// The partner's download: its progress (0..1, -1 unknown), or why it failed (shown in the side-by-side view).
EMSCRIPTEN_KEEPALIVE void app_partner_progress(double fraction) { g_app.partner.progress = fraction; }
EMSCRIPTEN_KEEPALIVE void app_partner_failed(const char* why) {
  g_app.partner.loading.clear();
  if (g_app.partner.error.empty()) g_app.partner.error = attn::app::clean_text(why ? why : "", kMaxNoteChars);
}
// Ask for a partner as the view's button does (a link's ?with=, tests).
EMSCRIPTEN_KEEPALIVE void app_request_partner(const char* name) { attn::app::partner_request(g_app, name ? name : ""); }

// -- test hooks (kept in release builds; tests outside the repo use them too) ------------------------
EMSCRIPTEN_KEEPALIVE const char* app_state_json() {
  g_returned = attn::app::app_state_json(g_app);
  return g_returned.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* app_export() { return (g_returned = app_export_json(g_app)).c_str(); }  // = Download JSON
EMSCRIPTEN_KEEPALIVE const char* app_views() { return (g_returned = attn::app::views_json()).c_str(); }  // core/views.def
EMSCRIPTEN_KEEPALIVE const char* app_palettes() { return (g_returned = palettes_json()).c_str(); }  // contrast test
EMSCRIPTEN_KEEPALIVE const char* app_summary() {
  g_returned = attn::app::app_summary_text(g_app);
  return g_returned.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* app_layout_json() {
  g_returned = attn::app::app_layout_json(g_app);
  return g_returned.c_str();
}
EMSCRIPTEN_KEEPALIVE void app_set_text(const char* text) { attn::app::app_set_text(g_app, text ? text : ""); }
// An edit in one of the page's HTML fields; returns "" or why it was refused.
EMSCRIPTEN_KEEPALIVE const char* app_set_field(const char* id, const char* value) {
  g_returned = attn::app::app_set_field(g_app, id ? id : "", value ? value : "");
  g_platform.fields_dark = -1;  // the next frame tells the page the value in use, changed or not
  return g_returned.c_str();
}
EMSCRIPTEN_KEEPALIVE void app_select_token(int index) { attn::app::app_select_token(g_app, index); }
EMSCRIPTEN_KEEPALIVE void app_set_layer_head(int layer, int head) { attn::app::app_set_layer_head(g_app, layer, head); }
EMSCRIPTEN_KEEPALIVE int app_set_view(const char* view) { return attn::app::app_set_view(g_app, view ? view : ""); }
EMSCRIPTEN_KEEPALIVE int app_choose_next(int rank) { return attn::app::app_choose_next(g_app, rank); }
EMSCRIPTEN_KEEPALIVE int app_sample_next() { return attn::app::app_sample_next(g_app); }
EMSCRIPTEN_KEEPALIVE int app_undo() { return attn::app::app_undo(g_app); }
// A line the page wants the reader to see under the text (e.g. why the model is kept as int8).
EMSCRIPTEN_KEEPALIVE void app_add_note(const char* note) { attn::app::app_add_note(g_app, note ? note : ""); }
EMSCRIPTEN_KEEPALIVE int app_mask_selected() { return attn::app::app_mask_selected(g_app); }  // encoders
EMSCRIPTEN_KEEPALIVE int app_frames() { return g_platform.frames; }
EMSCRIPTEN_KEEPALIVE int app_has_window() { return g_platform.window != nullptr; }  // 0: no WebGL2 context
// Failure injection (tests): the n-th memory reservation from now fails, as a full heap would.
EMSCRIPTEN_KEEPALIVE void app_fail_nth_reservation(int n) { attn::fail_nth_reservation(n); }
// "3.2,0.1" ("" restores all) and "zero" / "mean"; returns "" or the reason the list was refused.
EMSCRIPTEN_KEEPALIVE const char* app_set_knockout(const char* heads, const char* mode) {
  g_returned = attn::app::app_set_knockout(g_app, heads ? heads : "", mode ? mode : "");
  return g_returned.c_str();
}
EMSCRIPTEN_KEEPALIVE int app_repeat_text() { return attn::app::app_repeat_text(g_app); }
EMSCRIPTEN_KEEPALIVE void app_set_attribution(int token, int versus) { attn::app::app_set_attribution(g_app, token, versus); }

}  // extern "C"

int main() {
  // Without WebGL2 there is no window to draw in, but the model, the state JSON, the summary and the export still
  // work: the runtime stays up for them (web/loader.js says why nothing is drawn). Returning would end it.
  if (!open_window()) {
    std::puts("no WebGL2 context: the page shows the text summary instead of the views");
    emscripten_exit_with_live_runtime();
  }
  glfwMakeContextCurrent(g_platform.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // nothing to persist on the web
  ImGui_ImplGlfw_InitForOpenGL(g_platform.window, true);
  // Emscripten's GLFW hands over the browser's wheel deltaY (pixels, positive = down) as GLFW's scroll offset
  // (notches, positive = up): a wheel turned down scrolled up by hundreds of steps. Turn it back into notches.
  glfwSetScrollCallback(g_platform.window, [](GLFWwindow* w, double dx, double dy) {
    ImGui_ImplGlfw_ScrollCallback(w, -dx / 100.0, -dy / 100.0);
  });
  ImGui_ImplOpenGL3_Init("#version 300 es");
  g_host.switch_model = [](const std::string& name) { attn_js_switch_model(name.c_str()); };
  g_host.forget_model = [](const std::string& name) { attn_js_forget_model(name.c_str()); };
  g_host.copy_text = [](const std::string& text) { attn_js_copy_text(text.c_str()); };
  g_host.copy_link = [] { attn_js_copy_link(); };
  g_host.set_language = [](const std::string& code) { attn_js_set_language(code.c_str()); };
  g_host.open_full = [] { attn_js_open_full(); };
  g_host.download = [](const std::string& name, const std::string& text) { attn_js_download(name.c_str(), text.c_str()); };
  g_host.save_png = [] { g_platform.want_png = true; };
  char* base = attn_js_page_url();
  g_host.page_url = base;
  free(base);
  g_app.frame.system_dark = attn_js_prefers_dark();
  g_app.frame.html_fields_enabled = true;  // web/html_fields.js: phone keyboards, IME and paste work
  g_app.frame.touch = attn_js_touch_screen();
  g_app.session.set_chunked(true);  // long texts are read a chunk a frame, with progress
  run_main_loop([] {
    frame();
    return true;
  });
  return 0;
}

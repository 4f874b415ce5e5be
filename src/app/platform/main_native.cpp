// Desktop entry: the same app in a GLFW + OpenGL 3 window, reading the model from disk.
//   attn_app [--model DIR] [--with DIR] [--font FILE.ttf] [--frames N]   (the tokenizer: the model's own, else GPT-2's)
// --with: a second model for the Encoder | decoder view (e.g. a BERT directory beside GPT-2).
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include "core/app.h"
#include "platform/render_loop.h"
#include "host/model_dir.h"
#include "ui/glyphs.h"
#include "ui/ui_setup.h"

using namespace attn::app;

int main(int argc, char** argv) {
  std::string model_dir = "weights/default";
  std::string partner_dir;
  std::string font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string lang = "en";
  long max_frames = -1;  // run N frames then exit (smoke tests under Xvfb)
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--model")) model_dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--with")) partner_dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--font")) font_path = argv[i + 1];
    else if (!std::strcmp(argv[i], "--lang")) lang = argv[i + 1];
    else if (!std::strcmp(argv[i], "--frames")) max_frames = std::strtol(argv[i + 1], nullptr, 10);
  }
  auto font = attn::host::read_file(font_path);
  // The serif (lesson prose) and bold (titles) beside it, when there: DejaVuSerif.ttf, DejaVuSans-Bold.ttf.
  const std::string dir = font_path.substr(0, font_path.find_last_of('/') + 1);
  auto serif = attn::host::read_file(dir + "DejaVuSerif.ttf");
  auto bold = attn::host::read_file(dir + "DejaVuSans-Bold.ttf");
  if (!font) {
    std::fprintf(stderr, "error: %s\n", font.error().c_str());
    return 2;
  }

  App app;
  if (auto lesson = attn::host::read_file(std::string(ATTN_ASSETS_DIR) + "/lesson.json"); lesson.ok())
    attn::app::app_set_lesson(app, *lesson);
  else
    app.lesson_error = lesson.error();
  {
    auto loaded = attn::host::load_model_dir(model_dir);
    app.session.set_chunked(true);  // long texts are read a chunk a frame, with progress
    if (loaded) app.session.set_model(make_session_model(model_dir, 0, loaded.take()), app.state);
    else app.status.load_error = loaded.error();
  }

  // The side-by-side view's second model, read from disk: --with, a shipped model's name, or a directory.
  const auto load_partner = [&app](const std::string& name) {
    if (name.rfind("hf:", 0) == 0) {
      app.partner.error = "Hub models load in the browser; on the desktop pass --with DIR (a model directory).";
      return;
    }
    const std::string dir = name.find('/') == std::string::npos ? "weights/" + name : name;
    auto loaded = attn::host::load_model_dir(dir);
    if (loaded) partner_set_model(app, make_session_model(name, 0, loaded.take()));
    else app.partner.error = name + " could not be loaded: " + loaded.error();
  };
  if (!partner_dir.empty()) load_partner(partner_dir);

  // The language: its catalogue and lesson from assets/lang/; Chinese glyphs from the system's Noto Sans CJK
  // (fonts-noto-cjk; face 2 of the collection is Simplified Chinese), read when Chinese is first on screen.
  std::string cjk_font;
  const auto set_language = [&app](const std::string& code) {
    const std::string base = std::string(ATTN_ASSETS_DIR) + "/lang/" + code;
    auto catalogue = attn::host::read_file(base + ".json");
    auto lesson = attn::host::read_file(base + ".lesson.json");
    const std::string error = app_set_language(app, code, catalogue ? *catalogue : "", lesson ? *lesson : "");
    if (!error.empty()) std::fprintf(stderr, "note: %s\n", error.c_str());
    queue_language_glyphs(app);
  };
  if (lang != "en") set_language(lang);

  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(1280, 800, "Attention explainer", nullptr, nullptr);
  if (!window) return 1;
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  float dpr = 0;

  Host host;  // no clipboard, download or page reloads on the desktop: their buttons are hidden
  std::string asked_language;  // the picker's choice, applied between frames (the frame holds the old strings)
  host.set_language = [&asked_language](const std::string& code) { asked_language = code; };
  long frame = 0;
  run_main_loop([&] {
    if (glfwWindowShouldClose(window) || frame++ == max_frames) return false;
    glfwPollEvents();
    float sx = 1, sy = 1;
    glfwGetWindowContentScale(window, &sx, &sy);
    if (app.frame.wants_cjk_font && cjk_font.empty()) {  // Chinese on screen: the system's CJK font, once
      auto ttc = attn::host::read_file("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
      cjk_font = ttc ? *ttc : std::string(" ");
      set_cjk_font(cjk_font.data(), cjk_font.size(), 2);
      queue_language_glyphs(app);
      queue_glyphs(app.state.text);
    }
    if (atlas_wants_rebuild()) dpr = 0;  // characters the atlas must gain: rebuild before this frame
    if (sx != dpr) {  // rasterise fonts at the monitor's scale
      setup_fonts_and_style({font->data(), font->size(), serif ? serif->data() : nullptr, serif ? serif->size() : 0,
                             bold ? bold->data() : nullptr, bold ? bold->size() : 0}, sx);
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
      app.frame.dpr = dpr = sx;
      app.frame.applied_theme = -1;  // the new atlas came with a default style: set the theme again
    }
    render_frame(app, host, nullptr);
    if (!app.partner.request.empty()) load_partner(std::exchange(app.partner.request, std::string()));
    if (!asked_language.empty()) set_language(std::exchange(asked_language, std::string()));
    glfwSwapBuffers(window);
    return true;
  });
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwTerminate();
  return 0;
}

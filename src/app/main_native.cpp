// Desktop entry: the same app in a GLFW + OpenGL 3 window, reading the model from disk.
//   attn_app [--model DIR] [--tokenizer DIR] [--font FILE.ttf] [--frames N]
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "app.h"
#include "model_files.h"
#include "model_loader.h"
#include "ui_setup.h"

using namespace attn::app;

int main(int argc, char** argv) {
  std::string model_dir = "weights/default", tokenizer_dir = attn::cli::default_tokenizer_dir();
  std::string font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  long max_frames = -1;  // run N frames then exit (smoke tests under Xvfb)
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--model")) model_dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--tokenizer")) tokenizer_dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--font")) font_path = argv[i + 1];
    else if (!std::strcmp(argv[i], "--frames")) max_frames = std::strtol(argv[i + 1], nullptr, 10);
  }
  auto font = attn::cli::read_file(font_path);
  if (!font) {
    std::fprintf(stderr, "error: %s\n", font.error().c_str());
    return 2;
  }

  App app;
  if (auto lesson = attn::cli::read_file(std::string(ATTN_ASSETS_DIR) + "/lesson.json"); lesson.ok())
    attn::app::app_set_lesson(app, *lesson);
  else
    app.lesson_error = lesson.error();
  {
    auto config = attn::cli::read_file(model_dir + "/config.json");
    auto weights = attn::cli::read_file(model_dir + "/model.safetensors");
    auto encoder = attn::cli::read_file(tokenizer_dir + "/encoder.json");
    auto bpe = attn::cli::read_file(tokenizer_dir + "/vocab.bpe");
    for (auto* f : {&config, &weights, &encoder, &bpe})
      if (!*f) app.load_error = f->error();
    if (app.load_error.empty()) {
      auto loaded = load_model_files(model_dir, {*config, *weights, *encoder, *bpe});
      if (loaded) app.session.set_model(loaded.take(), app.state);
      else app.load_error = loaded.error();
    }
  }

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

  for (long frame = 0; !glfwWindowShouldClose(window) && frame != max_frames; ++frame) {
    glfwPollEvents();
    float sx = 1, sy = 1;
    glfwGetWindowContentScale(window, &sx, &sy);
    if (sx != dpr) {  // rasterise fonts at the monitor's scale
      setup_fonts_and_style(font->data(), font->size(), sx);
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
      app.dpr = dpr = sx;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    app_frame(app, size.x, size.y);
    ImGui::Render();
    int w, h;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.07f, 0.07f, 0.09f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwTerminate();
  return 0;
}

#include "platform/render_loop.h"

#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include "shell/frame.h"

namespace attn::app {

void render_frame(App& app, const Host& host, const ImVec2* device_size) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  if (device_size) {  // the UI works in canvas (device) pixels, as GLFW's mouse coordinates do on the web
    io.DisplaySize = *device_size;
    io.DisplayFramebufferScale = ImVec2(1, 1);
  }
  ImGui::NewFrame();
  app_frame(app, host, io.DisplaySize.x, io.DisplaySize.y);
  ImGui::Render();
  glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
             static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  glClearColor(0.07f, 0.07f, 0.09f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void run_main_loop(std::function<bool()> frame) {
#ifdef __EMSCRIPTEN__
  static std::function<bool()> loop;
  loop = std::move(frame);
  emscripten_set_main_loop([] { loop(); }, 0, false);
#else
  while (frame()) {
  }
#endif
}

}  // namespace attn::app

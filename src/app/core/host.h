// What the platform does for the app: the callbacks the web page (web/attn_library.js) and the desktop
// entry provide. Kept out of App so the app's state stays plain data; a callback left empty hides its button.
#pragma once
#include <functional>
#include <string>

namespace attn::app {

struct Host {
  std::function<void(const std::string&)> switch_model;               // reload with that model
  std::function<void(const std::string&)> forget_model;               // delete a downloaded model from the cache
  std::function<void()> copy_link;                                    // the page's URL to the clipboard
  std::function<void(const std::string&)> set_language;               // fetch that language's files, then switch
  std::function<void(const std::string&)> copy_text;                  // ... or any text (the embed code)
  std::function<void()> open_full;                                    // embed: open the full explainer
  std::function<void(const std::string&, const std::string&)> download;  // (file name, JSON text)
  std::function<void()> save_png;                                     // the canvas as a PNG file
  std::string page_url;                                               // base address of the page (embed code)
};

}  // namespace attn::app

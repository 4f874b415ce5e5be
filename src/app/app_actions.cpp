// The actions every entry point shares (panels, test hooks, URL), and the state as JSON.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app.h"
#include "flow.h"

namespace attn::app {

void app_select_token(App& app, int index) {
  const int n = static_cast<int>(app.session.ids().size());
  app.state.selected = (index >= 0 && index < n) ? index : -1;
}

void app_set_layer_head(App& app, int layer, int head) {
  if (!app.session.ready()) return;
  const Config& c = app.session.model().model.config;
  app.state.layer = std::clamp(layer, 0, c.n_layer - 1);
  app.state.head = std::clamp(head, 0, c.n_head - 1);
}

bool app_set_view(App& app, const std::string& view) { return parse_view(view, &app.state.view); }

std::string app_state_json(const App& app) {
  using nlohmann::json;
  const Session& s = app.session;
  const AppState& st = app.state;
  json next = json::array();
  const Distribution& d = s.next();
  for (int i = 0; i < d.kept && i < std::max(st.top_k, 10) && s.ready(); ++i)
    next.push_back({{"id", d.sorted[i].id}, {"token", s.model().tokenizer.display(d.sorted[i].id)},
                    {"prob", d.sorted[i].sample_prob}});
  json heads = json::array();
  for (const auto& h : s.heads())
    heads.push_back({{"layer", h.layer}, {"head", h.head}, {"label", head_label_name(h.label)}, {"score", h.score}});
  const std::string error = !app.load_error.empty() ? app.load_error : s.error();
  json flow = json::array();  // the lines the flow view shows for the selected token (current head)
  if (s.ready() && !s.trace().ids.empty())
    for (const auto& e : flow_edges(s.trace(), st.layer, {st.head}, st.flow_threshold, s.selected(st), false))
      flow.push_back({{"key", e.key}, {"weight", e.weight}});
  json j = {{"ready", s.ready() && !s.trace().ids.empty()},
            {"error", error.empty() ? json(nullptr) : json(error)},
            {"model", s.ready() ? json(s.model().name) : json(nullptr)},
            {"text", st.text},
            {"ids", s.ids()},
            {"tokens", s.tokens()},
            {"selected", s.selected(st)},
            {"layer", st.layer},
            {"head", st.head},
            {"view", view_id(st.view)},
            {"temperature", st.temperature},
            {"top_k", st.top_k},
            {"top_p", st.top_p},
            {"seed", st.seed},
            {"step", st.step},
            {"embed", st.embed},
            {"theme", st.theme == 0 ? "auto" : st.theme == 1 ? "dark" : "light"},
            {"step_title", st.step < static_cast<int>(app.lesson.steps.size()) ? json(app.lesson.steps[st.step].title) : json(nullptr)},
            {"lesson_error", app.lesson_error.empty() ? json(nullptr) : json(app.lesson_error)},
            {"note", s.note()},
            {"next", next},
            {"heads", heads},
            {"flow", flow},
            {"flow_threshold", st.flow_threshold},
            {"compute_ms", s.last_compute_ms()}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool dark_theme(const App& app) { return app.state.theme == 0 ? app.system_dark : app.state.theme == 1; }

std::string app_summary_text(const App& app) {
  const Session& s = app.session;
  const AppState& st = app.state;
  if (!s.ready() || s.trace().n_tokens == 0) return app.load_error.empty() ? "Loading the explainer." : "Error: " + app.load_error;
  std::string out;
  if (st.view == View::Lesson && st.step < static_cast<int>(app.lesson.steps.size())) {
    const auto& step = app.lesson.steps[st.step];
    out += "Lesson " + step.title + ". " + step.paragraphs.front() + " ";
  } else {
    out += std::string(view_title(st.view)) + ". ";
  }
  const int q = s.selected(st);
  const Trace& tr = s.trace();
  std::vector<int> keys(q + 1);
  for (int k = 0; k <= q; ++k) keys[k] = k;
  std::stable_sort(keys.begin(), keys.end(), [&](int a, int b) { return tr.weight(st.layer, st.head, q, a) > tr.weight(st.layer, st.head, q, b); });
  char buf[64];
  out += "Selected token " + std::to_string(q + 1) + " of " + std::to_string(tr.n_tokens) + ", \"" + s.tokens()[q] + "\". In layer " +
         std::to_string(st.layer) + ", head " + std::to_string(st.head) + " it attends most to";
  for (size_t i = 0; i < keys.size() && i < 3; ++i) {
    std::snprintf(buf, sizeof buf, " %.1f%%", 100 * tr.weight(st.layer, st.head, q, keys[i]));
    out += (i ? "," : "") + std::string(" \"") + s.tokens()[keys[i]] + "\"" + buf;
  }
  out += ". Likeliest next tokens:";
  for (int i = 0; i < s.next().kept && i < 3; ++i) {
    std::snprintf(buf, sizeof buf, " %.1f%%", 100 * s.next().sorted[i].sample_prob);
    out += (i ? "," : "") + std::string(" \"") + s.model().tokenizer.display(s.next().sorted[i].id) + "\"" + buf;
  }
  return out + ".";
}

std::string app_export_json(const App& app) {
  using nlohmann::json;
  const Session& s = app.session;
  if (!s.ready() || s.trace().n_tokens == 0) return "{}";
  const Trace& tr = s.trace();
  const int l = app.state.layer, h = app.state.head;
  json weights = json::array();
  for (int q = 0; q < tr.n_tokens; ++q)
    weights.push_back(std::vector<float>(&tr.weights[tr.att_index(l, h, q)], &tr.weights[tr.att_index(l, h, q)] + tr.n_tokens));
  json next = json::array();
  for (int i = 0; i < s.next().kept && i < 50; ++i)
    next.push_back({{"id", s.next().sorted[i].id}, {"token", s.model().tokenizer.display(s.next().sorted[i].id)},
                    {"prob", s.next().sorted[i].sample_prob}});
  return json{{"model", s.model().name}, {"text", app.state.text}, {"tokens", s.tokens()}, {"ids", s.ids()},
              {"layer", l}, {"head", h}, {"attention", weights}, {"next_tokens", next},
              {"sampling", {{"temperature", app.state.temperature}, {"top_k", app.state.top_k}, {"top_p", app.state.top_p}}}}
      .dump(1, ' ', false, json::error_handler_t::replace);
}

void app_set_lesson(App& app, const std::string& lesson_json) {
  auto lesson = parse_lesson(lesson_json);
  app.lesson_error = lesson ? "" : lesson.error();
  if (lesson) app.lesson = lesson.take();
}

void app_set_step(App& app, int step) { app.state.step = std::clamp(step, 0, kLessonSteps - 1); }

void app_defer(App& app, const std::string& label, std::function<void()> work) {
  app.pending = std::move(work);
  app.pending_label = label;
}

void app_set_models(App& app, const std::string& index_json) {
  const auto j = nlohmann::json::parse(index_json, nullptr, false);
  app.models.clear();
  if (j.is_discarded() || !j.contains("models") || !j["models"].is_array()) return;
  for (const auto& m : j["models"]) {
    if (!m.is_object() || !m.value("name", nlohmann::json()).is_string()) continue;
    ModelChoice c;
    c.name = m["name"].get<std::string>();
    c.megabytes = m.value("bytes", nlohmann::json(0)).is_number() ? m["bytes"].get<double>() / 1e6 : 0;
    if (m.contains("perplexity") && m["perplexity"].is_number()) c.perplexity = m["perplexity"].get<double>();
    if (m.value("n_layer", nlohmann::json()).is_number() && m.value("n_head", nlohmann::json()).is_number() &&
        m.value("n_embd", nlohmann::json()).is_number())
      c.shape = std::to_string(m["n_layer"].get<int>()) + " layers x " + std::to_string(m["n_head"].get<int>()) + " heads, " +
                std::to_string(m["n_embd"].get<int>()) + " dims";
    app.models.push_back(std::move(c));
  }
}

std::string app_layout_json(const App& app) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, r] : app.layout)
    j[name] = {r[0] / app.dpr, r[1] / app.dpr, r[2] / app.dpr, r[3] / app.dpr};
  return j.dump();
}

}  // namespace attn::app

// Lesson logic without GL: lesson.json, quizzes, the Σ w·V text, softmax with/without scaling, PCA, and
// the order-blindness of attention on the real default model.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "run/forward.h"
#include "core/lesson.h"
#include "analysis/probes.h"
#include "app_test_support.h"

using namespace attn;
using namespace attn::app;

namespace {

Lesson shipped_lesson() {
  auto text = host::read_file(std::string(ATTN_ASSETS_DIR) + "/lesson.json");
  REQUIRE(text.ok());
  auto lesson = parse_lesson(*text);
  REQUIRE(lesson.ok());
  return lesson.take();
}

}  // namespace

TEST_CASE("the shipped lesson.json has an opening, eight steps and a closing, each with a quiz", "[lesson]") {
  const Lesson lesson = shipped_lesson();
  REQUIRE(lesson.steps.size() == 10);
  CHECK(lesson.steps.front().id == "opening");
  CHECK(lesson.steps.back().id == "closing");
  for (const auto& s : lesson.steps) {
    CHECK(!s.title.empty());
    CHECK(s.paragraphs.size() >= 2);
    CHECK(s.paragraphs.size() <= 5);
    CHECK(!s.quiz.empty());
  }
  CHECK(lesson.formula.size() >= 5);
  const int softmax = find_step(lesson, "softmax");
  CHECK(quiz_correct(lesson, softmax, 0, 0));
  CHECK_FALSE(quiz_correct(lesson, softmax, 0, 1));
  CHECK_FALSE(quiz_correct(lesson, 10, 0, 0));
  CHECK_FALSE(quiz_correct(lesson, 0, 7, 0));
}

TEST_CASE("broken lesson files give clear one-line errors", "[lesson]") {
  CHECK(parse_lesson("[").error() == "lesson.json: not a JSON object");
  CHECK(parse_lesson(R"({"steps": []})").error() == "lesson.json: 'steps' must be a list of 1 to 32 steps");
  std::string steps;
  for (int i = 0; i < 8; ++i)
    steps += std::string(i ? "," : "") + R"({"id":"s)" + std::to_string(i) + R"(","title":"t","paragraphs":["a","b"],"quiz":[{"question":"q","choices":["x","y"],"answer":)" +
             (i == 3 ? "5" : "1") + R"(,"explain":"e"}]})";
  CHECK(parse_lesson(R"({"steps":[)" + steps + "]}").error().find("step 4: the answer of \"q\"") != std::string::npos);
  CHECK(parse_lesson(R"({"steps":[{"id":"a","title":"t","paragraphs":["only one"]},1,2,3,4,5,6,7]})").error() ==
        "lesson.json: step 1 needs 2 to 5 paragraphs");
  const std::string step = R"({"title":"t","paragraphs":["a","b"],"id":)";
  CHECK(parse_lesson(R"({"steps":[)" + step + R"("a"},)" + step + R"("a"}]})").error() ==
        "lesson.json: step 2: the id 'a' is used twice");
  CHECK(parse_lesson(R"({"steps":[)" + step + R"("Bad Id\n"}]})").error() ==
        "lesson.json: step 1: its id must be 1 to 40 lower-case letters, digits and '_'");
  auto one = parse_lesson(R"({"steps":[)" + step + R"("only"}]})");
  REQUIRE(one.ok());
  CHECK(find_step(*one, "only") == 0);
  CHECK(find_step(*one, "other") == -1);
}

TEST_CASE("the weighted-sum text uses the trace's own weights, largest first", "[lesson]") {
  const auto& loaded = test::reference_model("f32");
  const auto ids = test::reference()["variants"]["f32"][0]["ids"].get<std::vector<int>>();
  auto tr = trace_tokens(loaded.model, ids);
  REQUIRE(tr.ok());
  std::vector<std::string> tokens;
  for (int id : ids) tokens.push_back(loaded.tokenizer.display(id));
  const int q = static_cast<int>(ids.size()) - 1;
  const std::string text = weighted_sum_text(*tr, tokens, 1, 2, q, 3);
  // The largest weight of this row, as PyTorch computed it, must open the sum.
  const auto& row = test::reference()["variants"]["f32"][0]["attention"][1][2][q];
  int best = 0;
  for (int k = 1; k <= q; ++k)
    if (row[k].get<double>() > row[best].get<double>()) best = k;
  char first[64];
  std::snprintf(first, sizeof first, "%.1f%%\u00B7V(%s)", 100 * row[best].get<double>(), tokens[best].c_str());
  CHECK(text.rfind(first, 0) == 0);
  CHECK(text.find(" more") != std::string::npos);
  // Softmax of the scaled scores is the trace's weights; without scaling it is peakier.
  const auto scaled = row_softmax(*tr, 1, 2, q, true), raw = row_softmax(*tr, 1, 2, q, false);
  for (int k = 0; k <= q; ++k) CHECK(scaled[k] == Approx(tr->weight(1, 2, q, k)).margin(1e-5));
  CHECK(entropy_bits(raw) < entropy_bits(scaled));
  CHECK(entropy_bits({0.5f, 0.5f}) == Approx(1.0));
}

TEST_CASE("PCA recovers the main axes of a known point cloud", "[lesson]") {
  // Points spread 10 : 3 : 1 along the axes of a rotated frame, plus an offset.
  Eigen::MatrixXf basis(3, 5);
  basis << 0.6f, 0.8f, 0, 0, 0,  //
      -0.8f, 0.6f, 0, 0, 0,      //
      0, 0, 1, 0, 0;
  Eigen::MatrixXf coords(6, 3);
  coords << 10, 0, 0, -10, 0, 0, 0, 3, 0, 0, -3, 0, 0, 0, 1, 0, 0, -1;
  const Eigen::MatrixXf x = (coords * basis).rowwise() + Eigen::RowVectorXf::Constant(5, 7.0f);
  const Eigen::MatrixXf p = pca_3d(x);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 3; ++j) CHECK(std::abs(p(i, j)) == Approx(std::abs(coords(i, j))).margin(1e-3));
}

TEST_CASE("without positions and mask, attention on permuted words is the same weights permuted", "[lesson][default-model]") {
  auto loaded = host::load_model_dir(std::string(ATTN_WEIGHTS_DIR) + "/default");
  REQUIRE(loaded.ok());
  const auto& m = loaded->model;
  std::vector<std::vector<int>> words;
  for (const char* w : {" boy", " sees", " girl"}) {
    words.push_back(loaded->tokenizer.encode(w));
    CHECK(words.back().size() == 1);  // the lesson's pair is written in whole-word tokens
  }
  const auto build = [&](std::vector<int> order, std::vector<int>* origin) {
    std::vector<int> ids;
    for (int w : order)
      for (size_t k = 0; k < words[w].size(); ++k) {
        ids.push_back(words[w][k]);
        origin->push_back(static_cast<int>(std::accumulate(words.begin(), words.begin() + w, size_t{0},
                                                           [](size_t n, const auto& v) { return n + v.size(); }) + k));
      }
    return ids;
  };
  std::vector<int> o1, o2;
  const auto a = build({0, 1, 2}, &o1), b = build({2, 1, 0}, &o2);  // boy sees girl / girl sees boy
  auto wa = first_layer_attention(m, a, false, false), wb = first_layer_attention(m, b, false, false);
  REQUIRE(wa.ok());
  REQUIRE(wb.ok());
  std::vector<int> pos_in_a(o1.size());
  for (size_t i = 0; i < o1.size(); ++i) pos_in_a[o1[i]] = static_cast<int>(i);
  double worst = 0;
  for (size_t h = 0; h < wa->size(); ++h)
    for (size_t r = 0; r < o2.size(); ++r)
      for (size_t c = 0; c < o2.size(); ++c)
        worst = std::max(worst, double(std::abs((*wb)[h](r, c) - (*wa)[h](pos_in_a[o2[r]], pos_in_a[o2[c]]))));
  CHECK(worst < 1e-5);
  // With positions, the same comparison breaks: order now matters.
  auto pa = first_layer_attention(m, a, true, false), pb = first_layer_attention(m, b, true, false);
  double differ = 0;
  for (size_t h = 0; h < pa->size(); ++h)
    for (size_t r = 0; r < o2.size(); ++r)
      for (size_t c = 0; c < o2.size(); ++c)
        differ = std::max(differ, double(std::abs((*pb)[h](r, c) - (*pa)[h](pos_in_a[o2[r]], pos_in_a[o2[c]]))));
  CHECK(differ > 1e-3);
  // And with positions and the mask, layer 0's weights are exactly the full model's trace.
  auto full = trace_tokens(m, a);
  auto causal = first_layer_attention(m, a, true, true);
  for (int h = 0; h < m.config.n_head; ++h)
    for (size_t r = 0; r < a.size(); ++r)
      for (size_t c = 0; c < a.size(); ++c) REQUIRE((*causal)[h](r, c) == Approx(full->weight(0, h, r, c)).margin(1e-5));
}

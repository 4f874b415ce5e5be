// The playground's single-head attention against PyTorch (reference.json "single_head").
#include <catch2/catch.hpp>

#include "analysis/toy_attention.h"
#include "test_support.h"

using namespace attn;

namespace {

Eigen::MatrixXf matrix(const nlohmann::json& rows) {
  Eigen::MatrixXf m(rows.size(), rows[0].size());
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t c = 0; c < rows[r].size(); ++c) m(r, c) = rows[r][c].get<float>();
  return m;
}

}  // namespace

TEST_CASE("single-head attention matches PyTorch at every step, causal and not", "[attention]") {
  for (const auto& c : test::reference()["single_head"]) {
    const bool causal = c["causal"];
    INFO("causal " << causal);
    auto a = single_head_attention(matrix(c["x"]), matrix(c["w_q"]), matrix(c["w_k"]), matrix(c["w_v"]), causal);
    REQUIRE(a.ok());
    CHECK(a->q.isApprox(matrix(c["q"]), 1e-5f));
    CHECK(a->k.isApprox(matrix(c["k"]), 1e-5f));
    CHECK(a->v.isApprox(matrix(c["v"]), 1e-5f));
    CHECK((a->scores - matrix(c["scores"])).cwiseAbs().maxCoeff() < 1e-4f);
    CHECK((a->scaled - matrix(c["scaled"])).cwiseAbs().maxCoeff() < 1e-4f);
    CHECK((a->weights - matrix(c["weights"])).cwiseAbs().maxCoeff() < 1e-5f);
    CHECK((a->output - matrix(c["output"])).cwiseAbs().maxCoeff() < 1e-4f);
    CHECK(a->mask(0, 1) == (causal ? 0 : 1));
    CHECK(a->mask(4, 0) == 1);
  }
}

TEST_CASE("single-head attention rejects mismatched shapes", "[attention]") {
  const Eigen::MatrixXf x = Eigen::MatrixXf::Ones(3, 4), w = Eigen::MatrixXf::Ones(4, 2), bad = Eigen::MatrixXf::Ones(5, 2);
  CHECK(single_head_attention(x, bad, w, w, true).error().find("rows") != std::string::npos);
  CHECK(single_head_attention(x, w, Eigen::MatrixXf::Ones(4, 3), w, true).error().find("d_k") != std::string::npos);
  CHECK(single_head_attention(Eigen::MatrixXf(0, 4), w, w, w, true).error() == "attention: no tokens");
}

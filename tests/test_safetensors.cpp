#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "compute/half.h"
#include "io/safetensors.h"
#include "test_support.h"

using namespace attn;
using test::safetensors_bytes;

namespace {

std::string parse_error(const std::string& file) {
  auto r = parse_safetensors(reinterpret_cast<const uint8_t*>(file.data()), file.size(), "model.safetensors");
  return r.ok() ? "" : r.error();
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a well-formed file parses, metadata and padding included", "[safetensors]") {
  const std::string data(4 * 6 + 2 * 2, '\0');
  const std::string header =
      R"({"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
      R"("b":{"dtype":"F16","shape":[2],"data_offsets":[24,28]}}   )";
  const std::string file = safetensors_bytes(header, data);
  auto r = parse_safetensors(reinterpret_cast<const uint8_t*>(file.data()), file.size(), "x");
  REQUIRE(r.ok());
  REQUIRE(r->tensors.size() == 2);
  REQUIRE(r->find("a") != nullptr);
  CHECK(r->find("a")->shape == std::vector<int64_t>{2, 3});
  CHECK(r->find("b")->bytes == 4);
  CHECK(r->find("c") == nullptr);
}

TEST_CASE("every malformed file gets a one-line error naming the file and tensor", "[safetensors]") {
  const std::string d24(24, '\0');
  const auto t = [](const std::string& body) { return "{\"w\":" + body + "}"; };
  struct Case {
    std::string name, file, expect;
  } cases[] = {
      {"too short", std::string("\x05\0\0", 3), "too short"},
      {"header longer than file", safetensors_bytes("{}", "").substr(0, 8) + "x", "does not fit"},
      {"huge header length", std::string("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F", 8) + "{}", "does not fit"},
      {"header not JSON", safetensors_bytes("{not json", d24), "not a JSON object"},
      {"header JSON array", safetensors_bytes("[1,2]", d24), "not a JSON object"},
      {"entry not object", safetensors_bytes(t("3"), d24), "'w' is not an object"},
      {"missing dtype", safetensors_bytes(t(R"({"shape":[6],"data_offsets":[0,24]})"), d24), "'w' has no dtype"},
      {"unknown dtype", safetensors_bytes(t(R"({"dtype":"Q4","shape":[6],"data_offsets":[0,24]})"), d24), "unknown dtype 'Q4'"},
      {"negative dimension", safetensors_bytes(t(R"({"dtype":"F32","shape":[-6],"data_offsets":[0,24]})"), d24), "negative"},
      {"missing shape", safetensors_bytes(t(R"({"dtype":"F32","data_offsets":[0,24]})"), d24), "no valid shape"},
      {"offsets not pair", safetensors_bytes(t(R"({"dtype":"F32","shape":[6],"data_offsets":[0]})"), d24), "data_offsets"},
      {"offsets past end", safetensors_bytes(t(R"({"dtype":"F32","shape":[6],"data_offsets":[4,28]})"), d24), "outside"},
      {"offsets reversed", safetensors_bytes(t(R"({"dtype":"F32","shape":[6],"data_offsets":[24,0]})"), d24), "outside"},
      {"size mismatch", safetensors_bytes(t(R"({"dtype":"F32","shape":[5],"data_offsets":[0,24]})"), d24), "shape needs 20"},
      {"2 GB claimed", safetensors_bytes(t(R"({"dtype":"F32","shape":[536870912],"data_offsets":[0,2147483648]})"), d24),
       "outside"},
      {"absurd shape", safetensors_bytes(t(R"({"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,24]})"), d24),
       "absurdly large"},
      {"duplicate name", safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                           R"("w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", d24), "'w' appears twice"},
      {"overlap", safetensors_bytes(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                                    R"("b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})", d24), "overlap"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const std::string e = parse_error(c.file);
    CHECK(contains(e, "model.safetensors"));
    CHECK(contains(e, c.expect));
    CHECK(e.find('\n') == std::string::npos);
  }
}

TEST_CASE("F16 and BF16 convert exactly", "[safetensors]") {
  CHECK(half_to_float(0x3C00) == 1.0f);
  CHECK(half_to_float(0xC000) == -2.0f);
  CHECK(half_to_float(0x7BFF) == 65504.0f);
  CHECK(half_to_float(0x0001) == std::ldexp(1.0f, -24));  // smallest subnormal
  CHECK(half_to_float(0x8200) == -std::ldexp(1.0f, -15));
  CHECK(half_to_float(0x7C00) == std::numeric_limits<float>::infinity());
  CHECK(std::isnan(half_to_float(0x7E00)));
  CHECK(half_to_float(0x3555) == Approx(0.333251953125f).epsilon(0));
  CHECK(bf16_to_float(0x3F80) == 1.0f);
  CHECK(bf16_to_float(0xC0A0) == -5.0f);
  // Every finite half, round-tripped through the reference definition value = (-1)^s · 2^(e-15) · (1 + m/1024).
  for (uint32_t h = 0; h < 0x7C00; ++h) {
    const int e = h >> 10, m = h & 0x3FF;
    const float expect = e == 0 ? std::ldexp(float(m), -24) : std::ldexp(1.0f + m / 1024.0f, e - 15);
    REQUIRE(half_to_float(static_cast<uint16_t>(h)) == expect);
  }
}

TEST_CASE("float_to_half inverts half_to_float and rounds to nearest even", "[safetensors]") {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    if ((h & 0x7C00) == 0x7C00 && (h & 0x3FF)) continue;  // NaN payloads
    REQUIRE(float_to_half(half_to_float(static_cast<uint16_t>(h))) == h);
  }
  CHECK(float_to_half(1.0f + std::ldexp(1.0f, -11)) == 0x3C00);      // tie → even (down)
  CHECK(float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)) == 0x3C02);  // tie → even (up)
  CHECK(float_to_half(65520.0f) == 0x7C00);                         // rounds past the largest half
  CHECK(float_to_half(65519.0f) == 0x7BFF);
  CHECK(float_to_half(std::ldexp(1.0f, -25)) == 0x0000);             // half of the smallest subnormal: tie → 0
  CHECK(float_to_half(std::ldexp(1.5f, -25)) == 0x0001);
  CHECK(std::isnan(half_to_float(float_to_half(std::nanf("")))));
}

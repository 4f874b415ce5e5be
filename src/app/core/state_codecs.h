// How each field of the reader's state (core/state_fields.def) is written to a link and the JSON and read
// back from a link. Every read goes through the actions (core/actions.cpp) where one exists, so a link
// passes the same door as a click; numbers are clamped to the row's range, text is checked and cut.
#pragma once
#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

#include "core/app.h"
#include "core/url_state.h"  // kMaxUrlText

namespace attn::app {

struct FieldRange {
  double lo, hi;
  int ilo() const { return static_cast<int>(lo); }
  int ihi() const { return static_cast<int>(hi); }
  float flo() const { return static_cast<float>(lo); }
  float fhi() const { return static_cast<float>(hi); }
};

// Each row's lo..hi (kFieldRange::top_k), so the controls that set a field (sliders, drags) use the table's range.
namespace kFieldRange {
#define ATTN_STATE(type, member, def, key, lo, hi, codec) inline constexpr FieldRange member{double(lo), double(hi)};
#include "core/state_fields.def"
#undef ATTN_STATE
}  // namespace kFieldRange

std::string link_number(double v);                      // the shortest text that reads back as the same float
bool parse_link_number(const std::string& s, double* out);  // a finite number, else false

// The default codec, for numbers and booleans: numbers clamped to lo..hi (by the door), booleans "1"/"0".
struct Plain {
  static constexpr bool kAlways = false;     // written even at its default
  static constexpr bool kNeedsModel = false;  // read only once a model is loaded (it is checked against it)
  static constexpr bool kAbsentIsDefault = false;  // a link without it means its default (else: left as it is)
  static constexpr bool kInLink = true;  // false: read from the page's query only (how an embed is opened)

  template <class T>
  static std::string write(const App&, const T& v) {
    if constexpr (std::is_same_v<T, bool>) return v ? "1" : "0";
    else if constexpr (std::is_same_v<T, std::string>) return v;
    else if constexpr (std::is_floating_point_v<T>) return link_number(v);
    else return std::to_string(v);
  }
  // A link's value as the field's type (false: not one); the link then sets it through the door
  // (core/state_door.h), which clamps it to the row's range as it does a slider's.
  template <class T>
  static bool parse(const std::string& value, T* out) {
    if constexpr (std::is_same_v<T, bool>) {
      if (value != "1" && value != "0") return false;
      *out = value == "1";
    } else {
      double v;
      if (!parse_link_number(value, &v)) return false;
      v = std::clamp(v, -0x1p53, 0x1p53);  // then within every integer type's range, so the cast is defined
      if constexpr (std::is_integral_v<T>)  // floored as the door floors a control's value (-0.5 is -1)
        v = std::clamp(std::floor(v), double(std::numeric_limits<T>::lowest()), double(std::numeric_limits<T>::max()));
      *out = static_cast<T>(v);
    }
    return true;
  }
  template <class T>
  static nlohmann::json json(const App&, const T& v) { return v; }
};

// Plain, with -1 meaning "none": written to the JSON as null (the one dialect of analysis/result_json.h).
struct OptionalPlain : Plain {
  static nlohmann::json json(const App&, const int& v) { return v < 0 ? nlohmann::json() : nlohmann::json(v); }
};

// Plain, read from the page's query and never written to its link (controls=0 of an embed).
struct QueryPlain : Plain {
  static constexpr bool kInLink = false;
};

// Plain, but read only with a model loaded (after the rows that need one before it); a link without it
// means its default (`pick`: a link that does not say the head was chosen by hand lets the lesson choose).
struct ModelPlain : Plain {
  static constexpr bool kNeedsModel = true, kAbsentIsDefault = true;
};

// The codecs of fields with more to them than a range; defined in core/state_codecs.cpp.
#define ATTN_CODEC(Name, Type, always, needs_model, absent_is_default, in_link)                          \
  struct Name {                                                                                          \
    static constexpr bool kAlways = always, kNeedsModel = needs_model, kAbsentIsDefault = absent_is_default, \
                          kInLink = in_link;                                                             \
    static std::string write(const App& app, const Type& v);                                             \
    static std::string read(App& app, Type& field, const std::string& value, FieldRange r);              \
    static nlohmann::json json(const App& app, const Type& v);                                           \
  };
ATTN_CODEC(TextCodec, std::string, true, false, false, true)      // cut to hi characters (with a note), through app_set_text
ATTN_CODEC(ViewCodec, View, true, false, false, true)             // the view's id
ATTN_CODEC(EmbedCodec, bool, false, false, false, false)    // ?embed=VIEW: that view alone (query only)
ATTN_CODEC(ThemeCodec, int, false, false, false, true)            // auto / dark / light
ATTN_CODEC(LangCodec, std::string, false, false, false, true)     // a known language; the host switches (status.asked_lang)
ATTN_CODEC(LayerCodec, int, false, true, false, true)             // within the model's layers
ATTN_CODEC(HeadCodec, int, false, true, false, true)              // within the model's heads
ATTN_CODEC(SelectedCodec, int, false, true, true, true)          // a token of the text; the JSON gives the one in use
ATTN_CODEC(AttrTokenCodec, int, false, true, true, true)   // the token whose logit is split: an id of the vocabulary, or -1
ATTN_CODEC(AttrVersusCodec, int, false, true, true, true)  // the token it is compared with: the same, or -1
ATTN_CODEC(KnockModeCodec, AblationMode, false, true, false, true)  // "zero" / "mean"
ATTN_CODEC(KnockoutCodec, HeadList, false, true, false, true)       // "3.2,0.1", checked against the model
ATTN_CODEC(PartnerHeadCodec, HeadRef, false, false, false, true)  // "3.2", clamped to the partner once it loads
ATTN_CODEC(StepCodec, int, false, false, false, true)             // the step's id (old links' numbers still work)
ATTN_CODEC(QuizCodec, QuizAnswers, false, false, false, true)     // "softmax-1-2.tokens-0-1"
ATTN_CODEC(WordsCodec, std::string, false, false, false, true)    // through app_set_field (its character cap)
#undef ATTN_CODEC

}  // namespace attn::app

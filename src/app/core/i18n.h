// The reader's language. Every string a reader sees is looked up here by a key ("next.title"); a key
// missing in the chosen language falls back to English (compiled in from assets/lang/en.json), and one
// missing there too shows as the key itself, so a gap is visible and scripts/check_catalogue.py lists it.
// Sentences with numbers carry named placeholders ("{n} heads knocked out") so word order can change.
#pragma once
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace attn::app {

// The languages the page is translated into, in the picker's order: code and the language's own name.
struct Language {
  const char* code;
  const char* name;
};
const std::vector<Language>& languages();
// "es-MX" → "es"; unknown or hostile input → "" (callers keep English).
std::string supported_language(const std::string& tag);

// Switches the catalogue: `json` is the language's catalogue file ({"key": "text", ...}). English needs none.
// Returns "" or a one-line error (the language then stays English for every key).
std::string set_language(const std::string& code, const std::string& json = "");
const std::string& language();  // "en", "es", "zh"

// The text for `key` in the current language (English when missing). The pointer stays valid until the
// language changes.
const char* tr(const char* key);
// With placeholders: trf("next.knocked_out", {{"n", "3"}}) fills "{n}".
using Args = std::initializer_list<std::pair<const char*, std::string>>;
std::string trf(const char* key, Args args);
// A count: "<key>.one" when n == 1, else "<key>.other"; "{n}" is n.
std::string trn(const char* key, long long n, Args args = {});
// A translated label with an ID that does not change with the language ("Ablate###ablate").
std::string label(const char* key, const char* id);

// Numbers in the language's convention: decimal comma and a space before % in Spanish ("87,9 %").
std::string number(double v, int decimals);
std::string percent(double p, int decimals = 1);  // p = 0.879 → "87.9%" / "87,9 %"

// Every key in the current language's catalogue and in English (for tests).
std::vector<std::string> catalogue_keys(bool english);
// Fills {name} placeholders in `text` (unknown names are left as they are).
std::string fill(std::string text, Args args);

}  // namespace attn::app

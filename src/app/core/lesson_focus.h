// What the lesson shows first, chosen from the loaded model's own numbers on the reader's text: the head
// that looks most sharply from the query token, the layer whose heads differ most, the answer to "what
// does 'it' refer to?", and the same scores without the causal mask (GPT-2 as if it were an encoder).
#pragma once
#include <string>
#include <vector>

#include "analysis/head_choice.h"
#include "run/trace.h"

namespace attn::app {

struct App;

// "What does 'it' refer to?": the query is the token that completes the text's last pronoun (`pronouns`, the
// language's: "it|It", "ella|Ella", "它"; `pieces` each token's bytes), else the selected token; the answer is
// where the clearest head from it puts the most weight.
struct PronounAnswer {
  int query = -1;  // -1 when the text has no token
  bool found_it = false;  // the query is an "it"
  HeadChoice head;
};
PronounAnswer answer_it(const Trace& trace, const std::vector<std::string>& pieces, int selected, const std::string& pronouns);

// The two choices above for the current trace and query, computed when either changes.
struct LessonFocus {
  int generation = -1, query = -1;  // what they were computed for
  HeadChoice head;
  int layer = 0;
};

// One line comparing the two for the query: "With the mask, "it" spreads 100% over 9 tokens; without it,
// 31.0% goes to the 5 tokens after it."
std::string encoder_reading(const Trace& trace, const std::vector<std::string>& tokens, int layer, int head, int query);

// The focus for the current trace and selected token, recomputed if they changed since it was cached.
const LessonFocus& lesson_focus(App& app);

// The lesson's steps 4-7 open on the clearest head for the selected token, step 8 on the most varied
// layer, unless the reader picked a head by hand (state.head_by_hand). Called each frame; cheap.
void follow_lesson_focus(App& app);
bool step_follows_clearest_head(const std::string& step_id);  // "scores", "scaling", "softmax", "weighted_sum"

}  // namespace attn::app

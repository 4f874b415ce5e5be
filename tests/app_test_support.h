// The reference model loaded the way the page loads it, for the app-core tests.
#pragma once
#include <memory>

#include "core/app.h"
#include "test_support.h"

namespace attn::test {

// The reference model as the app loads it (bytes → SessionModel), a fresh copy each call.
std::unique_ptr<app::SessionModel> reference_app_model();
// An app with that model and assets/lesson.json loaded and the default sentence traced.
app::App reference_app();

}  // namespace attn::test

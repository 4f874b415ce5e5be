// Large allocations are asked for before they are made, so running out of memory is an error line, not an
// abort: the WebAssembly build's malloc returns null when the heap cannot grow (ABORTING_MALLOC=0), but
// operator new and Eigen abort. reserve_memory() mallocs the whole amount a step will need, frees it, and
// says whether it was there; the step then allocates into memory the heap already holds.
#pragma once
#include <cstddef>
#include <string>

#include "expected.h"

namespace attn {

// Fails with "not enough memory for WHAT (N MB)" when `bytes` cannot be had now.
Expected<bool> reserve_memory(size_t bytes, const std::string& what);

// Failure injection for tests: the n-th reserve_memory() call from now fails (n >= 1); 0 turns it off.
void fail_nth_reservation(int n);

}  // namespace attn

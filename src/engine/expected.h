// A value or a one-line error message. The engine never throws or exits: callers (CLI, page) show the text.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace attn {

struct Error {
  std::string message;
};

template <class T>
class Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}
  Expected(Error error) : error_(std::move(error.message)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const std::string& error() const { return error_; }

  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T take() { return std::move(*value_); }

 private:
  std::optional<T> value_;
  std::string error_;
};

inline Error fail(std::string message) { return Error{std::move(message)}; }

}  // namespace attn

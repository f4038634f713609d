#pragma once
// The last N finished calls (summary and timeline), so the admin API's
// GET /v1/calls/{uuid} still explains a call after it ended
// ([admin] keep-finished-calls). The oldest goes when a new one comes.
//
// Ownership: the Switch owns it. Threading: loop thread only.

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/call/view.hpp"

namespace ctib::b2bua {

class FinishedCalls {
 public:
  explicit FinishedCalls(std::size_t capacity) : capacity_(capacity) {}
  FinishedCalls(const FinishedCalls&) = delete;
  FinishedCalls& operator=(const FinishedCalls&) = delete;

  void add(call::CallView view);
  // The finished call, or nullptr. Valid until the next add().
  [[nodiscard]] call::CallView* find(std::string_view uuid);
  [[nodiscard]] std::size_t size() const noexcept { return calls_.size(); }

 private:
  std::size_t capacity_;
  // A deque keeps element addresses stable through push_back / pop_front,
  // so the index can point into it.
  std::deque<call::CallView> calls_;
  std::unordered_map<std::string_view, call::CallView*> by_uuid_;  // keys view calls_[i].uuid
};

}  // namespace ctib::b2bua

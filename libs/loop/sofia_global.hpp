#pragma once
// Process-wide sofia-sip initialisation (su_init(): SIGPIPE ignored,
// thread-safe su_home, logging). The composition root owns exactly one, built
// before and destroyed after every SuRootLoop; SuRootLoop takes it by
// reference so that order is visible in the types. No hidden singleton.

namespace ctib::loop {

class SofiaGlobal {
 public:
  // Throws std::runtime_error if su_init() fails (startup only).
  SofiaGlobal();
  ~SofiaGlobal();
  SofiaGlobal(const SofiaGlobal&) = delete;
  SofiaGlobal& operator=(const SofiaGlobal&) = delete;
};

}  // namespace ctib::loop

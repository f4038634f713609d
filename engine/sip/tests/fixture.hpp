#pragma once
// Shared setup for the loopback tests: a loop, helpers to run SIPp against a
// profile and to shut a profile down the supported way.

#include <gtest/gtest.h>

#include <memory>

#include "engine/sip/profile.hpp"
#include "engine/sip/tests/recorders.hpp"
#include "engine/sip/tests/sipp_runner.hpp"
#include "engine/sip/tests/test_loop.hpp"

namespace ctib::sip::test {

inline std::unique_ptr<Profile> make_profile(TestLoop& loop, ProfileHandler& handler, const std::string& name = "internal") {
  auto created = Profile::create(loop.root(), test_config(pick_free_port(), name), handler);
  EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().detail);
  return created ? std::move(*created) : nullptr;
}

inline std::string profile_address(const Profile& p) {
  return p.config().listen_ip + ":" + std::to_string(p.config().port);
}

inline void stop(TestLoop& loop, std::unique_ptr<Profile>& profile) {
  bool done = false;
  profile->shutdown([&] { done = true; });
  EXPECT_TRUE(loop.run_until([&] { return done; }));
  profile.reset();
}

// Runs the loop until SIPp exits; then expects it to have succeeded.
inline void expect_sipp_success(TestLoop& loop, Sipp& sipp) {
  ASSERT_TRUE(loop.run_until([&] { return sipp.finished(); })) << sipp.logs();
  EXPECT_EQ(sipp.exit_code(), 0) << sipp.logs();
}

}  // namespace ctib::sip::test

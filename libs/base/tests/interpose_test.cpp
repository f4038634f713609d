#include "libs/base/interpose.hpp"

#include <gtest/gtest.h>
#include <string.h>  // NOLINT(modernize-deprecated-headers): strverscmp is glibc's, declared here

namespace {

int calls = 0;

int not_exported() {
  return 0;
}

}  // namespace

// This test redefines one libc function the way the engine redefines
// sofia's: counts, then forwards to libc's own through next_definition.
extern "C" int strverscmp(const char* a, const char* b) noexcept {
  using Compare = int (*)(const char*, const char*);
  static const auto libc = ctib::base::next_definition<Compare>("strverscmp");
  ++calls;
  return libc(a, b);
}

namespace ctib::base {
namespace {

TEST(Interpose, TheExecutablesDefinitionWinsAndForwardsToTheLibrarys) {
  EXPECT_TRUE(resolves_to("strverscmp", reinterpret_cast<const void*>(&::strverscmp)));
  EXPECT_TRUE(interposes("strverscmp", reinterpret_cast<const void*>(&::strverscmp)));
  const auto libc = next_definition<int (*)(const char*, const char*)>("strverscmp");
  ASSERT_NE(libc, nullptr);
  EXPECT_NE(reinterpret_cast<const void*>(libc), reinterpret_cast<const void*>(&::strverscmp));
  // Called through the process's lookup, as libc would be by another library.
  const auto resolved = reinterpret_cast<int (*)(const char*, const char*)>(next_definition("strverscmp"));
  EXPECT_LT(resolved("a9", "a10"), 0);
  const int before = calls;
  EXPECT_LT(::strverscmp("a9", "a10"), 0);
  EXPECT_EQ(calls, before + 1);
}

TEST(Interpose, FalseForWhatTheExecutableDoesNotDefine) {
  EXPECT_FALSE(resolves_to("getpid", reinterpret_cast<const void*>(&not_exported)));
  EXPECT_FALSE(interposes("getpid", reinterpret_cast<const void*>(&not_exported)));
  EXPECT_EQ(next_definition("ctib_no_such_function_anywhere"), nullptr);
  EXPECT_FALSE(interposes("ctib_no_such_function_anywhere", nullptr));
}

TEST(Interpose, SameObjectTellsTheExecutableFromLibc) {
  const void* ours = reinterpret_cast<const void*>(&::strverscmp);
  const void* libc = next_definition("strverscmp");
  EXPECT_TRUE(same_object(ours, reinterpret_cast<const void*>(&not_exported)));
  EXPECT_TRUE(same_object(libc, next_definition("getpid")));
  EXPECT_FALSE(same_object(ours, libc));
  EXPECT_FALSE(same_object(ours, nullptr));
}

}  // namespace
}  // namespace ctib::base

#pragma once
// A fresh spool directory per test (named by pid and test), removed after
// it, and a count of the notifications spooled in it.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace ctib::events::testing {

class SpoolDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          ("ctib-spool-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  std::size_t spooled_files() {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.path().extension() == ".json";
    return n;
  }

  std::filesystem::path dir;
};

}  // namespace ctib::events::testing

// URL and token: --url/--token, then the environment, then [admin] of the
// config file (given, or the default when it exists), then the default address.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/address.hpp"

namespace ctib::cli {
namespace {

class CliAddressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ctib_cli_address_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    defaults_.engine_config = (dir_ / "absent-engine.toml").string();
    defaults_.numbers_config = (dir_ / "absent-numbers.toml").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string file(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  std::filesystem::path dir_;
  Defaults defaults_;
};

TEST_F(CliAddressTest, CommandLineWinsOverEnvironmentAndFile) {
  const std::string config = file("e.toml", "[admin]\naddress = \"10.0.0.1:9000\"\ntoken = \"file\"\n");
  auto e = resolve_endpoint({"http://cli:1/", "cli-token", config, "http://env:2", "env-token"}, Service::engine,
                            defaults_);
  ASSERT_TRUE(e.has_value()) << e.error();
  EXPECT_EQ(e->url, "http://cli:1");
  EXPECT_EQ(e->token, "cli-token");
}

TEST_F(CliAddressTest, EnvironmentWinsOverFile) {
  const std::string config = file("e.toml", "[admin]\naddress = \"10.0.0.1:9000\"\ntoken = \"file\"\n");
  auto e = resolve_endpoint({{}, {}, config, "http://env:2", "env-token"}, Service::engine, defaults_);
  ASSERT_TRUE(e.has_value()) << e.error();
  EXPECT_EQ(e->url, "http://env:2");
  EXPECT_EQ(e->token, "env-token");
}

TEST_F(CliAddressTest, EachValueComesFromItsOwnFirstSource) {
  const std::string config = file("e.toml", "[admin]\naddress = \"10.0.0.1:9000\"\ntoken = \"file\"\n");
  auto e = resolve_endpoint({"http://cli:1", {}, config, {}, {}}, Service::engine, defaults_);
  ASSERT_TRUE(e.has_value()) << e.error();
  EXPECT_EQ(e->url, "http://cli:1");
  EXPECT_EQ(e->token, "file");
  auto f = resolve_endpoint({{}, {}, config, {}, "env-token"}, Service::engine, defaults_);
  ASSERT_TRUE(f.has_value()) << f.error();
  EXPECT_EQ(f->url, "http://10.0.0.1:9000");
  EXPECT_EQ(f->token, "env-token");
}

TEST_F(CliAddressTest, DefaultFileIsUsedOnlyWhenItExistsAndPerService) {
  auto none = resolve_endpoint({{}, {}, {}, {}, "t"}, Service::engine, defaults_);
  ASSERT_TRUE(none.has_value()) << none.error();
  EXPECT_EQ(none->url, "http://127.0.0.1:8021");
  auto numbers = resolve_endpoint({{}, {}, {}, {}, "t"}, Service::numbers, defaults_);
  ASSERT_TRUE(numbers.has_value());
  EXPECT_EQ(numbers->url, "http://127.0.0.1:8022");

  defaults_.engine_config = file("engine.toml", "[admin]\naddress = \"127.0.0.1:7001\"\ntoken = \"e\"\n");
  defaults_.numbers_config = file("numbers.toml", "[admin]\naddress = \"127.0.0.1:7002\"\ntoken = \"n\"\n");
  auto engine = resolve_endpoint({}, Service::engine, defaults_);
  ASSERT_TRUE(engine.has_value()) << engine.error();
  EXPECT_EQ(engine->url, "http://127.0.0.1:7001");
  EXPECT_EQ(engine->token, "e");
  auto num = resolve_endpoint({}, Service::numbers, defaults_);
  ASSERT_TRUE(num.has_value()) << num.error();
  EXPECT_EQ(num->url, "http://127.0.0.1:7002");
  EXPECT_EQ(num->token, "n");
}

TEST_F(CliAddressTest, ConfigWithoutAddressKeepsTheDefaultAddress) {
  const std::string config = file("e.toml", "[engine]\nmax-calls = 5\n[admin]\ntoken = \"s3cret\"\n");
  auto e = resolve_endpoint({{}, {}, config, {}, {}}, Service::engine, defaults_);
  ASSERT_TRUE(e.has_value()) << e.error();
  EXPECT_EQ(e->url, "http://127.0.0.1:8021");
}

TEST_F(CliAddressTest, MissingTokenIsAnErrorThatNeverShowsATokenValue) {
  auto e = resolve_endpoint({"http://x:1", {}, {}, {}, {}}, Service::engine, defaults_);
  ASSERT_FALSE(e.has_value());
  EXPECT_NE(e.error().find("no admin token"), std::string::npos);
  auto empty = resolve_endpoint({"http://x:1", "", {}, {}, {}}, Service::engine, defaults_);
  EXPECT_FALSE(empty.has_value());
}

TEST_F(CliAddressTest, BadSourcesAreUsageErrorsNamingTheSource) {
  auto bad_url = resolve_endpoint({"ftp://x", "t", {}, {}, {}}, Service::engine, defaults_);
  ASSERT_FALSE(bad_url.has_value());
  EXPECT_NE(bad_url.error().find("--url"), std::string::npos);
  auto bad_env = resolve_endpoint({{}, "t", {}, "127.0.0.1:8021", {}}, Service::engine, defaults_);
  ASSERT_FALSE(bad_env.has_value());
  EXPECT_NE(bad_env.error().find("CTIB_ADMIN_URL"), std::string::npos);

  auto missing = resolve_endpoint({{}, {}, (dir_ / "nope.toml").string(), {}, {}}, Service::engine, defaults_);
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().find("cannot be read"), std::string::npos);

  const std::string broken = file("broken.toml", "[admin\n");
  auto parse = resolve_endpoint({{}, {}, broken, {}, {}}, Service::engine, defaults_);
  ASSERT_FALSE(parse.has_value());
  EXPECT_NE(parse.error().find("broken.toml:1"), std::string::npos);

  const std::string off = file("off.toml", "[admin]\naddress = \"\"\ntoken = \"t\"\n");
  auto disabled = resolve_endpoint({{}, {}, off, {}, {}}, Service::engine, defaults_);
  ASSERT_FALSE(disabled.has_value());
  EXPECT_NE(disabled.error().find("off"), std::string::npos);

  const std::string number = file("n.toml", "[admin]\ntoken = 5\n");
  auto typed = resolve_endpoint({{}, {}, number, {}, {}}, Service::engine, defaults_);
  ASSERT_FALSE(typed.has_value());
  EXPECT_NE(typed.error().find("admin.token: must be a string"), std::string::npos);
}

TEST_F(CliAddressTest, CommandLineAloneNeedsNoReadableFile) {
  // The given file does not exist, but nothing is missing, so it is not read.
  auto e = resolve_endpoint({"http://x:1", "t", (dir_ / "nope.toml").string(), {}, {}}, Service::engine, defaults_);
  EXPECT_TRUE(e.has_value());
}

TEST(CliAddressToUrlTest, HostPortBecomesAnHttpUrl) {
  EXPECT_EQ(*address_to_url("127.0.0.1:8021"), "http://127.0.0.1:8021");
  EXPECT_EQ(*address_to_url("admin.example:80"), "http://admin.example:80");
  EXPECT_EQ(*address_to_url("[::1]:8021"), "http://[::1]:8021");
  EXPECT_EQ(*address_to_url("0.0.0.0:8021"), "http://127.0.0.1:8021");
  EXPECT_EQ(*address_to_url("[::]:8021"), "http://[::1]:8021");
  EXPECT_FALSE(address_to_url("127.0.0.1").has_value());
  EXPECT_FALSE(address_to_url(":8021").has_value());
  EXPECT_FALSE(address_to_url("h:65536").has_value());
  EXPECT_FALSE(address_to_url("h:-1").has_value());
  EXPECT_FALSE(address_to_url("h:x").has_value());
  auto zero = address_to_url("127.0.0.1:0");
  ASSERT_FALSE(zero.has_value());
  EXPECT_NE(zero.error().find("port 0"), std::string::npos);
}

}  // namespace
}  // namespace ctib::cli

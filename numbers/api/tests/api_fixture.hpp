#pragma once
// API tests: the real server on 127.0.0.1 (ephemeral port) over a SQLite
// repository in a temp dir, a fake clock, and a blocking HTTP client.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "libs/http_server/client.hpp"
#include "libs/http_server/server.hpp"
#include "numbers/api/routes.hpp"

namespace ctib::numbers::api::testing {

using Json = nlohmann::json;

struct Reply {
  unsigned status = 0;
  Json body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string raw;  // the body as received (a WAV, ...)
};

class NumbersApiTest : public ::testing::Test {
 protected:
  static constexpr const char* kKey = "test-key";
  static constexpr const char* kSecret = "s3cret";
  static constexpr const char* kAcmeKey = "acme-key";
  static constexpr const char* kGlobexKey = "globex-key";
  static constexpr const char* kOperatorKey = "operator-key";
  static constexpr const char* kSlowKey = "slow-key";  // 2 at once, then one per 1000 s

  void SetUp() override;
  void TearDown() override;

  Reply call(const std::string& method, const std::string& target, const Json& body = nullptr,
             bool with_key = true);
  Reply call_as(const std::string& key, const std::string& method, const std::string& target,
                const Json& body = nullptr);
  Reply get(const std::string& target) { return call("GET", target); }
  Reply post(const std::string& target, const Json& body) { return call("POST", target, body); }
  Reply patch(const std::string& target, const Json& body) { return call("PATCH", target, body); }
  Reply del(const std::string& target) { return call("DELETE", target); }
  // The engine's GET to the cti endpoint, secret in the URL.
  Reply cti(const std::string& params);

  void import(const std::string& number, const std::string& area);
  // A live AXB binding of a and b, returned as JSON.
  Json bind(const std::string& a, const std::string& b, Json extra = Json::object());
  std::string in(std::chrono::seconds s) const;

  // Expects a 400 naming `field`.
  void expect_invalid(const Reply& r, const std::string& field) const;

  model::FakeClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<storage::Repository> repo_;
  std::unique_ptr<pool::PoolService> pool_;
  std::unique_ptr<bindings::BindingService> bindings_;
  std::unique_ptr<bindings::CallRouter> router_;
  std::unique_ptr<records::RecordWriter> writer_;
  std::unique_ptr<records::RecordService> records_;
  ApiConfig config_;
  std::unique_ptr<Context> context_;
  std::unique_ptr<http_server::Server> server_;
  std::unique_ptr<http_server::Client> client_;
};

}  // namespace ctib::numbers::api::testing

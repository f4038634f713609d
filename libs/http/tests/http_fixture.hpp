#pragma once
// Shared set-up for the client tests: one loop, one test server, one client,
// built in dependency order and destroyed in reverse. Every test runs with
// each client (the test parameter): CurlMultiClient and LeanClient keep the
// same contract.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "libs/http/curl_multi_client.hpp"
#include "libs/http/lean_client.hpp"
#include "libs/http/tests/test_server.hpp"
#include "libs/loop/su_root_loop.hpp"

namespace ctib::http::testing {

using std::chrono::milliseconds;

// What a callback saw. Shared so a test can check it after the request is gone.
struct Outcome {
  int calls = 0;
  std::optional<Result> result;

  [[nodiscard]] bool done() const { return calls > 0; }
  [[nodiscard]] const Response& response() const { return result->value(); }
  [[nodiscard]] const Failure& failure() const { return result->error(); }
};

enum class ClientKind { Curl, Lean };

inline std::string client_name(const ::testing::TestParamInfo<ClientKind>& info) {
  return info.param == ClientKind::Curl ? "curl" : "lean";
}

class HttpTest : public ::testing::TestWithParam<ClientKind> {
 protected:
  static ClientOptions default_options() {
    ClientOptions options;
    options.max_body_bytes = 1000;
    return options;
  }

  static Request get(std::string url) {
    Request r;
    r.url = std::move(url);
    return r;
  }

  // A callback recording into a fresh Outcome.
  static std::pair<std::shared_ptr<Outcome>, Callback> recorder() {
    auto outcome = std::make_shared<Outcome>();
    return {outcome, [outcome](Result r) {
              ++outcome->calls;
              outcome->result.emplace(std::move(r));
            }};
  }

  std::shared_ptr<Outcome> send(Request request, RequestHandle* handle_out = nullptr) {
    auto [outcome, callback] = recorder();
    RequestHandle handle = client_->send(std::move(request), std::move(callback));
    if (handle_out != nullptr) {
      *handle_out = std::move(handle);
    } else {
      handles_.push_back(std::move(handle));
    }
    return outcome;
  }

  bool run_until(const std::function<bool()>& done, milliseconds limit = milliseconds(4000)) {
    return loop_.run_until(done, limit);
  }

  loop::SofiaGlobal sofia_;
  loop::SuRootLoop loop_{sofia_};
  CurlGlobal curl_;
  TestServer server_;
  // Replaces the client (destroying the old one first).
  void make_client(const ClientOptions& options) {
    client_.reset();
    if (GetParam() == ClientKind::Curl) {
      client_ = std::make_unique<CurlMultiClient>(loop_, curl_, options);
    } else {
      client_ = std::make_unique<LeanClient>(loop_, options);
    }
  }

  HttpTest() { make_client(default_options()); }
  std::unique_ptr<Client> client_;
  std::vector<RequestHandle> handles_;  // keeps fire-and-check requests alive
};

}  // namespace ctib::http::testing

#include "numbers/api/tests/api_fixture.hpp"

#include <random>

#include "numbers/model/time_text.hpp"
#include "numbers/storage/sqlite/sqlite.hpp"

namespace ctib::numbers::api::testing {

void NumbersApiTest::SetUp() {
  dir_ = std::filesystem::temp_directory_path() / ("ctib-api-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir_);
  repo_ = storage::sqlite::open((dir_ / "n.db").string(), 4, clock_.now());
  pool_ = std::make_unique<pool::PoolService>(*repo_, clock_, pool::Policy{3, std::chrono::seconds(300)});
  bindings_ = std::make_unique<bindings::BindingService>(*repo_, *pool_, clock_);
  router_ = std::make_unique<bindings::CallRouter>(*repo_, clock_);
  // The service's own arrangement: routing records written behind the answer.
  writer_ = std::make_unique<records::RecordWriter>(*repo_, records::WriterOptions{}, [](std::string_view) {});
  writer_->start();
  records_ = std::make_unique<records::RecordService>(*repo_, clock_, writer_.get());
  // The default tenant's keys (as a configuration without tenants gives),
  // two tenants, an operator key and a rate-limited one (decision 0016).
  config_.api_keys = {ApiKey{"other", "other-key"},
                      ApiKey{"test", kKey},
                      ApiKey{"acme", kAcmeKey, "acme"},
                      ApiKey{"globex", kGlobexKey, "globex"},
                      ApiKey{"ops", kOperatorKey, "default", true},
                      ApiKey{"slow", kSlowKey, "slow", false, 0.001, 2}};
  config_.limits = make_rate_limiter(config_.api_keys);
  config_.routing_secret = kSecret;
  // E.164 answers unless a test imports through one of the other gateways
  // (area codes "land" and "asis" give gateways gw-land, gw-asis).
  config_.dial_formats.fallback = model::DialFormat::e164;
  config_.dial_formats.by_gateway = {{"gw-land", model::DialFormat::national},
                                     {"gw-asis", model::DialFormat::as_imported}};
  context_ = std::make_unique<Context>(Context{*pool_, *bindings_, *router_, *records_, clock_, config_,
                                               [](std::string_view) {}});
  http_server::ServerConfig server_config;
  server_config.worker_threads = 2;
  server_ = std::make_unique<http_server::Server>(server_config, make_router(*context_));
  server_->start();
  client_ = std::make_unique<http_server::Client>("127.0.0.1", server_->port());
}

void NumbersApiTest::TearDown() {
  client_.reset();
  server_->stop();
  server_.reset();
  context_.reset();
  records_.reset();
  writer_.reset();
  router_.reset();
  bindings_.reset();
  pool_.reset();
  repo_.reset();
  std::filesystem::remove_all(dir_);
}

Reply NumbersApiTest::call(const std::string& method, const std::string& target, const Json& body, bool with_key) {
  return call_as(with_key ? kKey : "", method, target, body);
}

Reply NumbersApiTest::call_as(const std::string& key, const std::string& method, const std::string& target,
                              const Json& body) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!key.empty()) headers.emplace_back("X-API-Key", key);
  const auto r = client_->request(method, target, body.is_null() ? std::string() : body.dump(), headers);
  Reply out{r.status, Json::parse(r.body, nullptr, false), r.headers, r.body};
  return out;
}

Reply NumbersApiTest::cti(const std::string& params) {
  return call("GET", std::string("/v1/cti?secret=") + kSecret + "&" + params, nullptr, false);
}

void NumbersApiTest::import(const std::string& number, const std::string& area) {
  const auto r = post("/v1/numbers", {{"numbers", {{{"number", number}, {"gateway", "gw-" + area}, {"area_code", area}}}}});
  ASSERT_EQ(r.status, 201u) << r.body.dump();
}

Json NumbersApiTest::bind(const std::string& a, const std::string& b, Json extra) {
  Json body = {{"mode", "AXB"}, {"a", a}, {"b", b}, {"expiration", in(std::chrono::seconds(3600))}};
  body.update(extra);
  const auto r = post("/v1/bindings", body);
  EXPECT_EQ(r.status, 201u) << r.body.dump();
  return r.body;
}

std::string NumbersApiTest::in(std::chrono::seconds s) const { return model::format_time(clock_.now() + s); }

void NumbersApiTest::expect_invalid(const Reply& r, const std::string& field) const {
  EXPECT_EQ(r.status, 400u) << r.body.dump();
  ASSERT_TRUE(r.body.contains("error")) << r.body.dump();
  EXPECT_EQ(r.body["error"]["field"], field) << r.body.dump();
  EXPECT_TRUE(r.body["error"]["message"].is_string());
}

}  // namespace ctib::numbers::api::testing

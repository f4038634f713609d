#pragma once
// What every route handler gets: the services, the clock, and the API's own
// settings. Built once by the composition root; handlers only read it, from
// several worker threads at a time (the services are thread-safe).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "numbers/bindings/binding_service.hpp"
#include "numbers/api/observer.hpp"
#include "numbers/bindings/call_router.hpp"
#include "numbers/model/phone.hpp"
#include "numbers/pool/pool_service.hpp"
#include "numbers/records/record_service.hpp"

namespace ctib::numbers::api {

struct ApiConfig {
  std::vector<std::string> api_keys;  // any of them opens the management routes
  std::string routing_secret;         // the cti_bridge endpoint's shared secret
  model::NumberPlan plan;
  model::DialFormat dial_format = model::DialFormat::e164;
};

struct Context {
  pool::PoolService& pool;
  bindings::BindingService& bindings;
  bindings::CallRouter& router;
  records::RecordService& records;
  const model::Clock& clock;
  const ApiConfig& config;
  std::function<void(std::string_view)> log;
  Observer* observer = nullptr;  // operations counters (numbers/admin); null: not counted
};

}  // namespace ctib::numbers::api

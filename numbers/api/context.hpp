#pragma once
// What every route handler gets: the services, the clock, and the API's own
// settings. Built once by the composition root; handlers only read it, from
// several worker threads at a time (the services are thread-safe).

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "libs/http_server/message.hpp"
#include "libs/signing/replay_guard.hpp"
#include "libs/signing/signature.hpp"
#include "numbers/api/observer.hpp"
#include "numbers/api/rate_limiter.hpp"
#include "numbers/bindings/binding_service.hpp"
#include "numbers/bindings/call_router.hpp"
#include "numbers/model/axe.hpp"
#include "numbers/model/phone.hpp"
#include "numbers/pool/pool_service.hpp"
#include "numbers/push/failed_items.hpp"
#include "numbers/records/record_service.hpp"

namespace ctib::numbers::api {

// A key of the management routes (decision 0016): whose rows it sees and
// how fast it may ask.
struct ApiKey {
  std::string id;      // names the key in logs and metrics, never the secret
  std::string secret;  // sent as X-API-Key
  std::string tenant{model::kDefaultTenant};
  bool all_tenants = false;  // an operator key: reads and changes every tenant's rows
  double rate_limit = 0;     // requests per second; 0 = unlimited
  double burst = 0;          // requests at once; 0 = max(1, rate_limit)
};

struct ApiConfig {
  std::vector<ApiKey> api_keys;       // any of them opens the management routes
  std::string routing_secret;         // the cti_bridge endpoint's shared secret
  model::NumberPlan plan;
  model::DialFormats dial_formats;  // per gateway: how numbers are written in answers
  // Signed routing (docs/protocol.md §6): the keys accepted on /v1/cti (two
  // during a rotation), how far a timestamp may be from now, and whether an
  // unsigned request (the URL secret alone, as FreeSWITCH sends) is refused.
  std::vector<signing::SigningKey> routing_keys;
  std::chrono::seconds replay_window{300};
  bool require_signature = false;
  // Signatures of routing requests seen within the window. Shared mutable
  // state behind this const config: the guard is thread-safe on its own
  // (one mutex), and each ApiConfig gets its own.
  std::shared_ptr<signing::ReplayGuard> replay = std::make_shared<signing::ReplayGuard>();
  // Where the engine's recordings are read from (GET
  // /v1/records/{uuid}/recording): the engine's [media] recordings-dir as
  // this host sees it; "" = no recordings are served (404).
  std::string recordings_dir;
  // One bucket per api_keys entry, same order (make_rate_limiter); null =
  // no limits. Thread-safe on its own, like `replay`.
  std::shared_ptr<RateLimiter> limits;
  // AXE prompts, retries and digit timeouts ([axe], decision 0026).
  model::AxeSettings axe;
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
  // The push outbox's dead items (docs/push.md); null: the /v1/push routes answer 404.
  push::FailedItems* push_failed = nullptr;
};

std::shared_ptr<RateLimiter> make_rate_limiter(const std::vector<ApiKey>& keys);

// The key a request authenticated with (X-API-Key, compared in constant
// time); nullptr when none matches.
const ApiKey* key_of(const ApiConfig& config, const http_server::Request& r, std::size_t* index = nullptr);
// The rows the request's key may see. Only called after the route's access
// check passed; a request without a valid key gets the default tenant.
model::Scope scope_of(const Context& c, const http_server::Request& r);

}  // namespace ctib::numbers::api

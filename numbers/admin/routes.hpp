#pragma once
// The numbers service's admin API (docs/admin-api.md, "Numbers service
// routes"): GET /v1/status and GET /metrics, each behind the bearer token.
// Served by a second http_server::Server on [admin] address, one thread.

#include <functional>
#include <string>

#include "libs/http_server/router.hpp"
#include "numbers/model/clock.hpp"
#include "numbers/records/record_writer.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::admin {

// What the admin handlers read. Built by main; everything referenced
// outlives the admin server.
struct AdminContext {
  storage::Repository& repository;
  const records::RecordWriter& writer;
  const model::Clock& clock;
  std::string backend;                 // "sqlite" | "postgres"
  model::Instant started_at;
  std::function<std::string()> metrics;  // the Prometheus text (Registry::render)
};

http_server::Response status_get(const AdminContext& context);

// The admin router; `context` must outlive it. Every route needs `token`.
http_server::Router make_router(const AdminContext& context, std::string token);

}  // namespace ctib::numbers::admin

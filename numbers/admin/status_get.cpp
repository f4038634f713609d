#include <exception>

#include <nlohmann/json.hpp>

#include "numbers/admin/routes.hpp"
#include "numbers/model/time_text.hpp"

namespace ctib::numbers::admin {

http_server::Response status_get(const AdminContext& c) {
  const model::Instant now = c.clock.now();
  nlohmann::json pool = {{"total", 0}, {"free", 0}, {"in_use", 0}, {"by_gateway", nlohmann::json::object()}};
  nlohmann::json bindings = {{"axb", 0}, {"axn", 0}, {"axyb", 0}, {"axg", 0}, {"axe", 0}, {"total", 0}};
  bool database_ok = true;
  try {
    // One read session: the two counts are not a snapshot of one instant
    // on PostgreSQL (read sessions autocommit), which a status can live with.
    const auto session = c.repository.begin(storage::SessionKind::read);
    std::int64_t total = 0;
    std::int64_t free = 0;
    std::int64_t in_use = 0;
    for (const storage::PoolUsage& u : session->pool_usage()) {
      pool["by_gateway"][u.gateway] = {{"total", u.total}, {"free", u.free}, {"in_use", u.in_use}};
      total += u.total;
      free += u.free;
      in_use += u.in_use;
    }
    pool["total"] = total;
    pool["free"] = free;
    pool["in_use"] = in_use;
    const storage::LiveBindingCounts live = session->live_binding_counts(now);
    bindings = {{"axb", live.axb},
                {"axn", live.axn},
                {"axyb", live.axyb},
                {"axg", live.axg},
                {"axe", live.axe},
                {"total", live.axb + live.axn + live.axyb + live.axg + live.axe}};
  } catch (const std::exception&) {
    // The status is what an operator reads when something is wrong: a
    // database that does not answer is reported, not a 500.
    database_ok = false;
  }
  const records::WriterStats writer = c.writer.stats();
  const nlohmann::json body = {
      {"version", CTIB_VERSION},
      {"uptime_seconds", (now - c.started_at).count()},
      {"started_at", model::format_time(c.started_at)},
      {"database", {{"backend", c.backend}, {"ok", database_ok}}},
      {"pool", pool},
      {"bindings", bindings},
      {"record_writer",
       {{"queued", writer.queued},
        {"capacity", writer.capacity},
        {"written_total", writer.written_total},
        {"failed_total", writer.failed_total},
        {"last_batch_at", writer.last_batch_at ? nlohmann::json(model::format_time(*writer.last_batch_at))
                                               : nlohmann::json(nullptr)}}},
  };
  return http_server::Response{200, body.dump(), "application/json", {}};
}

}  // namespace ctib::numbers::admin

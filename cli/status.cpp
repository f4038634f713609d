// `status`: fs_cli's status lines from GET /v1/status.
#include <cmath>

#include "cli/groups.hpp"
#include "cli/table.hpp"

namespace ctib::cli {
namespace {

std::string plural(long long n, std::string_view unit) {
  return std::to_string(n) + " " + std::string(unit) + (n == 1 ? "" : "s");
}

// "UP 0 years, 1 day, 2 hours, 3 minutes, 4 seconds", as FreeSWITCH says it.
std::string uptime(const Json& status) {
  const auto it = status.find("uptime_seconds");
  if (it == status.end() || !it->is_number()) return "UP -";
  long long s = std::llround(it->get<double>());
  const long long years = s / (365LL * 86400);
  s %= 365LL * 86400;
  const long long days = s / 86400;
  s %= 86400;
  return "UP " + plural(years, "year") + ", " + plural(days, "day") + ", " + plural(s / 3600, "hour") + ", " +
         plural(s % 3600 / 60, "minute") + ", " + plural(s % 60, "second");
}

std::string state(const Json& status) {
  const auto flag = [&](const char* key) { return status.value(key, false); };
  if (flag("draining")) return "is draining (new calls refused for good)";
  if (flag("paused")) return "is paused (new calls refused until resume)";
  if (status.contains("accepting") && !flag("accepting")) return "is not accepting calls";
  return "is ready";
}

}  // namespace

Built status_command(Args args) {
  if (!args.empty()) return base::unexpected(too_many_words(args, 0));
  return Command{Service::engine, {{Method::get, "/v1/status", ""}}, &render_status, true};
}

base::Expected<std::string, std::string> render_status(std::span<const std::string> bodies) {
  auto status = parse_object(bodies.front());
  if (!status) return base::unexpected(status.error());
  const Json& s = *status;
  std::string out = uptime(s) + "\n";
  out += "ctib-engine (version " + cell(s, "version") + ", started " + cell(s, "started_at") + ") " + state(s) + "\n";
  out += cell(s, "calls", "total") + " session(s) since startup\n";
  out += cell(s, "calls", "up") + " session(s) - peak " + cell(s, "calls", "peak") + "\n";
  out += cell(s, "calls", "per_second_1s") + " session(s) per Sec, last 10s " + cell(s, "calls", "per_second_10s") +
         ", last 60s " + cell(s, "calls", "per_second_60s") + "\n";
  out += cell(s, "calls", "max") + " session(s) max\n";
  out += "load guard: shedding " + cell(s, "load_guard", "shedding") + ", idle cpu " +
         cell(s, "load_guard", "idle_percent") + "/" + cell(s, "load_guard", "min_idle_cpu") + ", shed " +
         cell(s, "load_guard", "shed_total") + "\n";
  out += cell(s, "profiles") + " profile(s), " + cell(s, "gateways") + " gateway(s)\n";
  return out;
}

}  // namespace ctib::cli

// `metrics`: GET /metrics, the Prometheus text printed as it came.
#include "cli/groups.hpp"

namespace ctib::cli {

Built metrics_command(Args args) {
  if (!args.empty()) return base::unexpected(too_many_words(args, 0));
  return Command{Service::engine, {{Method::get, "/metrics", ""}}, &render_metrics, false};
}

base::Expected<std::string, std::string> render_metrics(std::span<const std::string> bodies) {
  return bodies.front();
}

}  // namespace ctib::cli

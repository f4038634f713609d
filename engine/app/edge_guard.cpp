#include "engine/app/edge_guard.hpp"

#include <set>
#include <string>

#include "engine/edge/sockets.hpp"

namespace ctib::app {

namespace {

std::string origin_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto start = scheme == std::string::npos ? 0 : scheme + 3;
  return url.substr(0, url.find('/', start));
}

}  // namespace

edge::Pike::Options pike_options(const config::EngineConfig& cfg) {
  return {.rate = static_cast<double>(cfg.limits.pike_rate),
          .burst = static_cast<double>(cfg.limits.pike_burst),
          .ban = std::chrono::seconds(cfg.limits.pike_ban_seconds),
          .max_sources = 65536};
}

std::uint64_t descriptor_reserve(const config::EngineConfig& cfg) {
  std::set<std::string> hosts;
  auto add = [&](const std::optional<routing::RouteConfig>& route) {
    if (route) hosts.insert(origin_of(route->url));
  };
  for (const auto& p : cfg.profiles) {
    add(p.route);
    add(p.route_failure.fallback_route);
  }
  for (const auto& u : cfg.users) add(u.route);
  return static_cast<std::uint64_t>(cfg.limits.http_connections_per_host) * hosts.size() + 256;
}

edge::SocketGuard make_socket_guard(loop::EventLoop& loop, const config::EngineConfig& cfg,
                                    const registrar::Registrar& registrar, edge::Pike& pike,
                                    edge::DatagramGate& gate, spdlog::logger& log) {
  edge::SocketGuard::Options o;
  for (const auto& p : cfg.profiles) o.listeners.push_back({p.name, p.sip_ip, p.sip_port, p.tcp});
  const auto limit = edge::open_file_limit();
  const auto reserve = descriptor_reserve(cfg);
  o.total_max = edge::SocketGuard::budget(limit, reserve);
  log.info("SIP TCP connections: at most {} in all (open-file limit {} minus {} kept for routing and files)",
           o.total_max, limit, reserve);
  // Gateways are trusted for connection counts whatever the profile's ACLs:
  // sofia's own TCP connections to them may share the profile's address
  // and must never be closed for being many or quiet.
  std::set<std::string, std::less<>> gateway_hosts;
  for (const auto& g : cfg.gateways) gateway_hosts.insert(g.proxy_host);
  o.trusted = [&cfg, &registrar, gateway_hosts](std::size_t listener, std::string_view ip) {
    return gateway_hosts.count(ip) != 0 || registrar.trusted(cfg.profiles.at(listener), ip);
  };
  o.pike = pike.enabled() ? &pike : nullptr;
  o.gate = &gate;
  o.on_close = [&log](std::string_view profile, std::string_view ip, edge::CloseReason reason, unsigned count) {
    log.warn("profile {}: closed {} TCP connection(s) from {}: {}", profile, count, ip, edge::to_string(reason));
  };
  o.on_filter_error = [&log](std::string_view profile, std::string_view what) {
    log.warn("profile {}: cannot filter banned sources in the kernel ({}): they are refused 503 instead", profile,
             what);
  };
  return edge::SocketGuard(loop, std::move(o));
}

}  // namespace ctib::app

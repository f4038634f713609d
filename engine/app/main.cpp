// ctib-engine: the composition root. Loads the configuration, builds every
// component in dependency order, runs the loop, and on SIGTERM/SIGINT stops
// taking calls, lets calls in progress finish for the grace period, flushes
// notifications, and tears down in reverse order.

#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>

#include "engine/app/memory_trim.hpp"
#include "engine/app/shutdown.hpp"
#include "engine/b2bua/load_guard.hpp"
#include "engine/b2bua/registrar_glue.hpp"
#include "engine/b2bua/switch.hpp"
#include "engine/config/load.hpp"
#include "engine/events/notifier.hpp"
#include "engine/events/spool.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/gateways/resolver.hpp"
#include "engine/registrar/journal.hpp"
#include "engine/registrar/registrar.hpp"
#include "engine/router/http_router.hpp"
#include "libs/http/curl_multi_client.hpp"
#include "libs/loop/su_root_loop.hpp"
#include "libs/notify/notify.hpp"

namespace {

std::shared_ptr<spdlog::logger> make_logger(const ctib::config::LoggingConfig& cfg) {
  std::shared_ptr<spdlog::logger> log;
  if (cfg.file.empty()) {
    log = std::make_shared<spdlog::logger>("engine", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  } else {
    log = std::make_shared<spdlog::logger>("engine",
                                           std::make_shared<spdlog::sinks::basic_file_sink_mt>(cfg.file));
  }
  log->set_level(spdlog::level::from_str(cfg.level));
  log->flush_on(spdlog::level::trace);
  return log;
}

// Every call holds sockets only through HTTP connections, but those are up
// to http-connections-per-host per interface: the soft limit (often 1024)
// would fail them long before the hard limit would.
void raise_open_file_limit(spdlog::logger& log) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  const rlim_t was = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) == 0) {
    log.debug("open-file limit raised from {} to {}", was, limit.rlim_max);
  } else {
    log.warn("open-file limit stays at {}: cannot raise it to {}", was, limit.rlim_max);
  }
}

int run(const ctib::config::EngineConfig& cfg, spdlog::logger& log) {
  raise_open_file_limit(log);
  // Signals arrive through a signalfd on the loop: blocked before any thread
  // starts, so no thread takes them asynchronously.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  int sigfd = signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);

  ctib::loop::SofiaGlobal sofia;
  ctib::loop::SuRootLoop loop(sofia);
  ctib::http::CurlGlobal curl;
  ctib::http::CurlMultiClient client(loop, curl, {64 * 1024, cfg.limits.http_connections_per_host, cfg.user_agent});
  ctib::events::Spool spool(cfg.spool_dir);
  ctib::router::HttpRouter router(client, cfg);
  ctib::events::Notifier notifier(loop, router, spool, log);
  // Registrations persist in SQLite; the journal writes on its own thread.
  std::unique_ptr<ctib::registrar::Journal> journal;
  if (!cfg.registrations_db.empty()) {
    auto opened = ctib::registrar::Journal::open(cfg.registrations_db);
    if (!opened) {
      log.error("registrations-db: {}", opened.error());
      close(sigfd);
      return 1;
    }
    journal = std::move(*opened);
  }
  ctib::registrar::Registrar registrar(cfg, journal.get(), log);
  if (journal) {
    auto stored = journal->load(std::chrono::system_clock::now());
    if (!stored) log.warn("registrations-db: cannot read stored registrations: {}", stored.error());
    if (stored) {
      log.info("{} registrations restored from {}", stored->size(), cfg.registrations_db);
      registrar.restore(std::move(*stored));
    }
  }
  for (const auto& p : cfg.profiles) {
    if (p.route && !p.auth_calls && p.inbound_acls.empty()) {
      log.warn("profile {} admits INVITEs from anyone (no auth-calls, no apply-inbound-acl)", p.name);
    }
  }
  ctib::gateways::GatewayManager gateways(cfg, loop, log);
  ctib::gateways::ConfigTargetResolver resolver(cfg, &registrar, &gateways);
  // Declared before the Switch that asks it, and fed the Switch's count
  // only through the callback: both live on the loop thread.
  const ctib::b2bua::Switch* shedding_switch = nullptr;
  ctib::b2bua::LoadGuard load(
      loop, {.min_idle_percent = static_cast<double>(cfg.limits.min_idle_cpu),
             .period = std::chrono::milliseconds(200),
             .demand_ns = {},
             .now = {},
             .on_change = [&log, &shedding_switch, min = cfg.limits.min_idle_cpu](bool shedding, double idle) {
               const auto shed = shedding_switch != nullptr ? shedding_switch->shed() : 0;
               if (shedding) {
                 log.warn("overload: the loop was {:.1f}% idle, under min-idle-cpu {}%: refusing part of the new "
                          "calls (503)",
                          idle, min);
               } else {
                 log.warn("overload over: the loop is {:.1f}% idle; {} INVITEs refused since start", idle, shed);
               }
             }});
  ctib::b2bua::Switch sw({loop, cfg, router, resolver, notifier, log, &registrar, [&load] { return !load.admit(); }});
  shedding_switch = &sw;

  auto started = sw.start();
  if (!started) {
    log.error("{}", started.error());
    close(sigfd);
    return 1;
  }
  ctib::b2bua::SipGatewaySignalling signalling(sw, cfg);
  gateways.start(signalling);
  notifier.replay();

  ctib::app::MemoryTrim memory(loop, log, {});

  ctib::app::Shutdown shutdown(loop, sw, gateways, notifier, log, cfg.limits.shutdown_grace);
  auto watch = loop.watch_fd(sigfd, ctib::loop::Interest::Read, [&](ctib::loop::Readiness) {
    signalfd_siginfo info{};
    while (read(sigfd, &info, sizeof info) == sizeof info) {
      log.info("signal {}: shutting down", info.ssi_signo);
      ctib::notify::stopping();
      shutdown.begin();
    }
  });

  std::string listening;
  for (const auto& p : cfg.profiles) {
    listening += (listening.empty() ? "" : ", ") + p.name + "=" + p.sip_ip + ":" + std::to_string(p.sip_port);
  }
  log.info("ctib-engine ready: {}", listening);
  ctib::notify::ready("serving SIP on " + listening);
  loop.run();
  watch.cancel();
  close(sigfd);
  log.info("ctib-engine stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ctibridge engine: a SIP B2BUA routed by the cti_bridge protocol"};
  std::string config_path = "config/engine.example.toml";
  bool check = false;
  app.add_option("-c,--config", config_path, "configuration file (TOML)");
  app.add_flag("--check", check, "validate the configuration and exit");
  CLI11_PARSE(app, argc, argv);

  auto cfg = ctib::config::load_file(config_path);
  if (!cfg) {
    std::cerr << cfg.error().to_string() << "\n";
    return 2;
  }
  if (check) {
    std::cout << config_path << ": OK\n";
    return 0;
  }
  auto log = make_logger(cfg->logging);
  try {
    return run(*cfg, *log);
  } catch (const std::exception& e) {
    log->error("fatal: {}", e.what());
    return 1;
  }
}

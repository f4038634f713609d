// ctib-engine: the composition root. Loads the configuration, builds every
// component in dependency order, runs the loop, and on SIGTERM/SIGINT stops
// taking calls, lets calls in progress finish for the grace period, flushes
// notifications, and tears down in reverse order.

#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>

#include "engine/app/edge_guard.hpp"
#include "engine/app/engine_metrics.hpp"
#include "engine/app/media_anchor.hpp"
#include "engine/media/dtmf_listener.hpp"
#include "engine/app/metrics_sampler.hpp"
#include "engine/admin/admin_server.hpp"
#include "engine/app/memory_trim.hpp"
#include "engine/app/reload.hpp"
#include "engine/app/shutdown.hpp"
#include "engine/app/worker_config.hpp"
#include "engine/b2bua/load_guard.hpp"
#include "engine/b2bua/registrar_glue.hpp"
#include "engine/b2bua/switch.hpp"
#include "engine/config/load.hpp"
#include "engine/events/notifier.hpp"
#include "engine/events/spool.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/registrar/journal.hpp"
#include "engine/registrar/registrar.hpp"
#include "engine/registrar/replica.hpp"
#include "engine/router/http_router.hpp"
#include "engine/sip/stack_log.hpp"
#include "engine/workers/mesh.hpp"
#include "engine/workers/supervisor.hpp"
#include "libs/http/auto_client.hpp"
#include "libs/http/curl_multi_client.hpp"
#include "libs/http/lean_client.hpp"
#include "libs/logging/logger.hpp"
#include "libs/metrics/registry.hpp"
#include "libs/loop/su_root_loop.hpp"
#include "libs/notify/notify.hpp"

namespace {

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

// One of N workers (decision 0020): its index and the mesh to the others.
struct Worker {
  unsigned index = 0;
  unsigned count = 1;
  const ctib::workers::Mesh* mesh = nullptr;  // null: the only process
};

int run(const std::string& config_path, const ctib::config::ConfigSnapshot& snapshot, spdlog::logger& log,
        const Worker& worker) {
  const ctib::config::EngineConfig& cfg = *snapshot;  // as loaded at start; reloads replace the snapshot
  raise_open_file_limit(log);
  // Signals arrive through a signalfd on the loop: blocked before any thread
  // starts, so no thread takes them asynchronously.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  int sigfd = signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);

  ctib::loop::SofiaGlobal sofia;
  // sofia-sip's own diagnostics into our log (scrubbed like every line), its
  // errors only: its warnings include one line per keep-alive datagram.
  ctib::sip::StackLog stack_log(
      [&log](std::string_view module, std::string_view line) { log.warn("sofia {}: {}", module, line); },
      ctib::sip::StackLog::kDefaultLevel);
  ctib::loop::SuRootLoop loop(sofia);
  ctib::http::CurlGlobal curl;
  const ctib::http::ClientOptions http_options{64 * 1024, cfg.limits.http_connections_per_host, cfg.user_agent};
  ctib::http::CurlMultiClient curl_client(loop, curl, http_options);
  // http-client = auto: plain http:// to an address skips curl (decision 0013).
  ctib::http::LeanClient lean_client(loop, http_options);
  ctib::http::AutoClient auto_client(lean_client, curl_client);
  ctib::http::Client& client = cfg.http_client == ctib::config::EngineConfig::HttpClient::Curl
                                   ? static_cast<ctib::http::Client&>(curl_client)
                                   : static_cast<ctib::http::Client&>(auto_client);
  // With the call journal on, this also turns a crashed run's journal into
  // hangup notifications, before SIP is served (decision 0006).
  ctib::events::JournalOptions journal_options;
  journal_options.enabled = cfg.call_journal;
  journal_options.strict = cfg.journal_strict;
  ctib::events::Spool spool(cfg.spool_dir, std::chrono::milliseconds(250), journal_options);
  ctib::router::HttpRouter router(client, snapshot);
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
  ctib::registrar::Registrar registrar(snapshot, journal.get(), log);
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
  ctib::edge::Pike pike(ctib::app::pike_options(cfg));
  // Prometheus metrics (docs/metrics.md): counted on the loop, rendered on
  // the admin thread. They sit between the Switch and the Notifier (calls)
  // and the router (routing requests).
  ctib::metrics::Registry registry;
  std::vector<std::string> profile_names;
  for (const auto& p : cfg.profiles) profile_names.push_back(p.name);
  // Media anchoring (docs/media.md): built before the Switch, destroyed
  // after it, so every call's delete is sent before the client goes.
  std::unique_ptr<ctib::media::RtpengineAnchor> anchor;
  if (cfg.media) anchor = ctib::app::make_anchor(*cfg.media, loop, log);
  // Recording (docs/media.md "Recording"): between the metrics and the
  // notifier, it holds a recorded call's hangup until its WAV is written.
  std::unique_ptr<ctib::media::CallRecorder> recorder;
  if (cfg.media) recorder = ctib::app::make_recorder(*cfg.media, *anchor, loop, notifier, log);
  ctib::call::CallObserver& reports = recorder ? static_cast<ctib::call::CallObserver&>(*recorder) : notifier;
  ctib::app::EngineMetrics metrics(registry, reports, profile_names, [&spool] { return spool.on_disk(); },
                                   std::chrono::system_clock::now());
  ctib::app::MeteredRouter metered_router(router, metrics);
  ctib::b2bua::Switch sw({loop, snapshot, metered_router, &gateways, metrics, log, &registrar,
                          [&load] { return !load.admit(); },
                          [&gateways](const std::string& profile) { gateways.rebind(profile); }, &pike, &metrics,
                          anchor.get()});
  shedding_switch = &sw;
  // rtpengine's DTMF log (play_and_get_digits, docs/media.md): after the
  // Switch, which it feeds, and destroyed before it.
  std::unique_ptr<ctib::media::DtmfListener> dtmf;
  if (cfg.media && cfg.media->dtmf_listen) {
    dtmf = std::make_unique<ctib::media::DtmfListener>(loop, [&sw](const ctib::media::DtmfEvent& e) {
      sw.caller_digit(e.call_id, e.source_tag, e.digit);
    });
    std::vector<std::string> relays;
    for (const auto& a : cfg.media->rtpengine) relays.push_back(a.host);
    const auto& at = *cfg.media->dtmf_listen;
    if (auto error = dtmf->bind(at.host, at.port, std::move(relays)); !error.empty()) {
      log.error("media: dtmf-listen: {}", error);
      close(sigfd);
      return 1;
    }
    log.info("media: DTMF events from rtpengine on {}:{}", at.host, dtmf->port());
  }
  // Delivery results are counted, and go on the call's timeline (admin API),
  // live or finished; without the admin API nobody reads timelines, so none
  // are kept.
  notifier.on_delivery([&sw, &metrics, timelines = cfg.admin.has_value()](
                           const std::string& uuid, std::string_view action, int attempt,
                           const ctib::events::Delivery& d) {
    metrics.delivered(action, attempt, d.ok);
    if (!timelines) return;
    sw.note(uuid, ctib::call::TimelineKind::notify_result,
            std::string(action) + (d.ok ? " delivered" : " not delivered: " + d.detail) +
                (attempt > 1 ? " (attempt " + std::to_string(attempt) + ")" : ""));
  });

  // Untrusted out-of-dialog OPTIONS/INFO on UDP answered before sofia makes
  // a transaction (docs/security.md "Stateless answers"). The SocketGuard
  // tells it which descriptors are the profiles' (in cfg.profiles order).
  ctib::edge::DatagramGate gate([&sw, &cfg](std::size_t listener, const ctib::edge::StatelessRequest& request,
                                            std::string_view ip) {
    return sw.stateless_answer(cfg.profiles.at(listener).name, request.method, ip);
  });
  // Several workers: set before the profiles bind (SO_REUSEPORT, owned
  // Call-IDs); what another worker forwards is read by sofia here as if it
  // had arrived on this worker's socket (decision 0020).
  std::unique_ptr<ctib::workers::Link> link;
  ctib::loop::FdWatch mesh_watch;
  if (worker.mesh != nullptr) {
    link = std::make_unique<ctib::workers::Link>(*worker.mesh, worker.index);
    gate.set_workers({worker.index, worker.count}, [&link](unsigned owner, std::size_t listener, const sockaddr* from,
                                                           unsigned from_len, std::string_view datagram) {
      return link->forward(owner, listener, from, from_len, datagram);
    });
    // Registrations too: what a REGISTER changed here goes to every other
    // worker, and theirs come in through the same inbox.
    registrar.replicate_to([&link](const std::vector<ctib::registrar::Change>& changes) {
      (void)link->broadcast(ctib::registrar::encode_changes(changes));
    });
    mesh_watch = loop.watch_fd(
        link->inbox_fd(), ctib::loop::Interest::Read, [&link, &gate, &registrar, &log](ctib::loop::Readiness) {
          link->drain(
              64,
              [&gate](const ctib::workers::Forwarded& f) {
                (void)gate.inject(f.listener, f.from, f.from_len, f.datagram);
              },
              [&registrar, &log](std::string_view bytes) {
                if (auto changes = ctib::registrar::decode_changes(bytes)) {
                  registrar.apply_replicated(*changes);
                } else {
                  log.warn("workers: a registration message from another worker could not be read");
                }
              });
        });
  }
  auto started = sw.start();
  if (!started) {
    log.error("{}", started.error());
    close(sigfd);
    return 1;
  }
  ctib::edge::SocketGuard sockets = ctib::app::make_socket_guard(loop, cfg, registrar, pike, gate, log);
  ctib::b2bua::SipGatewaySignalling signalling(sw);
  gateways.start(signalling);
  notifier.replay();

  ctib::app::MemoryTrim memory(loop, log, {});
  ctib::app::MetricsSampler sampler(loop, metrics,
                                    {sw, gateways, &registrar, load, pike, sockets, notifier});

  // SIGHUP and the admin API's POST /v1/reload (docs/configuration.md "Reload").
  ctib::app::Reloader reloader({config_path, snapshot, sw, &registrar, gateways, log,
                               [&router](const ctib::config::ConfigSnapshot& next) { router.reconfigure(next); },
                               [&worker](ctib::config::EngineConfig& next) {
                                 ctib::app::adjust_for_worker(next, worker.index, worker.count);
                               }});

  // The admin API (docs/admin-api.md): its own thread, reaching the loop by
  // post(). After the Switch, so it is destroyed (stopped) before it.
  std::unique_ptr<ctib::admin::AdminServer> admin;
  if (cfg.admin) {
    admin = std::make_unique<ctib::admin::AdminServer>(
        *cfg.admin, ctib::admin::AdminDeps{.loop = loop,
                                           .config = cfg,
                                           .sw = sw,
                                           .gateways = gateways,
                                           .registrar = &registrar,
                                           .load = load,
                                           .log = log,
                                           .metrics = [&registry] { return registry.render(); },
                                           .reload = reloader.admin_handler()});
    try {
      admin->start();
    } catch (const std::exception& e) {
      log.error("admin API: cannot listen on {}:{}: {}", cfg.admin->host, cfg.admin->port, e.what());
      close(sigfd);
      return 1;
    }
    const bool v6 = cfg.admin->host.find(':') != std::string::npos;
    log.info("admin API on http://{}{}{}:{}", v6 ? "[" : "", cfg.admin->host, v6 ? "]" : "", admin->port());
    if (cfg.admin->host != "127.0.0.1" && cfg.admin->host != "::1" && cfg.admin->host != "localhost") {
      log.warn(
          "admin API listens on {}, not a loopback address: anyone who can reach it and knows the token "
          "can end calls",
          cfg.admin->host);
    }
  }

  ctib::app::Shutdown shutdown(loop, sw, gateways, notifier, log, cfg.limits.shutdown_grace);
  auto watch = loop.watch_fd(sigfd, ctib::loop::Interest::Read, [&](ctib::loop::Readiness) {
    signalfd_siginfo info{};
    while (read(sigfd, &info, sizeof info) == sizeof info) {
      if (info.ssi_signo == SIGHUP) {
        log.info("signal {}: reloading {}", info.ssi_signo, config_path);
        reloader.reload_and_log();
        continue;
      }
      log.info("signal {}: shutting down", info.ssi_signo);
      if (worker.mesh == nullptr) ctib::notify::stopping();
      shutdown.begin();
    }
  });

  std::string listening;
  for (const auto& p : cfg.profiles) {
    listening += (listening.empty() ? "" : ", ") + p.name + "=" + p.sip_ip + ":" + std::to_string(p.sip_port);
  }
  if (worker.count > 1) listening += " (worker " + std::to_string(worker.index) + " of " + std::to_string(worker.count) + ")";
  log.info("ctib-engine ready: {}", listening);
  // A worker tells the supervisor, which tells systemd once all are ready.
  if (worker.mesh != nullptr) {
    ctib::workers::Supervisor::worker_ready();
  } else {
    ctib::notify::ready("serving SIP on " + listening);
  }
  loop.run();
  if (admin) admin->stop();
  watch.cancel();
  mesh_watch.cancel();
  if (link) {
    log.info("worker {}: {} datagrams forwarded to their owners, {} injected from other workers, {} dropped",
             worker.index, link->forwarded(), gate.injected(), link->dropped());
  }
  close(sigfd);
  log.info("ctib-engine stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ctibridge engine: a SIP B2BUA routed by the cti_bridge protocol"};
  std::string config_path = "config/engine.example.toml";
  bool check = false;
  unsigned workers = 0;
  app.add_option("-c,--config", config_path, "configuration file (TOML)");
  app.add_option("--workers", workers, "engine worker processes (overrides [engine] workers)")
      ->check(CLI::Range(1, 256));
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
  // The text pattern is spdlog's default with the name fixed to "engine",
  // so text lines read as they always have.
  if (workers != 0) cfg->workers = workers;
  auto log = ctib::logging::make_logger({"ctib-engine", "[%Y-%m-%d %H:%M:%S.%e] [engine] [%l] %v"}, cfg->logging);
  if (cfg->workers <= 1) {
    try {
      return run(config_path, std::make_shared<const ctib::config::EngineConfig>(std::move(*cfg)), *log, Worker{});
    } catch (const std::exception& e) {
      log->error("fatal: {}", e.what());
      return 1;
    }
  }
  // N workers (decision 0020): this process supervises; each worker is a
  // fork of it, made before any thread or socket of the engine exists.
  const unsigned count = cfg->workers;
  std::unique_ptr<ctib::workers::Mesh> mesh;
  try {
    mesh = std::make_unique<ctib::workers::Mesh>(count);
  } catch (const std::exception& e) {
    log->error("fatal: {}", e.what());
    return 1;
  }
  ctib::workers::Supervisor supervisor(
      {.workers = count,
       .run_worker =
           [&](unsigned index) {
             ctib::config::EngineConfig own = *cfg;
             ctib::app::adjust_for_worker(own, index, count);
             const std::string tag = "engine." + std::to_string(index);
             auto wlog = ctib::logging::make_logger(
                 {"ctib-engine", "[%Y-%m-%d %H:%M:%S.%e] [" + tag + "] [%l] %v"}, own.logging);
             try {
               return run(config_path, std::make_shared<const ctib::config::EngineConfig>(std::move(own)), *wlog,
                          Worker{index, count, mesh.get()});
             } catch (const std::exception& e) {
               wlog->error("fatal: {}", e.what());
               return 1;
             }
           },
       .info = [&log](const std::string& line) { log->info("{}", line); },
       .warn = [&log](const std::string& line) { log->warn("{}", line); },
       .all_ready = [count] { ctib::notify::ready("serving SIP with " + std::to_string(count) + " workers"); },
       .stopping = [] { ctib::notify::stopping(); }});
  log->info("ctib-engine: {} workers", count);
  return supervisor.run();
}

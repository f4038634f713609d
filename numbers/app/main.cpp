// ctib-numbers: the composition root. Config → storage → services → server;
// stopped in reverse on SIGTERM/SIGINT (in-flight requests are answered).
#include <csignal>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <pthread.h>

#include <CLI/CLI.hpp>
#include <spdlog/logger.h>

#include "libs/http/curl_global.hpp"
#include "libs/http_server/server.hpp"
#include "libs/loop/sofia_global.hpp"
#include "libs/logging/logger.hpp"
#include "libs/metrics/registry.hpp"
#include "numbers/admin/push_metrics.hpp"
#include "numbers/admin/routes.hpp"
#include "numbers/admin/service_metrics.hpp"
#include "libs/notify/notify.hpp"
#include "numbers/api/routes.hpp"
#include "numbers/app/config.hpp"
#include "numbers/bindings/sweeper.hpp"
#include "numbers/push/failed_items.hpp"
#include "numbers/push/outbox_writer.hpp"
#include "numbers/push/push_runner.hpp"
#include "numbers/storage/postgres/postgres.hpp"
#include "numbers/storage/sqlite/sqlite.hpp"

namespace {

using namespace ctib::numbers;

// The service's lines are all info lines (a routing decision, a failure);
// the formatter masks, redacts and escapes them (libs/logging).
std::function<void(std::string_view)> info_lines(spdlog::logger& log) {
  return [&log](std::string_view line) { log.info("{}", line); };
}

std::shared_ptr<spdlog::logger> make_logger(const ctib::logging::Settings& settings) {
  return ctib::logging::make_logger({"ctib-numbers", "%n: %v"}, settings);
}

// Signals are blocked in every thread (they inherit the mask) and taken by
// sigwait() in main, so no handler runs in the middle of a worker.
sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

std::unique_ptr<storage::Repository> open_repository(const app::Config& c, model::Instant now) {
  if (c.backend == app::Backend::postgres) return storage::postgres::open(c.postgres_conninfo, c.pool_size, now);
  return storage::sqlite::open(c.sqlite_path, c.pool_size, now);
}

int run(const app::Config& config, spdlog::logger& log) {
  const auto log_line = info_lines(log);
  const sigset_t stop_signals = block_stop_signals();
  const model::SystemClock clock;
  const model::Instant started_at = clock.now();
  const auto repository = open_repository(config, clock.now());
  pool::PoolService pool(*repository, clock, pool::Policy{config.pair_limit, config.cooldown});
  bindings::BindingService binding_service(*repository, pool, clock, config.axe.extension_length);
  bindings::CallRouter router(*repository, clock);
  // Pushed call events and records (docs/push.md): the record code writes
  // outbox rows in its own transactions (OutboxWriter); the PushRunner's
  // thread delivers them on its own loop, so no routing answer waits for a
  // callback. Process-wide curl and sofia-sip state only when pushing.
  std::optional<ctib::loop::SofiaGlobal> sofia;
  std::optional<ctib::http::CurlGlobal> curl;
  std::unique_ptr<push::PushRunner> push_runner;
  if (config.push) {
    sofia.emplace();
    curl.emplace();
    push_runner = std::make_unique<push::PushRunner>(*sofia, *curl, *repository, clock, config.push_options, log_line);
    push_runner->start();
    log_line("pushing call events and records to " + std::to_string(config.push_options.urls.size()) +
             " URL(s) and bindings' callback_url");
  }
  const auto wake_push = [&push_runner](std::size_t items) {
    if (push_runner) push_runner->wake(items);
  };
  push::OutboxWriter outbox(config.push_options, wake_push);
  records::PushHook* push_hook = config.push ? &outbox : nullptr;
  push::FailedItems push_failed(*repository, clock, wake_push);
  // Routing answers queue their call records; the writer commits them in
  // batches and is stopped after the server, so a clean stop loses none.
  records::RecordWriter record_writer(*repository, records::WriterOptions{}, log_line, push_hook);
  record_writer.start();
  records::RecordService records(*repository, clock, &record_writer, push_hook);
  std::vector<api::ApiKey> api_keys;
  std::vector<std::string> api_key_ids;
  for (const app::ApiKeyConfig& k : config.api_keys) {
    api_keys.push_back(api::ApiKey{k.id, k.secret, k.tenant, k.all_tenants, k.rate_limit, k.burst});
    api_key_ids.push_back(k.id);
  }
  api::ApiConfig api_config;
  api_config.api_keys = std::move(api_keys);
  api_config.routing_secret = config.routing_secret;
  api_config.plan = config.plan;
  api_config.dial_formats = config.dial_formats;
  api_config.routing_keys = config.routing_keys;
  api_config.replay_window = config.replay_window;
  api_config.require_signature = config.require_signature;
  api_config.axe = config.axe;
  api_config.limits = api::make_rate_limiter(api_config.api_keys);
  api_config.recordings_dir = config.recordings_dir;
  // The metrics registry and its counters: owned here, counted by the API
  // (through the observer) and read by the admin server.
  ctib::metrics::Registry registry;
  admin::ServiceMetrics service_metrics(registry, *repository, record_writer, clock, started_at, api_key_ids);
  if (push_runner) admin::register_push_metrics(registry, *repository, push_runner->counters());
  const api::Context context{pool,     binding_service,  router, records, clock, api_config, log_line, &service_metrics,
                             config.push ? &push_failed : nullptr};

  ctib::http_server::ServerConfig server_config;
  server_config.address = config.listen_address;
  server_config.port = config.port;
  server_config.worker_threads = config.worker_threads;
  server_config.body_limit = config.body_limit;
  server_config.idle_timeout = config.idle_timeout;
  server_config.log = log_line;
  ctib::http_server::Server server(server_config, api::make_router(context));
  server.start();
  bindings::Sweeper sweeper(binding_service, config.sweep_interval, log_line);
  sweeper.start();
  const std::string listening = config.listen_address + ":" + std::to_string(server.port());
  log_line("listening on " + listening);

  // The admin API on its own address and thread, so that scrapes and
  // status reads never wait behind (or take a worker from) routing answers.
  const admin::AdminContext admin_context{*repository,
                                          record_writer,
                                          clock,
                                          config.backend == app::Backend::postgres ? "postgres" : "sqlite",
                                          started_at,
                                          [&registry] { return registry.render(); }};
  std::unique_ptr<ctib::http_server::Server> admin_server;
  if (config.admin) {
    ctib::http_server::ServerConfig admin_config;
    admin_config.address = config.admin_address;
    admin_config.port = config.admin_port;
    admin_config.worker_threads = 1;
    admin_config.log = log_line;
    admin_server = std::make_unique<ctib::http_server::Server>(
        admin_config, admin::make_router(admin_context, config.admin_token));
    admin_server->start();
    if (config.admin_address != "127.0.0.1" && config.admin_address != "::1" && config.admin_address != "localhost") {
      log_line("warning: the admin API listens on " + config.admin_address + ", not on loopback");
    }
    log_line("admin API on " + config.admin_address + ":" + std::to_string(admin_server->port()));
  }
  // Ready once both listeners are up (systemd Type=notify).
  ctib::notify::ready("serving HTTP on " + listening);

  int signal = 0;
  sigwait(&stop_signals, &signal);
  log_line(std::string("stopping on ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT"));
  ctib::notify::stopping();
  sweeper.stop();
  if (admin_server) admin_server->stop();
  server.stop();
  record_writer.stop();
  // After the writer: its last batch's outbox rows are committed; what is
  // not delivered yet stays in the outbox for the next start.
  if (push_runner) push_runner->stop();
  log_line("call records written; stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"ctib-numbers: privacy-number (AXB/AXN) routing service for the cti_bridge protocol"};
  std::string config_path;
  std::string listen;
  std::string db;
  cli.add_option("--config", config_path, "TOML configuration file")->check(CLI::ExistingFile);
  cli.add_option("--listen", listen, "HOST:PORT to listen on (overrides [server])");
  cli.add_option("--db", db, "sqlite:PATH, postgres:CONNINFO or postgresql://URI (overrides [database])");
  CLI11_PARSE(cli, argc, argv);

  auto config = config_path.empty() ? ctib::base::Expected<app::Config, std::string>(app::Config{})
                                    : app::load_config(config_path);
  if (config && !listen.empty()) config = app::with_listen(*config, listen);
  if (config && !db.empty()) config = app::with_database(*config, db);
  if (config) config = app::check(*config);
  if (!config) {
    make_logger({})->error("configuration: {}", config.error());
    return 2;
  }
  const auto log = make_logger(config->logging);
  try {
    return run(*config, *log);
  } catch (const std::exception& e) {
    // Start-up failures: database unreachable, port taken.
    log->error("fatal: {}", e.what());
    return 1;
  }
}

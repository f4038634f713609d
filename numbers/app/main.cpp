// ctib-numbers: the composition root. Config → storage → services → server;
// stopped in reverse on SIGTERM/SIGINT (in-flight requests are answered).
#include <csignal>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include <pthread.h>

#include <CLI/CLI.hpp>

#include "libs/http_server/server.hpp"
#include "libs/notify/notify.hpp"
#include "numbers/api/routes.hpp"
#include "numbers/app/config.hpp"
#include "numbers/bindings/sweeper.hpp"
#include "numbers/storage/postgres/postgres.hpp"
#include "numbers/storage/sqlite/sqlite.hpp"

namespace {

using namespace ctib::numbers;

void log_line(std::string_view line) {
  // One fprintf per line: stdio locks the stream, so lines do not interleave.
  std::fprintf(stderr, "ctib-numbers: %.*s\n", static_cast<int>(line.size()), line.data());
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

int run(const app::Config& config) {
  const sigset_t stop_signals = block_stop_signals();
  const model::SystemClock clock;
  const auto repository = open_repository(config, clock.now());
  pool::PoolService pool(*repository, clock, pool::Policy{config.pair_limit, config.cooldown});
  bindings::BindingService binding_service(*repository, pool, clock);
  bindings::CallRouter router(*repository, clock);
  // Routing answers queue their call records; the writer commits them in
  // batches and is stopped after the server, so a clean stop loses none.
  records::RecordWriter record_writer(*repository, records::WriterOptions{}, log_line);
  record_writer.start();
  records::RecordService records(*repository, clock, &record_writer);
  const api::ApiConfig api_config{config.api_keys, config.routing_secret, config.plan, config.dial_format};
  const api::Context context{pool, binding_service, router, records, clock, api_config, log_line};

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
  ctib::notify::ready("serving HTTP on " + listening);

  int signal = 0;
  sigwait(&stop_signals, &signal);
  log_line(std::string("stopping on ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT"));
  ctib::notify::stopping();
  sweeper.stop();
  server.stop();
  record_writer.stop();
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
    log_line("configuration: " + config.error());
    return 2;
  }
  try {
    return run(*config);
  } catch (const std::exception& e) {
    // Start-up failures: database unreachable, port taken.
    log_line(std::string("fatal: ") + e.what());
    return 1;
  }
}

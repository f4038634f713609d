#include "cli/run.hpp"

#include <cctype>
#include <ostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/table.hpp"

#include "cli/commands.hpp"

namespace ctib::cli {
namespace {

struct Options {
  std::optional<std::string> url;
  std::optional<std::string> token;
  std::optional<std::string> config;
  bool json = false;
  std::vector<std::string> words;
};

void describe(CLI::App& app, Options& o) {
  app.description("Talks to a running ctib-engine's (or ctib-numbers') admin API, with fs_cli's command names.");
  app.add_option("--url", o.url, "admin API base URL, e.g. http://127.0.0.1:8021 (else CTIB_ADMIN_URL, --config)");
  app.add_option("--token", o.token, "admin token (else CTIB_ADMIN_TOKEN, --config); visible in ps: prefer those");
  app.add_option("--config", o.config,
                 "a ctib-engine/ctib-numbers TOML file whose [admin] gives address and token "
                 "(default /etc/ctibridge/engine.toml, numbers.toml for `numbers status`)");
  app.add_flag("--json", o.json, "print the API's JSON answer unchanged");
  app.add_option("command", o.words, "the command and its arguments (below)");
  app.footer("Commands:\n" + command_list() +
             "\nExit status: 0 ok, 1 the API answered an error, 2 usage, 3 cannot connect.");
}

}  // namespace

std::string error_message(const Response& response) {
  const Json j = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    const auto e = j.find("error");
    if (e != j.end() && e->is_object()) {
      const auto m = e->find("message");
      if (m != e->end() && m->is_string()) return m->get<std::string>();
    }
  }
  std::string_view body = response.body;
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front())) != 0) body.remove_prefix(1);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back())) != 0) body.remove_suffix(1);
  if (!body.empty() && body.size() <= 500) return std::string(body);
  return "HTTP " + std::to_string(response.status);
}

Exit run(const std::vector<std::string>& args, const Environment& env, const Defaults& defaults,
         Transport& transport, std::ostream& out, std::ostream& err) {
  CLI::App app{"", "ctib"};
  Options o;
  describe(app, o);
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return Exit::ok;
  } catch (const CLI::ParseError& e) {
    err << "ctib: " << e.what() << "\n" << "Run ctib --help for the commands.\n";
    return Exit::usage;
  }

  auto command = parse_command(o.words);
  if (!command) {
    err << "ctib: " << command.error() << "\nRun ctib --help for the commands.\n";
    return Exit::usage;
  }
  auto endpoint = resolve_endpoint(Sources{o.url, o.token, o.config, env.admin_url, env.admin_token},
                                   command->service, defaults);
  if (!endpoint) {
    err << "ctib: " << endpoint.error() << "\n";
    return Exit::usage;
  }

  std::vector<std::string> bodies;
  for (const Request& request : command->requests) {
    auto response = transport.send(*endpoint, request);
    if (!response) {
      err << "ctib: " << response.error() << "\n";
      return Exit::cannot_connect;
    }
    if (response->status < 200 || response->status > 299) {
      err << "ctib: " << method_name(request.method) << " " << endpoint->url << request.path << ": "
          << response->status << " " << error_message(*response) << "\n";
      return Exit::api_error;
    }
    bodies.push_back(std::move(response->body));
  }

  auto text = o.json && command->json_answer ? json_output(bodies) : command->render(bodies);
  if (!text) {
    err << "ctib: " << endpoint->url << ": " << text.error() << "\n";
    return Exit::api_error;
  }
  out << *text;
  if (!text->empty() && text->back() != '\n') out << '\n';
  return Exit::ok;
}

}  // namespace ctib::cli

// `sofia status`, `sofia status gateway [NAME]`, `sofia status profile NAME
// reg`: GET /v1/profiles, /v1/gateways[/NAME], /v1/profiles/NAME/registrations.
#include "cli/groups.hpp"
#include "cli/table.hpp"

namespace ctib::cli {
namespace {

std::string plural(std::size_t n, std::string_view unit) {
  return std::to_string(n) + " " + std::string(unit) + (n == 1 ? "" : "s");
}

std::string contact_of(const Json& profile) {
  return "sip:" + cell(profile, "sip_ip") + ":" + cell(profile, "sip_port");
}

}  // namespace

Built sofia_status_command(Args args) {
  if (!args.empty()) return base::unexpected(too_many_words(args, 0));
  return Command{Service::engine,
                 {{Method::get, "/v1/profiles", ""}, {Method::get, "/v1/gateways", ""}},
                 &render_sofia_status,
                 true};
}

Built sofia_gateway_command(Args args) {
  if (args.size() > 1) return base::unexpected(too_many_words(args, 1));
  if (args.empty()) return Command{Service::engine, {{Method::get, "/v1/gateways", ""}}, &render_gateways, true};
  return Command{Service::engine, {{Method::get, "/v1/gateways/" + path_segment(args[0]), ""}}, &render_gateway, true};
}

Built sofia_profile_command(Args args) {
  if (args.empty()) return base::unexpected(std::string("a profile NAME is needed"));
  if (args.size() < 2 || args[1] != "reg") return base::unexpected(std::string("only \"reg\" is known after NAME"));
  if (args.size() > 2) return base::unexpected(too_many_words(args, 2));
  return Command{Service::engine,
                 {{Method::get, "/v1/profiles/" + path_segment(args[0]) + "/registrations", ""}},
                 &render_registrations,
                 true};
}

// fs_cli's sofia status: one row per profile, then one per gateway named
// profile::gateway.
base::Expected<std::string, std::string> render_sofia_status(std::span<const std::string> bodies) {
  auto profiles_answer = parse_object(bodies[0]);
  if (!profiles_answer) return base::unexpected(profiles_answer.error());
  auto profiles = list_field(*profiles_answer, "profiles");
  if (!profiles) return base::unexpected(profiles.error());
  auto gateways_answer = parse_object(bodies[1]);
  if (!gateways_answer) return base::unexpected(gateways_answer.error());
  auto gateways = list_field(*gateways_answer, "gateways");
  if (!gateways) return base::unexpected(gateways.error());

  Table table({"Name", "Type", "Data", "State"});
  for (const auto& p : *profiles)
    table.add_row({cell(p, "name"), "profile", contact_of(p), cell(p, "state") + " (" + cell(p, "calls") + ")"});
  for (const auto& g : *gateways)
    table.add_row({cell(g, "profile") + "::" + cell(g, "name"), "gateway", cell(g, "proxy"), cell(g, "state")});
  return table.render() + plural(profiles->size(), "profile") + ", " + plural(gateways->size(), "gateway") + ".\n";
}

base::Expected<std::string, std::string> render_gateways(std::span<const std::string> bodies) {
  auto answer = parse_object(bodies.front());
  if (!answer) return base::unexpected(answer.error());
  auto gateways = list_field(*answer, "gateways");
  if (!gateways) return base::unexpected(gateways.error());
  Table table({"Profile::Gateway-Name", "Data", "State", "Status", "Ping", "Calls-In", "Calls-Out", "Failures"});
  for (const auto& g : *gateways)
    table.add_row({cell(g, "profile") + "::" + cell(g, "name"), cell(g, "proxy"), cell(g, "state"), cell(g, "status"),
                   cell(g, "ping"), cell(g, "calls_in"), cell(g, "calls_out"), cell(g, "failures")});
  return table.render() + count_line(table.rows());
}

// One gateway: every field the API gives, as sofia status gateway NAME does.
base::Expected<std::string, std::string> render_gateway(std::span<const std::string> bodies) {
  auto answer = parse_object(bodies.front());
  if (!answer) return base::unexpected(answer.error());
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [key, value] : answer->items()) fields.emplace_back(key, cell_text(value));
  return key_values(fields);
}

base::Expected<std::string, std::string> render_registrations(std::span<const std::string> bodies) {
  auto answer = parse_object(bodies.front());
  if (!answer) return base::unexpected(answer.error());
  auto regs = list_field(*answer, "registrations");
  if (!regs) return base::unexpected(regs.error());
  Table table({"User", "Contact", "Expires-In", "Network", "Transport", "Agent"});
  for (const auto& r : *regs)
    table.add_row({cell(r, "user") + "@" + cell(r, "domain"), cell(r, "contact"), cell(r, "expires_in"),
                   cell(r, "network_ip") + ":" + cell(r, "network_port"), cell(r, "transport"), cell(r, "user_agent")});
  return table.render() + count_line(table.rows());
}

}  // namespace ctib::cli

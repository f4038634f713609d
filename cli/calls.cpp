// `show calls`, `show call UUID` / `uuid_dump UUID`: GET /v1/calls[/UUID].
#include "cli/groups.hpp"
#include "cli/table.hpp"
#include "libs/base/text.hpp"

namespace ctib::cli {

// `show calls [limit N]`: without it the engine's default (1000 oldest).
Built show_calls_command(Args args) {
  if (args.empty()) return Command{Service::engine, {{Method::get, "/v1/calls", ""}}, &render_calls, true};
  if (args[0] != "limit") return base::unexpected(too_many_words(args, 0));
  if (args.size() < 2) return base::unexpected(std::string("limit needs a number of calls"));
  if (args.size() > 2) return base::unexpected(too_many_words(args, 2));
  // The admin API's own bounds (docs/admin-api.md), checked here so a typo
  // is a usage error, not a 400 from the engine.
  const auto limit = base::parse_int(args[1]);
  if (!limit || *limit < 1 || *limit > 100000)
    return base::unexpected("limit must be a whole number from 1 to 100000, not \"" + args[1] + "\"");
  return Command{
      Service::engine, {{Method::get, "/v1/calls?limit=" + std::to_string(*limit), ""}}, &render_calls, true};
}

Built show_call_command(Args args) {
  if (args.empty()) return base::unexpected(std::string("a call UUID is needed"));
  if (args.size() > 1) return base::unexpected(too_many_words(args, 1));
  return Command{Service::engine, {{Method::get, "/v1/calls/" + path_segment(args[0]), ""}}, &render_call, true};
}

base::Expected<std::string, std::string> render_calls(std::span<const std::string> bodies) {
  auto answer = parse_object(bodies.front());
  if (!answer) return base::unexpected(answer.error());
  auto calls = list_field(*answer, "calls");
  if (!calls) return base::unexpected(calls.error());
  Table table({"uuid", "created", "state", "profile", "caller", "caller_ip", "callee", "target", "answered",
               "routing_ms"});
  for (const auto& c : *calls)
    table.add_row({cell(c, "uuid"), cell(c, "created_at"), cell(c, "state"), cell(c, "profile"), cell(c, "caller"),
                   cell(c, "caller_ip"), cell(c, "callee"), cell(c, "target"), cell(c, "answered_at"),
                   cell(c, "routing_ms")});
  // "N total." as fs_cli; "N of M total." when the limit left calls out.
  const auto total = answer->find("total");
  if (total != answer->end() && total->is_number_unsigned() && total->get<std::size_t>() > table.rows())
    return table.render() + "\n" + std::to_string(table.rows()) + " of " + count_line(total->get<std::size_t>());
  return table.render() + "\n" + count_line(table.rows());
}

base::Expected<std::string, std::string> render_call(std::span<const std::string> bodies) {
  auto answer = parse_object(bodies.front());
  if (!answer) return base::unexpected(answer.error());
  // Every field but the timeline, in the order the API sends them: uuid_dump
  // shows all a call has, including fields this CLI does not know yet.
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [key, value] : answer->items())
    if (key != "timeline") fields.emplace_back(key + ":", cell_text(value));
  std::string out = key_values(fields);
  const auto timeline = answer->find("timeline");
  if (timeline != answer->end() && timeline->is_array()) {
    Table table({"at_ms", "kind", "detail"});
    for (const auto& event : *timeline) table.add_row({cell(event, "at_ms"), cell(event, "kind"), cell(event, "detail")});
    out += "\n" + table.render() + "\n" + count_line(table.rows());
  }
  return out;
}

}  // namespace ctib::cli

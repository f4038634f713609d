// `numbers status`: the numbers service's GET /v1/status.
#include "cli/groups.hpp"
#include "cli/table.hpp"

namespace ctib::cli {

Built numbers_status_command(Args args) {
  if (!args.empty()) return base::unexpected(too_many_words(args, 0));
  return Command{Service::numbers, {{Method::get, "/v1/status", ""}}, &render_numbers_status, true};
}

base::Expected<std::string, std::string> render_numbers_status(std::span<const std::string> bodies) {
  auto answer = parse_object(bodies.front());
  if (!answer) return base::unexpected(answer.error());
  const Json& s = *answer;
  std::string out = key_values({
      {"version:", cell(s, "version")},
      {"started:", cell(s, "started_at")},
      {"uptime_seconds:", cell(s, "uptime_seconds")},
      {"database:", cell(s, "database", "backend") + " (ok: " + cell(s, "database", "ok") + ")"},
      {"bindings:", cell(s, "bindings", "total") + " (axb " + cell(s, "bindings", "axb") + ", axn " +
                        cell(s, "bindings", "axn") + ", axyb " + cell(s, "bindings", "axyb") + ", axg " +
                        cell(s, "bindings", "axg") + ", axe " + cell(s, "bindings", "axe") + ")"},
      {"pool:", cell(s, "pool", "total") + " numbers, " + cell(s, "pool", "free") + " free, " +
                    cell(s, "pool", "in_use") + " in use"},
      {"record writer:", cell(s, "record_writer", "queued") + "/" + cell(s, "record_writer", "capacity") +
                             " queued, " + cell(s, "record_writer", "written_total") + " written, " +
                             cell(s, "record_writer", "failed_total") + " failed, last batch " +
                             cell(s, "record_writer", "last_batch_at")},
  });
  // by_gateway: the pool split per gateway, one row each; each value is an
  // object with the same counts as the pool line.
  const auto pool = s.find("pool");
  if (pool != s.end() && pool->is_object()) {
    const auto by_gateway = pool->find("by_gateway");
    if (by_gateway != pool->end() && by_gateway->is_object() && !by_gateway->empty()) {
      Table table({"gateway", "total", "free", "in_use"});
      for (const auto& [name, counts] : by_gateway->items())
        table.add_row({name, cell(counts, "total"), cell(counts, "free"), cell(counts, "in_use")});
      out += "\n" + table.render() + count_line(table.rows());
    }
  }
  return out;
}

}  // namespace ctib::cli

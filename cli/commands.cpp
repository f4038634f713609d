#include "cli/commands.hpp"

#include <array>

#include "cli/groups.hpp"

namespace ctib::cli {
namespace {

// fs_cli's names, longest match first wins ("sofia status gateway" before
// "sofia status"). `usage` is what the help shows after the name.
struct Verb {
  std::string_view name;
  std::string_view usage;
  Built (*build)(Args);
};

constexpr std::array verbs{
    Verb{"status", "", &status_command},
    Verb{"show calls", "", &show_calls_command},
    Verb{"show call", "UUID", &show_call_command},
    Verb{"uuid_dump", "UUID", &show_call_command},
    Verb{"uuid_kill", "UUID [CAUSE]", &uuid_kill_command},
    Verb{"sofia status", "", &sofia_status_command},
    Verb{"sofia status gateway", "[NAME]", &sofia_gateway_command},
    Verb{"sofia status profile", "NAME reg", &sofia_profile_command},
    Verb{"reload", "", &reload_command},
    Verb{"reloadxml", "", &reload_command},
    Verb{"fsctl pause", "", &pause_command},
    Verb{"fsctl resume", "", &resume_command},
    Verb{"pause", "", &pause_command},
    Verb{"resume", "", &resume_command},
    Verb{"drain", "", &drain_command},
    Verb{"metrics", "", &metrics_command},
    Verb{"numbers status", "", &numbers_status_command},
};

// How many leading words `name` matches, or 0 when it does not.
std::size_t matches(std::string_view name, std::span<const std::string> words) {
  std::size_t n = 0;
  while (!name.empty()) {
    const std::size_t space = name.find(' ');
    const std::string_view word = name.substr(0, space);
    if (n >= words.size() || words[n] != word) return 0;
    ++n;
    name = space == std::string_view::npos ? std::string_view{} : name.substr(space + 1);
  }
  return n;
}

}  // namespace

base::Expected<Command, std::string> parse_command(std::span<const std::string> words) {
  if (words.empty()) return base::unexpected(std::string("no command given"));
  const Verb* best = nullptr;
  std::size_t best_len = 0;
  for (const Verb& v : verbs) {
    const std::size_t n = matches(v.name, words);
    if (n > best_len) {
      best = &v;
      best_len = n;
    }
  }
  std::string typed;
  for (const auto& w : words) typed += (typed.empty() ? "" : " ") + w;
  if (best == nullptr) return base::unexpected("unknown command \"" + typed + "\"");
  auto built = best->build(words.subspan(best_len));
  if (!built) {
    std::string usage = "usage: ctib " + std::string(best->name);
    if (!best->usage.empty()) usage += " " + std::string(best->usage);
    return base::unexpected(built.error() + " (" + usage + ")");
  }
  return built;
}

std::string command_list() {
  std::string out;
  for (const Verb& v : verbs) {
    out += "  " + std::string(v.name);
    if (!v.usage.empty()) out += " " + std::string(v.usage);
    out += '\n';
  }
  return out;
}

}  // namespace ctib::cli

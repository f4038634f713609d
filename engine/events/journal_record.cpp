#include "engine/events/journal_record.hpp"

#include <array>
#include <cstdio>

#include "engine/events/notification_json.hpp"

namespace ctib::events {

namespace {

struct KindName {
  RecordKind kind;
  std::string_view name;
};
constexpr std::array<KindName, 5> kKindNames{{
    {RecordKind::Start, "start"},
    {RecordKind::Answer, "answer"},
    {RecordKind::End, "end"},
    {RecordKind::Done, "done"},
    {RecordKind::Alive, "alive"},
}};

std::optional<RecordKind> kind_from(std::string_view name) {
  for (const auto& row : kKindNames) {
    if (row.name == name) return row.kind;
  }
  return std::nullopt;
}

std::string_view name(RecordKind kind) {
  for (const auto& row : kKindNames) {
    if (row.kind == kind) return row.name;
  }
  return "alive";
}

// Detects torn and damaged records, not tampering: the journal lives in the
// engine's own spool directory.
std::uint32_t fnv1a(std::string_view text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

std::string hex8(std::uint32_t v) {
  std::array<char, 9> out{};
  std::snprintf(out.data(), out.size(), "%08x", v);
  return std::string(out.data(), 8);
}

bool get_string(const nlohmann::json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool get_int(const nlohmann::json& j, const char* key, std::int64_t& out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return false;
  out = it->get<std::int64_t>();
  return out >= 0;
}

bool get_timeout(const nlohmann::json& j, const char* key, std::chrono::milliseconds& out) {
  std::int64_t ms = 0;
  if (!get_int(j, key, ms) || ms < 1 || ms > routing::kMaxTimeout.count()) return false;
  out = std::chrono::milliseconds(ms);
  return true;
}

bool read_start(const nlohmann::json& j, JournalRecord& r) {
  std::string method;
  auto notify = j.find("notify");
  if (notify == j.end() || !notify->is_boolean()) return false;
  r.route.notify = notify->get<bool>();
  if (!get_string(j, "url", r.route.url) || r.route.url.empty() || !get_string(j, "method", method) ||
      !get_timeout(j, "connect_timeout_ms", r.route.connect_timeout) ||
      !get_timeout(j, "response_timeout_ms", r.route.response_timeout) ||
      !get_string(j, "caller_id_number", r.caller_id_number) ||
      !get_string(j, "destination_number", r.destination_number) || !get_int(j, "start_us", r.start_us)) {
    return false;
  }
  if (auto key = j.find("key_id"); key != j.end()) {
    if (!key->is_string()) return false;
    r.route.key_id = key->get<std::string>();
  }
  if (method == "GET") {
    r.route.method = routing::HttpMethod::Get;
  } else if (method == "POST") {
    r.route.method = routing::HttpMethod::Post;
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::string encode_record(const JournalRecord& r) {
  nlohmann::json j{{"k", std::string(name(r.kind))}, {"at", r.at_us}};
  if (r.kind != RecordKind::Alive) j["uuid"] = r.uuid;
  switch (r.kind) {
    case RecordKind::Start:
      j["url"] = r.route.url;
      j["method"] = std::string(routing::name(r.route.method));
      j["connect_timeout_ms"] = r.route.connect_timeout.count();
      j["response_timeout_ms"] = r.route.response_timeout.count();
      j["notify"] = r.route.notify;
      // The key's id only: a CRASH hangup after restart is signed with the
      // key of that id in the configuration then.
      if (!r.route.key_id.empty()) j["key_id"] = r.route.key_id;
      j["caller_id_number"] = r.caller_id_number;
      j["destination_number"] = r.destination_number;
      j["start_us"] = r.start_us;
      break;
    case RecordKind::Answer:
      j["answer_us"] = r.answer_us;
      j["dialed"] = r.dialed;
      break;
    case RecordKind::End: j["hangup"] = detail::to_json(r.hangup); break;
    case RecordKind::Done:
    case RecordKind::Alive: break;
  }
  // Invalid UTF-8 (a caller number is whatever the INVITE said) is replaced,
  // not thrown on: a record must always be writable.
  std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return hex8(fnv1a(text)) + " " + text + "\n";
}

std::optional<JournalRecord> parse_record(std::string_view line) {
  if (line.size() < 11 || line[8] != ' ') return std::nullopt;
  const std::string_view text = line.substr(9);
  if (hex8(fnv1a(text)) != line.substr(0, 8)) return std::nullopt;
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  JournalRecord r;
  std::string kind;
  if (!get_string(j, "k", kind) || !get_int(j, "at", r.at_us)) return std::nullopt;
  auto k = kind_from(kind);
  if (!k) return std::nullopt;
  r.kind = *k;
  if (r.kind == RecordKind::Alive) return r;
  if (!get_string(j, "uuid", r.uuid) || r.uuid.empty()) return std::nullopt;
  switch (r.kind) {
    case RecordKind::Start:
      if (!read_start(j, r)) return std::nullopt;
      break;
    case RecordKind::Answer:
      if (!get_int(j, "answer_us", r.answer_us) || !get_string(j, "dialed", r.dialed)) return std::nullopt;
      break;
    case RecordKind::End: {
      auto h = j.find("hangup");
      if (h == j.end() || !detail::from_json(*h, r.hangup) || r.hangup.id != r.uuid) return std::nullopt;
      break;
    }
    case RecordKind::Done:
    case RecordKind::Alive: break;
  }
  return r;
}

}  // namespace ctib::events

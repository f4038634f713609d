#include "engine/media/ng_message.hpp"

namespace ctib::media {

namespace {

// Cookies are ours, but a reply's is whatever came in: a bounded token.
constexpr std::size_t kMaxCookie = 64;

std::string string_field(const Value& body, std::string_view key) {
  const Value* v = body.find(key);
  const std::string* s = v != nullptr ? v->string() : nullptr;
  return s != nullptr ? *s : std::string();
}

}  // namespace

std::string encode_request(std::string_view cookie, const Dict& command) {
  std::string out(cookie);
  out += ' ';
  out += encode(Value(command));
  return out;
}

base::Expected<NgDatagram, DecodeError> decode_datagram(std::string_view datagram) {
  const auto space = datagram.find(' ');
  if (space == std::string_view::npos || space == 0 || space > kMaxCookie)
    return base::unexpected(DecodeError{"no cookie"});
  auto body = decode(datagram.substr(space + 1));
  if (!body) return base::unexpected(body.error());
  return NgDatagram{std::string(datagram.substr(0, space)), std::move(*body)};
}

base::Expected<NgReply, DecodeError> parse_reply(const Value& body) {
  if (body.dict() == nullptr) return base::unexpected(DecodeError{"reply is not a dictionary"});
  const Value* result = body.find("result");
  if (result == nullptr || result->string() == nullptr)
    return base::unexpected(DecodeError{"reply has no string \"result\""});
  NgReply reply;
  const std::string& r = *result->string();
  reply.result = r == "ok"      ? NgResult::ok
                 : r == "error" ? NgResult::error
                 : r == "pong"  ? NgResult::pong
                                : NgResult::other;
  reply.sdp = string_field(body, "sdp");
  reply.error_reason = string_field(body, "error-reason");
  reply.warning = string_field(body, "warning");
  reply.body = body;
  return reply;
}

std::optional<std::uint64_t> rtp_packets_from(const Value& query_reply, std::string_view tag) {
  const Value* tags = query_reply.find("tags");
  const Value* t = tags != nullptr ? tags->find(tag) : nullptr;
  if (t == nullptr) return std::nullopt;
  std::uint64_t total = 0;
  const Value* medias = t->find("medias");
  if (medias == nullptr || medias->list() == nullptr) return total;
  for (const Value& m : *medias->list()) {
    const Value* streams = m.find("streams");
    if (streams == nullptr || streams->list() == nullptr) continue;
    for (const Value& s : *streams->list()) {
      // RTCP streams have their own entries, flagged "RTCP".
      bool rtp = false;
      if (const Value* flags = s.find("flags"); flags != nullptr && flags->list() != nullptr) {
        for (const Value& f : *flags->list()) rtp = rtp || (f.string() != nullptr && *f.string() == "RTP");
      }
      const Value* stats = s.find("stats");
      const Value* packets = stats != nullptr ? stats->find("packets") : nullptr;
      if (rtp && packets != nullptr && packets->integer() != nullptr && *packets->integer() > 0)
        total += static_cast<std::uint64_t>(*packets->integer());
    }
  }
  return total;
}

std::optional<std::int64_t> play_duration_ms(const Value& play_reply) {
  const Value* d = play_reply.find("duration");
  if (d == nullptr || d->integer() == nullptr || *d->integer() < 0) return std::nullopt;
  return *d->integer();
}

}  // namespace ctib::media

#include "engine/media/dtmf_event.hpp"

#include <nlohmann/json.hpp>

namespace ctib::media {

std::optional<DtmfEvent> parse_dtmf_event(std::string_view datagram) {
  if (datagram.size() > kMaxDtmfDatagram) return std::nullopt;
  // No exceptions: a malformed datagram is a discarded value.
  const auto json = nlohmann::json::parse(datagram, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  const auto type = json.find("type");
  if (type != json.end() && (!type->is_string() || type->get_ref<const std::string&>() != "DTMF"))
    return std::nullopt;
  const auto callid = json.find("callid");
  const auto tag = json.find("source_tag");
  const auto event = json.find("event");
  if (callid == json.end() || !callid->is_string() || callid->get_ref<const std::string&>().empty())
    return std::nullopt;
  if (tag == json.end() || !tag->is_string()) return std::nullopt;
  if (event == json.end() || !event->is_number_unsigned()) return std::nullopt;
  const auto code = event->get<std::uint64_t>();
  static constexpr char kDigits[] = "0123456789*#ABCD";
  if (code > 15) return std::nullopt;  // flash and the other RFC 4733 events are not digits
  return DtmfEvent{callid->get<std::string>(), tag->get<std::string>(), kDigits[code]};
}

}  // namespace ctib::media

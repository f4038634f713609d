#include "libs/http/message.hpp"

#include "libs/base/text.hpp"

namespace ctib::http {

const std::string* Response::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (base::iequals(h.name, name)) return &h.value;
  }
  return nullptr;
}

std::string_view to_string(Failure::Reason reason) noexcept {
  switch (reason) {
    case Failure::Reason::ConnectFailed:
      return "connect-failed";
    case Failure::Reason::ConnectTimeout:
      return "connect-timeout";
    case Failure::Reason::ResponseTimeout:
      return "response-timeout";
    case Failure::Reason::TooLarge:
      return "too-large";
    case Failure::Reason::Other:
      return "other";
  }
  return "other";
}

}  // namespace ctib::http

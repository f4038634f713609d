#include "libs/http/auto_client.hpp"

#include "libs/http/lean_client.hpp"

namespace ctib::http {

RequestHandle AutoClient::send(Request request, Callback on_complete) {
  if (auto handle = lean_.send_if_taken(request, on_complete)) return std::move(*handle);
  return curl_.send(std::move(request), std::move(on_complete));
}

}  // namespace ctib::http

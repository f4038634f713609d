#include "libs/http/auto_client.hpp"

#include "libs/http/lean_client.hpp"

namespace ctib::http {

RequestHandle AutoClient::send(Request request, Callback on_complete) {
  Client& chosen = LeanClient::takes(request.url) ? lean_ : curl_;
  return chosen.send(std::move(request), std::move(on_complete));
}

}  // namespace ctib::http

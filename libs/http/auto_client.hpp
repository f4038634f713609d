#pragma once
// Picks a client per request: the LeanClient for the URLs it takes (plain
// http:// to a literal address: the routing stub, ctib-numbers, a local
// notification receiver), the CurlMultiClient for everything else (https,
// host names, ...). The engine's `http-client = auto` (decision 0013).
//
// Threading: loop thread only. Ownership: borrows both clients, which must
// outlive it; the handles it returns are the chosen client's own.

#include "libs/http/client.hpp"
#include "libs/http/lean_client.hpp"

namespace ctib::http {

class AutoClient final : public Client {
 public:
  AutoClient(LeanClient& lean, Client& curl) : lean_(lean), curl_(curl) {}

  [[nodiscard]] RequestHandle send(Request request, Callback on_complete) override;
  [[nodiscard]] std::size_t in_flight() const noexcept override {
    return lean_.in_flight() + curl_.in_flight();
  }

 private:
  LeanClient& lean_;
  Client& curl_;
};

}  // namespace ctib::http

#include "libs/http/curl_multi_client.hpp"

#include "libs/http/detail/client_core.hpp"

namespace ctib::http {

CurlMultiClient::CurlMultiClient(loop::EventLoop& loop, const CurlGlobal& /*curl: proof of init*/,
                                 ClientOptions options)
    : core_(std::make_shared<detail::ClientCore>(loop, std::move(options))) {}

CurlMultiClient::~CurlMultiClient() {
  core_->shutdown();
}

RequestHandle CurlMultiClient::send(Request request, Callback on_complete) {
  const std::uint64_t id = core_->start(std::move(request), std::move(on_complete));
  return RequestHandle(core_, id);
}

std::size_t CurlMultiClient::in_flight() const noexcept {
  return core_->in_flight();
}

}  // namespace ctib::http

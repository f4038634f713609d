#include "libs/http/lean_client.hpp"

#include "libs/http/detail/lean_core.hpp"

namespace ctib::http {

LeanClient::LeanClient(loop::EventLoop& loop, ClientOptions options)
    : core_(std::make_shared<detail::LeanCore>(loop, std::move(options))) {}

LeanClient::~LeanClient() {
  core_->shutdown();
}

bool LeanClient::takes(std::string_view url) {
  return detail::lean_target(url).has_value();
}

RequestHandle LeanClient::send(Request request, Callback on_complete) {
  const std::uint64_t id = core_->start(std::move(request), std::move(on_complete));
  return RequestHandle(core_, id);
}

std::optional<RequestHandle> LeanClient::send_if_taken(Request& request, Callback& on_complete) {
  auto target = detail::lean_target(request.url);
  if (!target) return std::nullopt;
  const std::uint64_t id = core_->start(std::move(request), std::move(on_complete), std::move(*target));
  return RequestHandle(core_, id);
}

std::size_t LeanClient::in_flight() const noexcept {
  return core_->in_flight();
}

std::size_t LeanClient::connections() const noexcept {
  return core_->connections();
}

}  // namespace ctib::http

#include "libs/http/request_handle.hpp"

namespace ctib::http {

RequestHandle::RequestHandle(RequestHandle&& other) noexcept : core_(std::move(other.core_)), id_(other.id_) {
  other.core_.reset();
}

RequestHandle& RequestHandle::operator=(RequestHandle&& other) noexcept {
  if (this != &other) {
    cancel();
    core_ = std::move(other.core_);
    id_ = other.id_;
    other.core_.reset();
  }
  return *this;
}

void RequestHandle::cancel() noexcept {
  if (auto core = core_.lock()) core->cancel(id_);
  core_.reset();
}

bool RequestHandle::active() const noexcept {
  const auto core = core_.lock();
  return core && core->contains(id_);
}

}  // namespace ctib::http

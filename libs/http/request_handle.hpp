#pragma once
// The cancellable handle every HTTP client here returns (CurlMultiClient,
// LeanClient, AutoClient), so callers hold one type whichever client sent.

#include <cstdint>
#include <memory>

namespace ctib::http {

namespace detail {
// What a handle talks to: the state behind one client. Loop thread only.
class RequestOwner {
 public:
  virtual ~RequestOwner() = default;
  // Abandons request `id` without calling back; no-op if it is over.
  virtual void cancel(std::uint64_t id) noexcept = 0;
  // True until the callback of `id` has started or `id` was cancelled.
  [[nodiscard]] virtual bool contains(std::uint64_t id) const noexcept = 0;
};
}  // namespace detail

// One in-flight request. Move-only; destroying it (or assigning over it)
// cancels the request, so a caller cannot be called back after it dropped
// its interest.
class [[nodiscard]] RequestHandle {
 public:
  RequestHandle() = default;
  // Made by the clients; `owner` is weak: the handle may outlive the client.
  RequestHandle(std::weak_ptr<detail::RequestOwner> owner, std::uint64_t id) noexcept
      : core_(std::move(owner)), id_(id) {}
  ~RequestHandle() { cancel(); }
  RequestHandle(RequestHandle&& other) noexcept;
  RequestHandle& operator=(RequestHandle&& other) noexcept;
  RequestHandle(const RequestHandle&) = delete;
  RequestHandle& operator=(const RequestHandle&) = delete;

  // Abandons the request: it leaves its connection and its callback is
  // never called. No-op once completed or cancelled, or after the client is
  // gone. Loop thread only.
  void cancel() noexcept;
  // True until the callback has started or the request was cancelled.
  [[nodiscard]] bool active() const noexcept;

 private:
  std::weak_ptr<detail::RequestOwner> core_;
  std::uint64_t id_ = 0;
};

}  // namespace ctib::http

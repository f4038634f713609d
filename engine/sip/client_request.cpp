// Profile::send_register / Profile::send_options and their responses.
//
// A registration keeps its handle (see client_request.hpp): destroying a
// handle with a live registration makes sofia-sip send an un-REGISTER.

#include <sofia-sip/su_alloc.h>

#include "engine/sip/client_request.hpp"
#include "engine/sip/internal/nua.hpp"
#include "engine/sip/profile.hpp"

namespace ctib::sip {

namespace {

std::optional<unsigned> granted_expires(const sip_t* sip) {
  if (sip == nullptr) return std::nullopt;
  for (const sip_contact_t* m = sip->sip_contact; m != nullptr; m = m->m_next) {
    if (m->m_expires != nullptr) {
      char* end = nullptr;
      unsigned long v = std::strtoul(m->m_expires, &end, 10);
      if (end != m->m_expires && v < 0x7fffffffUL) return static_cast<unsigned>(v);
    }
  }
  if (sip->sip_expires != nullptr) return static_cast<unsigned>(sip->sip_expires->ex_delta);
  return std::nullopt;
}

}  // namespace

ClientRequest::ClientRequest(Profile& profile, nua_handle_s* handle, Done done, std::optional<AuthCredentials> auth)
    : profile_(&profile), handle_(handle), done_(std::move(done)), auth_(std::move(auth)) {
  profile_->requests_.insert(this);
}

ClientRequest::~ClientRequest() {
  release_handle();
  if (profile_ != nullptr) profile_->requests_.erase(this);
}

void ClientRequest::release_handle() noexcept {
  if (handle_ != nullptr) {
    nua_handle_destroy(handle_);
    handle_ = nullptr;
  }
}

void ClientRequest::handle_event(const detail::NuaEvent& event) {
  if (event.event != nua_r_register && event.event != nua_r_unregister && event.event != nua_r_options) return;
  if (event.status < 200 || !done_) return;
  if ((event.status == 401 || event.status == 407) && auth_ && !auth_sent_) {
    auth_sent_ = true;  // once: a second challenge means the account is wrong
    if (detail::authenticate(event.nh, event.sip, *auth_)) return;
  }
  auth_sent_ = false;  // the next transaction may be challenged again
  Response r = detail::response_of(event);
  ClientResult result{r.status, r.phrase, r.local, std::nullopt};
  if (r.status >= 200 && r.status < 300 && event.event != nua_r_options) result.expires = granted_expires(event.sip);
  if (!register_) {
    release_handle();  // OPTIONS: one answer, no late events
    auto done = std::move(done_);
    done_ = nullptr;
    done(result);  // may destroy *this
    return;
  }
  Done done = done_;  // a copy: the callback may destroy *this
  done(result);
}

bool ClientRequest::refresh(unsigned expires) {
  if (!register_ || handle_ == nullptr) return false;
  send_register(expires);
  return true;
}

void ClientRequest::send_register(unsigned expires) {
  const OutgoingRegister& r = *register_;
  const std::string exp = std::to_string(expires);
  const auto& proxy = r.outbound_proxy;
  auth_sent_ = false;
  if (expires == 0) {
    nua_unregister(handle_, NUTAG_REGISTRAR(r.registrar_uri.c_str()), SIPTAG_CONTACT_STR(contact_.c_str()),
                   SIPTAG_EXPIRES_STR("0"), TAG_IF(proxy.has_value(), NUTAG_PROXY(proxy ? proxy->c_str() : "")),
                   TAG_END());
    return;
  }
  nua_register(handle_, NUTAG_REGISTRAR(r.registrar_uri.c_str()), SIPTAG_CONTACT_STR(contact_.c_str()),
               SIPTAG_EXPIRES_STR(exp.c_str()), TAG_IF(proxy.has_value(), NUTAG_PROXY(proxy ? proxy->c_str() : "")),
               // No sofia-side keepalives or Contact rewriting: the gateway
               // state machine and its OPTIONS ping own that.
               NUTAG_OUTBOUND("no-options-keepalive, no-validate, no-natify"), NUTAG_KEEPALIVE(0), TAG_END());
}

base::Expected<std::unique_ptr<ClientRequest>, Error> Profile::send_register(const OutgoingRegister& request,
                                                                           ClientRequest::Done done) {
  if (state_ != State::running) {
    return base::unexpected(Error{ErrorCode::unavailable, "profile " + config_.name + " is shutting down"});
  }
  if (auto e = detail::check_uri(request.registrar_uri)) return base::unexpected(*e);
  if (request.outbound_proxy) {
    if (auto e = detail::check_uri(*request.outbound_proxy)) return base::unexpected(*e);
  }
  auto aor = detail::format_name_addr(request.aor);
  if (!aor) return base::unexpected(aor.error());
  auto contact = detail::format_name_addr(
      NameAddr{{}, request.contact_user, config_.listen_ip + ":" + std::to_string(config_.port)});
  if (!contact) return base::unexpected(contact.error());

  nua_handle_t* nh = nua_handle(nua_, nullptr, SIPTAG_TO_STR(aor->c_str()), SIPTAG_FROM_STR(aor->c_str()), TAG_END());
  if (nh == nullptr) return base::unexpected(Error{ErrorCode::unavailable, "nua_handle failed"});
  std::unique_ptr<ClientRequest> req(new ClientRequest(*this, nh, std::move(done), request.auth));
  nua_handle_bind(nh, req.get());
  req->register_ = request;
  req->contact_ = *contact;
  req->send_register(request.expires);
  return req;
}

base::Expected<std::unique_ptr<ClientRequest>, Error> Profile::send_options(const OutgoingOptions& request,
                                                                          ClientRequest::Done done) {
  if (state_ != State::running) {
    return base::unexpected(Error{ErrorCode::unavailable, "profile " + config_.name + " is shutting down"});
  }
  if (auto e = detail::check_uri(request.request_uri)) return base::unexpected(*e);
  if (request.outbound_proxy) {
    if (auto e = detail::check_uri(*request.outbound_proxy)) return base::unexpected(*e);
  }
  NameAddr from = request.from;
  if (from.host.empty()) from.host = config_.listen_ip + ":" + std::to_string(config_.port);
  auto from_text = detail::format_name_addr(from);
  if (!from_text) return base::unexpected(from_text.error());
  const std::string to = "<" + request.request_uri + ">";
  const auto& proxy = request.outbound_proxy;
  nua_handle_t* nh = nua_handle(nua_, nullptr, NUTAG_URL(request.request_uri.c_str()), SIPTAG_TO_STR(to.c_str()),
                                SIPTAG_FROM_STR(from_text->c_str()),
                                TAG_IF(proxy.has_value(), NUTAG_PROXY(proxy ? proxy->c_str() : "")), TAG_END());
  if (nh == nullptr) return base::unexpected(Error{ErrorCode::unavailable, "nua_handle failed"});
  std::unique_ptr<ClientRequest> req(new ClientRequest(*this, nh, std::move(done), std::nullopt));
  nua_handle_bind(nh, req.get());
  nua_options(nh, TAG_END());
  return req;
}

}  // namespace ctib::sip

#pragma once
// An out-of-dialog request we send on a profile: OPTIONS (a gateway ping)
// or a REGISTER registration (a gateway's). One nua handle each. A 401/407
// is answered once per transaction with the given credentials.
//
// OPTIONS: the final outcome arrives once through the callback.
// REGISTER: the handle lives as long as the registration, as FreeSWITCH
// keeps one per gateway: every final response (ours, and the refreshes
// sofia-sip may send on its own) is reported; refresh() re-REGISTERs and
// unregister() sends Expires: 0 on the same Call-ID. sofia-sip un-REGISTERs
// a live registration when its handle is destroyed, so a registration
// must be kept, not re-created, while it is bound.
//
// Ownership: the caller owns the ClientRequest. Destroying it releases the
// nua handle; no callback runs afterwards. The callback may destroy the
// request. Threading: the profile's su_root thread.

#include <functional>
#include <optional>
#include <string>

#include "engine/sip/types.hpp"

struct nua_handle_s;

namespace ctib::sip {

class Profile;
namespace detail {
struct NuaEvent;
}

class ClientRequest {
 public:
  using Done = std::function<void(const ClientResult&)>;
  ~ClientRequest();
  ClientRequest(const ClientRequest&) = delete;
  ClientRequest& operator=(const ClientRequest&) = delete;

  // REGISTER only: send it again with this expiry (0 = un-REGISTER).
  // False when the handle is gone (profile shut down) or this is an OPTIONS.
  bool refresh(unsigned expires);

 private:
  friend class Profile;
  ClientRequest(Profile& profile, nua_handle_s* handle, Done done, std::optional<AuthCredentials> auth);
  void send_register(unsigned expires);
  void handle_event(const detail::NuaEvent& event);
  void release_handle() noexcept;

  Profile* profile_;  // cleared by the Profile when it goes away first
  nua_handle_s* handle_;
  Done done_;
  std::optional<AuthCredentials> auth_;
  bool auth_sent_ = false;
  std::optional<OutgoingRegister> register_;  // set for a registration
  std::string contact_;
};

}  // namespace ctib::sip

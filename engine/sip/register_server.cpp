// A REGISTER received on a profile: parsed into an IncomingRegister at the
// edge, answered at once with what the ProfileHandler (the registrar)
// returns, and its handle released: a registrar keeps no dialog.

#include <sofia-sip/su_alloc.h>

#include <cstdlib>

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/profile.hpp"

namespace ctib::sip {

Reply ProfileHandler::on_register(const IncomingRegister& /*request*/) {
  return Reply{.status = 403, .phrase = {}, .body = {}, .headers = {}, .reason = {}};
}

namespace {

std::optional<unsigned> unsigned_of(const char* text) {
  if (text == nullptr || *text < '0' || *text > '9') return std::nullopt;
  char* end = nullptr;
  unsigned long v = std::strtoul(text, &end, 10);
  if (*end != '\0' || v > 0x7fffffffUL) return std::nullopt;
  return static_cast<unsigned>(v);
}

IncomingRegister parse_register(const detail::NuaEvent& event) {
  const sip_t* sip = event.sip;
  IncomingRegister in;
  in.call_id = sip->sip_call_id != nullptr ? detail::text(sip->sip_call_id->i_id) : std::string();
  in.cseq = sip->sip_cseq != nullptr ? sip->sip_cseq->cs_seq : 0;
  in.from = detail::name_addr_of(sip->sip_from);
  in.to = detail::name_addr_of(sip->sip_to);
  su_home_t* home = static_cast<su_home_t*>(su_home_new(sizeof(su_home_t)));
  for (const sip_contact_t* m = sip->sip_contact; m != nullptr; m = m->m_next) {
    if (m->m_url->url_type == url_any) {
      in.wildcard = true;
      continue;
    }
    in.contacts.push_back({detail::text(url_as_string(home, m->m_url)), unsigned_of(m->m_expires)});
  }
  su_home_unref(home);
  if (sip->sip_expires != nullptr) in.expires = static_cast<unsigned>(sip->sip_expires->ex_delta);
  in.authorization = detail::digest_credentials_of(sip->sip_authorization);
  in.source = detail::source_of(event.nua);
  in.user_agent = sip->sip_user_agent != nullptr ? detail::text(sip->sip_user_agent->g_string) : std::string();
  return in;
}

}  // namespace

void Profile::on_new_register(const detail::NuaEvent& event) {
  Reply reply{.status = 503, .phrase = {}, .body = {}, .headers = {}, .reason = {}};
  if (state_ == State::running && event.sip != nullptr) {
    reply = handler_.on_register(parse_register(event));
  }
  if (detail::check_status(reply.status, 200, 699) || detail::check_headers(reply.headers)) {
    reply = Reply{.status = 500, .phrase = {}, .body = {}, .headers = {}, .reason = {}};
  }
  const std::string headers = detail::encode_headers(reply.headers);
  nua_respond(event.nh, reply.status, detail::lasting_phrase(event.nh, reply.status, reply.phrase),
              NUTAG_WITH_THIS(event.nua), TAG_IF(!headers.empty(), SIPTAG_HEADER_STR(headers.c_str())), TAG_END());
  nua_handle_destroy(event.nh);
}

}  // namespace ctib::sip

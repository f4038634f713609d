#pragma once
// The location service: the contacts each registered user (address of
// record, "id@domain") is reachable at, with RFC 3261 §10.3 update rules.
//
// A Binding remembers where the REGISTER physically came from (received
// address, port, transport): a phone behind NAT writes a private address in
// its Contact, so calls to it are sent to the received address with the
// Contact as Request-URI (the NAT-friendly "received/rport" handling).
//
// Ownership: the Registrar owns it. Threading: loop thread only. Every
// change is also returned as a Change so the caller can persist it.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/registrar/clock.hpp"

namespace ctib::registrar {

struct Binding {
  std::string aor;      // "id@domain"
  std::string contact;  // the Contact URI as registered, e.g. "sip:1000@10.0.0.5:5062;transport=tcp"
  std::string profile;  // the profile the REGISTER arrived on (calls leave from it)
  std::string call_id;
  std::uint32_t cseq = 0;
  TimePoint expires_at;
  std::string received_ip;  // socket peer of the REGISTER
  std::uint16_t received_port = 0;
  std::string transport;  // "udp", "tcp", ...
  std::string user_agent;
  friend bool operator==(const Binding&, const Binding&) = default;
};

struct Change {
  enum class Kind : std::uint8_t { upsert, remove };
  Kind kind;
  Binding binding;
};

// One contact of a REGISTER, with the expiry already decided by the
// registrar (0 = remove).
struct ContactUpdate {
  std::string uri;
  unsigned expires = 0;
};

struct BindingUpdate {
  std::string aor;
  std::string profile;
  std::string call_id;
  std::uint32_t cseq = 0;
  bool wildcard = false;  // Contact: * with Expires: 0
  std::vector<ContactUpdate> contacts;
  std::string received_ip;
  std::uint16_t received_port = 0;
  std::string transport;
  std::string user_agent;
};

enum class UpdateResult : std::uint8_t {
  ok,
  out_of_order,  // same Call-ID with a CSeq not above the stored one (500)
  too_many       // would exceed the per-user limit (403)
};

class Registrations {
 public:
  explicit Registrations(std::size_t max_per_aor = 10) : max_per_aor_(max_per_aor) {}

  // Applies a REGISTER's contacts. Either all of them apply or none does.
  UpdateResult apply(const BindingUpdate& update, TimePoint now, std::vector<Change>& changes);

  // The live bindings of an AOR (expired ones are dropped and reported).
  std::vector<Binding> lookup(const std::string& aor, TimePoint now, std::vector<Change>& changes);

  // A binding read back from the database at start (skipped if expired).
  void restore(Binding binding, TimePoint now);

  // A change another engine worker made (decision 0020): an upsert replaces
  // the binding of the same AOR and contact, a remove drops it.
  void apply_replicated(const Change& change, TimePoint now);

  // Drops every expired binding; returns the removals.
  std::vector<Change> purge(TimePoint now);

  // Drops every binding of an AOR (its user left the directory); returns the removals.
  std::vector<Change> forget(const std::string& aor);

  [[nodiscard]] std::size_t size() const noexcept;

  // The live bindings made on `profile`, by AOR (admin views; read-only:
  // expired ones are skipped, not dropped).
  [[nodiscard]] std::vector<Binding> on_profile(std::string_view profile, TimePoint now) const;

 private:
  void drop_expired(std::vector<Binding>& list, TimePoint now, std::vector<Change>& changes);
  std::size_t max_per_aor_;
  std::map<std::string, std::vector<Binding>, std::less<>> by_aor_;
};

}  // namespace ctib::registrar

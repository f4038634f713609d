// RFC 3261 §10.3 steps 6-8 over an in-memory map. Contacts are compared as
// text with the scheme and host case-folded; a phone re-registers with the
// Contact it used before, so that is what matters in practice.

#include "engine/registrar/bindings.hpp"

#include <algorithm>
#include <cctype>

namespace ctib::registrar {

namespace {

std::string fold(const std::string& uri) {
  // Case-fold up to the first ';' (scheme, user@host:port). User parts are
  // case-sensitive in RFC 3261, but phones that change the case of their own
  // user part do not exist in the wild, while host case does vary.
  std::string out = uri;
  auto end = out.find(';');
  auto at = out.find('@');
  std::size_t from = at == std::string::npos ? 0 : at;
  for (std::size_t i = 0; i < std::min(end, out.size()); ++i) {
    if (i < 4 || i > from) out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
  }
  return out;
}

}  // namespace

void Registrations::drop_expired(std::vector<Binding>& list, TimePoint now, std::vector<Change>& changes) {
  auto gone = std::stable_partition(list.begin(), list.end(), [&](const Binding& b) { return b.expires_at > now; });
  for (auto it = gone; it != list.end(); ++it) changes.push_back({Change::Kind::remove, *it});
  list.erase(gone, list.end());
}

UpdateResult Registrations::apply(const BindingUpdate& u, TimePoint now, std::vector<Change>& changes) {
  std::vector<Binding>& list = by_aor_[u.aor];
  drop_expired(list, now, changes);
  if (u.wildcard) {
    for (const Binding& b : list) {
      if (b.call_id == u.call_id && u.cseq <= b.cseq) return UpdateResult::out_of_order;
    }
    for (const Binding& b : list) changes.push_back({Change::Kind::remove, b});
    by_aor_.erase(u.aor);
    return UpdateResult::ok;
  }
  // Check everything first so a failing request changes nothing.
  std::vector<Binding> next = list;
  for (const ContactUpdate& c : u.contacts) {
    auto it = std::find_if(next.begin(), next.end(), [&](const Binding& b) { return fold(b.contact) == fold(c.uri); });
    if (it != next.end() && it->call_id == u.call_id && u.cseq <= it->cseq) return UpdateResult::out_of_order;
    if (c.expires == 0) {
      if (it != next.end()) next.erase(it);
      continue;
    }
    Binding b{u.aor, c.uri, u.profile, u.call_id, u.cseq, now + std::chrono::seconds(c.expires), u.received_ip,
              u.received_port, u.transport, u.user_agent};
    if (it != next.end()) {
      *it = std::move(b);
    } else {
      next.push_back(std::move(b));
    }
  }
  if (next.size() > max_per_aor_) return UpdateResult::too_many;
  // Report what changed: removals of contacts no longer there, upserts of the rest.
  for (const Binding& old : list) {
    bool kept = std::any_of(next.begin(), next.end(), [&](const Binding& b) { return b.contact == old.contact; });
    if (!kept) changes.push_back({Change::Kind::remove, old});
  }
  for (const ContactUpdate& c : u.contacts) {
    auto it = std::find_if(next.begin(), next.end(), [&](const Binding& b) { return fold(b.contact) == fold(c.uri); });
    if (it != next.end()) changes.push_back({Change::Kind::upsert, *it});
  }
  if (next.empty()) {
    by_aor_.erase(u.aor);
  } else {
    list = std::move(next);
  }
  return UpdateResult::ok;
}

std::vector<Binding> Registrations::lookup(const std::string& aor, TimePoint now, std::vector<Change>& changes) {
  auto it = by_aor_.find(aor);
  if (it == by_aor_.end()) return {};
  drop_expired(it->second, now, changes);
  std::vector<Binding> out = it->second;
  if (it->second.empty()) by_aor_.erase(it);
  return out;
}

void Registrations::restore(Binding binding, TimePoint now) {
  if (binding.expires_at <= now) return;
  std::vector<Binding>& list = by_aor_[binding.aor];
  if (list.size() < max_per_aor_) list.push_back(std::move(binding));
}

void Registrations::apply_replicated(const Change& change, TimePoint now) {
  const auto it = by_aor_.find(change.binding.aor);
  if (it != by_aor_.end()) {
    std::erase_if(it->second, [&](const Binding& b) { return b.contact == change.binding.contact; });
    if (it->second.empty() && change.kind == Change::Kind::remove) by_aor_.erase(it);
  }
  if (change.kind == Change::Kind::upsert) restore(change.binding, now);
}

std::vector<Change> Registrations::purge(TimePoint now) {
  std::vector<Change> changes;
  for (auto it = by_aor_.begin(); it != by_aor_.end();) {
    drop_expired(it->second, now, changes);
    it = it->second.empty() ? by_aor_.erase(it) : std::next(it);
  }
  return changes;
}

std::vector<Change> Registrations::forget(const std::string& aor) {
  std::vector<Change> changes;
  auto it = by_aor_.find(aor);
  if (it == by_aor_.end()) return changes;
  for (Binding& b : it->second) changes.push_back({Change::Kind::remove, std::move(b)});
  by_aor_.erase(it);
  return changes;
}

std::vector<Binding> Registrations::on_profile(std::string_view profile, TimePoint now) const {
  std::vector<Binding> out;
  for (const auto& [aor, list] : by_aor_) {
    for (const auto& b : list) {
      if (b.profile == profile && b.expires_at > now) out.push_back(b);
    }
  }
  return out;
}

std::size_t Registrations::size() const noexcept {
  std::size_t n = 0;
  for (const auto& [aor, list] : by_aor_) n += list.size();
  return n;
}

}  // namespace ctib::registrar

#include "numbers/bindings/binding_service.hpp"

#include <cstdio>

#include "numbers/bindings/extension.hpp"

namespace ctib::numbers::bindings {

using base::unexpected;
using model::Failure;

model::Binding as_seen_at(model::Binding b, model::Instant now) {
  if (b.state == model::BindingState::active && !b.live_at(now)) {
    b.state = model::BindingState::expired;
    b.released_at = b.expires_at;
  }
  return b;
}

namespace {

bool visible_group(storage::Session& session, const std::string& id, const model::Scope& scope) {
  const auto found = session.find_group(id);
  return found && scope.sees(found->tenant);
}

}  // namespace

BindingService::BindingService(storage::Repository& repository, const pool::PoolService& pool,
                               const model::Clock& clock, std::size_t extension_length)
    : repository_(repository),
      pool_(pool),
      clock_(clock),
      extension_length_(extension_length),
      random_(std::random_device{}()) {}

std::string BindingService::new_id(const char* prefix) {
  const std::lock_guard lock(id_mutex_);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s%016llx%08llx", prefix, static_cast<unsigned long long>(random_()),
                static_cast<unsigned long long>(random_() & 0xffffffffULL));
  return buffer;
}

base::Expected<std::string, Failure> BindingService::take(storage::Session& session, const std::string& given,
                                                          std::string_view field, const pool::PairRequest& pair,
                                                          model::Instant now) const {
  if (given.empty()) return pool_.pick(session, pair, now);
  if (auto failure = pool_.check(session, given, pair, now)) {
    failure->field = std::string(field);
    return unexpected(std::move(*failure));
  }
  return given;
}

base::Expected<BindResult, Failure> BindingService::bind(const BindRequest& r) {
  const model::Instant now = clock_.now();
  if (auto failure = validate(r, now)) return unexpected(std::move(*failure));
  auto session = repository_.begin(storage::SessionKind::bindings);
  if (r.mode == model::Mode::axg) {
    // Another tenant's group is answered as a missing one.
    const auto group = session->find_group(r.group_id);
    if (!group || group->tenant != r.tenant)
      return unexpected(model::invalid("group_id", "no group " + r.group_id));
  }
  // Pairs past their expiry leave their X's count first, so the pick's
  // order by the kept count is exact (usually an empty index range).
  session->sweep_expired(now);
  if (!r.out_id.empty()) {
    if (auto existing = session->find_live_by_out_id(r.out_id, r.tenant, now)) {
      if (same_pair(*existing, r)) return BindResult{*existing, false};
      return unexpected(model::conflict("out_id", "is already used by live binding " + existing->id +
                                                      " with other parties"));
    }
  }
  // AXN's default B is never a caller routed by identity, so only A counts
  // for conflicts and cool-down there.
  pool::PairRequest pair{r.mode, r.a, model::owns_x(r.mode) ? std::string() : r.b, r.areas, {}, r.tenant};
  // AXYB takes two middle numbers under the same rules, never one twice.
  if (!r.y.empty()) pair.exclude.insert(r.y);
  auto x = take(*session, r.x, "x", pair, now);
  if (!x) return unexpected(x.error());
  std::string y;
  if (r.mode == model::Mode::axyb) {
    pair.exclude = {*x};
    auto taken = take(*session, r.y, "y", pair, now);
    if (!taken) return unexpected(taken.error());
    y = *taken;
  }
  std::string extension;
  if (r.mode == model::Mode::axe) {
    // In this bindings session (serialised), so two binds never take the
    // same extension; the unique index bindings_axe_extension backs it.
    const auto taken = session->extensions_on(*x);
    const std::size_t length = extension_length(taken, r.extension.empty() ? extension_length_ : r.extension.size());
    base::Expected<std::string, Failure> chosen = [&] {
      const std::lock_guard lock(id_mutex_);
      return choose_extension(r.extension, taken, length, random_);
    }();
    if (!chosen) return unexpected(chosen.error());
    extension = *chosen;
  }
  model::Binding b;
  b.id = new_id();
  b.mode = r.mode;
  b.a = r.a;
  b.b = r.b;
  b.x = *x;
  b.y = y;
  b.group_id = r.group_id;
  b.extension = extension;
  b.expires_at = r.expires_at;
  b.out_id = r.out_id;
  b.user_data = r.user_data;
  b.record = r.record;
  b.restriction = r.restriction;
  b.max_duration = r.max_duration;
  b.callback_url = r.callback_url;
  b.tenant = r.tenant;
  b.created_at = now;
  b.updated_at = now;
  session->insert_binding(b);
  session->commit();
  return BindResult{b, true};
}

base::Expected<model::Binding, Failure> BindingService::get(const std::string& id,
                                                            const model::Scope& scope) {
  const auto found = repository_.begin(storage::SessionKind::read)->find_binding(id);
  if (!found || !scope.sees(found->tenant)) return unexpected(model::not_found("id", "no binding " + id));
  return as_seen_at(*found, clock_.now());
}

model::Page<model::Binding> BindingService::list(const storage::BindingFilter& filter,
                                                 const model::PageRequest& page) {
  const model::Instant now = clock_.now();
  auto result = repository_.begin(storage::SessionKind::read)->list_bindings(filter, page, now);
  for (auto& b : result.items) b = as_seen_at(std::move(b), now);
  return result;
}

std::optional<Failure> BindingService::check_new_b(storage::Session& session, const model::Binding& current,
                                                   const std::string& b, model::Instant now) const {
  if (model::owns_x(current.mode) || b == current.b) return std::nullopt;
  for (const std::string& x : session.blocked_numbers(b, b, now - pool_.policy().cooldown)) {
    if (x == current.x || (!current.y.empty() && x == current.y)) {
      return model::conflict("b", x + " already serves (or recently served) a pair with " + b);
    }
  }
  return std::nullopt;
}

base::Expected<model::Binding, Failure> BindingService::update(const std::string& id, const UpdateRequest& r,
                                                               const model::Scope& scope) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::bindings);
  auto found = session->find_binding(id);
  if (!found || !scope.sees(found->tenant)) return unexpected(model::not_found("id", "no binding " + id));
  model::Binding b = *found;
  if (!b.live_at(now)) return unexpected(model::conflict("id", "binding " + id + " has ended"));
  if (auto failure = validate(b, r, now)) return unexpected(std::move(*failure));
  if (r.b) {
    if (auto failure = check_new_b(*session, b, *r.b, now)) return unexpected(std::move(*failure));
    b.b = *r.b;
  }
  if (r.expires_at) b.expires_at = *r.expires_at;
  if (r.restriction) b.restriction = *r.restriction;
  if (r.callback_url) b.callback_url = *r.callback_url;
  b.updated_at = now;
  session->update_binding(b);
  session->commit();
  return b;
}

base::Expected<model::Binding, Failure> BindingService::unbind(const std::string& id,
                                                               const model::Scope& scope) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::bindings);
  auto found = session->find_binding(id);
  if (!found || !scope.sees(found->tenant)) return unexpected(model::not_found("id", "no binding " + id));
  model::Binding b = as_seen_at(*found, now);
  if (b.state != model::BindingState::active) return b;
  b.state = model::BindingState::released;
  b.released_at = now;
  b.updated_at = now;
  session->update_binding(b);
  session->commit();
  return b;
}

model::NumberGroup BindingService::create_group(const std::string& name,
                                                const std::vector<std::string>& members,
                                                const std::string& tenant) {
  const model::Instant now = clock_.now();
  model::NumberGroup g{new_id("grp_"), name, {}, now, now, tenant, 0};
  auto session = repository_.begin(storage::SessionKind::bindings);
  session->insert_group(g);
  for (const std::string& number : members) {
    if (session->add_member(g.id, number, now)) g.members.push_back(number);
  }
  g.member_count = static_cast<std::int64_t>(g.members.size());
  session->commit();
  return g;
}

base::Expected<model::NumberGroup, Failure> BindingService::group(const std::string& id,
                                                                  const model::Scope& scope) {
  auto found = repository_.begin(storage::SessionKind::read)->find_group(id);
  if (!found || !scope.sees(found->tenant)) return unexpected(model::not_found("id", "no group " + id));
  return std::move(*found);
}

base::Expected<model::NumberGroup, Failure> BindingService::add_members(
    const std::string& id, const std::vector<std::string>& numbers, const model::Scope& scope) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::bindings);
  if (!visible_group(*session, id, scope)) return unexpected(model::not_found("id", "no group " + id));
  for (const std::string& number : numbers) session->add_member(id, number, now);
  session->touch_group(id, now);
  auto g = session->find_group(id);
  session->commit();
  return std::move(*g);
}

base::Expected<model::NumberGroup, Failure> BindingService::remove_member(const std::string& id,
                                                                          const std::string& number,
                                                                          const model::Scope& scope) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::bindings);
  if (!visible_group(*session, id, scope)) return unexpected(model::not_found("id", "no group " + id));
  if (!session->remove_member(id, number)) {
    return unexpected(model::not_found("number", number + " is not a member of group " + id));
  }
  session->touch_group(id, now);
  auto g = session->find_group(id);
  session->commit();
  return std::move(*g);
}

model::Page<model::NumberGroup> BindingService::groups(const model::Scope& scope,
                                                       const model::PageRequest& page) {
  return repository_.begin(storage::SessionKind::read)->list_groups(scope.filter(), page);
}

base::Expected<model::NumberGroup, Failure> BindingService::delete_group(const std::string& id,
                                                                         const model::Scope& scope) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::bindings);
  auto found = session->find_group(id);
  if (!found || !scope.sees(found->tenant)) return unexpected(model::not_found("id", "no group " + id));
  if (const std::int64_t users = session->group_in_use(id, now); users > 0) {
    return unexpected(model::conflict("id", "group " + id + " is used by " + std::to_string(users) +
                                                " live AXG binding(s); unbind them first"));
  }
  session->delete_group(id);
  session->commit();
  return std::move(*found);
}

base::Expected<model::Page<model::Binding>, Failure> BindingService::extensions(const std::string& x,
                                                                                 const model::Scope& scope,
                                                                                 const model::PageRequest& page) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::read);
  const auto number = session->find_number(x, now);
  if (!number || !scope.sees(number->number.tenant)) {
    return unexpected(model::not_found("number", x + " is not in the pool"));
  }
  return session->list_extensions(x, page, now);
}

std::int64_t BindingService::sweep() {
  auto session = repository_.begin(storage::SessionKind::bindings);
  const std::int64_t n = session->sweep_expired(clock_.now());
  session->commit();
  return n;
}

}  // namespace ctib::numbers::bindings

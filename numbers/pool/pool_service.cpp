#include "numbers/pool/pool_service.hpp"

namespace ctib::numbers::pool {

using base::unexpected;
using model::Failure;

PoolService::PoolService(storage::Repository& repository, const model::Clock& clock, Policy policy)
    : repository_(repository), clock_(clock), policy_(policy) {}

base::Expected<std::vector<model::MiddleNumber>, Failure> PoolService::import(
    const std::vector<ImportItem>& items, const std::string& tenant) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::bindings);
  std::vector<model::MiddleNumber> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ImportItem& item = items[i];
    model::MiddleNumber n{item.number, item.gateway, item.area_code,   model::NumberState::available,
                          now,         now,          item.imported_as, tenant};
    const auto existing = session->find_number(item.number, now);
    if (existing && existing->number.state != model::NumberState::retired) {
      return unexpected(model::conflict("numbers[" + std::to_string(i) + "].number",
                                        item.number + " is already in the pool"));
    }
    if (existing) {
      n.created_at = existing->number.created_at;
      session->update_number(n);
    } else {
      session->insert_number(n);
    }
    out.push_back(n);
  }
  session->commit();
  return out;
}

model::Page<model::NumberUsage> PoolService::list(const storage::NumberFilter& filter, const model::PageRequest& page) {
  return repository_.begin(storage::SessionKind::read)->list_numbers(filter, page, clock_.now());
}

base::Expected<model::NumberUsage, Failure> PoolService::get(const std::string& number,
                                                             const model::Scope& scope) {
  auto found = repository_.begin(storage::SessionKind::read)->find_number(number, clock_.now());
  if (!found || !scope.sees(found->number.tenant))
    return unexpected(model::not_found("number", number + " is not in the pool"));
  return *found;
}

base::Expected<model::NumberUsage, Failure> PoolService::change(const std::string& number,
                                                                const NumberChange& change,
                                                                const model::Scope& scope) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::bindings);
  auto found = session->find_number(number, now);
  if (!found || !scope.sees(found->number.tenant))
    return unexpected(model::not_found("number", number + " is not in the pool"));
  if (found->number.state == model::NumberState::retired) {
    return unexpected(model::conflict("number", number + " is retired; import it again to reuse it"));
  }
  if (change.gateway) found->number.gateway = *change.gateway;
  if (change.area_code) found->number.area_code = *change.area_code;
  if (change.state) found->number.state = *change.state;
  found->number.updated_at = now;
  session->update_number(found->number);
  session->commit();
  return *found;
}

base::Expected<model::NumberUsage, Failure> PoolService::retire(const std::string& number,
                                                                const model::Scope& scope) {
  const model::Instant now = clock_.now();
  auto session = repository_.begin(storage::SessionKind::bindings);
  auto found = session->find_number(number, now);
  if (!found || !scope.sees(found->number.tenant))
    return unexpected(model::not_found("number", number + " is not in the pool"));
  if (found->live_pairs > 0) {
    return unexpected(model::conflict("number", number + " still has " + std::to_string(found->live_pairs) +
                                                    " live binding(s); unbind them first"));
  }
  if (found->number.state != model::NumberState::retired) {
    found->number.state = model::NumberState::retired;
    found->number.updated_at = now;
    session->update_number(found->number);
    session->commit();
  }
  return *found;
}

std::set<std::string> PoolService::blocked(storage::Session& session, const PairRequest& pair,
                                           model::Instant now) const {
  // AXE routes by extension, not by who calls: one A may hold several
  // extensions on X, and may be bound to X again at once after an unbind.
  if (pair.mode == model::Mode::axe) return pair.exclude;
  const std::string& second = pair.b.empty() ? pair.a : pair.b;
  const auto list = session.blocked_numbers(pair.a, second, now - policy_.cooldown);
  std::set<std::string> out(list.begin(), list.end());
  out.insert(pair.exclude.begin(), pair.exclude.end());
  return out;
}

bool PoolService::too_loaded(const model::NumberUsage& candidate, model::Mode mode) const {
  if (model::owns_x(mode)) return candidate.live_pairs > 0;
  return candidate.live_pairs >= policy_.pair_limit;
}

base::Expected<std::string, Failure> PoolService::pick(storage::Session& session, const PairRequest& pair,
                                                       model::Instant now) const {
  const std::set<std::string> blocked_x = blocked(session, pair, now);
  const std::vector<std::string> any_area{""};
  for (const std::string& area : pair.areas.empty() ? any_area : pair.areas) {
    // A page at a time in pick order: the first few usually fit, so a bind
    // reads a handful of numbers, not the whole pool.
    for (model::PageRequest page{0, kPickPage};; page.offset += kPickPage) {
      const auto candidates = session.pool_candidates(pair.tenant, area, now, page);
      if (const auto chosen = choose(candidates, blocked_x, pair.mode, policy_)) return *chosen;
      // Fewest pairs first: once one is too loaded for this pair, so is
      // every later one.
      if (candidates.size() < static_cast<std::size_t>(kPickPage) || too_loaded(candidates.back(), pair.mode)) break;
    }
  }
  Failure failure = model::conflict(pair.areas.empty() ? "" : "area_code",
                                    pair.areas.empty() ? "no middle number in the pool can take this pair"
                                                       : "no middle number in the requested area(s) can take this pair");
  failure.kind = Failure::Kind::exhausted;
  return unexpected(std::move(failure));
}

std::optional<Failure> PoolService::check(storage::Session& session, const std::string& x, const PairRequest& pair,
                                          model::Instant now) const {
  const auto candidate = session.find_number(x, now);
  // Another tenant's number is answered as one not in the pool.
  if (!candidate || candidate->number.tenant != pair.tenant)
    return model::invalid("x", x + " is not in the pool");
  const auto why = refusal(*candidate, blocked(session, pair, now).contains(x), pair.mode, policy_);
  if (why) return model::conflict("x", describe(*why));
  return std::nullopt;
}

}  // namespace ctib::numbers::pool

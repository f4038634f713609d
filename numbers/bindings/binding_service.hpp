#pragma once
// Bind, query, update and unbind, with the rules of rules.hpp and the pool's
// choice of X, each operation one bindings session (serialised, see
// storage/repository.hpp), so two binds never get conflicting pairs on X.

#include <mutex>
#include <random>
#include <string>

#include "libs/base/expected.hpp"
#include "numbers/bindings/rules.hpp"
#include "numbers/pool/pool_service.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::bindings {

struct BindResult {
  model::Binding binding;
  bool created = true;  // false: an earlier bind with the same out_id and pair
};

class BindingService {
 public:
  // `extension_length`: the digits of a random AXE extension on an X that
  // has none yet ([axe] extension_length).
  BindingService(storage::Repository& repository, const pool::PoolService& pool, const model::Clock& clock,
                 std::size_t extension_length = 4);

  base::Expected<BindResult, model::Failure> bind(const BindRequest& request);
  // A binding (or group) `scope` does not see is not_found, exactly as a
  // missing one.
  base::Expected<model::Binding, model::Failure> get(const std::string& id, const model::Scope& scope = {});
  model::Page<model::Binding> list(const storage::BindingFilter& filter, const model::PageRequest& page);
  base::Expected<model::Binding, model::Failure> update(const std::string& id, const UpdateRequest& request,
                                                        const model::Scope& scope = {});
  // Ends the binding now. Calls already up are not cut (the engine owns
  // them); new calls are refused. Unbinding an ended binding returns it as is.
  base::Expected<model::Binding, model::Failure> unbind(const std::string& id,
                                                        const model::Scope& scope = {});
  // Marks bindings past their expiry as expired; returns how many.
  std::int64_t sweep();

  // X's live AXE bindings by extension; X not in `scope`'s pool is
  // not_found, as one not in the pool.
  base::Expected<model::Page<model::Binding>, model::Failure> extensions(const std::string& x,
                                                                         const model::Scope& scope,
                                                                         const model::PageRequest& page);

  // AXG groups (numbers canonical). Adding a member twice, or removing
  // from a group the numbers an AXG binding already routes, is allowed:
  // membership is read per call, so a change applies to the next call.
  model::NumberGroup create_group(const std::string& name, const std::vector<std::string>& members,
                                  const std::string& tenant = std::string(model::kDefaultTenant));
  base::Expected<model::NumberGroup, model::Failure> group(const std::string& id,
                                                           const model::Scope& scope = {});
  base::Expected<model::NumberGroup, model::Failure> add_members(const std::string& id,
                                                                 const std::vector<std::string>& numbers,
                                                                 const model::Scope& scope = {});
  // 404 when `number` is not a member.
  base::Expected<model::NumberGroup, model::Failure> remove_member(const std::string& id,
                                                                   const std::string& number,
                                                                   const model::Scope& scope = {});
  // The groups `scope` sees, newest first, with their member counts.
  model::Page<model::NumberGroup> groups(const model::Scope& scope, const model::PageRequest& page);
  // Deletes the group and its members; 409 while a live AXG binding names it.
  base::Expected<model::NumberGroup, model::Failure> delete_group(const std::string& id,
                                                                  const model::Scope& scope = {});

 private:
  // The middle number `given` for `field` ("x", "y") if the pool lets the
  // pair take it, or one picked when none is given.
  base::Expected<std::string, model::Failure> take(storage::Session& session, const std::string& given,
                                                   std::string_view field, const pool::PairRequest& pair,
                                                   model::Instant now) const;
  std::string new_id(const char* prefix = "bnd_");
  std::optional<model::Failure> check_new_b(storage::Session& session, const model::Binding& current,
                                            const std::string& b, model::Instant now) const;

  storage::Repository& repository_;
  const pool::PoolService& pool_;
  const model::Clock& clock_;
  const std::size_t extension_length_;
  std::mutex id_mutex_;  // guards random_ (ids and extensions)
  std::mt19937_64 random_;
};

// The binding as a reader should see it at `now`: an active binding past its
// expiry reads as expired even before the sweep has marked it.
model::Binding as_seen_at(model::Binding b, model::Instant now);

}  // namespace ctib::numbers::bindings

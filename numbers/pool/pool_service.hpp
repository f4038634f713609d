#pragma once
// The pool of middle numbers: import, list, change and retire numbers, and
// pick an X for a new pair inside the caller's bindings session (so the pick
// and the insert of the binding are one transaction).

#include <optional>
#include <string>
#include <vector>

#include "libs/base/expected.hpp"
#include "numbers/model/clock.hpp"
#include "numbers/model/failure.hpp"
#include "numbers/pool/selection.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::pool {

struct ImportItem {
  std::string number;  // canonical E.164
  std::string gateway;
  std::string area_code;
  std::string imported_as;  // the text as given, for dial format "as-imported"
};

struct NumberChange {
  std::optional<std::string> gateway;
  std::optional<std::string> area_code;
  std::optional<model::NumberState> state;  // available | quarantined (retire has its own call)
};

// What a new pair asks of the pool.
struct PairRequest {
  model::Mode mode = model::Mode::axb;
  std::string a;
  std::string b;                   // "" for AXN without default B
  std::vector<std::string> areas;  // tried in order; empty: any area
  std::set<std::string> exclude;   // numbers this pair must not take (an AXYB's other middle number)
  std::string tenant{model::kDefaultTenant};  // only this tenant's numbers may take it
};

class PoolService {
 public:
  PoolService(storage::Repository& repository, const model::Clock& clock, Policy policy);

  // All or nothing, into `tenant`'s pool. A number already in the pool (not
  // retired, whichever tenant holds it: a number is one line) is a
  // conflict; a retired one comes back as available with the new gateway,
  // area and tenant.
  base::Expected<std::vector<model::MiddleNumber>, model::Failure> import(
      const std::vector<ImportItem>& items, const std::string& tenant = std::string(model::kDefaultTenant));
  model::Page<model::NumberUsage> list(const storage::NumberFilter& filter, const model::PageRequest& page);
  // A number `scope` does not see is not_found, exactly as one not in the pool.
  base::Expected<model::NumberUsage, model::Failure> get(const std::string& number,
                                                         const model::Scope& scope = {});
  base::Expected<model::NumberUsage, model::Failure> change(const std::string& number,
                                                            const NumberChange& change,
                                                            const model::Scope& scope = {});
  // Refused while the number has live pairs; retiring twice is not an error.
  base::Expected<model::NumberUsage, model::Failure> retire(const std::string& number,
                                                            const model::Scope& scope = {});

  // Chooses an X for the pair (in `session`, a bindings session).
  base::Expected<std::string, model::Failure> pick(storage::Session& session, const PairRequest& pair,
                                                   model::Instant now) const;
  // Whether the given X may take the pair; nullopt when it may.
  std::optional<model::Failure> check(storage::Session& session, const std::string& x, const PairRequest& pair,
                                      model::Instant now) const;

  [[nodiscard]] const Policy& policy() const noexcept { return policy_; }

 private:
  // Candidates read per round trip while picking.
  static constexpr std::int64_t kPickPage = 32;

  [[nodiscard]] bool too_loaded(const model::NumberUsage& candidate, model::Mode mode) const;
  std::set<std::string> blocked(storage::Session& session, const PairRequest& pair, model::Instant now) const;

  storage::Repository& repository_;
  const model::Clock& clock_;
  const Policy policy_;
};

}  // namespace ctib::numbers::pool

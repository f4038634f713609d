#pragma once
// Writes notifications into call records (one locked read-merge-write per
// notification) and answers record queries.

#include <string>

#include "libs/base/expected.hpp"
#include "numbers/model/failure.hpp"
#include "numbers/records/merge.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::records {

class RecordService {
 public:
  RecordService(storage::Repository& repository, const model::Clock& clock)
      : repository_(repository), clock_(clock) {}

  // The routing request of a call and what was decided for it.
  void on_request(const Notification& n, const model::RouteDecision& decision, const std::string& x);
  // ring, progress, answer, hangup.
  void on_event(const Notification& n);

  base::Expected<model::CallRecord, model::Failure> get(const std::string& uuid);
  model::Page<model::CallRecord> list(const storage::RecordFilter& filter, const model::PageRequest& page);

 private:
  storage::Repository& repository_;
  const model::Clock& clock_;
};

}  // namespace ctib::numbers::records

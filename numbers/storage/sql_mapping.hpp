#pragma once
// Model values ↔ SQL parameters and rows, in the column order of
// portable_sql.hpp. Shared by both backends.

#include "numbers/model/types.hpp"
#include "numbers/storage/value.hpp"

namespace ctib::numbers::storage {

Params number_params(const model::MiddleNumber& n);
model::NumberUsage number_usage_from(const Row& row);

Params binding_params(const model::Binding& b);
model::Binding binding_from(const Row& row);

Params record_params(const model::CallRecord& r);
model::CallRecord record_from(const Row& row);

Value optional_value(const std::optional<std::int64_t>& v);
Value optional_time(const std::optional<model::Instant>& t);

}  // namespace ctib::numbers::storage

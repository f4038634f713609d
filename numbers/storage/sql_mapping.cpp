#include "numbers/storage/sql_mapping.hpp"

#include "numbers/model/names.hpp"
#include "numbers/storage/repository.hpp"

namespace ctib::numbers::storage {

namespace {

using model::from_epoch;
using model::to_epoch;

template <class E>
E enum_from(const Row& row, std::size_t i) {
  const std::string text = row.text(i);
  const auto value = model::parse_name<E>(text);
  if (!value) throw StorageError("unexpected value in database: " + text);
  return *value;
}

template <class E>
std::optional<E> optional_enum(const Row& row, std::size_t i) {
  if (row.is_null(i)) return std::nullopt;
  return enum_from<E>(row, i);
}

std::optional<model::Instant> optional_instant(const Row& row, std::size_t i) {
  const auto v = row.optional_integer(i);
  if (!v) return std::nullopt;
  return from_epoch(*v);
}

Value text(std::string_view s) { return std::string(s); }

template <class E>
Value optional_name(const std::optional<E>& v) {
  if (!v) return std::monostate{};
  return text(model::name(*v));
}

}  // namespace

Value optional_value(const std::optional<std::int64_t>& v) {
  if (!v) return std::monostate{};
  return *v;
}

Value optional_time(const std::optional<model::Instant>& t) {
  if (!t) return std::monostate{};
  return to_epoch(*t);
}

Params number_params(const model::MiddleNumber& n) {
  return {n.number,
          n.gateway,
          n.area_code,
          text(model::name(n.state)),
          to_epoch(n.created_at),
          to_epoch(n.updated_at),
          n.imported_as,
          n.tenant};
}

model::NumberUsage number_usage_from(const Row& row) {
  model::NumberUsage u;
  u.number.number = row.text(0);
  u.number.gateway = row.text(1);
  u.number.area_code = row.text(2);
  u.number.state = enum_from<model::NumberState>(row, 3);
  u.number.created_at = from_epoch(row.integer(4));
  u.number.updated_at = from_epoch(row.integer(5));
  u.number.imported_as = row.text(6);
  u.live_pairs = row.integer(7);
  u.exclusive = row.integer(8) > 0;
  u.number.tenant = row.text(9);
  u.axe_pairs = row.integer(10);
  return u;
}

Params binding_params(const model::Binding& b) {
  return {b.id,
          text(model::name(b.mode)),
          b.a,
          b.b,
          b.x,
          to_epoch(b.expires_at),
          b.out_id,
          b.user_data,
          std::int64_t{b.record ? 1 : 0},
          text(model::name(b.restriction)),
          b.max_duration,
          text(model::name(b.state)),
          to_epoch(b.created_at),
          to_epoch(b.updated_at),
          optional_time(b.released_at),
          b.y,
          b.group_id,
          b.callback_url,
          b.tenant,
          b.extension};
}

model::Binding binding_from(const Row& row) {
  model::Binding b;
  b.id = row.text(0);
  b.mode = enum_from<model::Mode>(row, 1);
  b.a = row.text(2);
  b.b = row.text(3);
  b.x = row.text(4);
  b.expires_at = from_epoch(row.integer(5));
  b.out_id = row.text(6);
  b.user_data = row.text(7);
  b.record = row.integer(8) != 0;
  b.restriction = enum_from<model::Restriction>(row, 9);
  b.max_duration = row.integer(10);
  b.state = enum_from<model::BindingState>(row, 11);
  b.created_at = from_epoch(row.integer(12));
  b.updated_at = from_epoch(row.integer(13));
  b.released_at = optional_instant(row, 14);
  b.y = row.text(15);
  b.group_id = row.text(16);
  b.callback_url = row.text(17);
  b.tenant = row.text(18);
  b.extension = row.text(19);
  return b;
}

Params record_params(const model::CallRecord& r) {
  const auto opt_int = [](const std::optional<int>& v) -> Value {
    if (!v) return std::monostate{};
    return std::int64_t{*v};
  };
  return {r.uuid,
          r.binding_id,
          r.out_id,
          r.user_data,
          r.a,
          r.x,
          r.peer,
          r.caller,
          r.callee,
          optional_name(r.direction),
          std::int64_t{r.record ? 1 : 0},
          optional_time(r.call_time),
          optional_time(r.ring_time),
          optional_time(r.progress_time),
          optional_time(r.answer_time),
          optional_time(r.release_time),
          optional_value(r.duration),
          optional_value(r.billsec),
          optional_name(r.release_side),
          r.cause_name,
          opt_int(r.cause_q850),
          opt_int(r.sip_status),
          r.recording,
          std::int64_t{r.seen},
          to_epoch(r.updated_at),
          r.tenant,
          r.transferred_to,
          optional_time(r.transfer_time),
          r.extension,
          optional_value(r.recording_ms)};
}

model::CallRecord record_from(const Row& row) {
  const auto opt_int = [&row](std::size_t i) -> std::optional<int> {
    const auto v = row.optional_integer(i);
    if (!v) return std::nullopt;
    return static_cast<int>(*v);
  };
  model::CallRecord r;
  r.uuid = row.text(0);
  r.binding_id = row.text(1);
  r.out_id = row.text(2);
  r.user_data = row.text(3);
  r.a = row.text(4);
  r.x = row.text(5);
  r.peer = row.text(6);
  r.caller = row.text(7);
  r.callee = row.text(8);
  r.direction = optional_enum<model::Direction>(row, 9);
  r.record = row.integer(10) != 0;
  r.call_time = optional_instant(row, 11);
  r.ring_time = optional_instant(row, 12);
  r.progress_time = optional_instant(row, 13);
  r.answer_time = optional_instant(row, 14);
  r.release_time = optional_instant(row, 15);
  r.duration = row.optional_integer(16);
  r.billsec = row.optional_integer(17);
  r.release_side = optional_enum<model::ReleaseSide>(row, 18);
  r.cause_name = row.text(19);
  r.cause_q850 = opt_int(20);
  r.sip_status = opt_int(21);
  r.recording = row.text(22);
  r.seen = static_cast<unsigned>(row.integer(23));
  r.updated_at = from_epoch(row.integer(24));
  r.tenant = row.text(25);
  r.transferred_to = row.text(26);
  r.transfer_time = optional_instant(row, 27);
  r.extension = row.text(28);
  r.recording_ms = row.optional_integer(29);
  return r;
}

}  // namespace ctib::numbers::storage

#pragma once
// One record of the call journal (docs/decisions/0006-call-journal.md): what
// a hangup notification after a crash needs, written as the call goes.
//
// On disk a record is one line: eight lower-case hex digits (FNV-1a 32 of
// the JSON text), a space, a JSON object, '\n'. JSON strings escape control
// characters, so a record never contains a newline; the checksum and the
// final newline tell a complete record from a torn or damaged one. The file
// is untrusted input at start: parse_record() refuses anything that is not a
// complete, well-typed record and never throws.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/events/spooled_notification.hpp"
#include "engine/routing/invocation.hpp"

namespace ctib::events {

enum class RecordKind {
  Start,   // routing was asked: where the hangup goes, and the call's numbers
  Answer,  // the call was answered: when, and by which leg
  End,     // the call ended: its hangup notification, exactly as it is sent
  Done,    // the hangup was delivered: nothing is left to do for the uuid
  Alive,   // heartbeat: the engine was alive at `at_us` (uuid empty)
};

struct JournalRecord {
  RecordKind kind = RecordKind::Alive;
  std::int64_t at_us = 0;  // wall clock (µs since 1970) when the record was made
  std::string uuid;
  // Start
  routing::RouteConfig route;
  std::string caller_id_number;
  std::string destination_number;
  std::int64_t start_us = 0;
  // Answer
  std::int64_t answer_us = 0;
  std::string dialed;
  // End
  SpooledNotification hangup;
  friend bool operator==(const JournalRecord&, const JournalRecord&) = default;
};

// The record as one line, checksum first, '\n' last.
std::string encode_record(const JournalRecord& record);

// A line without its '\n'. nullopt for anything damaged, torn or mistyped.
std::optional<JournalRecord> parse_record(std::string_view line);

}  // namespace ctib::events

#pragma once
// The sanitisers every log line goes through (the formatters apply them to
// the whole line, so a new log call cannot forget them). Pure functions over
// text; thread-safe.

#include <span>
#include <string>
#include <string_view>

namespace ctib::logging {

// Control bytes (0x00-0x1f, 0x7f), C1 controls and U+2028/U+2029 encoded in
// UTF-8, and every byte of an invalid UTF-8 sequence become "\xNN", so one
// log line is always one line and carries no terminal escape. Valid UTF-8
// text passes unchanged. A backslash is not escaped: escape(escape(s)) ==
// escape(s), and "\x1b" in a line may have been those four characters.
std::string escape(std::string_view text);

// One phone number: 11+ digits keep the first 3 and the last 4
// ("13800138077" -> "138****8077"); 7-10 digits keep the first 2 and the last
// 2 (the first-3-last-4 rule would show every digit of a 7-digit number);
// fewer become "****". A leading '+' stays. Text that is not a number (an
// alphanumeric SIP user) is returned as mask_numbers_in() leaves it.
std::string mask_number(std::string_view number);

// Masks, with mask_number(), every run of 7+ digits (optionally after '+' or
// "%2B") that is not part of a word: a run touching a letter, '-' or '_' is
// an identifier (a uuid group, a hex Call-ID, a tag), not a phone number.
std::string mask_numbers_in(std::string_view text);

// In a URL, or in any text containing URLs: the value of every query
// parameter named in `names` (case-insensitive) becomes "***", and so does a
// password in the user-info ("http://user:pw@host" -> "http://user:***@host").
std::string redact_url(std::string_view text, std::span<const std::string> names);

}  // namespace ctib::logging

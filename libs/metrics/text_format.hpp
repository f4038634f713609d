#pragma once
// The pieces of the text exposition format 0.0.4 that need care: escaping
// and number formatting. Internal to libs/metrics (used by family.cpp),
// public only so the unit tests can pin them down.

#include <string>
#include <string_view>
#include <vector>

namespace ctib::metrics::text {

// HELP text: `\` → `\\`, newline → `\n`.
void append_help(std::string& out, std::string_view help);
// Label value: `\` → `\\`, `"` → `\"`, newline → `\n`.
void append_label_value(std::string& out, std::string_view value);
// Shortest text that reads back to the same double; +Inf, -Inf, NaN as
// Prometheus spells them; integers without a fraction.
void append_number(std::string& out, double v);
// `{a="x",b="y"}` (nothing when there are no labels); `extra` is one more
// pair appended last (the histogram's `le`).
void append_labels(std::string& out, const std::vector<std::string>& names, const std::vector<std::string>& values,
                   std::string_view extra_name = {}, std::string_view extra_value = {});
// [a-zA-Z_:][a-zA-Z0-9_:]* (metric names); label names exclude ':'.
bool valid_metric_name(std::string_view name);
bool valid_label_name(std::string_view name);

}  // namespace ctib::metrics::text

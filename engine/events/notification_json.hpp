#pragma once
// Private to ctib_events: a SpooledNotification as a JSON object, shared by
// the spool files and the journal's end records so both read the same way.

#include <nlohmann/json.hpp>

#include "engine/events/spooled_notification.hpp"

namespace ctib::events::detail {

nlohmann::json to_json(const SpooledNotification& n);
// False when `j` is not a complete notification (untrusted: a file or a
// journal record may be damaged).
bool from_json(const nlohmann::json& j, SpooledNotification& n);

}  // namespace ctib::events::detail

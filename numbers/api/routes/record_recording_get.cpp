// GET /v1/records/{uuid}/recording: the call's recording, the WAV bytes the
// engine wrote (docs/media.md "Recording"), to the tenant that owns the
// record only. The file is read from the service's recordings_dir by the
// name the record holds (a plain file name, checked again here), never by
// a path from the request or the notification.
#include <fstream>
#include <iterator>

#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"
#include "numbers/records/record_json.hpp"

namespace ctib::numbers::api::routes {

Response record_recording_get(const Context& c, const Request& r, const PathParams& p) {
  if (!r.query.empty()) return error_response(model::invalid(r.query.front().first, "is not a known field"));
  const auto uuid = path_id(p, "uuid");
  if (!uuid) return error_response(uuid.error());
  const auto found = c.records.get(*uuid, scope_of(c, r));
  if (!found) return error_response(found.error());
  const std::string& name = found->recording;
  if (c.config.recordings_dir.empty() || !records::is_recording_file(name)) {
    return error_response(model::not_found("uuid", "call " + *uuid + " has no recording"));
  }
  std::ifstream in(c.config.recordings_dir + "/" + name, std::ios::binary);
  if (!in) {
    if (c.log) c.log("[" + *uuid + "] recording " + name + " is not in " + c.config.recordings_dir);
    return error_response(model::not_found("uuid", "the recording of call " + *uuid + " is not available"));
  }
  Response out;
  out.status = 200;
  out.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  out.content_type = "audio/wav";
  out.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return out;
}

}  // namespace ctib::numbers::api::routes

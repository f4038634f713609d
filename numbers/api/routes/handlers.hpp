#pragma once
// One function per route; each is defined in the file of the same name.
// Handlers run on the server's worker threads and never throw for a bad
// request: it is a 400 with the field and the reason.

#include "libs/http_server/message.hpp"
#include "numbers/api/context.hpp"

namespace ctib::numbers::api {

using Handler = http_server::Response (*)(const Context&, const http_server::Request&,
                                          const http_server::PathParams&);

namespace routes {

using http_server::PathParams;
using http_server::Request;
using http_server::Response;

// Numbers per group request (create or add).
inline constexpr std::size_t kMaxGroupNumbers = 1000;

Response health_get(const Context& c, const Request& r, const PathParams& p);
Response numbers_post(const Context& c, const Request& r, const PathParams& p);
Response numbers_get(const Context& c, const Request& r, const PathParams& p);
Response number_get(const Context& c, const Request& r, const PathParams& p);
Response number_patch(const Context& c, const Request& r, const PathParams& p);
Response number_delete(const Context& c, const Request& r, const PathParams& p);
Response number_extensions_get(const Context& c, const Request& r, const PathParams& p);
Response bindings_post(const Context& c, const Request& r, const PathParams& p);
Response bindings_get(const Context& c, const Request& r, const PathParams& p);
Response binding_get(const Context& c, const Request& r, const PathParams& p);
Response binding_patch(const Context& c, const Request& r, const PathParams& p);
Response binding_delete(const Context& c, const Request& r, const PathParams& p);
Response groups_post(const Context& c, const Request& r, const PathParams& p);
Response groups_get(const Context& c, const Request& r, const PathParams& p);
Response group_get(const Context& c, const Request& r, const PathParams& p);
Response group_delete(const Context& c, const Request& r, const PathParams& p);
Response group_numbers_post(const Context& c, const Request& r, const PathParams& p);
Response group_number_delete(const Context& c, const Request& r, const PathParams& p);
Response records_get(const Context& c, const Request& r, const PathParams& p);
Response record_get(const Context& c, const Request& r, const PathParams& p);
Response record_recording_get(const Context& c, const Request& r, const PathParams& p);
Response cti_get(const Context& c, const Request& r, const PathParams& p);
Response cti_post(const Context& c, const Request& r, const PathParams& p);
Response push_failed_get(const Context& c, const Request& r, const PathParams& p);
Response push_failed_resend_post(const Context& c, const Request& r, const PathParams& p);

}  // namespace routes
}  // namespace ctib::numbers::api

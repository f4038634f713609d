#pragma once
// The API's route table: every route, its access rule and its handler, in
// one constexpr table (one handler file per route under routes/).

#include <array>
#include <string_view>

#include "libs/http_server/router.hpp"
#include "numbers/api/context.hpp"
#include "numbers/api/routes/handlers.hpp"

namespace ctib::numbers::api {

enum class Access {
  open,            // health
  api_key,         // management: header X-API-Key
  routing_secret,  // the engine: ?secret=... in the configured URL, or header X-Routing-Secret
};

struct Route {
  std::string_view method;
  std::string_view pattern;
  Access access;
  Handler handler;
};

inline constexpr std::array kRoutes{
    Route{"GET", "/v1/health", Access::open, &routes::health_get},
    Route{"POST", "/v1/numbers", Access::api_key, &routes::numbers_post},
    Route{"GET", "/v1/numbers", Access::api_key, &routes::numbers_get},
    Route{"GET", "/v1/numbers/{number}", Access::api_key, &routes::number_get},
    Route{"PATCH", "/v1/numbers/{number}", Access::api_key, &routes::number_patch},
    Route{"DELETE", "/v1/numbers/{number}", Access::api_key, &routes::number_delete},
    Route{"GET", "/v1/numbers/{number}/extensions", Access::api_key, &routes::number_extensions_get},
    Route{"POST", "/v1/bindings", Access::api_key, &routes::bindings_post},
    Route{"GET", "/v1/bindings", Access::api_key, &routes::bindings_get},
    Route{"GET", "/v1/bindings/{id}", Access::api_key, &routes::binding_get},
    Route{"PATCH", "/v1/bindings/{id}", Access::api_key, &routes::binding_patch},
    Route{"DELETE", "/v1/bindings/{id}", Access::api_key, &routes::binding_delete},
    Route{"POST", "/v1/groups", Access::api_key, &routes::groups_post},
    Route{"GET", "/v1/groups", Access::api_key, &routes::groups_get},
    Route{"GET", "/v1/groups/{id}", Access::api_key, &routes::group_get},
    Route{"DELETE", "/v1/groups/{id}", Access::api_key, &routes::group_delete},
    Route{"POST", "/v1/groups/{id}/numbers", Access::api_key, &routes::group_numbers_post},
    Route{"DELETE", "/v1/groups/{id}/numbers/{number}", Access::api_key, &routes::group_number_delete},
    Route{"GET", "/v1/records", Access::api_key, &routes::records_get},
    Route{"GET", "/v1/records/{uuid}", Access::api_key, &routes::record_get},
    Route{"GET", "/v1/records/{uuid}/recording", Access::api_key, &routes::record_recording_get},
    Route{"GET", "/v1/cti", Access::routing_secret, &routes::cti_get},
    Route{"POST", "/v1/cti", Access::routing_secret, &routes::cti_post},
    Route{"GET", "/v1/push/failed", Access::api_key, &routes::push_failed_get},
    Route{"POST", "/v1/push/failed/{id}/resend", Access::api_key, &routes::push_failed_resend_post},
};

// The http_server router for `context` (which must outlive it), with auth
// applied per the table and errors in the API's JSON format.
http_server::Router make_router(const Context& context);

}  // namespace ctib::numbers::api

#pragma once
// How model values look in API responses (JSON), and the response helpers
// every handler uses. Field names here are the ones openapi.yaml documents.

#include <string_view>

#include <nlohmann/json.hpp>

#include "libs/http_server/message.hpp"
#include "numbers/model/failure.hpp"
#include "numbers/model/types.hpp"

namespace ctib::numbers::api {

nlohmann::json view(const model::NumberUsage& n);
nlohmann::json view(const model::MiddleNumber& n);
nlohmann::json view(const model::Binding& b);
nlohmann::json view(const model::NumberGroup& g);
nlohmann::json view(const model::CallRecord& r);

template <class T>
nlohmann::json view_page(const model::Page<T>& page, const model::PageRequest& request) {
  nlohmann::json items = nlohmann::json::array();
  for (const T& item : page.items) items.push_back(view(item));
  return {{"items", std::move(items)},
          {"page", request.offset / request.limit + 1},
          {"page_size", request.limit},
          {"total", page.total}};
}

http_server::Response json_response(unsigned status, const nlohmann::json& body);
// {"error":{"field":..., "message":...}} with the status of its kind.
http_server::Response error_response(const model::Failure& failure);
// For the router's own errors (404, 405, 413...): field null.
http_server::Response plain_error(unsigned status, std::string_view message);

}  // namespace ctib::numbers::api

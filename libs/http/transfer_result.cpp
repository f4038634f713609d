// What a finished transfer means to the caller: a Response for every complete
// HTTP answer (any status), a classified Failure otherwise.
#include <chrono>

#include "libs/http/detail/transfer.hpp"

namespace ctib::http::detail {

namespace {

Failure::Reason classify(const Transfer& t, CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return Failure::Reason::ConnectFailed;
    case CURLE_OPERATION_TIMEDOUT:
      // curl reports both timeouts with one code; on_connected tells them apart.
      return t.connected ? Failure::Reason::ResponseTimeout : Failure::Reason::ConnectTimeout;
    case CURLE_FILESIZE_EXCEEDED:
      return Failure::Reason::TooLarge;
    case CURLE_WRITE_ERROR:
      return t.too_large ? Failure::Reason::TooLarge : Failure::Reason::Other;
    default:
      return Failure::Reason::Other;
  }
}

}  // namespace

Result finish(Transfer& t, CURLcode code) {
  if (code != CURLE_OK) {
    // The error buffer has the specific text ("Failed to connect to ... port
    // ...: Connection refused"); the generic string is the fallback.
    std::string detail = t.error[0] != '\0' ? std::string(t.error.data()) : curl_easy_strerror(code);
    return base::unexpected(Failure{classify(t, code), std::move(detail)});
  }
  long status = 0;
  curl_off_t total_us = 0;
  curl_easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(t.easy.get(), CURLINFO_TOTAL_TIME_T, &total_us);
  Response response;
  response.status = static_cast<int>(status);
  response.body = std::move(t.body);
  response.headers = std::move(t.headers);
  response.total_time =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::microseconds(total_us));
  return response;
}

}  // namespace ctib::http::detail

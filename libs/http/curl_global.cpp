#include "libs/http/curl_global.hpp"

#include <curl/curl.h>

#include <stdexcept>
#include <string>

namespace ctib::http {

CurlGlobal::CurlGlobal() {
  const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) throw std::runtime_error(std::string("curl_global_init: ") + curl_easy_strerror(rc));
}

CurlGlobal::~CurlGlobal() {
  curl_global_cleanup();
}

}  // namespace ctib::http

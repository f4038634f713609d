#pragma once
// Process-wide libcurl initialisation (curl_global_init / curl_global_cleanup).
// The composition root owns exactly one, built before and destroyed after
// every CurlMultiClient; the client takes it by reference so that order is
// visible in the types. No hidden singleton.

namespace ctib::http {

class CurlGlobal {
 public:
  // Throws std::runtime_error if curl_global_init() fails (startup only).
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

}  // namespace ctib::http

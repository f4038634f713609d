// Turning a Request into a configured curl easy handle, and the callbacks
// curl uses to hand us the answer.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <string_view>

#include "libs/base/text.hpp"
#include "libs/http/detail/transfer.hpp"

namespace ctib::http::detail {

namespace {

// Body bytes. Returning less than offered makes curl fail the transfer with
// CURLE_WRITE_ERROR, which finish() maps to TooLarge via `too_large`.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* userp) noexcept {
  auto& t = *static_cast<Transfer*>(userp);
  const std::size_t n = size * count;
  if (n > t.max_body - t.body.size()) {
    t.too_large = true;
    return 0;
  }
  t.body.append(data, n);
  return n;
}

// One header line per call, status lines included.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* userp) noexcept {
  auto& t = *static_cast<Transfer*>(userp);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    t.headers.clear();  // a new response begins (after a 1xx): keep only the final one
    return n;
  }
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;  // the blank line that ends the headers
  t.headers.push_back(
      {std::string(base::trim(line.substr(0, colon))), std::string(base::trim(line.substr(colon + 1)))});
  return n;
}

// Called once a connection (new or reused) is ready and the request is about
// to be sent: it is how a timeout is told apart as connect vs response.
int on_connected(void* clientp, char*, char*, int, int) noexcept {
  static_cast<Transfer*>(clientp)->connected = true;
  return CURL_PREREQFUNC_OK;
}

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

// curl treats a 0 timeout as "none"; a caller asking for 0 ms means "now".
long timeout_ms(std::chrono::milliseconds t) {
  return std::max<long>(1, static_cast<long>(t.count()));
}

class HeaderList {
 public:
  bool add(const std::string& line) {
    curl_slist* head = curl_slist_append(list_.get(), line.c_str());
    if (head == nullptr) return false;  // the old list is untouched and still ours
    static_cast<void>(list_.release());
    list_.reset(head);
    return true;
  }
  SlistPtr take() { return std::move(list_); }

 private:
  SlistPtr list_;
};

}  // namespace

std::string origin_of(const std::string& url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const std::size_t end = url.find_first_of("/?#", scheme + 3);
  std::string origin = url.substr(0, end);
  std::transform(origin.begin(), origin.end(), origin.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return origin;
}

void charge_wait(Transfer& t, std::chrono::milliseconds waited) {
  curl_easy_setopt(t.easy.get(), CURLOPT_CONNECTTIMEOUT_MS, timeout_ms(t.request.connect_timeout - waited));
  curl_easy_setopt(t.easy.get(), CURLOPT_TIMEOUT_MS, timeout_ms(t.request.total_timeout - waited));
}

Transfer::~Transfer() {
  if (attached != nullptr) curl_multi_remove_handle(attached, easy.get());
}

std::optional<Failure> prepare(Transfer& t, const ClientOptions& options, EasyPtr easy) {
  const Request& req = t.request;
  // Header injection guard: the values may come from call data.
  if (has_line_break(req.content_type)) return Failure{Failure::Reason::Other, "line break in content type"};
  for (const Header& h : req.headers) {
    if (h.name.empty() || has_line_break(h.name) || has_line_break(h.value) ||
        h.name.find_first_of(":; ") != std::string::npos) {
      return Failure{Failure::Reason::Other, "invalid request header '" + h.name + "'"};
    }
  }

  HeaderList list;
  // No "Expect: 100-continue": it costs a round trip (or a 1 s wait).
  bool ok = list.add("Expect:");
  if (!req.content_type.empty()) ok = ok && list.add("Content-Type: " + req.content_type);
  for (const Header& h : req.headers) {
    // "Name;" is curl's spelling of a header with an empty value.
    ok = ok && list.add(h.value.empty() ? h.name + ";" : h.name + ": " + h.value);
  }
  t.easy = std::move(easy);
  if (!ok || !t.easy) return Failure{Failure::Reason::Other, "out of memory"};

  t.max_body = options.max_body_bytes;
  CURL* e = t.easy.get();
  CURLcode rc = CURLE_OK;
  const auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(e, option, value);
  };
  set(CURLOPT_PRIVATE, static_cast<void*>(&t));
  set(CURLOPT_ERRORBUFFER, t.error.data());
  set(CURLOPT_URL, req.url.c_str());
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  // No proxy from the environment (http_proxy, no_proxy): routing and
  // notifications go to the configured URL, never through a proxy the
  // engine's environment happens to name (docs/configuration.md). It also
  // spares curl five getenv() calls per transfer.
  set(CURLOPT_PROXY, "");
  set(CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: we are not the only thread
  set(CURLOPT_CONNECTTIMEOUT_MS, timeout_ms(req.connect_timeout));
  set(CURLOPT_TIMEOUT_MS, timeout_ms(req.total_timeout));
  set(CURLOPT_USERAGENT, options.user_agent.c_str());
  // Rejects an announced Content-Length early; on_body catches the rest.
  set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  // Through the exact C pointer types: curl reads them back from varargs.
  const curl_write_callback body_cb = &on_body;
  const curl_write_callback header_cb = &on_header;
  const curl_prereq_callback prereq_cb = &on_connected;
  set(CURLOPT_WRITEFUNCTION, body_cb);
  set(CURLOPT_WRITEDATA, static_cast<void*>(&t));
  set(CURLOPT_HEADERFUNCTION, header_cb);
  set(CURLOPT_HEADERDATA, static_cast<void*>(&t));
  set(CURLOPT_PREREQFUNCTION, prereq_cb);
  set(CURLOPT_PREREQDATA, static_cast<void*>(&t));
  if (req.method == Method::Post) {
    set(CURLOPT_POST, 1L);
    set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    set(CURLOPT_POSTFIELDS, req.body.data());  // not copied: `request` outlives the easy handle
  } else {
    set(CURLOPT_HTTPGET, 1L);
  }
  t.header_list = list.take();
  set(CURLOPT_HTTPHEADER, t.header_list.get());
  if (rc != CURLE_OK) return Failure{Failure::Reason::Other, curl_easy_strerror(rc)};
  return std::nullopt;
}

}  // namespace ctib::http::detail

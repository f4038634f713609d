#include "numbers/push/batch.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace ctib::numbers::push {

std::vector<Batch> make_batches(std::vector<storage::PushItem> items, std::size_t batch_size) {
  const std::size_t size = std::max<std::size_t>(batch_size, 1);
  std::vector<Batch> out;
  std::map<std::string, std::size_t> open;  // url → its batch still filling in `out`
  for (storage::PushItem& item : items) {
    const auto found = open.find(item.url);
    if (found == open.end() || out[found->second].size() >= size) {
      open[item.url] = out.size();
      out.emplace_back();
    }
    out[open[item.url]].push_back(std::move(item));
  }
  return out;
}

http::Request build_request(const Batch& batch, const PushOptions& options, std::int64_t timestamp) {
  http::Request request;
  request.method = http::Method::Post;
  request.url = batch.empty() ? std::string() : batch.front().url;
  request.content_type = "application/json";
  request.body = "{\"items\":[";
  std::string keys;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (i > 0) {
      request.body += ',';
      keys += ", ";
    }
    request.body += batch[i].payload;
    keys += batch[i].idempotency_key;
  }
  request.body += "]}";
  // The keys come from the engine's call uuids: a header only when each is
  // printable ASCII without the separator (the body always has them).
  const bool header_safe = std::all_of(batch.begin(), batch.end(), [](const storage::PushItem& i) {
    return std::all_of(i.idempotency_key.begin(), i.idempotency_key.end(),
                       [](char c) { return c > 0x20 && c < 0x7f && c != ','; });
  });
  if (header_safe) request.headers.push_back({"Idempotency-Key", keys});
  request.headers.push_back({std::string(signing::kTimestampHeader), std::to_string(timestamp)});
  request.headers.push_back({std::string(signing::kKeyIdHeader), options.key.id});
  request.headers.push_back({std::string(signing::kSignatureHeader),
                             signing::body_signature(options.key, timestamp, request.body)});
  request.total_timeout = options.timeout;
  request.connect_timeout = std::min(options.timeout, std::chrono::milliseconds(2000));
  return request;
}

}  // namespace ctib::numbers::push

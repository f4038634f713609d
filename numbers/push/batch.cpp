#include "numbers/push/batch.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

namespace ctib::numbers::push {

std::vector<Batch> make_batches(std::vector<storage::PushItem> items, std::size_t batch_size) {
  const std::size_t size = std::max<std::size_t>(batch_size, 1);
  std::vector<Batch> out;
  // (url, tenant) → its batch still filling in `out`. One POST carries one
  // tenant's items only: it is signed with that tenant's key, and a URL two
  // tenants share must not see one tenant's items under the other's key.
  std::map<std::pair<std::string, std::string>, std::size_t> open;
  for (storage::PushItem& item : items) {
    const std::pair<std::string, std::string> to{item.url, item.tenant};
    const auto found = open.find(to);
    if (found == open.end() || out[found->second].size() >= size) {
      open[to] = out.size();
      out.emplace_back();
    }
    out[open[to]].push_back(std::move(item));
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
  // Signed with the key of the items' tenant (one per batch), at send time:
  // a key rotated in the configuration applies to the backlog after a restart.
  const signing::SigningKey& key = options.key_for(batch.empty() ? std::string_view() : batch.front().tenant);
  request.headers.push_back({std::string(signing::kKeyIdHeader), key.id});
  request.headers.push_back(
      {std::string(signing::kSignatureHeader), signing::body_signature(key, timestamp, request.body)});
  request.total_timeout = options.timeout;
  request.connect_timeout = std::min(options.timeout, std::chrono::milliseconds(2000));
  return request;
}

}  // namespace ctib::numbers::push

#include "numbers/push/batch.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "libs/signing/signature.hpp"

namespace ctib::numbers::push {
namespace {

storage::PushItem item(std::int64_t id, std::string url) {
  storage::PushItem i;
  i.id = id;
  i.url = std::move(url);
  i.idempotency_key = "call-" + std::to_string(id) + ":callin";
  i.payload = R"({"n":)" + std::to_string(id) + "}";
  return i;
}

std::vector<std::int64_t> ids(const Batch& b) {
  std::vector<std::int64_t> out;
  for (const auto& i : b) out.push_back(i.id);
  return out;
}

TEST(Batches, GroupByUrlKeepOrderAndSplitAtTheSize) {
  std::vector<storage::PushItem> items{item(1, "http://a/"), item(2, "http://b/"), item(3, "http://a/"),
                                       item(4, "http://a/"), item(5, "http://b/")};
  const auto batches = make_batches(items, 2);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(ids(batches[0]), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(ids(batches[1]), (std::vector<std::int64_t>{2, 5}));
  EXPECT_EQ(ids(batches[2]), (std::vector<std::int64_t>{4}));
  EXPECT_EQ(batches[2].front().url, "http://a/");
}

TEST(Batches, SizeOneIsOneItemPerPost) {
  const auto batches = make_batches({item(1, "u"), item(2, "u"), item(3, "u")}, 1);
  EXPECT_EQ(batches.size(), 3u);
  EXPECT_TRUE(make_batches({}, 10).empty());
}

const std::string* header(const http::Request& r, std::string_view name) {
  for (const auto& h : r.headers) {
    if (h.name == name) return &h.value;
  }
  return nullptr;
}

TEST(Batches, RequestCarriesItemsKeysAndASignatureOverTimestampAndBody) {
  PushOptions options;
  options.key = {"push-1", "0123456789abcdef-secret"};
  const Batch batch{item(7, "http://r/in"), item(8, "http://r/in")};
  const http::Request r = build_request(batch, options, 1700000000);
  EXPECT_EQ(r.url, "http://r/in");
  EXPECT_EQ(r.method, http::Method::Post);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"items":[{"n":7},{"n":8}]})");
  const auto parsed = nlohmann::json::parse(r.body);
  EXPECT_EQ(parsed["items"].size(), 2u);
  ASSERT_NE(header(r, "Idempotency-Key"), nullptr);
  EXPECT_EQ(*header(r, "Idempotency-Key"), "call-7:callin, call-8:callin");
  EXPECT_EQ(*header(r, "X-CTIB-Timestamp"), "1700000000");
  EXPECT_EQ(*header(r, "X-CTIB-Key-Id"), "push-1");
  // HMAC-SHA256("0123456789abcdef-secret", "1700000000." + body), computed
  // independently with: printf '%s' '1700000000.{"items":[{"n":7},{"n":8}]}' |
  //   openssl dgst -sha256 -hmac 0123456789abcdef-secret
  EXPECT_EQ(*header(r, "X-CTIB-Signature"),
            "v1=ba83789ba3f698192b12057f1d1d0488787a956f7c5921c2cfa233caa3e9ac57");
}

// Decision 0027: one POST holds one tenant's items, signed with its key;
// a tenant without an entry is signed with the service's key.
TEST(Batches, ATenantsItemsGoInTheirOwnPostsSignedWithTheirKey) {
  PushOptions options;
  options.key = {"push-1", "0123456789abcdef-secret"};
  options.tenants.push_back({"acme", {}, {"acme-1", "0123456789abcdef-acme"}});
  auto tagged = [](std::int64_t id, std::string tenant) {
    auto i = item(id, "http://r/in");
    i.tenant = std::move(tenant);
    return i;
  };
  const auto batches =
      make_batches({tagged(7, "acme"), tagged(1, "default"), tagged(8, "acme"), tagged(2, "globex")}, 10);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(ids(batches[0]), (std::vector<std::int64_t>{7, 8}));
  EXPECT_EQ(ids(batches[1]), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(ids(batches[2]), (std::vector<std::int64_t>{2}));
  const http::Request acme = build_request(batches[0], options, 1700000000);
  EXPECT_EQ(*header(acme, "X-CTIB-Key-Id"), "acme-1");
  // printf '%s' '1700000000.{"items":[{"n":7},{"n":8}]}' | openssl dgst -sha256 -hmac 0123456789abcdef-acme
  EXPECT_EQ(*header(acme, "X-CTIB-Signature"),
            "v1=1a9d763b7e4a9f269a5102cfc6005bb77d86e39d71cfc7e42eda4a87baea4bb5");
  EXPECT_EQ(*header(build_request(batches[1], options, 1700000000), "X-CTIB-Key-Id"), "push-1");
  EXPECT_EQ(*header(build_request(batches[2], options, 1700000000), "X-CTIB-Key-Id"), "push-1");
}

TEST(Batches, SignatureChangesWithBodyTimestampAndKey) {
  const signing::SigningKey key{"k", "0123456789abcdef-secret"};
  const auto base = signing::body_signature(key, 1700000000, "{}");
  EXPECT_NE(base, signing::body_signature(key, 1700000001, "{}"));
  EXPECT_NE(base, signing::body_signature(key, 1700000000, "{ }"));
  EXPECT_NE(base, signing::body_signature({"k", "0123456789abcdef-secreT"}, 1700000000, "{}"));
  EXPECT_EQ(base.rfind("v1=", 0), 0u);
  EXPECT_EQ(base.size(), 3u + 64u);
}

TEST(Batches, KeysUnsafeForAHeaderStayInTheBodyOnly) {
  PushOptions options;
  options.key = {"push-1", "0123456789abcdef-secret"};
  auto odd = item(1, "http://r/");
  odd.idempotency_key = "a,b:callin";
  const http::Request r = build_request({odd}, options, 1);
  EXPECT_EQ(header(r, "Idempotency-Key"), nullptr);
  EXPECT_NE(header(r, "X-CTIB-Signature"), nullptr);
}

}  // namespace
}  // namespace ctib::numbers::push

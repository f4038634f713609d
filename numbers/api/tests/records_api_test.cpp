// /v1/records: query by binding, number and time range, paged; validation.
#include "numbers/api/tests/api_fixture.hpp"

namespace ctib::numbers::api::testing {
namespace {

using namespace std::chrono_literals;

class RecordsApiTest : public NumbersApiTest {
 protected:
  void SetUp() override {
    NumbersApiTest::SetUp();
    import("+8617100000001", "010");
    binding_ = bind("13800000001", "13900000001")["id"].get<std::string>();
    for (int i = 0; i < 3; ++i) {
      call_from("13800000001", "c" + std::to_string(i));
      clock_.advance(60s);
    }
    call_from("13700000001", "c3");  // intercepted
  }
  void call_from(const std::string& caller, const std::string& uuid) {
    ASSERT_EQ(cti("action=request&uuid=" + uuid + "&caller_id_number=" + caller +
                  "&destination_number=17100000001").status, 200u);
  }
  std::string binding_;
};

TEST_F(RecordsApiTest, ByBindingNumberAndTimeRangePaged) {
  EXPECT_EQ(get("/v1/records").body["total"], 4);
  EXPECT_EQ(get("/v1/records?binding_id=" + binding_).body["total"], 3);
  EXPECT_EQ(get("/v1/records?number=13700000001").body["total"], 1);
  EXPECT_EQ(get("/v1/records?number=17100000001").body["total"], 4);
  const std::string t0 = "2023-11-14T22:13:20Z";  // FakeClock's start
  const auto range = get("/v1/records?from=" + t0 + "&to=2023-11-14T22:15:20Z");
  EXPECT_EQ(range.body["total"], 2);
  EXPECT_EQ(range.body["items"][0]["uuid"], "c1");  // newest first
  const auto page = get("/v1/records?page=2&page_size=3");
  EXPECT_EQ(page.body["items"].size(), 1u);
  EXPECT_EQ(page.body["total"], 4);
}

TEST_F(RecordsApiTest, ValidationErrorsAndNotFound) {
  expect_invalid(get("/v1/records?from=yesterday"), "from");
  expect_invalid(get("/v1/records?to=1700000000"), "to");
  expect_invalid(get("/v1/records?from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z"), "to");
  expect_invalid(get("/v1/records?number=12ab"), "number");
  expect_invalid(get("/v1/records?page_size=0"), "page_size");
  expect_invalid(get("/v1/records?uuid=c1"), "uuid");
  EXPECT_EQ(get("/v1/records/nope").status, 404u);
  expect_invalid(get("/v1/records/c1?x=1"), "x");
  EXPECT_EQ(get("/v1/records/c0").body["direction"], "a_to_peer");
}

}  // namespace
}  // namespace ctib::numbers::api::testing

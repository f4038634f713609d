#include "engine/registrar/replica.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstring>

namespace ctib::registrar {
namespace {

Binding sample(std::string contact) {
  Binding b;
  b.aor = "1000@example.com";
  b.contact = std::move(contact);
  b.profile = "internal";
  b.call_id = "reg-1@10.0.0.5";
  b.cseq = 7;
  b.expires_at = TimePoint(std::chrono::seconds(1'800'000'000));
  b.received_ip = "192.0.2.9";
  b.received_port = 40123;
  b.transport = "udp";
  b.user_agent = "phone/1.0";
  return b;
}

TEST(Replica, ChangesSurviveTheTrip) {
  const std::vector<Change> changes{{Change::Kind::upsert, sample("sip:1000@10.0.0.5:5062")},
                                    {Change::Kind::remove, sample("sip:1000@10.0.0.6")}};
  const auto back = decode_changes(encode_changes(changes));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].kind, Change::Kind::upsert);
  EXPECT_EQ((*back)[0].binding, changes[0].binding);
  EXPECT_EQ((*back)[1].kind, Change::Kind::remove);
  EXPECT_EQ((*back)[1].binding, changes[1].binding);
}

TEST(Replica, RefusesWhatIsNotAWholeMessage) {
  const std::string good = encode_changes({{Change::Kind::upsert, sample("sip:a@b")}});
  EXPECT_FALSE(decode_changes(good.substr(0, good.size() - 1)));
  EXPECT_FALSE(decode_changes(good + "x"));
  EXPECT_FALSE(decode_changes(""));
  std::string bad_kind = good;
  bad_kind[4] = 9;
  EXPECT_FALSE(decode_changes(bad_kind));
  // An expiry the clock cannot hold (found by the fuzzer: it overflowed).
  std::string far = good;
  const std::int64_t huge = -720574140379279360;
  std::memcpy(far.data() + far.size() - sizeof(std::uint16_t) - sizeof huge, &huge, sizeof huge);
  EXPECT_FALSE(decode_changes(far));
}

TEST(Replica, AppliedChangesReplaceAndRemoveTheSameContact) {
  Registrations regs;
  const TimePoint now(std::chrono::seconds(1'700'000'000));
  Binding b = sample("sip:1000@10.0.0.5:5062");
  regs.apply_replicated({Change::Kind::upsert, b}, now);
  b.cseq = 8;
  regs.apply_replicated({Change::Kind::upsert, b}, now);  // a refresh: still one binding
  std::vector<Change> changes;
  auto found = regs.lookup("1000@example.com", now, changes);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].cseq, 8u);
  regs.apply_replicated({Change::Kind::remove, b}, now);
  EXPECT_TRUE(regs.lookup("1000@example.com", now, changes).empty());
}

}  // namespace
}  // namespace ctib::registrar

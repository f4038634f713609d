#include "engine/registrar/registrar.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <regex>

#include "engine/config/load.hpp"

namespace ctib::registrar {
namespace {

using std::chrono::seconds;

constexpr const char* kConfig = R"(
[engine]
domain = "example.com"
[profiles.internal]
auth-calls = true
register-min-expires = 30
register-max-expires = 600
[profiles.external]
sip-port = 5080
apply-inbound-acl = ["trunks", "gateways"]
[acls.trunks]
allow = ["192.0.2.0/24"]
[gateways.carrier]
proxy = "198.51.100.9:5060"
[users.1000]
password = "secret"
[users.1001]
a1-hash = "0b4a3d1f8d0b5a0dd1e1e8b9f3c8a2aa"
)";

class RegistrarTest : public ::testing::Test {
 protected:
  RegistrarTest()
      : cfg_(*config::load_string(kConfig, "t.toml")),
        log_("t", std::make_shared<spdlog::sinks::null_sink_mt>()),
        registrar_(std::make_shared<const config::EngineConfig>(cfg_), nullptr, log_, [this] { return now_; }) {}

  // Answers a challenge the way a phone does.
  static DigestCredentials answer(const std::string& challenge, const std::string& user, const std::string& password,
                                  const std::string& method, unsigned nc = 1) {
    std::smatch m;
    std::regex nonce_re("nonce=\"([0-9a-f]+)\"");
    std::regex realm_re("realm=\"([^\"]+)\"");
    DigestCredentials c;
    if (std::regex_search(challenge, m, nonce_re)) c.nonce = m[1];
    if (std::regex_search(challenge, m, realm_re)) c.realm = m[1];
    c.username = user;
    c.uri = "sip:example.com";
    c.qop = "auth";
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", nc);
    c.nc = buf;
    c.cnonce = "abc123";
    c.response = digest_response(digest_ha1(user, c.realm, password), method, c);
    return c;
  }

  RegisterRequest reg(std::vector<ContactSpec> contacts, std::uint32_t cseq = 1) {
    RegisterRequest r;
    r.to_user = "1000";
    r.call_id = "reg-1";
    r.cseq = cseq;
    r.contacts = std::move(contacts);
    r.source = {"10.0.0.5", 5062, "udp"};
    return r;
  }

  std::string header(const RegisterResponse& r, const std::string& name) {
    for (const auto& h : r.headers) {
      if (h.name == name) return h.value;
    }
    return "";
  }

  config::EngineConfig cfg_;
  spdlog::logger log_;
  TimePoint now_{seconds(1'700'000'000)};
  Registrar registrar_;
};

TEST_F(RegistrarTest, ChallengeThenRegisterThenLocate) {
  const auto& internal = *cfg_.profile("internal");
  auto first = registrar_.on_register(internal, reg({{"sip:1000@10.0.0.5:5062", std::nullopt}}));
  ASSERT_EQ(first.status, 401);
  std::string challenge = header(first, "WWW-Authenticate");
  EXPECT_NE(challenge.find("realm=\"example.com\""), std::string::npos);
  EXPECT_NE(challenge.find("qop=\"auth\""), std::string::npos);

  auto request = reg({{"sip:1000@10.0.0.5:5062", std::nullopt}}, 2);
  request.expires = 3600;
  request.credentials = answer(challenge, "1000", "secret", "REGISTER");
  auto ok = registrar_.on_register(internal, request);
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(header(ok, "Contact"), "<sip:1000@10.0.0.5:5062>;expires=600");  // cut to the maximum

  auto found = registrar_.locate("1000", "");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].received_ip, "10.0.0.5");
  EXPECT_EQ(found[0].profile, "internal");

  // The same nonce-count again is a replay: challenged, nothing changes.
  auto replay = registrar_.on_register(internal, request);
  EXPECT_EQ(replay.status, 401);

  now_ += seconds(601);
  EXPECT_TRUE(registrar_.locate("1000", "example.com").empty());
}

TEST_F(RegistrarTest, ReconfigureSwitchesUsersAtOnceAndDropsRemovedUsersBindings) {
  const auto& internal = *cfg_.profile("internal");
  auto first = registrar_.on_register(internal, reg({{"sip:1000@10.0.0.5:5062", std::nullopt}}));
  auto request = reg({{"sip:1000@10.0.0.5:5062", std::nullopt}}, 2);
  request.credentials = answer(header(first, "WWW-Authenticate"), "1000", "secret", "REGISTER");
  ASSERT_EQ(registrar_.on_register(internal, request).status, 200);
  ASSERT_EQ(registrar_.locate("1000", "").size(), 1U);

  std::string next = kConfig;
  next.replace(next.find("[users.1000]"), 12, "[users.1002]");
  auto loaded = config::load_string(next, "t.toml");
  ASSERT_TRUE(loaded);
  registrar_.reconfigure(std::make_shared<const config::EngineConfig>(*loaded));
  EXPECT_EQ(registrar_.user("1000", ""), nullptr);
  EXPECT_TRUE(registrar_.locate("1000", "").empty());
  EXPECT_NE(registrar_.user("1002", ""), nullptr);
  // The new user registers with the password that was 1000's.
  auto again = registrar_.on_register(internal, [&] {
    auto r = reg({{"sip:1002@10.0.0.6:5062", std::nullopt}}, 1);
    r.to_user = "1002";
    r.call_id = "reg-2";
    return r;
  }());
  ASSERT_EQ(again.status, 401);
  auto ok = reg({{"sip:1002@10.0.0.6:5062", std::nullopt}}, 2);
  ok.to_user = "1002";
  ok.call_id = "reg-2";
  ok.credentials = answer(header(again, "WWW-Authenticate"), "1002", "secret", "REGISTER");
  EXPECT_EQ(registrar_.on_register(internal, ok).status, 200);
}

TEST_F(RegistrarTest, WrongPasswordUnknownUserAndOtherUsersAor) {
  const auto& internal = *cfg_.profile("internal");
  auto c = header(registrar_.on_register(internal, reg({})), "WWW-Authenticate");
  auto bad = reg({{"sip:1000@h", 60u}});
  bad.credentials = answer(c, "1000", "wrong", "REGISTER");
  EXPECT_EQ(registrar_.on_register(internal, bad).status, 403);
  bad.credentials = answer(c, "9999", "secret", "REGISTER");
  EXPECT_EQ(registrar_.on_register(internal, bad).status, 403);
  // 1001's hash is not 1000's: 1000's password cannot register 1001's number.
  auto other = reg({{"sip:1001@h", 60u}});
  other.to_user = "1001";
  other.credentials = answer(c, "1000", "secret", "REGISTER", 2);
  EXPECT_EQ(registrar_.on_register(internal, other).status, 403);
}

TEST_F(RegistrarTest, ExpiryBoundsAndUnregister) {
  const auto& internal = *cfg_.profile("internal");
  auto c = header(registrar_.on_register(internal, reg({})), "WWW-Authenticate");
  auto brief = reg({{"sip:1000@h", 10u}});
  brief.credentials = answer(c, "1000", "secret", "REGISTER", 1);
  auto r423 = registrar_.on_register(internal, brief);
  EXPECT_EQ(r423.status, 423);
  EXPECT_EQ(header(r423, "Min-Expires"), "30");

  auto two = reg({{"sip:1000@h1", 60u}, {"sip:1000@h2", 60u}}, 2);
  two.credentials = answer(c, "1000", "secret", "REGISTER", 2);
  ASSERT_EQ(registrar_.on_register(internal, two).status, 200);
  EXPECT_EQ(registrar_.locate("1000", "").size(), 2u);

  auto star = reg({}, 3);
  star.wildcard = true;
  star.expires = 0;
  star.credentials = answer(c, "1000", "secret", "REGISTER", 3);
  ASSERT_EQ(registrar_.on_register(internal, star).status, 200);
  EXPECT_TRUE(registrar_.locate("1000", "").empty());
}

TEST_F(RegistrarTest, StaleNonce) {
  const auto& internal = *cfg_.profile("internal");
  auto c = header(registrar_.on_register(internal, reg({})), "WWW-Authenticate");
  now_ += seconds(3600);
  auto late = reg({{"sip:1000@h", 60u}});
  late.credentials = answer(c, "1000", "secret", "REGISTER");
  auto r = registrar_.on_register(internal, late);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(header(r, "WWW-Authenticate").find("stale=true"), std::string::npos);
}

TEST_F(RegistrarTest, InvitesOnAuthCallsProfile) {
  const auto& internal = *cfg_.profile("internal");
  Source src{"10.0.0.5", 5062, "udp"};
  auto first = registrar_.admit_invite(internal, src, "call-1", std::nullopt);
  ASSERT_EQ(first.verdict, Admission::Verdict::challenge);
  ASSERT_EQ(first.headers.size(), 1u);
  EXPECT_EQ(first.headers[0].name, "Proxy-Authenticate");
  auto creds = answer(first.headers[0].value, "1000", "secret", "INVITE");
  auto ok = registrar_.admit_invite(internal, src, "call-1", creds);
  ASSERT_EQ(ok.verdict, Admission::Verdict::admit);
  ASSERT_NE(ok.user, nullptr);
  EXPECT_EQ(ok.user->config->id, "1000");
  auto wrong = answer(first.headers[0].value, "1000", "nope", "INVITE", 2);
  EXPECT_EQ(registrar_.admit_invite(internal, src, "call-2", wrong).verdict, Admission::Verdict::forbid);
  EXPECT_EQ(registrar_.forbidden_invites(), 1u);
}

TEST_F(RegistrarTest, InvitesOnAclProfile) {
  const auto& external = *cfg_.profile("external");
  EXPECT_EQ(registrar_.admit_invite(external, {"192.0.2.44", 5060, "udp"}, "c", std::nullopt).verdict,
            Admission::Verdict::admit);
  EXPECT_EQ(registrar_.admit_invite(external, {"198.51.100.9", 5060, "udp"}, "c", std::nullopt).verdict,
            Admission::Verdict::admit);  // the gateway's own address
  EXPECT_EQ(registrar_.admit_invite(external, {"203.0.113.1", 5060, "udp"}, "c", std::nullopt).verdict,
            Admission::Verdict::forbid);
}

// Password guessing (auth_guard.hpp): with the default auth-fail-max = 5,
// the fifth wrong password bans the source; from then on it gets 403
// without a challenge, even with the right password.
TEST_F(RegistrarTest, GuessingBansTheSourceEvenForTheRightPassword) {
  const auto& internal = *cfg_.profile("internal");
  for (std::uint32_t i = 0; i < 5; ++i) {
    auto first = registrar_.on_register(internal, reg({}));
    ASSERT_EQ(first.status, 401) << i;
    auto bad = reg({{"sip:1000@h", 60u}}, 2);
    bad.credentials = answer(header(first, "WWW-Authenticate"), "1000", "guess" + std::to_string(i), "REGISTER");
    EXPECT_EQ(registrar_.on_register(internal, bad).status, 403);
  }
  EXPECT_EQ(registrar_.auth_guard().failures(), 5U);
  EXPECT_EQ(registrar_.auth_guard().bans(), 2U);  // the source and 1000@example.com
  auto banned = registrar_.on_register(internal, reg({}));
  EXPECT_EQ(banned.status, 403);
  EXPECT_EQ(header(banned, "WWW-Authenticate"), "");
  // The right password, on a nonce obtained before the ban, is refused too.
  auto c = header(registrar_.on_register(internal, [&] { auto r = reg({}); r.source.ip = "10.0.0.6"; return r; }()),
                  "WWW-Authenticate");
  ASSERT_NE(c, "");
  auto right = reg({{"sip:1000@h", 60u}}, 3);
  right.credentials = answer(c, "1000", "secret", "REGISTER");
  EXPECT_EQ(registrar_.on_register(internal, right).status, 403);
  // So is an INVITE from that source on an auth-calls profile, unchallenged.
  auto invite = registrar_.admit_invite(internal, {"10.0.0.5", 5062, "udp"}, "call-1", std::nullopt);
  EXPECT_EQ(invite.verdict, Admission::Verdict::forbid);
  EXPECT_TRUE(invite.headers.empty());
  // The real phone elsewhere, which never failed, registers.
  auto other = reg({{"sip:1000@10.0.0.6:5062", 60u}}, 4);
  other.source.ip = "10.0.0.6";
  other.credentials = answer(c, "1000", "secret", "REGISTER");
  EXPECT_EQ(registrar_.on_register(internal, other).status, 200);
  // The ban (600 s by default) expires by itself.
  now_ += seconds(600);
  auto after = registrar_.on_register(internal, reg({}, 5));
  ASSERT_EQ(after.status, 401);
  right.cseq = 6;
  right.credentials = answer(header(after, "WWW-Authenticate"), "1000", "secret", "REGISTER");
  EXPECT_EQ(registrar_.on_register(internal, right).status, 200);
}

TEST_F(RegistrarTest, WrongInvitePasswordsBanTheSource) {
  const auto& internal = *cfg_.profile("internal");
  Source src{"10.0.0.5", 5062, "udp"};
  auto first = registrar_.admit_invite(internal, src, "call-1", std::nullopt);
  for (unsigned nc = 1; nc <= 5; ++nc) {
    auto wrong = answer(first.headers[0].value, "1000", "nope", "INVITE", nc);
    EXPECT_EQ(registrar_.admit_invite(internal, src, "call-1", wrong).verdict, Admission::Verdict::forbid);
  }
  auto right = answer(first.headers[0].value, "1000", "secret", "INVITE", 6);
  auto refused = registrar_.admit_invite(internal, src, "call-2", right);
  EXPECT_EQ(refused.verdict, Admission::Verdict::forbid);
  EXPECT_EQ(refused.why, "authentication ban");
  EXPECT_EQ(registrar_.auth_guard().refusals(), 1U);
}

TEST_F(RegistrarTest, TrustedSourcesAreNeverBanned) {
  // 192.0.2.0/24 is in the external profile's apply-inbound-acl.
  const auto& external = *cfg_.profile("external");
  auto trunk = [&](std::uint32_t cseq) {
    auto r = reg({{"sip:1000@192.0.2.44", 60u}}, cseq);
    r.source.ip = "192.0.2.44";
    return r;
  };
  auto c = header(registrar_.on_register(external, trunk(1)), "WWW-Authenticate");
  for (unsigned nc = 1; nc <= 10; ++nc) {
    auto bad = trunk(1 + nc);
    bad.credentials = answer(c, "1000", "nope", "REGISTER", nc);
    EXPECT_EQ(registrar_.on_register(external, bad).status, 403);
  }
  EXPECT_EQ(registrar_.auth_guard().failures(), 0U);
  auto good = trunk(20);
  good.credentials = answer(c, "1000", "secret", "REGISTER", 11);
  EXPECT_EQ(registrar_.on_register(external, good).status, 200);
}

}  // namespace
}  // namespace ctib::registrar

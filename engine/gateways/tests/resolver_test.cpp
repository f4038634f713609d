#include "engine/gateways/resolver.hpp"

#include <gtest/gtest.h>

#include "engine/config/load.hpp"

namespace ctib::gateways {
namespace {

using causes::HangupCause;

config::EngineConfig sample() {
  auto cfg = config::load_string(R"(
[profiles.internal]
sip-ip = "127.0.0.1"
sip-port = 5060
[profiles.external]
sip-ip = "127.0.0.1"
sip-port = 5080
ext-sip-ip = "203.0.113.5"
[gateways.carrier]
proxy = "192.0.2.1:5070"
from-user = "trunk"
from-domain = "carrier.example"
destination-prefix = "9"
[gateways.tcpgw]
proxy = "192.0.2.2"
register-transport = "tcp"
caller-id-in-from = true
outbound-proxy = "192.0.2.9:5060"
)",
                                 "t.toml");
  EXPECT_TRUE(cfg) << cfg.error().to_string();
  return *cfg;
}

TEST(Resolver, GatewayBuildsTheRequestUriFromTheProxy) {
  auto cfg = sample();
  auto r = resolve_gateway(cfg, {"carrier", "13800000000", "", ""});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->profile, "external");
  EXPECT_EQ(r->request_uri.to_string(), "sip:913800000000@192.0.2.1:5070");
  EXPECT_EQ(r->gateway, "carrier");
  EXPECT_EQ(r->from_user, "trunk");
  EXPECT_EQ(r->from_host, "carrier.example");
  EXPECT_FALSE(r->caller_id_in_from);
  EXPECT_EQ(r->variables.get("sip_gateway_name"), "carrier");
}

TEST(Resolver, GatewayNumberWithAtIsTheWholeUri) {
  auto cfg = sample();
  auto r = resolve_gateway(cfg, {"carrier", "100@198.51.100.7:5062", ";user=phone", ""});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->request_uri.to_string(), "sip:9100@198.51.100.7:5062;user=phone");
}

TEST(Resolver, GatewayTransportComesFromRegisterTransport) {
  auto cfg = sample();
  auto r = resolve_gateway(cfg, {"tcpgw", "1", "", ""});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->request_uri.transport(), "tcp");
  EXPECT_EQ(r->outbound_proxy, "192.0.2.9:5060");
  EXPECT_EQ(r->from_host, "192.0.2.2");
  auto mismatch = resolve_gateway(cfg, {"carrier", "1", ";transport=tcp", ""});
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error(), HangupCause::DESTINATION_OUT_OF_ORDER);
}

TEST(Resolver, UnknownGatewayIsInvalidGateway) {
  auto cfg = sample();
  ConfigTargetResolver resolver(cfg);
  auto r = resolver.resolve(dialstring::GatewayTarget{"nope", "1", "", ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), HangupCause::INVALID_GATEWAY);
}

TEST(Resolver, ProfileTargetKeepsTheUriAndUsesTheProfileAddress) {
  auto cfg = sample();
  ConfigTargetResolver resolver(cfg);
  dialstring::ProfileTarget t{"external", {"sip", "158", "192.0.2.10", 5060, ""}, ""};
  auto r = resolver.resolve(t);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].request_uri.to_string(), "sip:158@192.0.2.10:5060");
  EXPECT_EQ((*r)[0].from_host, "203.0.113.5");
  EXPECT_EQ((*r)[0].to_user, "158");
}

TEST(Resolver, UnknownProfileIsInvalidProfile) {
  auto cfg = sample();
  ConfigTargetResolver resolver(cfg);
  auto r = resolver.resolve(dialstring::ProfileTarget{"nope", {"sip", "1", "h", std::nullopt, ""}, ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), HangupCause::INVALID_PROFILE);
}

TEST(Resolver, UsersAreNotKnownBeforeTheRegistrar) {
  auto cfg = sample();
  ConfigTargetResolver resolver(cfg);
  auto user = resolver.resolve(dialstring::UserTarget{"1000", "", ""});
  ASSERT_FALSE(user);
  EXPECT_EQ(user.error(), HangupCause::SUBSCRIBER_ABSENT);
  auto reg = resolver.resolve(dialstring::ProfileRegistrationTarget{"internal", "1000", "", ""});
  ASSERT_FALSE(reg);
  EXPECT_EQ(reg.error(), HangupCause::USER_NOT_REGISTERED);
}

struct FakeStatus final : GatewayStatusView {
  bool up(std::string_view gw) const override { return gw != "carrier"; }
};

TEST(Resolver, GatewayDownFailsAtOnce) {
  auto cfg = sample();
  FakeStatus status;
  ConfigTargetResolver resolver(cfg, nullptr, &status);
  auto down = resolver.resolve(dialstring::GatewayTarget{"carrier", "1", "", ""});
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error(), HangupCause::GATEWAY_DOWN);
  EXPECT_TRUE(resolver.resolve(dialstring::GatewayTarget{"tcpgw", "1", "", ""}));
  auto unknown = resolver.resolve(dialstring::GatewayTarget{"nope", "1", "", ""});
  EXPECT_EQ(unknown.error(), HangupCause::INVALID_GATEWAY);
}

TEST(Resolver, BindingsBehindNatGoToTheReceivedAddress) {
  auto cfg = sample();
  // Same host, another source port (TCP, or a separate sending socket): trusted.
  registrar::Binding direct{"1000@d", "sip:1000@127.0.0.1:5062", "internal", "c", 1, {}, "127.0.0.1", 41000, "udp", ""};
  registrar::Binding natted{"1000@d", "sip:1000@10.0.0.5:5062", "internal", "c", 1, {}, "198.51.100.7", 40000, "tcp",
                            ""};
  registrar::Binding gone{"1000@d", "sip:1000@10.0.0.6", "removed-profile", "c", 1, {}, "1.2.3.4", 5060, "udp", ""};
  auto targets = resolve_bindings(cfg, {direct, natted, gone}, "555", "d");
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].request_uri.to_string(), "sip:1000@127.0.0.1:5062");
  EXPECT_EQ(targets[0].outbound_proxy, "");
  EXPECT_EQ(targets[0].to_user, "555");
  EXPECT_EQ(targets[1].request_uri.to_string(), "sip:1000@10.0.0.5:5062;transport=tcp");
  EXPECT_EQ(targets[1].outbound_proxy, "198.51.100.7:40000");
  EXPECT_EQ(targets[1].profile, "internal");
  // `dialed` names each contact as sofia_contact() expands it (as registered).
  EXPECT_EQ(targets[0].dialed, "sofia/internal/sip:1000@127.0.0.1:5062");
  EXPECT_EQ(targets[1].dialed, "sofia/internal/sip:1000@10.0.0.5:5062");
}

TEST(Resolver, TcpBindingsAreReachedOnTheRegistrationsConnection) {
  auto cfg = sample();
  // Same host, not NATed: over TCP the INVITE still goes to the REGISTER's
  // source, the connection the phone keeps open.
  registrar::Binding tcp{
      "1000@d", "sip:1000@127.0.0.1:5062;transport=tcp", "internal", "c", 1, {}, "127.0.0.1", 41000, "tcp",
      ""};
  registrar::Binding tcp_no_param{
      "1000@d", "sip:1000@127.0.0.1:5063", "internal", "c", 1, {}, "127.0.0.1", 41001, "tcp", ""};
  auto targets = resolve_bindings(cfg, {tcp, tcp_no_param}, "1000", "d");
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].outbound_proxy, "127.0.0.1:41000");
  EXPECT_EQ(targets[0].request_uri.to_string(), "sip:1000@127.0.0.1:5062;transport=tcp");
  EXPECT_EQ(targets[1].outbound_proxy, "127.0.0.1:41001");
  EXPECT_EQ(targets[1].request_uri.to_string(), "sip:1000@127.0.0.1:5063;transport=tcp");
  EXPECT_EQ(targets[1].dialed, "sofia/internal/sip:1000@127.0.0.1:5063");
}

TEST(Resolver, TlsBindingsAreReachedOnTheRegistrationsConnectionToo) {
  auto cfg = sample();
  registrar::Binding tls{"1000@d", "sip:1000@127.0.0.1:5064;transport=tls", "internal", "c", 1, {}, "127.0.0.1",
                         41002, "tls", ""};
  registrar::Binding tls_no_param{
      "1000@d", "sip:1000@127.0.0.1:5065", "internal", "c", 1, {}, "127.0.0.1", 41003, "tls", ""};
  auto targets = resolve_bindings(cfg, {tls, tls_no_param}, "1000", "d");
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].outbound_proxy, "127.0.0.1:41002");
  EXPECT_EQ(targets[0].request_uri.to_string(), "sip:1000@127.0.0.1:5064;transport=tls");
  EXPECT_EQ(targets[1].outbound_proxy, "127.0.0.1:41003");
  EXPECT_EQ(targets[1].request_uri.to_string(), "sip:1000@127.0.0.1:5065;transport=tls");
}

TEST(Resolver, FailTargetFailsWithItsCause) {
  auto cfg = sample();
  ConfigTargetResolver resolver(cfg);
  auto r = resolver.resolve(dialstring::FailTarget{HangupCause::USER_BUSY, "error/USER_BUSY"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), HangupCause::USER_BUSY);
}

// Decision 0014: behind a registrar front, a user with no registration
// here (nor a directory entry) is dialled through the front's gateway.
TEST(Resolver, UnregisteredUserGoesThroughTheResolverGateway) {
  auto cfg = config::load_string(R"(
[engine]
user-resolver-gateway = "front"
[profiles.internal]
sip-port = 5060
[gateways.front]
profile = "internal"
proxy = "192.0.2.50:5070"
caller-id-in-from = true
)",
                                 "t.toml");
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  ConfigTargetResolver resolver(*cfg);
  auto r = resolver.resolve(dialstring::UserTarget{"1000", "", ""});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].request_uri.to_string(), "sip:1000@192.0.2.50:5070");
  EXPECT_EQ((*r)[0].profile, "internal");
  EXPECT_EQ((*r)[0].gateway, "front");
  EXPECT_EQ((*r)[0].variables.get("dialed_user"), "1000");
  EXPECT_EQ((*r)[0].variables.get("dialed_domain"), "localhost");
}

TEST(Resolver, ResolverGatewayDownFailsTheUserLeg) {
  auto cfg = sample();
  cfg.user_resolver_gateway = "carrier";
  FakeStatus status;
  ConfigTargetResolver resolver(cfg, nullptr, &status);
  auto r = resolver.resolve(dialstring::UserTarget{"1000", "", ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), HangupCause::GATEWAY_DOWN);
}

}  // namespace
}  // namespace ctib::gateways

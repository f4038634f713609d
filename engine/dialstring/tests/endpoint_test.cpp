// §1.7 endpoint forms and their creation-time failures.

#include "engine/dialstring/tests/helpers.hpp"

#include "engine/dialstring/sip_uri.hpp"

namespace ctib::dialstring {
namespace {

using causes::HangupCause;
using test::single_leg;
using test::target_of;

// The cause of the FailTarget `text` parses into (NONE if it is no failure).
HangupCause fail_cause(std::string_view text) {
  auto fail = target_of<FailTarget>(text);
  return fail ? fail->cause : HangupCause::NONE;
}

std::string fail_detail(std::string_view text) {
  auto fail = target_of<FailTarget>(text);
  return fail ? fail->detail : std::string();
}

TEST(DialStringEndpoint, Gateway) {
  EXPECT_EQ(target_of<GatewayTarget>("sofia/gateway/gw1/100"), (GatewayTarget{"gw1", "100", "", ""}));
  EXPECT_EQ(target_of<GatewayTarget>("sofia/GATEWAY/gw1/+4930123"), (GatewayTarget{"gw1", "+4930123", "", ""}));
}

TEST(DialStringEndpoint, GatewayParamsToUserAndUserAtHost) {
  EXPECT_EQ(target_of<GatewayTarget>("sofia/gateway/gw1/100;fs_path=sip:p.example^200"),
            (GatewayTarget{"gw1", "100", ";fs_path=sip:p.example", "200"}));
  EXPECT_EQ(target_of<GatewayTarget>("sofia/gateway/gw1/100@carrier.example;transport=tcp"),
            (GatewayTarget{"gw1", "100@carrier.example", ";transport=tcp", ""}));
}

TEST(DialStringEndpoint, GatewayFailures) {
  EXPECT_EQ(fail_cause("sofia/gateway/gw1"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/gateway/"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/gateway"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/gateway//100"), HangupCause::INVALID_GATEWAY);
  EXPECT_EQ(fail_cause("sofia/gateway/gw1/"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/gateway/gw1/;x=y"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/gateway/gw1/1 00"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/gateway/gw1/1\\t00"), HangupCause::INVALID_URL);
  EXPECT_NE(fail_detail("sofia/gateway/gw1/").find("empty number"), std::string::npos);
}

TEST(DialStringEndpoint, ProfileUserAtHost) {
  EXPECT_EQ(target_of<ProfileTarget>("sofia/internal/1000@10.0.0.1"),
            (ProfileTarget{"internal", SipUri{"sip", "1000", "10.0.0.1", {}, ""}, ""}));
  auto t = target_of<ProfileTarget>("sofia/external/+4930@pbx.example.com:5080;transport=TCP^bob");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, (ProfileTarget{"external", SipUri{"sip", "+4930", "pbx.example.com", 5080, ";transport=TCP"}, "bob"}));
  EXPECT_EQ(t->uri.transport(), "tcp");
  EXPECT_EQ(t->uri.to_string(), "sip:+4930@pbx.example.com:5080;transport=TCP");
}

TEST(DialStringEndpoint, ProfileIpv6Host) {
  EXPECT_EQ(target_of<ProfileTarget>("sofia/internal/1000@[2001:db8::1]:5060"),
            (ProfileTarget{"internal", SipUri{"sip", "1000", "[2001:db8::1]", 5060, ""}, ""}));
  EXPECT_EQ(fail_cause("sofia/internal/1000@[2001:db8::1"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/1000@[zz::1]"), HangupCause::INVALID_URL);
}

TEST(DialStringEndpoint, ProfileSipAndSipsUri) {
  EXPECT_EQ(target_of<ProfileTarget>("sofia/internal/sip:1000@example.com;user=phone"),
            (ProfileTarget{"internal", SipUri{"sip", "1000", "example.com", {}, ";user=phone"}, ""}));
  EXPECT_EQ(target_of<ProfileTarget>("sofia/internal/sips:bob@example.com"),
            (ProfileTarget{"internal", SipUri{"sips", "bob", "example.com", {}, ""}, ""}));
  EXPECT_EQ(target_of<ProfileTarget>("sofia/internal/SIP:alice@h"),
            (ProfileTarget{"internal", SipUri{"sip", "alice", "h", {}, ""}, ""}));
  // A sip: URI needs no user; '%' or a missing '@' do not make it a registration.
  EXPECT_EQ(target_of<ProfileTarget>("sofia/external/sip:gw.example.com:5061;transport=tls"),
            (ProfileTarget{"external", SipUri{"sip", "", "gw.example.com", 5061, ";transport=tls"}, ""}));
}

TEST(DialStringEndpoint, ProfileUriFailures) {
  EXPECT_EQ(fail_cause("sofia/internal/1000@"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/@host"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/1000@h:99999"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/1000@h:0"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/1000@h:abc"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/1000@h:"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/1000@h!x"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/sip:"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/10 00@h"), HangupCause::INVALID_URL);
  EXPECT_NE(fail_detail("sofia/internal/1000@h:99999").find("bad port"), std::string::npos);
  EXPECT_NE(fail_detail("sofia/internal/1000@").find("empty host"), std::string::npos);
}

TEST(DialStringEndpoint, ProfileRegistration) {
  EXPECT_EQ(target_of<ProfileRegistrationTarget>("sofia/internal/1000"),
            (ProfileRegistrationTarget{"internal", "1000", "", ""}));
  EXPECT_EQ(target_of<ProfileRegistrationTarget>("sofia/internal/1000%example.com^bob"),
            (ProfileRegistrationTarget{"internal", "1000", "example.com", "bob"}));
  // FreeSWITCH looks for '%' before '@'.
  EXPECT_EQ(fail_cause("sofia/internal/1000%d@x"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/1000%"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/internal/%example.com"), HangupCause::INVALID_URL);
}

TEST(DialStringEndpoint, ProfileFailures) {
  EXPECT_EQ(fail_cause("sofia/internal"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia/"), HangupCause::INVALID_URL);
  EXPECT_EQ(fail_cause("sofia//1000@h"), HangupCause::INVALID_PROFILE);
}

TEST(DialStringEndpoint, User) {
  EXPECT_EQ(target_of<UserTarget>("user/1000"), (UserTarget{"1000", "", ""}));
  EXPECT_EQ(target_of<UserTarget>("user/1000@example.com"), (UserTarget{"1000", "example.com", ""}));
  EXPECT_EQ(fail_cause("user/"), HangupCause::SUBSCRIBER_ABSENT);
  EXPECT_EQ(fail_cause("user/@example.com"), HangupCause::SUBSCRIBER_ABSENT);
  EXPECT_EQ(fail_cause("user/1000@"), HangupCause::SUBSCRIBER_ABSENT);
}

TEST(DialStringEndpoint, ErrorCauses) {
  EXPECT_EQ(fail_cause("error/USER_BUSY"), HangupCause::USER_BUSY);
  EXPECT_EQ(fail_cause("error/user_busy"), HangupCause::USER_BUSY);
  EXPECT_EQ(fail_cause("error/17"), HangupCause::USER_BUSY);
  EXPECT_EQ(fail_cause("error/NO_ROUTE_DESTINATION"), HangupCause::NO_ROUTE_DESTINATION);
  EXPECT_EQ(fail_cause("error/GATEWAY_DOWN"), HangupCause::GATEWAY_DOWN);
  EXPECT_EQ(fail_detail("error/USER_BUSY"), "error/USER_BUSY");
}

TEST(DialStringEndpoint, ErrorNoneAndUnknown) {
  EXPECT_EQ(fail_cause("error/NONE"), HangupCause::DESTINATION_OUT_OF_ORDER);
  EXPECT_EQ(fail_cause("error/0"), HangupCause::DESTINATION_OUT_OF_ORDER);
  EXPECT_EQ(fail_cause("error/NO_SUCH_CAUSE"), HangupCause::NORMAL_CLEARING);
  EXPECT_EQ(fail_cause("error/"), HangupCause::NORMAL_CLEARING);
  EXPECT_EQ(fail_cause("error"), HangupCause::NORMAL_CLEARING);
}

TEST(DialStringEndpoint, NotImplementedEndpoints) {
  for (const char* text : {"loopback/1000", "loopback/app=echo", "group/sales@example.com", "pickup/x", "null/1",
                           "verto.rtc/1000", "freetdm/1/a/100"}) {
    EXPECT_EQ(fail_cause(text), HangupCause::CHAN_NOT_IMPLEMENTED) << text;
  }
  EXPECT_EQ(fail_detail("loopback/1000"), "endpoint 'loopback' is not implemented");
}

TEST(DialStringEndpoint, UnknownEndpointAndNoSlash) {
  EXPECT_EQ(fail_cause("foo/bar"), HangupCause::CHAN_NOT_IMPLEMENTED);
  EXPECT_EQ(fail_detail("foo/bar"), "unknown endpoint 'foo'");
  EXPECT_EQ(fail_detail("Sofia/gateway/g/1"), "unknown endpoint 'Sofia'");  // names are case-sensitive
  EXPECT_EQ(fail_detail("1000"), "unknown endpoint '1000'");
}

TEST(DialStringEndpoint, LegTextIsEndpointAndData) {
  auto leg = single_leg("  [a=1]  sofia/gateway/g/1^2 ");
  ASSERT_TRUE(leg);
  EXPECT_EQ(leg->text, "sofia/gateway/g/1^2");
  auto commas = single_leg("sofia/gateway/g/1\\,2");
  ASSERT_TRUE(commas);
  EXPECT_EQ(commas->text, "sofia/gateway/g/1,2");
}

TEST(DialStringSipUri, ParseAndPrint) {
  auto uri = parse_sip_uri("sip:u@h:5060;transport=UDP;lr?X-A=1");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->params, ";transport=UDP;lr?X-A=1");
  EXPECT_EQ(uri->transport(), "udp");
  EXPECT_EQ(uri->to_string(), "sip:u@h:5060;transport=UDP;lr?X-A=1");
  EXPECT_EQ(SipUri{}.transport(), "");
  EXPECT_EQ((SipUri{"sips", "", "[::1]", 5061, ""}).to_string(), "sips:[::1]:5061");
  EXPECT_EQ((SipUri{"sip", "a", "h", {}, ";maddr=x;transport=tls"}).transport(), "tls");
  EXPECT_EQ((SipUri{"sip", "a", "h", {}, ";xtransport=tls"}).transport(), "");
  EXPECT_FALSE(parse_sip_uri("h"));       // scheme-less needs a user
  EXPECT_FALSE(parse_sip_uri("u@h x"));
  EXPECT_TRUE(parse_sip_uri("sip:h"));
}

}  // namespace
}  // namespace ctib::dialstring

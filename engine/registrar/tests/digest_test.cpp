#include "engine/registrar/digest.hpp"

#include <gtest/gtest.h>

namespace ctib::registrar {
namespace {

TEST(Digest, Md5OfRfc1321Vectors) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5_hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
}

// RFC 2617 §3.5: Mufasa / "Circle Of Life", qop=auth.
TEST(Digest, Rfc2617Example) {
  std::string ha1 = digest_ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
  EXPECT_EQ(ha1, "939e7578ed9e3c518a452acee763bce9");
  DigestCredentials c;
  c.username = "Mufasa";
  c.realm = "testrealm@host.com";
  c.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  c.uri = "/dir/index.html";
  c.qop = "auth";
  c.nc = "00000001";
  c.cnonce = "0a4f113b";
  EXPECT_EQ(digest_response(ha1, "GET", c), "6629fae49393a05397450978507c4ef1");
}

// RFC 2069 style (no qop): MD5(HA1:nonce:HA2), the value SIPp computes too.
TEST(Digest, WithoutQop) {
  std::string ha1 = digest_ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
  DigestCredentials c;
  c.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  c.uri = "/dir/index.html";
  std::string expected = md5_hex(ha1 + ":" + c.nonce + ":" + md5_hex("GET:/dir/index.html"));
  EXPECT_EQ(digest_response(ha1, "GET", c), expected);
}

TEST(Digest, EqualIgnoresHexCaseAndLength) {
  EXPECT_TRUE(digest_equal("abcdef", "ABCDEF"));
  EXPECT_FALSE(digest_equal("abcdef", "abcdee"));
  EXPECT_FALSE(digest_equal("abc", "abcd"));
}

}  // namespace
}  // namespace ctib::registrar

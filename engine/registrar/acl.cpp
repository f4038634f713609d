#include "engine/registrar/acl.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdint>

namespace ctib::registrar {

namespace {

struct Address {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
};

std::optional<Address> parse(std::string_view ip) {
  if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  std::string text(ip);
  Address a;
  if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, text.c_str(), a.bytes.data()) != 1) return std::nullopt;
  // ::ffff:a.b.c.d is an IPv4 peer on a dual-stack socket.
  static constexpr std::array<std::uint8_t, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMapped.begin(), kMapped.end(), a.bytes.begin())) {
    std::array<std::uint8_t, 16> v4{};
    std::copy(a.bytes.begin() + 12, a.bytes.end(), v4.begin());
    a.bytes = v4;
    return a;
  }
  a.v6 = true;
  return a;
}

bool in_block(const config::Cidr& block, const Address& a) {
  if (block.v6 != a.v6) return false;
  int bits = block.prefix;
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff);
    if ((block.address[static_cast<std::size_t>(i)] & mask) != (a.bytes[static_cast<std::size_t>(i)] & mask)) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool contains(const config::Cidr& block, std::string_view ip) {
  auto a = parse(ip);
  return a && in_block(block, *a);
}

Acl::Acl(const config::AclConfig& config)
    : name_(config.name), allow_(config.allow), deny_(config.deny), default_allow_(config.default_allow) {}

Acl::Acl(std::string name, std::vector<config::Cidr> allow) : name_(std::move(name)), allow_(std::move(allow)) {}

bool Acl::allows(std::string_view ip) const {
  auto a = parse(ip);
  if (!a) return false;
  int best_allow = -1;
  int best_deny = -1;
  for (const auto& b : allow_) {
    if (in_block(b, *a) && b.prefix > best_allow) best_allow = b.prefix;
  }
  for (const auto& b : deny_) {
    if (in_block(b, *a) && b.prefix > best_deny) best_deny = b.prefix;
  }
  if (best_allow < 0 && best_deny < 0) return default_allow_;
  return best_allow > best_deny;
}

}  // namespace ctib::registrar

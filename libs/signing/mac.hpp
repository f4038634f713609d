#pragma once
// HMAC-SHA256. Internal to libs/signing.

#include <array>
#include <string_view>

namespace ctib::signing::detail {

std::array<unsigned char, 32> mac(std::string_view secret, std::string_view canonical);

}  // namespace ctib::signing::detail

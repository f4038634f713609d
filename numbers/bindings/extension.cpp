#include "numbers/bindings/extension.hpp"

#include <cstdint>

#include "numbers/bindings/rules.hpp"

namespace ctib::numbers::bindings {

namespace {

std::uint64_t space_of(std::size_t length) {
  std::uint64_t n = 1;
  for (std::size_t i = 0; i < length; ++i) n *= 10;
  return n;
}

std::string padded(std::uint64_t value, std::size_t length) {
  std::string out(length, '0');
  for (std::size_t i = length; i > 0; --i, value /= 10) out[i - 1] = static_cast<char>('0' + value % 10);
  return out;
}

}  // namespace

std::size_t extension_length(const std::vector<std::string>& taken_on_x, std::size_t wanted) {
  return taken_on_x.empty() ? wanted : taken_on_x.front().size();
}

base::Expected<std::string, model::Failure> choose_extension(const std::string& given,
                                                             const std::vector<std::string>& taken_on_x,
                                                             std::size_t length, std::mt19937_64& random) {
  const std::set<std::string> taken(taken_on_x.begin(), taken_on_x.end());
  if (!given.empty()) {
    if (given.size() != length) {
      return base::unexpected(
          model::conflict("extension", "extensions on this x have " + std::to_string(length) + " digits"));
    }
    if (taken.contains(given)) {
      return base::unexpected(model::conflict("extension", given + " is already taken on this x"));
    }
    return given;
  }
  const std::uint64_t space = space_of(length);
  if (length == 0 || length > kMaxExtensionLength || taken.size() >= space) {
    model::Failure full = model::conflict("x", "every extension of this x is taken");
    full.kind = model::Failure::Kind::exhausted;
    return base::unexpected(std::move(full));
  }
  // Random probes while X is mostly free (the usual case: a few tries);
  // past that, the k-th free extension for a random k, so that a nearly
  // full X still answers in one pass.
  std::uniform_int_distribution<std::uint64_t> any(0, space - 1);
  for (int i = 0; i < 16; ++i) {
    std::string candidate = padded(any(random), length);
    if (!taken.contains(candidate)) return candidate;
  }
  std::uniform_int_distribution<std::uint64_t> nth(0, space - taken.size() - 1);
  std::uint64_t skip = nth(random);
  for (std::uint64_t v = 0; v < space; ++v) {
    std::string candidate = padded(v, length);
    if (taken.contains(candidate)) continue;
    if (skip-- == 0) return candidate;
  }
  model::Failure full = model::conflict("x", "every extension of this x is taken");
  full.kind = model::Failure::Kind::exhausted;
  return base::unexpected(std::move(full));
}

}  // namespace ctib::numbers::bindings

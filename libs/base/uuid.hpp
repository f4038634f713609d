#pragma once
// RFC 4122 version-4 UUIDs for call uuids. The generator is an object the
// owner keeps (no global RNG); it is not thread-safe.

#include <random>
#include <string>

namespace ctib::base {

class UuidGenerator {
 public:
  UuidGenerator() : rng_(std::random_device{}()) {}
  explicit UuidGenerator(std::uint64_t seed) : rng_(seed) {}

  // "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", lower-case hex.
  std::string next();

 private:
  std::mt19937_64 rng_;
};

}  // namespace ctib::base

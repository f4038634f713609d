// ctib: the admin CLI. Composition root: the environment and curl are read
// and built here; everything else is in run.cpp.
#include <cstdlib>
#include <iostream>

#include "cli/run.hpp"

namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): single-threaded program
  return v != nullptr && *v != '\0' ? std::optional<std::string>(v) : std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  ctib::cli::CurlTransport transport;
  const auto exit = ctib::cli::run(args, {env("CTIB_ADMIN_URL"), env("CTIB_ADMIN_TOKEN")}, ctib::cli::Defaults{},
                                   transport, std::cout, std::cerr);
  return static_cast<int>(exit);
}

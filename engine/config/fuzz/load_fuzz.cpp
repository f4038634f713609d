// libFuzzer target for the configuration loader: whatever the file holds, the
// engine must stop with a ConfigError naming what is wrong, never crash; and
// a configuration it accepts must satisfy the loader's promises.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/config/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cfg = ctib::config::load_string(text, "fuzz.toml");
  if (!cfg) {
    if (cfg.error().message.empty()) std::abort();
    return 0;
  }
  if (cfg->profiles.empty()) std::abort();
  for (const auto& gw : cfg->gateways) {
    if (cfg->profile(gw.profile) == nullptr || gw.proxy_host.empty()) std::abort();
  }
  return 0;
}

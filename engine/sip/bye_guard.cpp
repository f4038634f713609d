#include "engine/sip/bye_guard.hpp"

#include <sofia-sip/nua.h>

#include <algorithm>
#include <array>
#include <cstddef>

#include "libs/base/interpose.hpp"

namespace {

// The handles on which a BYE is being created right now, innermost last.
// Process-wide because the interposed C functions reach nothing else; only
// the loop thread runs sofia, and the depth is bounded by nesting (a BYE
// being created on one handle never creates one on another).
constexpr std::size_t kMaxDepth = 8;
std::array<const void*, kMaxDepth> creating_bye{};
std::size_t depth = 0;
unsigned long cuts = 0;

}  // namespace

// nua_client.c: creates and starts a client request of `event` on `nh`.
extern "C" int nua_client_create(nua_handle_t* nh, int event, const void* methods, const tagi_t* tags) {
  using Create = int (*)(nua_handle_t*, int, const void*, const tagi_t*);
  static const auto sofia_create = ctib::base::next_definition<Create>("nua_client_create");
  if (event != nua_r_bye || depth == kMaxDepth) return sofia_create(nh, event, methods, tags);
  creating_bye[depth++] = nh;
  const int result = sofia_create(nh, event, methods, tags);
  --depth;
  return result;
}

// nua_dialog.c: shuts one dialog usage of `owner` (a nua handle) down.
extern "C" int nua_dialog_usage_shutdown(void* owner, void* ds, void* du) {
  using Shutdown = int (*)(void*, void*, void*);
  static const auto sofia_shutdown = ctib::base::next_definition<Shutdown>("nua_dialog_usage_shutdown");
  const auto end = creating_bye.begin() + static_cast<std::ptrdiff_t>(depth);
  if (std::find(creating_bye.begin(), end, static_cast<const void*>(owner)) != end) {
    ++cuts;
    return 0;  // in progress: the BYE being created reports how it went
  }
  return sofia_shutdown(owner, ds, du);
}

namespace ctib::sip {

bool bye_guard_linked() noexcept {
  const auto* shutdown = reinterpret_cast<const void*>(&::nua_dialog_usage_shutdown);
  return base::interposes("nua_client_create", reinterpret_cast<const void*>(&::nua_client_create)) &&
         base::interposes("nua_dialog_usage_shutdown", shutdown);
}

unsigned long bye_guard_cuts() noexcept { return cuts; }

}  // namespace ctib::sip

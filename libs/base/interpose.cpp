#include "libs/base/interpose.hpp"

#include <dlfcn.h>

namespace ctib::base {

void* next_definition(const char* name) noexcept {
  return ::dlsym(RTLD_NEXT, name);
}

bool resolves_to(const char* name, const void* ours) noexcept {
  return ours != nullptr && ::dlsym(RTLD_DEFAULT, name) == ours;
}

bool interposes(const char* name, const void* ours) noexcept {
  return resolves_to(name, ours) && next_definition(name) != nullptr;
}

bool same_object(const void* a, const void* b) noexcept {
  Dl_info of_a{};
  Dl_info of_b{};
  return ::dladdr(a, &of_a) != 0 && ::dladdr(b, &of_b) != 0 && of_a.dli_fbase == of_b.dli_fbase;
}

}  // namespace ctib::base

#include "libs/loop/sofia_global.hpp"

#include <sofia-sip/su.h>

#include <stdexcept>

namespace ctib::loop {

SofiaGlobal::SofiaGlobal() {
  if (su_init() != 0) throw std::runtime_error("su_init() failed");
}

SofiaGlobal::~SofiaGlobal() {
  su_deinit();
}

}  // namespace ctib::loop

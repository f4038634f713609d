#pragma once
// The [push] section (docs/push.md): its own file so the push keys stay out
// of config.cpp's other sections. Internal to numbers/app.

#include <toml++/toml.h>

#include <string>

#include "numbers/app/config.hpp"

namespace ctib::numbers::app {

// "" when [push] is absent (push off) or valid; else the error, naming the key.
std::string read_push(const toml::table& t, Config& c);

}  // namespace ctib::numbers::app

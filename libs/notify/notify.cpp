#include "libs/notify/notify.hpp"

#include <systemd/sd-daemon.h>

namespace ctib::notify {

void ready(const std::string& status) {
  const std::string message = "READY=1\nSTATUS=" + status;
  sd_notify(0, message.c_str());
}

void stopping() { sd_notify(0, "STOPPING=1\nSTATUS=stopping"); }

}  // namespace ctib::notify

#pragma once

#include <string>

// The sd_notify protocol as the two programs use it. Every call is a no-op
// when NOTIFY_SOCKET is unset (started by hand, by a test, or by a service
// manager that does not ask), and a failure to notify is ignored: the
// service manager then times the start out, which is the right signal.
namespace ctib::notify {

// Call once, when the program serves requests (sockets bound, state loaded):
// systemd holds back units ordered After= this one, and `systemctl start`
// returns, until then. `status` is shown by `systemctl status`.
void ready(const std::string& status);

// Call when shutdown begins, before draining, so `systemctl status` shows
// "deactivating" for the whole grace period instead of "active".
void stopping();

}  // namespace ctib::notify

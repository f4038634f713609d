#pragma once
// Runs every configured gateway's GatewayMachine on the engine loop: a
// check every second (as FreeSWITCH's profile worker does), REGISTER and
// OPTIONS through a GatewaySignalling port, state changes logged, and the
// UP/DOWN status offered to the target resolver. On shutdown it
// un-REGISTERs registered gateways and waits (bounded) for the answers.
//
// Ownership: the composition root owns the manager; the port, loop and
// logger are borrowed and outlive it. Threading: loop thread only.

#include <spdlog/logger.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/call/ports.hpp"
#include "engine/config/config.hpp"
#include "engine/gateways/gateway.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::gateways {

struct RegisterOutcome {
  int status = 0;                                // final status (408/503/9xx when made up locally)
  std::optional<std::chrono::seconds> expires;   // granted by the registrar, if stated
};

// A gateway's registration at its registrar: one Call-ID for its life (the
// SIP stack un-REGISTERs when it is destroyed while bound).
class Registration {
 public:
  virtual ~Registration() = default;
  // REGISTER again on the same Call-ID; `expires` 0 un-registers. False
  // when it cannot be sent (the profile is gone).
  virtual bool refresh(std::chrono::seconds expires) = 0;
};

// Sends a gateway's out-of-dialog requests. Implemented over the SIP
// profiles in engine/b2bua. Callbacks run on the loop unless the returned
// handle was destroyed first: OPTIONS once; a Registration's for every
// final response to its REGISTERs.
class GatewaySignalling {
 public:
  virtual ~GatewaySignalling() = default;
  // Starts a registration for the gateway's account with a first REGISTER.
  virtual std::unique_ptr<Registration> send_register(const config::GatewayConfig& gw,
                                                      std::chrono::seconds expires,
                                                      std::function<void(RegisterOutcome)> done) = 0;
  virtual std::unique_ptr<call::Cancellable> send_options(const config::GatewayConfig& gw,
                                                          std::function<void(int status)> done) = 0;
};

// What the resolver needs: is this gateway UP?
class GatewayStatusView {
 public:
  virtual ~GatewayStatusView() = default;
  [[nodiscard]] virtual bool up(std::string_view gateway) const = 0;
};

// One gateway as the admin API shows it (docs/admin-api.md, GET /v1/gateways).
struct GatewayView {
  std::string name;
  std::string profile;
  std::string proxy;  // host:port
  State state = State::NOREG;
  Status status = Status::DOWN;
  bool register_ = false;
  unsigned ping = 0;  // interval, s; 0 = off
  std::uint64_t ping_count = 0;
  std::optional<std::chrono::system_clock::time_point> last_ping_at;
  std::optional<std::chrono::system_clock::time_point> last_registration_at;  // last 2xx to our REGISTER
  unsigned failures = 0;
  std::uint64_t calls_in = 0;   // INVITEs admitted from the gateway's proxy address
  std::uint64_t calls_out = 0;  // B legs sent through it
};

class GatewayManager final : public GatewayStatusView {
 public:
  using Now = std::function<TimePoint()>;
  GatewayManager(const config::EngineConfig& config, loop::EventLoop& loop, spdlog::logger& log,
                 Now now = [] { return Clock::now(); });
  ~GatewayManager() override;
  GatewayManager(const GatewayManager&) = delete;
  GatewayManager& operator=(const GatewayManager&) = delete;

  // First check at once, then every second. `signalling` (over the SIP
  // profiles, so it exists only once they do) must outlive the manager.
  void start(GatewaySignalling& signalling);
  // Un-REGISTERs every registered gateway; `done` runs once all answered, or
  // after `limit`, on the loop. No further checks run afterwards.
  void stop(std::function<void()> done, std::chrono::milliseconds limit = std::chrono::milliseconds(2000));

  // A reload. add: a new gateway, checked at once (REGISTER now when it
  // registers). remove: un-REGISTERs it (Expires: 0) when it was
  // registered, and forgets it once answered (or after `limit`); calls
  // already through it are not affected. A changed gateway is remove + add.
  void add(const config::GatewayConfig& gw);
  void remove(std::string_view name, std::chrono::milliseconds limit = std::chrono::milliseconds(2000));
  // The gateways leaving from `profile` start over (remove + add): that
  // profile was restarted on a new address and their registrations with it.
  void rebind(std::string_view profile);

  [[nodiscard]] bool up(std::string_view gateway) const override;
  [[nodiscard]] const GatewayMachine* machine(std::string_view gateway) const;

  // Admin views, by name order; nullopt for an unknown gateway.
  [[nodiscard]] std::vector<GatewayView> views() const;
  [[nodiscard]] std::optional<GatewayView> view(std::string_view gateway) const;
  // A B leg was sent through `gateway` (the Switch, as it places it).
  void count_call_out(std::string_view gateway);
  // An INVITE was admitted from `source_ip`: counted for every gateway whose
  // proxy is that literal address (a proxy given by name is not resolved).
  void count_call_in(std::string_view source_ip);

 private:
  struct Entry {
    config::GatewayConfig config;  // a copy: it outlives any one configuration snapshot
    GatewayMachine machine;
    std::unique_ptr<Registration> registration;  // kept while bound
    std::unique_ptr<call::Cancellable> pinging;      // OPTIONS in flight
    loop::Timer ping_deadline;  // when retiring: the un-REGISTER's deadline
    bool retiring = false;       // removed by a reload, un-REGISTER in flight
    // For the admin views; wall-clock because they are shown to people.
    std::uint64_t ping_count = 0;
    std::optional<std::chrono::system_clock::time_point> last_ping_at;
    std::optional<std::chrono::system_clock::time_point> last_registration_at;
    std::uint64_t calls_in = 0;
    std::uint64_t calls_out = 0;
  };
  std::unique_ptr<Entry> make_entry(const config::GatewayConfig& gw);
  void retire(Entry& e);
  static GatewayView make_view(const Entry& e);
  void check();
  void check(Entry& e);
  void act(Entry& e, Action action);
  void ping(Entry& e);
  void note(Entry& e, State before, Status was);
  void on_register_outcome(Entry& e, RegisterOutcome outcome);
  void stopped();
  void finish_stop();

  loop::EventLoop& loop_;
  GatewaySignalling* signalling_ = nullptr;  // set by start()
  spdlog::logger& log_;
  Now now_;
  std::map<std::string, std::unique_ptr<Entry>, std::less<>> gateways_;
  std::vector<std::unique_ptr<Entry>> retiring_;  // removed, awaiting their un-REGISTER answer
  loop::Timer tick_;
  bool stopping_ = false;
  std::size_t unregistering_ = 0;
  std::function<void()> stop_done_;
  loop::Timer stop_limit_;
};

}  // namespace ctib::gateways

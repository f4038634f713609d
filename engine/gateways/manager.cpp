#include "engine/gateways/manager.hpp"

namespace ctib::gateways {

namespace {

constexpr std::chrono::milliseconds kCheckInterval{1000};
// An OPTIONS ping unanswered for this long (or for the ping interval, if
// shorter) counts as a failure, as the transaction timeout (32 s) would;
// waiting the full 32 s would keep a dead trunk UP for half a minute.
constexpr std::chrono::seconds kPingAnswerLimit{32};

}  // namespace

GatewayManager::GatewayManager(const config::EngineConfig& config, loop::EventLoop& loop, spdlog::logger& log,
                               Now now)
    : loop_(loop), log_(log), now_(std::move(now)) {
  for (const config::GatewayConfig& gw : config.gateways) gateways_.emplace(gw.name, make_entry(gw));
}

std::unique_ptr<GatewayManager::Entry> GatewayManager::make_entry(const config::GatewayConfig& gw) {
  return std::make_unique<Entry>(Entry{gw, GatewayMachine(GatewaySettings::from(gw), now_()), nullptr, nullptr, {}, false, 0, {}, {}, 0, 0});
}

void GatewayManager::add(const config::GatewayConfig& gw) {
  auto [it, inserted] = gateways_.emplace(gw.name, make_entry(gw));
  if (!inserted) return;
  Entry& e = *it->second;
  log_.info("gateway {}: added: {} ({})", gw.name, gateways::name(e.machine.state()), gateways::name(e.machine.status()));
  if (!stopping_ && signalling_ != nullptr) check(e);
}

void GatewayManager::remove(std::string_view name, std::chrono::milliseconds limit) {
  auto it = gateways_.find(name);
  if (it == gateways_.end()) return;
  std::unique_ptr<Entry> owned = std::move(it->second);
  gateways_.erase(it);
  Entry& e = *owned;
  e.pinging.reset();
  e.ping_deadline.cancel();
  const bool bound = e.machine.kill(now_()) == Action::send_unregister;
  if (bound && !stopping_ && e.registration && e.registration->refresh(std::chrono::seconds(0))) {
    log_.info("gateway {}: removed: un-REGISTER sent", e.config.name);
    e.retiring = true;
    e.ping_deadline = loop_.start_timer(limit, [this, &e] {
      log_.warn("gateway {}: un-REGISTER unanswered", e.config.name);
      retire(e);
    });
    retiring_.push_back(std::move(owned));
    return;
  }
  log_.info("gateway {}: removed", e.config.name);
  // Destroyed after any task already posted for it (a failed registration's reset).
  retiring_.push_back(std::move(owned));
  retire(e);
}

void GatewayManager::rebind(std::string_view profile) {
  std::vector<config::GatewayConfig> again;
  for (auto& [name, e] : gateways_) {
    if (e->config.profile == profile) again.push_back(e->config);
  }
  for (const auto& gw : again) {
    remove(gw.name);
    add(gw);
  }
}

void GatewayManager::retire(Entry& e) {
  // Not from inside the registration's own callback or timer: the entry
  // owns both.
  loop_.post([this, gone = &e] {
    std::erase_if(retiring_, [gone](const std::unique_ptr<Entry>& r) { return r.get() == gone; });
  });
}

GatewayManager::~GatewayManager() = default;

void GatewayManager::start(GatewaySignalling& signalling) {
  signalling_ = &signalling;
  for (auto& [name, e] : gateways_) {
    log_.info("gateway {}: {} ({})", name, gateways::name(e->machine.state()), gateways::name(e->machine.status()));
  }
  check();
}

bool GatewayManager::up(std::string_view gateway) const {
  auto it = gateways_.find(gateway);
  return it != gateways_.end() && it->second->machine.status() == Status::UP;
}

const GatewayMachine* GatewayManager::machine(std::string_view gateway) const {
  auto it = gateways_.find(gateway);
  return it == gateways_.end() ? nullptr : &it->second->machine;
}

GatewayView GatewayManager::make_view(const Entry& e) {
  GatewayView v;
  v.name = e.config.name;
  v.profile = e.config.profile;
  v.proxy = e.config.proxy_host + ":" + std::to_string(e.config.proxy_port);
  v.state = e.machine.state();
  v.status = e.machine.status();
  v.register_ = e.config.register_;
  v.ping = e.config.ping;
  v.ping_count = e.ping_count;
  v.last_ping_at = e.last_ping_at;
  v.last_registration_at = e.last_registration_at;
  v.failures = e.machine.failures();
  v.calls_in = e.calls_in;
  v.calls_out = e.calls_out;
  return v;
}

std::vector<GatewayView> GatewayManager::views() const {
  std::vector<GatewayView> out;
  out.reserve(gateways_.size());
  for (const auto& [name, e] : gateways_) out.push_back(make_view(*e));
  return out;
}

std::optional<GatewayView> GatewayManager::view(std::string_view gateway) const {
  auto it = gateways_.find(gateway);
  if (it == gateways_.end()) return std::nullopt;
  return make_view(*it->second);
}

void GatewayManager::count_call_out(std::string_view gateway) {
  if (auto it = gateways_.find(gateway); it != gateways_.end()) ++it->second->calls_out;
}

void GatewayManager::count_call_in(std::string_view source_ip) {
  for (auto& [name, e] : gateways_) {
    if (e->config.proxy_host == source_ip) ++e->calls_in;
  }
}

void GatewayManager::check() {
  if (stopping_ || signalling_ == nullptr) return;
  for (auto& [name, e] : gateways_) check(*e);
  tick_ = loop_.start_timer(kCheckInterval, [this] { check(); });
}

void GatewayManager::check(Entry& e) {
  State before = e.machine.state();
  Status was = e.machine.status();
  act(e, e.machine.tick(now_()));
  if (e.machine.ping_due(now_())) ping(e);
  note(e, before, was);
}

void GatewayManager::note(Entry& e, State before, Status was) {
  if (e.machine.state() == before && e.machine.status() == was) return;
  log_.info("gateway {}: {} -> {} ({}{})", e.config.name, name(before), name(e.machine.state()),
            name(e.machine.status()),
            e.machine.failure_status() != 0 && e.machine.state() == State::FAILED
                ? ", status " + std::to_string(e.machine.failure_status())
                : "");
}

void GatewayManager::act(Entry& e, Action action) {
  switch (action) {
    case Action::none:
    case Action::send_ping: return;
    case Action::send_register: {
      auto expires = std::chrono::seconds(e.config.expire_seconds);
      if (e.registration && e.registration->refresh(expires)) return;
      e.registration = signalling_->send_register(e.config, expires,
                                                  [this, &e](RegisterOutcome o) { on_register_outcome(e, o); });
      if (!e.registration) e.machine.on_register_response(503, std::nullopt, now_());
      return;
    }
    case Action::send_unregister:
      if (signalling_ == nullptr || !e.registration) return;
      if (e.registration->refresh(std::chrono::seconds(0))) ++unregistering_;
      return;
  }
}

void GatewayManager::on_register_outcome(Entry& e, RegisterOutcome outcome) {
  if (e.retiring) {
    log_.info("gateway {}: un-REGISTER answered {}", e.config.name, outcome.status);
    e.ping_deadline.cancel();
    retire(e);
    return;
  }
  if (stopping_) {
    // The answer to our un-REGISTER.
    if (unregistering_ > 0 && --unregistering_ == 0) stopped();
    return;
  }
  State before = e.machine.state();
  Status was = e.machine.status();
  e.machine.on_register_response(outcome.status, outcome.expires, now_());
  if (outcome.status >= 200 && outcome.status < 300)
    e.last_registration_at = std::chrono::system_clock::now();
  // A failed registration starts over on a new Call-ID next time.
  if (e.machine.state() == State::FAILED) loop_.post([&e] { e.registration.reset(); });
  // Run the check now so REGISTER → REGED (UP) does not wait a tick.
  act(e, e.machine.tick(now_()));
  note(e, before, was);
}

void GatewayManager::ping(Entry& e) {
  auto result = [this, &e](int status) {
    State before = e.machine.state();
    Status was = e.machine.status();
    e.machine.on_ping_response(status, now_());
    note(e, before, was);
  };
  ++e.ping_count;
  e.last_ping_at = std::chrono::system_clock::now();
  e.pinging = signalling_->send_options(e.config, [&e, result](int status) {
    e.ping_deadline.cancel();
    result(status);
  });
  if (!e.pinging) {
    result(503);
    return;
  }
  auto limit = std::min<std::chrono::milliseconds>(std::chrono::seconds(e.config.ping), kPingAnswerLimit);
  e.ping_deadline = loop_.start_timer(limit, [&e, result] {
    e.pinging.reset();  // drops the transaction: a late answer is not reported
    result(408);
  });
}

void GatewayManager::stop(std::function<void()> done, std::chrono::milliseconds limit) {
  stopping_ = true;
  tick_.cancel();
  stop_done_ = std::move(done);
  for (auto& [name, e] : gateways_) {
    e->pinging.reset();
    e->ping_deadline.cancel();
    State before = e->machine.state();
    Status was = e->machine.status();
    act(*e, e->machine.kill(now_()));
    note(*e, before, was);
  }
  if (unregistering_ == 0) {
    stopped();
    return;
  }
  stop_limit_ = loop_.start_timer(limit, [this] {
    log_.warn("gateways: {} un-REGISTERs unanswered at shutdown", unregistering_);
    unregistering_ = 0;
    stopped();
  });
}

void GatewayManager::stopped() {
  stop_limit_.cancel();
  // Not from inside a registration's own callback: the SIP stack's handle
  // goes with it (and the profiles must not wait on an unanswered one).
  loop_.post([this] {
    for (auto& [name, e] : gateways_) e->registration.reset();
    finish_stop();
  });
}

void GatewayManager::finish_stop() {
  if (stop_done_) {
    auto done = std::move(stop_done_);
    stop_done_ = nullptr;
    done();
  }
}

}  // namespace ctib::gateways

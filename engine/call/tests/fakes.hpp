#pragma once
// Fakes of every port the call core uses, for unit tests. Each records what
// the call did and lets the test drive the other side by hand.

#include <algorithm>
#include <cassert>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "engine/call/call.hpp"
#include "engine/call/ports.hpp"
#include "engine/dialstring/parse.hpp"
#include "engine/routing/decision.hpp"

namespace ctib::call::testing {

using causes::HangupCause;

inline const std::string kOfferSdp =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.5\r\ns=-\r\nc=IN IP4 192.0.2.5\r\nt=0 0\r\n"
    "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n";

inline Body sdp(std::string payload) { return Body{"application/sdp", std::move(payload)}; }

// ------------------------------------------------------------------ timers --

class FakeTimers final : public Timers {
 public:
  struct Entry {
    std::chrono::milliseconds due;
    std::function<void()> fire;
    bool cancelled = false;
    bool fired = false;
  };
  class Handle final : public Cancellable {
   public:
    explicit Handle(std::shared_ptr<Entry> e) : e_(std::move(e)) {}
    ~Handle() override { e_->cancelled = true; }
    void cancel() override { e_->cancelled = true; }

   private:
    std::shared_ptr<Entry> e_;
  };

  std::unique_ptr<Cancellable> start(std::chrono::milliseconds after, std::function<void()> fire) override {
    auto e = std::make_shared<Entry>(Entry{now_ + after, std::move(fire)});
    entries_.push_back(e);
    return std::make_unique<Handle>(e);
  }
  std::chrono::system_clock::time_point wall_now() override {
    return std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 365 * 50) + now_;
  }

  // Runs every timer due within `d`, in due order, moving the clock along.
  void advance(std::chrono::milliseconds d) {
    const auto target = now_ + d;
    for (;;) {
      std::shared_ptr<Entry> next;
      for (auto& e : entries_) {
        if (e->cancelled || e->fired || e->due > target) continue;
        if (!next || e->due < next->due) next = e;
      }
      if (!next) break;
      now_ = next->due;
      next->fired = true;
      auto fire = std::move(next->fire);
      fire();
    }
    now_ = target;
  }
  void advance_s(int s) { advance(std::chrono::seconds(s)); }

  [[nodiscard]] std::size_t pending() const {
    return static_cast<std::size_t>(std::count_if(entries_.begin(), entries_.end(), [](const auto& e) {
      return !e->cancelled && !e->fired;
    }));
  }

 private:
  std::chrono::milliseconds now_{0};
  std::vector<std::shared_ptr<Entry>> entries_;
};

// ------------------------------------------------------------------ router --

class FakeRouter final : public Router {
 public:
  struct Request {
    routing::RouteConfig route;
    std::string uuid;
    std::function<void(RouteResult)> done;
    std::shared_ptr<bool> cancelled = std::make_shared<bool>(false);
    bool answered = false;
    std::optional<routing::TransferInfo> transfer;  // a blind transfer's request
    std::optional<routing::DigitsInfo> digits;      // after play_and_get_digits
  };
  class Handle final : public Cancellable {
   public:
    explicit Handle(std::shared_ptr<bool> c) : c_(std::move(c)) {}
    void cancel() override { *c_ = true; }

   private:
    std::shared_ptr<bool> c_;
  };

  std::unique_ptr<Cancellable> route(const RouteQuery& query, std::function<void(RouteResult)> done) override {
    Request r;
    r.route = query.route;
    r.uuid = query.uuid;
    r.done = std::move(done);
    if (query.transfer != nullptr) r.transfer = *query.transfer;
    if (query.digits != nullptr) r.digits = *query.digits;
    requests.push_back(std::move(r));
    return std::make_unique<Handle>(requests.back().cancelled);
  }

  void answer(routing::RouteDecision d) { deliver(RouteResult(std::move(d))); }
  void fail(std::string detail) { deliver(base::unexpected(RouteFailure{std::move(detail), RouteFailureKind::other})); }

  std::vector<Request> requests;

 private:
  void deliver(RouteResult r) {
    assert(!requests.empty());
    auto& req = requests.back();
    assert(!*req.cancelled && !req.answered);
    req.answered = true;
    auto done = req.done;
    done(std::move(r));
  }
};

// --------------------------------------------------------------------- SIP --

struct PlacedLeg {
  OutgoingInvite invite;
  CalleeEvents* events = nullptr;
  bool alive = true;  // the CalleeLeg handle still exists
  std::vector<std::string> cancels;
  std::vector<std::string> byes;
  std::vector<Body> reinvites;
  std::vector<int> reinvite_responses;
  std::vector<Info> infos;          // INFOs relayed to this leg
  std::vector<int> info_responses;  // what this leg's INFOs were answered
  std::vector<int> transfer_responses;  // this leg's REFERs were answered
  std::vector<int> transfer_notifies;   // the sipfrag statuses NOTIFYed to it

  [[nodiscard]] bool cancelled() const { return !cancels.empty(); }
  // Driving the far end.
  void ring(int status = 180) const { ev().on_provisional(status, nullptr); }
  void early(const std::string& payload = "b-early", int status = 183) const {
    const Body b = sdp(payload);
    ev().on_provisional(status, &b);
  }
  void answer(const std::string& payload = "b-answer") const {
    const Body b = sdp(payload);
    ev().on_answer(&b);
  }
  void fail(int status, std::optional<int> q850 = std::nullopt) const { ev().on_failure(status, q850); }
  void bye(std::optional<int> q850 = std::nullopt) const { ev().on_bye(q850); }
  [[nodiscard]] CalleeEvents& ev() const {
    assert(alive && events);
    return *events;
  }
};

class FakeSip final : public SipPort {
 public:
  class Leg final : public CalleeLeg {
   public:
    explicit Leg(std::shared_ptr<PlacedLeg> r) : r_(std::move(r)) {}
    ~Leg() override { r_->alive = false; }
    void cancel(std::string_view reason) override { r_->cancels.emplace_back(reason); }
    void hangup(std::string_view reason) override { r_->byes.emplace_back(reason); }
    void send_reinvite(const Body& b) override { r_->reinvites.push_back(b); }
    void respond_reinvite(int status, const Body*) override { r_->reinvite_responses.push_back(status); }
    void send_info(const Info& info) override { r_->infos.push_back(info); }
    void respond_info(int status, std::string_view) override { r_->info_responses.push_back(status); }
    void respond_transfer(int status) override { r_->transfer_responses.push_back(status); }
    void notify_transfer(int status) override { r_->transfer_notifies.push_back(status); }

   private:
    std::shared_ptr<PlacedLeg> r_;
  };

  base::Expected<std::unique_ptr<CalleeLeg>, HangupCause> place(const OutgoingInvite& invite,
                                                                CalleeEvents& events) override {
    if (auto it = failing_profiles.find(invite.target.profile); it != failing_profiles.end()) {
      return base::unexpected(it->second);
    }
    auto r = std::make_shared<PlacedLeg>();
    r->invite = invite;
    r->events = &events;
    legs.push_back(r);
    return std::unique_ptr<CalleeLeg>(std::make_unique<Leg>(r));
  }

  PlacedLeg& leg(std::size_t i) {
    assert(i < legs.size());
    return *legs[i];
  }

  std::map<std::string, HangupCause> failing_profiles;
  std::vector<std::shared_ptr<PlacedLeg>> legs;
};

// ---------------------------------------------------------------- resolver --

class FakeResolver final : public TargetResolver {
 public:
  base::Expected<std::vector<ResolvedTarget>, HangupCause> resolve(const dialstring::DialTarget& target) override {
    ++calls;
    return std::visit([this](const auto& t) { return resolve_one(t); }, target);
  }

  std::map<std::string, HangupCause> failing;  // gateway / user / profile name → cause
  std::map<std::string, int> contacts;         // user → number of registrations
  bool caller_id_in_from = false;              // of every gateway
  variables::Variables gateway_vars;
  int calls = 0;

 private:
  using Result = base::Expected<std::vector<ResolvedTarget>, HangupCause>;

  std::optional<HangupCause> failure(const std::string& key) const {
    auto it = failing.find(key);
    if (it == failing.end()) return std::nullopt;
    return it->second;
  }

  Result resolve_one(const dialstring::GatewayTarget& g) const {
    if (auto f = failure(g.gateway)) return base::unexpected(*f);
    ResolvedTarget t;
    t.profile = "external";
    t.request_uri.user = g.number;
    t.request_uri.host = g.gateway + ".example";
    t.to_user = g.number;
    t.to_host = t.request_uri.host;
    t.gateway = g.gateway;
    t.from_user = "trunkuser";
    t.from_host = g.gateway + ".example";
    t.caller_id_in_from = caller_id_in_from;
    t.variables = gateway_vars;
    return std::vector<ResolvedTarget>{t};
  }
  Result resolve_one(const dialstring::ProfileTarget& p) const {
    if (auto f = failure(p.profile)) return base::unexpected(*f);
    ResolvedTarget t;
    t.profile = p.profile;
    t.request_uri = p.uri;
    t.to_user = p.uri.user;
    t.to_host = p.uri.host;
    t.from_host = "192.0.2.1";
    return std::vector<ResolvedTarget>{t};
  }
  Result resolve_one(const dialstring::UserTarget& u) const {
    if (auto f = failure(u.user)) return base::unexpected(*f);
    auto it = contacts.find(u.user);
    const int n = it == contacts.end() ? 1 : it->second;
    std::vector<ResolvedTarget> out;
    for (int i = 0; i < n; ++i) {
      ResolvedTarget t;
      t.profile = "internal";
      t.request_uri.user = u.user;
      t.request_uri.host = "10.0.0." + std::to_string(i + 1);
      t.to_user = u.to_user.empty() ? u.user : u.to_user;
      t.from_host = "192.0.2.1";
      out.push_back(t);
    }
    return out;
  }
  Result resolve_one(const dialstring::ProfileRegistrationTarget& r) const {
    return base::unexpected(failure(r.user).value_or(HangupCause::USER_NOT_REGISTERED));
  }
  Result resolve_one(const dialstring::FailTarget& f) const {
    ADD_FAILURE() << "FailTarget must not reach the resolver";
    return base::unexpected(f.cause);
  }
};

// ------------------------------------------------------------------ A leg --

struct CallerLog {
  std::vector<std::pair<int, std::optional<Body>>> provisionals;
  std::optional<std::optional<Body>> answered;
  std::vector<std::pair<int, std::string>> refusals;
  std::vector<std::string> hangups;
  std::vector<Body> reinvites;
  std::vector<int> reinvite_responses;
  std::vector<Info> infos;
  std::vector<int> info_responses;
  std::vector<int> transfer_responses;
  std::vector<int> transfer_notifies;
  [[nodiscard]] int refused_status() const { return refusals.empty() ? 0 : refusals.back().first; }
  [[nodiscard]] std::string refused_reason() const { return refusals.empty() ? "" : refusals.back().second; }
};

class RecordingCaller final : public CallerLeg {
 public:
  explicit RecordingCaller(std::shared_ptr<CallerLog> log) : log_(std::move(log)) {}
  void send_provisional(int status, const Body* b) override {
    log_->provisionals.emplace_back(status, b ? std::optional<Body>(*b) : std::nullopt);
  }
  void answer(const Body* b) override { log_->answered = b ? std::optional<Body>(*b) : std::nullopt; }
  void refuse(int status, std::string_view reason) override { log_->refusals.emplace_back(status, reason); }
  void hangup(std::string_view reason) override { log_->hangups.emplace_back(reason); }
  void send_reinvite(const Body& b) override { log_->reinvites.push_back(b); }
  void respond_reinvite(int status, const Body*) override { log_->reinvite_responses.push_back(status); }
  void send_info(const Info& info) override { log_->infos.push_back(info); }
  void respond_info(int status, std::string_view) override { log_->info_responses.push_back(status); }
  void respond_transfer(int status) override { log_->transfer_responses.push_back(status); }
  void notify_transfer(int status) override { log_->transfer_notifies.push_back(status); }

 private:
  std::shared_ptr<CallerLog> log_;
};

// ---------------------------------------------------------------- observer --

class RecordingObserver final : public CallObserver {
 public:
  void on_progress(const CallRecord& call, Progress p) override { progress.emplace_back(p, call); }
  void on_hangup(const CallRecord& record) override { hangups.push_back(record); }

  [[nodiscard]] std::vector<Progress> kinds() const {
    std::vector<Progress> out;
    for (const auto& [p, r] : progress) out.push_back(p);
    return out;
  }
  std::vector<std::pair<Progress, CallRecord>> progress;
  std::vector<CallRecord> hangups;
};

// ----------------------------------------------------------------- harness --

inline routing::RouteDecision gateway(std::string gw, std::string number, variables::Variables vars = {}) {
  return routing::RouteDecision{std::move(vars), routing::GatewayDial{std::move(gw), std::move(number)}};
}

inline routing::RouteDecision dialstring_decision(const std::string& text, variables::Variables vars = {}) {
  auto plan = dialstring::parse(text);
  if (!plan) {
    ADD_FAILURE() << "dial string does not parse: " << text << ": " << plan.error().message;
    return {};
  }
  return routing::RouteDecision{std::move(vars), routing::DialstringDial{text, std::move(*plan)}};
}

inline variables::Variables vars(std::initializer_list<std::pair<const char*, const char*>> items) {
  variables::Variables v;
  for (const auto& [n, val] : items) v.set(n, val);
  return v;
}

class CallHarness : public ::testing::Test {
 protected:
  CallHarness() {
    settings.profile = "internal";
    settings.route.url = "http://route.example/cti";
    invite.profile = "internal";
    invite.call_id = "abc@192.0.2.5";
    invite.from_display = "Alice";
    invite.from_user = "1001";
    invite.from_host = "192.0.2.5";
    invite.to_user = "2000";
    invite.request_user = "2000";
    invite.network_addr = "192.0.2.5";
    invite.network_port = 5060;
    invite.sdp = sdp(kOfferSdp);
    invite.custom_headers = {{"X-Tenant", "7"}};
  }

  void make() {
    call = std::make_unique<Call>(CallDeps{sip, resolver, router, timers, observer,
                                           [this](std::string_view l) { logs.emplace_back(l); }, media},
                                  settings, invite, std::make_unique<RecordingCaller>(a), "uuid-1",
                                  [this] { ++finished; });
  }
  void start() {
    make();
    call->start();
  }
  // Starts the call and answers its routing request with `d`.
  void route(routing::RouteDecision d) {
    start();
    router.answer(std::move(d));
  }
  PlacedLeg& b(std::size_t i) { return sip.leg(i); }
  [[nodiscard]] const CallRecord& record() const {
    EXPECT_EQ(observer.hangups.size(), 1u);
    return observer.hangups.back();
  }
  [[nodiscard]] bool done() const { return call->state() == Call::State::Done && finished == 1; }

  FakeSip sip;
  FakeResolver resolver;
  FakeRouter router;
  FakeTimers timers;
  RecordingObserver observer;
  std::vector<std::string> logs;
  std::shared_ptr<CallerLog> a = std::make_shared<CallerLog>();
  int finished = 0;
  CallSettings settings;
  InboundInvite invite;
  MediaPort* media = nullptr;  // set by media tests (call_media_test.cpp)
  std::unique_ptr<Call> call;
};

inline const std::string kLoseRace = R"(SIP;cause=200;text="Call completed elsewhere")";

}  // namespace ctib::call::testing

#include "engine/media/rtpengine_anchor.hpp"

namespace ctib::media {

namespace {

List strings(const std::vector<std::string>& items) {
  List out;
  out.reserve(items.size());
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

}  // namespace

Dict ng_command(const call::MediaStep& step) {
  const bool offer = step.kind == call::MediaStep::Kind::offer;
  Dict d{{"command", offer ? "offer" : "answer"},
         {"call-id", step.call_id},
         {"from-tag", step.from_tag},
         {"sdp", step.sdp}};
  if (!step.to_tag.empty()) d.emplace_back("to-tag", step.to_tag);
  // The o= line and the session c= line are the relay's too, or the far end
  // would see the other side's address there.
  d.emplace_back("replace", List{Value("origin"), Value("session-connection")});
  if (offer && (!step.transcode.empty() || !step.mask.empty())) {
    Dict codec;
    if (!step.mask.empty()) codec.emplace_back("mask", strings(step.mask));
    if (!step.transcode.empty()) codec.emplace_back("transcode", strings(step.transcode));
    d.emplace_back("codec", std::move(codec));
  }
  return d;
}

// One step in flight: the current ng request, and for a call's first offer
// the instances tried so far (failover).
class RtpengineAnchor::Exchange final : public call::Cancellable {
 public:
  Exchange(RtpengineAnchor& anchor, call::MediaStep step, std::function<void(call::MediaResult)> done)
      : anchor_(anchor), step_(std::move(step)), done_(std::move(done)) {}

  void start() {
    auto known = anchor_.instance_of_.find(step_.call_id);
    if (known != anchor_.instance_of_.end()) {
      sticky_ = true;
      return send_to(known->second);
    }
    try_next();
  }
  void cancel() override {
    request_.reset();
    done_ = nullptr;
  }

 private:
  void try_next() {
    auto index = anchor_.set_.pick(step_.call_id, tried_, anchor_.loop_.now());
    if (!index)
      return fail(call::MediaFailureKind::unreachable,
                  last_error_.empty() ? "no rtpengine configured" : last_error_);
    tried_.push_back(*index);
    send_to(*index);
  }

  void send_to(std::size_t index) {
    index_ = index;
    request_ = anchor_.client_.send(anchor_.set_.at(index).address, ng_command(step_),
                                    [this](NgOutcome outcome) { on_outcome(std::move(outcome)); });
  }

  void on_outcome(NgOutcome outcome) {
    // The NgRequest is finished; it is kept (not destroyed inside its own
    // callback) until the next send or the handle goes.
    if (!outcome) {
      last_error_ = outcome.error().detail;
      anchor_.set_.mark_down(index_, anchor_.loop_.now());
      if (anchor_.warn_) anchor_.warn_("rtpengine for call " + step_.call_id + ": " + last_error_);
      // Only a call without a session yet may move to another instance.
      if (!sticky_) return try_next();
      return fail(call::MediaFailureKind::unreachable, last_error_);
    }
    anchor_.set_.mark_up(index_);
    const NgReply& reply = *outcome;
    if (reply.result != NgResult::ok || reply.sdp.empty()) {
      return fail(call::MediaFailureKind::refused,
                  reply.error_reason.empty() ? "rtpengine answered without an SDP" : reply.error_reason);
    }
    anchor_.instance_of_.emplace(step_.call_id, index_);
    if (auto done = std::move(done_)) done(reply.sdp);
  }

  void fail(call::MediaFailureKind kind, std::string detail) {
    if (auto done = std::move(done_)) done(base::unexpected(call::MediaFailure{kind, std::move(detail)}));
  }

  RtpengineAnchor& anchor_;
  call::MediaStep step_;
  std::function<void(call::MediaResult)> done_;
  std::unique_ptr<NgRequest> request_;
  std::vector<std::size_t> tried_;
  std::size_t index_ = 0;
  bool sticky_ = false;
  std::string last_error_;
};

// An ng `query` on the instance holding the call.
class QueryHandle final : public call::Cancellable {
 public:
  void cancel() override {
    request.reset();
    failure.cancel();
  }
  std::unique_ptr<NgRequest> request;
  loop::Timer failure;  // a failure found before sending (play)
};

std::unique_ptr<call::Cancellable> RtpengineAnchor::activity(const std::string& call_id,
                                                             std::function<void(call::ActivityResult)> done) {
  auto handle = std::make_unique<QueryHandle>();
  auto it = instance_of_.find(call_id);
  if (it == instance_of_.end()) return handle;  // no session: nothing to ask (never called back)
  handle->request = client_.send(
      set_.at(it->second).address, Dict{{"command", "query"}, {"call-id", call_id}},
      [done = std::move(done)](NgOutcome outcome) {
        if (!outcome) {
          return done(base::unexpected(
              call::MediaFailure{call::MediaFailureKind::unreachable, outcome.error().detail}));
        }
        const auto a = rtp_packets_from(outcome->body, "a");
        const auto b = rtp_packets_from(outcome->body, "b");
        if (outcome->result != NgResult::ok || !a || !b) {
          return done(base::unexpected(call::MediaFailure{
              call::MediaFailureKind::refused,
              outcome->error_reason.empty() ? "query without both sides" : outcome->error_reason}));
        }
        done(call::MediaActivity{*a, *b});
      });
  return handle;
}

RtpengineAnchor::RtpengineAnchor(loop::EventLoop& loop, AnchorOptions options, Log warn)
    : loop_(loop),
      client_(loop, options.ng),
      set_(std::move(options.instances), options.disable_for),
      warn_(std::move(warn)),
      tones_(std::move(options.tone_dir)) {}

RtpengineAnchor::~RtpengineAnchor() {
  deletes_.clear();  // before the client they belong to
}

std::unique_ptr<call::Cancellable> RtpengineAnchor::exchange(const call::MediaStep& step,
                                                             std::function<void(call::MediaResult)> done) {
  auto e = std::make_unique<Exchange>(*this, step, std::move(done));
  e->start();
  return e;
}

// A call whose offer never reached any rtpengine has no session and nothing
// to delete. Otherwise `delete` goes to the instance that holds it; a failure
// is only logged (rtpengine ends a session without traffic on its own
// --timeout, and the call is over either way).
void RtpengineAnchor::release(const std::string& call_id) {
  auto it = instance_of_.find(call_id);
  std::size_t index = 0;
  if (it != instance_of_.end()) {
    index = it->second;
    instance_of_.erase(it);
  } else {
    // An offer may have reached an instance whose answer we never saw
    // (timeout): delete where the first choice would have sent it.
    auto first = set_.pick(call_id, {}, std::chrono::milliseconds::min());
    if (!first) return;
    index = *first;
  }
  if (recording_.erase(call_id) > 0) {
    // Before the delete, so rtpengine closes the pcap even when it keeps
    // deleted sessions (--delete-delay).
    fire_and_forget(index, call_id, Dict{{"command", "stop recording"}, {"call-id", call_id}});
  }
  fire_and_forget(index, call_id, Dict{{"command", "delete"}, {"call-id", call_id}});
}

void RtpengineAnchor::fire_and_forget(std::size_t index, const std::string& call_id, Dict command) {
  const std::uint64_t id = next_delete_++;
  const std::string* name = command.front().second.string();
  std::string what = name != nullptr ? *name : std::string("request");
  deletes_.emplace(id, client_.send(set_.at(index).address, command,
                                    [this, id, call_id, what = std::move(what)](NgOutcome outcome) {
                                      if (!outcome && warn_)
                                        warn_("rtpengine " + what + " for call " + call_id + ": " +
                                              outcome.error().detail);
                                      // Safe inside its own callback: the client already
                                      // forgot the request, so the handle's cancel is a no-op.
                                      deletes_.erase(id);
                                    }));
}

// ng `play media` (rtpengine 10.5, with its transcoding support): the file
// is decoded by rtpengine itself and sent to the endpoint of `from-tag`;
// the reply gives its length in ms ("duration").
std::unique_ptr<call::Cancellable> RtpengineAnchor::play(const std::string& call_id, const std::string& tag,
                                                         const std::string& file,
                                                         std::function<void(call::PlayResult)> done) {
  auto handle = std::make_unique<QueryHandle>();
  auto it = instance_of_.find(call_id);
  if (it == instance_of_.end()) return handle;  // no session: the call never plays (not called back)
  auto path = tones_.path_for(file);
  if (!path) {
    // Reported from a zero-delay timer: callbacks never run inside play().
    handle->failure = loop_.start_timer(std::chrono::milliseconds(0), [done, error = path.error()] {
      done(base::unexpected(call::MediaFailure{call::MediaFailureKind::refused, error}));
    });
    return handle;
  }
  Dict command{{"command", "play media"}, {"call-id", call_id}, {"from-tag", tag}, {"file", *path}};
  handle->request =
      client_.send(set_.at(it->second).address, command, [done = std::move(done)](NgOutcome outcome) {
        if (!outcome) {
          return done(base::unexpected(
              call::MediaFailure{call::MediaFailureKind::unreachable, outcome.error().detail}));
        }
        if (outcome->result != NgResult::ok) {
          return done(base::unexpected(call::MediaFailure{
              call::MediaFailureKind::refused,
              outcome->error_reason.empty() ? "play media refused" : outcome->error_reason}));
        }
        done(std::chrono::milliseconds(play_duration_ms(outcome->body).value_or(0)));
      });
  return handle;
}

void RtpengineAnchor::stop_playing(const std::string& call_id, const std::string& tag) {
  auto it = instance_of_.find(call_id);
  if (it == instance_of_.end()) return;
  fire_and_forget(it->second, call_id,
                  Dict{{"command", "stop media"}, {"call-id", call_id}, {"from-tag", tag}});
}

}  // namespace ctib::media

#include "engine/sip/tests/sipp_runner.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ctib::sip::test {

namespace {

bool can_bind(int type, std::uint16_t port) {
  int fd = ::socket(AF_INET, type, 0);
  if (fd < 0) {
    return false;
  }
  int one = 1;
  if (type == SOCK_STREAM) {
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::uint16_t pick_free_port(int span) {
  static std::mt19937 rng{std::random_device{}()};
  // Ports handed out earlier in this process may not be bound yet (SIPp's
  // media and control ports are picked before it starts): never reuse them.
  static std::set<std::uint16_t> handed_out;
  std::uniform_int_distribution<int> dist(20000, 32000 - span);
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto base = static_cast<std::uint16_t>(dist(rng));
    bool free = true;
    for (int i = 0; i < span && free; ++i) {
      auto p = static_cast<std::uint16_t>(base + i);
      free = handed_out.count(p) == 0 && can_bind(SOCK_DGRAM, p) && can_bind(SOCK_STREAM, p);
    }
    if (free) {
      for (int i = 0; i < span; ++i) {
        handed_out.insert(static_cast<std::uint16_t>(base + i));
      }
      return base;
    }
  }
  throw std::runtime_error("no free port in 20000-32000");
}

Sipp::Sipp(SippOptions options) : options_(std::move(options)) {
  char tmpl[] = "/tmp/ctib-sipp-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  dir_ = tmpl;
  port_ = pick_free_port();
  const std::uint16_t media_port = pick_free_port(4);
  const std::uint16_t control_port = pick_free_port();
  const std::string scenario = std::string(CTIB_SIP_SCENARIO_DIR) + "/" + options_.scenario;

  std::vector<std::string> args = {"/usr/bin/sipp",
                                   "-sf", scenario,
                                   "-i", "127.0.0.1",
                                   "-p", std::to_string(port_),
                                   "-mp", std::to_string(media_port),
                                   "-cp", std::to_string(control_port),
                                   "-m", std::to_string(options_.calls),
                                   "-s", options_.service,
                                   "-t", options_.transport,
                                   "-timeout", "20s", "-timeout_error",
                                   "-nostdin",
                                   "-trace_err", "-error_file", dir_ + "/errors.log",
                                   "-trace_msg", "-message_file", dir_ + "/messages.log"};
  if (!options_.remote.empty()) {
    args.push_back(options_.remote);
  }
  const std::string out = dir_ + "/stdout.log";

  pid_ = ::fork();
  if (pid_ < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) {
    // Child: own process group, output to a file, then exec.
    ::setpgid(0, 0);
    std::FILE* f = std::freopen(out.c_str(), "w", stdout);
    (void)f;
    ::dup2(::fileno(stdout), STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
}

Sipp::~Sipp() {
  if (pid_ > 0 && !finished()) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (std::getenv("CTIB_KEEP_SIPP_LOGS") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

bool Sipp::finished() {
  if (exit_code_ >= 0 || pid_ <= 0) {
    return true;
  }
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }
  return false;
}

bool Sipp::wait_listening(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (finished()) {
      return false;
    }
    if (!can_bind(SOCK_DGRAM, port_)) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::string Sipp::logs() const {
  return "--- sipp " + options_.scenario + " stdout:\n" + read_all(dir_ + "/stdout.log") + "\n--- errors:\n" +
         read_all(dir_ + "/errors.log") + "\n--- messages:\n" + read_all(dir_ + "/messages.log");
}

UdpPeer::UdpPeer() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (fd_ < 0) {
    throw std::runtime_error("socket failed");
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd_);
    throw std::runtime_error("bind failed");
  }
  port_ = ntohs(addr.sin_port);
}

UdpPeer::~UdpPeer() { ::close(fd_); }

void UdpPeer::send_to(std::uint16_t port, const std::string& datagram) const {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
}

std::optional<std::string> UdpPeer::try_recv() const {
  char buf[65536];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    return std::nullopt;
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace ctib::sip::test

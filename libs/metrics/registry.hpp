#pragma once
// The registry: the families one program exposes, in registration order,
// rendered in the Prometheus text exposition format 0.0.4.
//
// Ownership: each program's main owns one Registry and passes it (or the
// families it registered) by reference to the components that count; there
// is no global registry. Families live as long as the registry.
// Threads: registration and render() may run on any thread (a mutex guards
// the list of families); metric updates never take that mutex.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "libs/metrics/family.hpp"

namespace ctib::metrics {

// The Content-Type of render()'s output.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Names and label names must be valid Prometheus names and a name may be
  // registered once: violations are programming errors (std::invalid_argument).
  Family<Counter>& counter(std::string name, std::string help, std::vector<std::string> label_names = {});
  Family<Gauge>& gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  Family<Histogram>& histogram(std::string name, std::string help, std::vector<std::string> label_names,
                               std::vector<double> bounds);
  // `collect` runs inside render(), on the scraping thread, with the
  // registry's mutex held: it must not register families.
  void gauge_callback(std::string name, std::string help, std::vector<std::string> label_names, Collect collect);
  // The same for a counter kept elsewhere (its owner guarantees it only grows).
  void counter_callback(std::string name, std::string help, std::vector<std::string> label_names, Collect collect);

  [[nodiscard]] std::string render() const;

 private:
  template <class F>
  F& add(std::unique_ptr<F> family);

  mutable std::mutex mutex_;  // guards families_
  std::vector<std::unique_ptr<FamilyBase>> families_;
};

}  // namespace ctib::metrics

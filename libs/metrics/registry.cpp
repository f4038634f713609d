#include "libs/metrics/registry.hpp"

#include <stdexcept>

namespace ctib::metrics {

template <class F>
F& Registry::add(std::unique_ptr<F> family) {
  const std::lock_guard lock(mutex_);
  for (const auto& existing : families_) {
    if (existing->name() == family->name()) throw std::invalid_argument("metric registered twice: " + family->name());
  }
  F& ref = *family;
  families_.push_back(std::move(family));
  return ref;
}

Family<Counter>& Registry::counter(std::string name, std::string help, std::vector<std::string> label_names) {
  return add(std::make_unique<Family<Counter>>(std::move(name), std::move(help), Type::counter, std::move(label_names),
                                               [] { return std::make_unique<Counter>(); }));
}

Family<Gauge>& Registry::gauge(std::string name, std::string help, std::vector<std::string> label_names) {
  return add(std::make_unique<Family<Gauge>>(std::move(name), std::move(help), Type::gauge, std::move(label_names),
                                             [] { return std::make_unique<Gauge>(); }));
}

Family<Histogram>& Registry::histogram(std::string name, std::string help, std::vector<std::string> label_names,
                                       std::vector<double> bounds) {
  Histogram check(bounds);  // rejects bad bounds now, not at the first observation
  return add(std::make_unique<Family<Histogram>>(std::move(name), std::move(help), Type::histogram,
                                                 std::move(label_names),
                                                 [bounds] { return std::make_unique<Histogram>(bounds); }));
}

void Registry::gauge_callback(std::string name, std::string help, std::vector<std::string> label_names,
                              Collect collect) {
  add(std::make_unique<CallbackFamily>(std::move(name), std::move(help), Type::gauge, std::move(label_names),
                                       std::move(collect)));
}

void Registry::counter_callback(std::string name, std::string help, std::vector<std::string> label_names,
                                Collect collect) {
  add(std::make_unique<CallbackFamily>(std::move(name), std::move(help), Type::counter, std::move(label_names),
                                       std::move(collect)));
}

std::string Registry::render() const {
  std::string out;
  const std::lock_guard lock(mutex_);
  for (const auto& family : families_) family->render(out);
  return out;
}

}  // namespace ctib::metrics

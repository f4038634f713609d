#pragma once
// A metric family: one name, one HELP text, a fixed list of label names, and
// one child value per combination of label values.
//
// Threads: with() may be called from any thread; it takes the family's mutex
// and creates the child on first use. Children are heap objects that never
// move or die before the family, so callers look a child up once (at
// construction, or once per label combination) and then update it
// lock-free. render() takes the same mutex only to walk the children.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "libs/metrics/metric.hpp"

namespace ctib::metrics {

using LabelValues = std::vector<std::string>;

enum class Type { counter, gauge, histogram };

// What the registry needs from any family to write it out.
class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, Type type, std::vector<std::string> label_names);
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  // Appends `# HELP`, `# TYPE` and every sample (text format 0.0.4).
  void render(std::string& out) const;

 protected:
  // Appends the samples only.
  virtual void render_samples(std::string& out) const = 0;
  // The label names, checked against `values` (a count mismatch is a
  // programming error: std::invalid_argument).
  void check_arity(const LabelValues& values) const;
  const std::vector<std::string>& label_names() const noexcept { return label_names_; }

 private:
  std::string name_;
  std::string help_;
  Type type_;
  std::vector<std::string> label_names_;
};

template <class Metric>
class Family final : public FamilyBase {
 public:
  using Make = std::function<std::unique_ptr<Metric>()>;
  Family(std::string name, std::string help, Type type, std::vector<std::string> label_names, Make make)
      : FamilyBase(std::move(name), std::move(help), type, std::move(label_names)), make_(std::move(make)) {}

  // The child for `values` (one per label name, in order), created on first use.
  Metric& with(const LabelValues& values) {
    check_arity(values);
    const std::lock_guard lock(mutex_);
    auto found = children_.find(values);
    if (found == children_.end()) found = children_.emplace(values, make_()).first;
    return *found->second;
  }
  // The one child of a family without labels.
  Metric& get() { return with({}); }

 private:
  void render_samples(std::string& out) const override;

  Make make_;
  mutable std::mutex mutex_;                                     // guards children_ (not the values)
  std::map<LabelValues, std::unique_ptr<Metric>> children_;      // sorted: stable output order
};

// Defined in family.cpp for the three kinds of metric.
template <>
void Family<Counter>::render_samples(std::string& out) const;
template <>
void Family<Gauge>::render_samples(std::string& out) const;
template <>
void Family<Histogram>::render_samples(std::string& out) const;

// A family whose samples are computed when scraped, for values owned by
// someone else (a database count, a queue's length and its own totals).
struct Sample {
  LabelValues labels;
  double value = 0;
};
using Collect = std::function<std::vector<Sample>()>;

class CallbackFamily final : public FamilyBase {
 public:
  CallbackFamily(std::string name, std::string help, Type type, std::vector<std::string> label_names,
                 Collect collect);

 private:
  void render_samples(std::string& out) const override;
  Collect collect_;
};

}  // namespace ctib::metrics

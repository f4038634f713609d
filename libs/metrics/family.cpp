#include "libs/metrics/family.hpp"

#include <stdexcept>

#include "libs/metrics/text_format.hpp"

namespace ctib::metrics {

namespace {

std::string_view type_name(Type type) {
  switch (type) {
    case Type::counter:
      return "counter";
    case Type::gauge:
      return "gauge";
    case Type::histogram:
      return "histogram";
  }
  return "untyped";
}

// One `name{labels} value` line.
void append_sample(std::string& out, std::string_view name, const std::vector<std::string>& label_names,
                   const LabelValues& values, double value, std::string_view extra_name = {},
                   std::string_view extra_value = {}) {
  out += name;
  text::append_labels(out, label_names, values, extra_name, extra_value);
  out += ' ';
  text::append_number(out, value);
  out += '\n';
}

}  // namespace

FamilyBase::FamilyBase(std::string name, std::string help, Type type, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), type_(type), label_names_(std::move(label_names)) {
  if (!text::valid_metric_name(name_)) throw std::invalid_argument("invalid metric name: " + name_);
  for (const std::string& label : label_names_) {
    // `le` is the histogram's own label; a family that used it would clash.
    if (!text::valid_label_name(label) || label == "le") {
      throw std::invalid_argument("invalid label name for " + name_ + ": " + label);
    }
  }
}

void FamilyBase::render(std::string& out) const {
  out += "# HELP ";
  out += name_;
  out += ' ';
  text::append_help(out, help_);
  out += "\n# TYPE ";
  out += name_;
  out += ' ';
  out += type_name(type_);
  out += '\n';
  render_samples(out);
}

void FamilyBase::check_arity(const LabelValues& values) const {
  if (values.size() != label_names_.size()) {
    throw std::invalid_argument(name_ + ": expected " + std::to_string(label_names_.size()) + " label values, got " +
                                std::to_string(values.size()));
  }
}

template <>
void Family<Counter>::render_samples(std::string& out) const {
  const std::lock_guard lock(mutex_);
  for (const auto& [values, counter] : children_) {
    append_sample(out, name(), label_names(), values, static_cast<double>(counter->value()));
  }
}

template <>
void Family<Gauge>::render_samples(std::string& out) const {
  const std::lock_guard lock(mutex_);
  for (const auto& [values, gauge] : children_) append_sample(out, name(), label_names(), values, gauge->value());
}

template <>
void Family<Histogram>::render_samples(std::string& out) const {
  const std::lock_guard lock(mutex_);
  const std::string bucket = name() + "_bucket";
  std::string le;
  for (const auto& [values, histogram] : children_) {
    const Histogram::Snapshot s = histogram->snapshot();
    const auto& bounds = histogram->bounds();
    for (std::size_t i = 0; i < s.cumulative.size(); ++i) {
      le.clear();
      if (i < bounds.size()) {
        text::append_number(le, bounds[i]);
      } else {
        le = "+Inf";
      }
      append_sample(out, bucket, label_names(), values, static_cast<double>(s.cumulative[i]), "le", le);
    }
    append_sample(out, name() + "_sum", label_names(), values, s.sum);
    append_sample(out, name() + "_count", label_names(), values, static_cast<double>(s.count));
  }
}

CallbackFamily::CallbackFamily(std::string name, std::string help, Type type, std::vector<std::string> label_names,
                               Collect collect)
    : FamilyBase(std::move(name), std::move(help), type, std::move(label_names)), collect_(std::move(collect)) {
  if (type == Type::histogram) throw std::invalid_argument(this->name() + ": a callback family has one value per sample");
}

void CallbackFamily::render_samples(std::string& out) const {
  for (const Sample& sample : collect_()) {
    check_arity(sample.labels);
    append_sample(out, name(), label_names(), sample.labels, sample.value);
  }
}

}  // namespace ctib::metrics

#include "engine/digits/tone.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace ctib::digits {

namespace {

std::optional<int> number(std::string_view text, int low, int high) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < low || value > high) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Tone> parse_tone_stream(std::string_view text) {
  if (text.substr(0, kToneStreamPrefix.size()) != kToneStreamPrefix) return std::nullopt;
  text.remove_prefix(kToneStreamPrefix.size());
  if (text.size() < 3 || text.substr(0, 2) != "%(" || text.back() != ')') return std::nullopt;
  text = text.substr(2, text.size() - 3);
  std::vector<std::string_view> fields;
  while (true) {
    const auto comma = text.find(',');
    fields.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (fields.size() < 3 || fields.size() > 4) return std::nullopt;
  Tone tone;
  auto on = number(fields[0], 0, kMaxToneMs);
  auto off = number(fields[1], 0, kMaxToneMs);
  if (!on || !off || *on + *off == 0) return std::nullopt;
  tone.on_ms = *on;
  tone.off_ms = *off;
  for (std::size_t i = 2; i < fields.size(); ++i) {
    auto hz = number(fields[i], 1, kMaxToneHz);
    if (!hz) return std::nullopt;
    tone.freqs.push_back(*hz);
  }
  return tone;
}

std::string tone_file_name(const Tone& tone) {
  std::string name = "tone-" + std::to_string(tone.on_ms) + "-" + std::to_string(tone.off_ms);
  for (const int f : tone.freqs) name += "-" + std::to_string(f);
  return name + ".wav";
}

std::vector<std::int16_t> render_samples(const Tone& tone) {
  constexpr std::uint32_t kRate = 8000;
  const std::uint32_t on = kRate * static_cast<std::uint32_t>(tone.on_ms) / 1000;
  const std::uint32_t off = kRate * static_cast<std::uint32_t>(tone.off_ms) / 1000;
  std::vector<std::int16_t> out;
  out.reserve(on + off);
  // -10 dBFS for the sum, so two frequencies do not clip.
  const double amplitude = 32767.0 * 0.316 / static_cast<double>(tone.freqs.size());
  for (std::uint32_t i = 0; i < on; ++i) {
    double sample = 0;
    for (const int f : tone.freqs) sample += std::sin(2 * std::numbers::pi * f * i / kRate);
    out.push_back(static_cast<std::int16_t>(std::lround(sample * amplitude)));
  }
  out.resize(on + off, 0);  // the off part: silence
  return out;
}

}  // namespace ctib::digits

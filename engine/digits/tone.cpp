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

void put16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>(v >> 8);
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v & 0xffff));
  put16(out, static_cast<std::uint16_t>(v >> 16));
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

std::string render_wav(const Tone& tone) {
  constexpr std::uint32_t kRate = 8000;
  const std::uint32_t on = kRate * static_cast<std::uint32_t>(tone.on_ms) / 1000;
  const std::uint32_t off = kRate * static_cast<std::uint32_t>(tone.off_ms) / 1000;
  const std::uint32_t data_bytes = (on + off) * 2;
  std::string out;
  out.reserve(44 + data_bytes);
  out += "RIFF";
  put32(out, 36 + data_bytes);
  out += "WAVEfmt ";
  put32(out, 16);
  put16(out, 1);  // PCM
  put16(out, 1);  // mono
  put32(out, kRate);
  put32(out, kRate * 2);
  put16(out, 2);
  put16(out, 16);
  out += "data";
  put32(out, data_bytes);
  // -10 dBFS for the sum, so two frequencies do not clip.
  const double amplitude = 32767.0 * 0.316 / static_cast<double>(tone.freqs.size());
  for (std::uint32_t i = 0; i < on; ++i) {
    double sample = 0;
    for (const int f : tone.freqs) sample += std::sin(2 * std::numbers::pi * f * i / kRate);
    put16(out, static_cast<std::uint16_t>(static_cast<std::int16_t>(std::lround(sample * amplitude))));
  }
  for (std::uint32_t i = 0; i < off; ++i) put16(out, 0);
  return out;
}

}  // namespace ctib::digits

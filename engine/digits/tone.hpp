#pragma once
// FreeSWITCH's tone syntax for a prompt, `tone_stream://%(on_ms,off_ms,freq[,freq2])`
// (one cadence segment), typed, and rendered to a WAV file's bytes. rtpengine
// plays files, not tone descriptions: the media adapter writes the WAV once
// per tone (docs/media.md "Prompts and digits").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctib::digits {

inline constexpr std::string_view kToneStreamPrefix = "tone_stream://";
// A cadence longer than this is not a tone but a recording.
inline constexpr int kMaxToneMs = 10000;
inline constexpr int kMaxToneHz = 4000;  // below half of 8 kHz

struct Tone {
  int on_ms = 0;
  int off_ms = 0;
  std::vector<int> freqs;  // one or two, Hz
  friend bool operator==(const Tone&, const Tone&) = default;
};

// "tone_stream://%(1000,4000,450)" or "...%(400,200,400,450)"; nullopt for
// anything else (several segments, loops, other FreeSWITCH tone options).
std::optional<Tone> parse_tone_stream(std::string_view text);
// A file name that identifies the tone: "tone-1000-4000-450.wav".
std::string tone_file_name(const Tone& tone);
// One cadence as 8 kHz 16-bit samples: on_ms of the frequencies summed,
// then off_ms of silence (engine/media's wav_file makes it a file).
std::vector<std::int16_t> render_samples(const Tone& tone);

}  // namespace ctib::digits

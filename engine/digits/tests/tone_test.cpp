#include "engine/digits/tone.hpp"

#include <gtest/gtest.h>

namespace ctib::digits {
namespace {

TEST(Tone, ParsesFreeSwitchToneSyntax) {
  EXPECT_EQ(parse_tone_stream("tone_stream://%(1000,4000,450)"), (Tone{1000, 4000, {450}}));
  EXPECT_EQ(parse_tone_stream("tone_stream://%(400,200,400,450)"), (Tone{400, 200, {400, 450}}));
}

TEST(Tone, RefusesWhatItCannotRender) {
  for (const char* bad :
       {"%(1000,4000,450)", "tone_stream://", "tone_stream://%(1000,4000)", "tone_stream://%(1000,4000,450",
        "tone_stream://%(1000,4000,450,1,2)", "tone_stream://%(0,0,450)", "tone_stream://%(10001,0,450)",
        "tone_stream://%(100,0,4001)", "tone_stream://%(100,0,-4)", "tone_stream://%(100,0,450);loops=2",
        "tone_stream://%(1x0,0,450)"}) {
    EXPECT_FALSE(parse_tone_stream(bad)) << bad;
  }
}

TEST(Tone, FileNameIdentifiesTheTone) {
  EXPECT_EQ(tone_file_name(Tone{1000, 4000, {450}}), "tone-1000-4000-450.wav");
  EXPECT_EQ(tone_file_name(Tone{400, 200, {400, 450}}), "tone-400-200-400-450.wav");
}

TEST(Tone, RendersOneCadenceAsSamples) {
  // The WAV file around them is engine/media's wav_file (RecordingWav tests).
  const std::vector<std::int16_t> samples = render_samples(Tone{100, 50, {440}});
  ASSERT_EQ(samples.size(), 800u + 400u);  // 8 kHz
  bool sound = false;
  for (std::size_t i = 0; i < 800; ++i) sound = sound || samples[i] != 0;
  EXPECT_TRUE(sound);
  for (std::size_t i = 800; i < samples.size(); ++i) ASSERT_EQ(samples[i], 0) << i;  // the off part
}

}  // namespace
}  // namespace ctib::digits

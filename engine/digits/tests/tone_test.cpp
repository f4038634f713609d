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

TEST(Tone, RendersOneCadenceAsPcmWav) {
  const std::string wav = render_wav(Tone{100, 50, {440}});
  ASSERT_EQ(wav.size(), 44u + (800u + 400u) * 2u);  // 8 kHz, 16-bit
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  EXPECT_EQ(wav.substr(8, 8), "WAVEfmt ");
  EXPECT_EQ(wav.substr(36, 4), "data");
  bool sound = false;
  for (std::size_t i = 44; i < 44 + 1600; ++i) sound = sound || wav[i] != 0;
  EXPECT_TRUE(sound);
  for (std::size_t i = 44 + 1600; i < wav.size(); ++i) ASSERT_EQ(wav[i], 0) << i;  // the off part
}

}  // namespace
}  // namespace ctib::digits

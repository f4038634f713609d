#pragma once
// Prompt files for rtpengine's `play media`: a path passes as it is; a
// FreeSWITCH tone (`tone_stream://%(on,off,freq[,freq2])`) is rendered once
// to a WAV file in the tone directory ([media] tone-dir) and its path used
// from then on (cached by the tone, also across restarts: the file name is
// the tone).
//
// Writing runs on the loop: one file of at most 20 s × 16 KB/s per distinct
// tone, once per engine process — bounded, and rare enough not to deserve a
// worker thread. Ownership: owned by RtpengineAnchor; loop thread only.

#include <set>
#include <string>
#include <string_view>

#include "libs/base/expected.hpp"

namespace ctib::media {

class ToneFiles {
 public:
  explicit ToneFiles(std::string dir) : dir_(std::move(dir)) {}
  // The file rtpengine should play for `file`, or what went wrong.
  base::Expected<std::string, std::string> path_for(const std::string& file);

 private:
  std::string dir_;
  std::set<std::string, std::less<>> written_;  // file names known to exist
};

}  // namespace ctib::media

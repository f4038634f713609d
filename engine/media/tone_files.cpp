#include "engine/media/tone_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/digits/tone.hpp"
#include "engine/media/recording_wav.hpp"

namespace ctib::media {

base::Expected<std::string, std::string> ToneFiles::path_for(const std::string& file) {
  if (!file.starts_with(digits::kToneStreamPrefix)) return file;
  const auto tone = digits::parse_tone_stream(file);
  if (!tone) return base::unexpected("'" + file + "' is not tone_stream://%(on_ms,off_ms,freq[,freq2])");
  const std::string name = digits::tone_file_name(*tone);
  const std::string path = dir_ + "/" + name;
  if (written_.contains(name)) return path;
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return base::unexpected("tone-dir " + dir_ + ": " + ec.message());
  // rtpengine runs as its own user: it must be able to enter and read.
  ::chmod(dir_.c_str(), 0755);
  // Written under a temporary name and renamed, so rtpengine never reads a
  // half-written file (another engine may share the directory).
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    const std::string wav = wav_file(digits::render_samples(*tone));
    out.write(wav.data(), static_cast<std::streamsize>(wav.size()));
    if (!out) return base::unexpected("writing " + tmp + " failed");
  }
  ::chmod(tmp.c_str(), 0644);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string error = std::strerror(errno);
    std::remove(tmp.c_str());
    return base::unexpected("rename to " + path + ": " + error);
  }
  written_.insert(name);
  return path;
}

}  // namespace ctib::media

#include "engine/registrar/journal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

namespace ctib::registrar {
namespace {

using std::chrono::seconds;

std::string temp_db() {
  char path[] = "/tmp/ctib-journal-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  return path;
}

TEST(Journal, SurvivesReopen) {
  std::string path = temp_db();
  TimePoint t0{seconds(1'700'000'000)};
  Binding a{"1000@d", "sip:1000@10.0.0.1:5062", "internal", "cid", 7, t0 + seconds(60), "192.0.2.1", 40000, "udp",
            "phone"};
  Binding b = a;
  b.contact = "sip:1000@10.0.0.2";
  Binding gone = a;
  gone.contact = "sip:1000@10.0.0.3";
  gone.expires_at = t0 + seconds(5);
  {
    auto j = Journal::open(path);
    ASSERT_TRUE(j) << j.error();
    (*j)->record({{Change::Kind::upsert, a}, {Change::Kind::upsert, b}, {Change::Kind::upsert, gone}});
    (*j)->record({{Change::Kind::remove, b}});
  }  // destructor flushes
  auto j = Journal::open(path);
  ASSERT_TRUE(j);
  auto loaded = (*j)->load(t0 + seconds(10));
  ASSERT_TRUE(loaded) << loaded.error();
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ((*loaded)[0], a);
  EXPECT_EQ((*j)->failures(), 0u);
  std::remove(path.c_str());
}

TEST(Journal, OpenFailsOnBadPath) {
  auto j = Journal::open("/nonexistent-dir/x.db");
  EXPECT_FALSE(j);
}

}  // namespace
}  // namespace ctib::registrar

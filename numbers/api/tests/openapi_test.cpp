// Keeps openapi.yaml true to the route table: every route is documented
// with its method, and the file documents no path the table lacks.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "libs/base/text.hpp"
#include "numbers/api/routes.hpp"

namespace ctib::numbers::api {
namespace {

// path → methods, read from the `paths:` section (2-space path keys,
// 4-space method keys).
std::map<std::string, std::set<std::string>> documented() {
  std::ifstream in(CTIB_OPENAPI_FILE);
  std::map<std::string, std::set<std::string>> out;
  std::string line;
  std::string path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") in_paths = true;
    else if (!line.empty() && line[0] != ' ') in_paths = false;
    if (!in_paths) continue;
    if (line.starts_with("  /") && line.back() == ':') path = line.substr(2, line.size() - 3);
    for (const char* m : {"get", "post", "patch", "delete", "put"}) {
      if (line == std::string("    ") + m + ":") out[path].insert(base::to_upper(m));
    }
  }
  return out;
}

TEST(NumbersOpenApi, DocumentsExactlyTheRouteTable) {
  auto doc = documented();
  ASSERT_FALSE(doc.empty());
  for (const Route& r : kRoutes) {
    const std::string pattern(r.pattern);
    ASSERT_TRUE(doc.contains(pattern)) << pattern;
    EXPECT_TRUE(doc[pattern].erase(std::string(r.method))) << r.method << " " << pattern;
  }
  for (const auto& [path, methods] : doc) EXPECT_TRUE(methods.empty()) << path << " documents a route that does not exist";
}

}  // namespace
}  // namespace ctib::numbers::api

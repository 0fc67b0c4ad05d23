// A private temporary directory for a test, removed with everything in it when the test
// ends (directories a test made read-only are made writable first, so removal works when
// not running as root).
#pragma once
#include <stdlib.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>
#include <string>

namespace emu::test {

struct TempDir {
  std::filesystem::path dir;
  TempDir() {
    char tmpl[] = "/tmp/emu_testXXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir = tmpl;
  }
  ~TempDir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.is_directory(ec)) fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path(const char* name) const { return (dir / name).string(); }
  size_t entries() const {
    return size_t(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()));
  }
};

}  // namespace emu::test

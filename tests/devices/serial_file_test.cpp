// Tests for the file serial backend (devices/serial/file_backend) and the null backend:
// output replaces the file at the end of a run (a failed run leaves OUT.partial), input
// comes from a file and ends cleanly, bad paths give a UserError naming the path, write
// errors end the run, and the input file is never truncated.
#include "devices/serial/file_backend.h"
#include "devices/serial/null_backend.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "emu/common/error.h"
#include "support/temp_dir.h"

using namespace emu;
namespace fs = std::filesystem;

namespace {

using emu::test::TempDir;

void write_file(const std::string& p, const std::string& s) {
  std::ofstream f(p, std::ios::binary);
  f << s;
}

std::string read_file(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The UserError message must name the path.
void check_user_error_names(const std::string& out, const std::string& in, const std::string& path) {
  try {
    FileBackend be(out, in);
    FAIL("no UserError");
  } catch (const UserError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find(path) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("file backend: output to a file, input from a file, then end", "[serial]") {
  TempDir t;
  const std::string in = t.path("in.txt"), out = t.path("out.txt");
  write_file(in, "ab");
  write_file(out, "old contents that must go");
  {
    FileBackend be(out, in);
    u8 c = 0;
    REQUIRE(be.receive(c));
    CHECK(c == 'a');
    REQUIRE(be.receive(c));
    CHECK(c == 'b');
    CHECK_FALSE(be.receive(c));
    CHECK_FALSE(be.receive(c));
    for (char ch : std::string("hello\nworld")) be.transmit(static_cast<u8>(ch));
    CHECK(read_file(out) == "old contents that must go");  // replaced only at the end of the run
    be.commit();
  }
  CHECK(read_file(out) == "hello\nworld");
  CHECK(read_file(in) == "ab");  // input untouched
  CHECK(std::distance(fs::directory_iterator(t.dir), fs::directory_iterator()) == 2);  // no temporary left
}

TEST_CASE("file backend: a run that fails leaves the old output and OUT.partial", "[serial]") {
  TempDir t;
  const std::string out = t.path("out.txt");
  write_file(out, "the last good log");
  {
    FileBackend be(out, "");
    for (char ch : std::string("boot\npanic: no root")) be.transmit(static_cast<u8>(ch));
  }  // destroyed without commit(): the run failed
  CHECK(read_file(out) == "the last good log");
  CHECK(read_file(out + ".partial") == "boot\npanic: no root");  // the unfinished line too
  CHECK(std::distance(fs::directory_iterator(t.dir), fs::directory_iterator()) == 2);
}

TEST_CASE("file backend: a write error ends the run with a message naming the file", "[serial]") {
  if (::access("/dev/full", W_OK) != 0) {
    WARN("SKIPPED: no /dev/full");
    return;
  }
  FileBackend be("/dev/full", "", "--serial2");
  be.transmit('x');
  CHECK_THROWS_WITH(be.transmit('\n'), "--serial2 /dev/full: write failed: No space left on device");
}

TEST_CASE("file backend: empty paths mean no input / no output", "[serial]") {
  FileBackend be("", "");
  u8 c;
  CHECK_FALSE(be.receive(c));
  be.transmit('x');  // goes nowhere, no crash
  be.flush();
}

TEST_CASE("file backend: unopenable paths are user errors naming the path", "[serial]") {
  TempDir t;
  const std::string missing = t.path("missing.txt");
  check_user_error_names("", missing, missing);
  const std::string bad_out = t.path("no/such/dir/out.txt");
  check_user_error_names(bad_out, "", bad_out);
  const std::string dir = t.dir.string();
  check_user_error_names("", dir, dir);  // a directory is not an input file
}

TEST_CASE("file backend: the input file is never truncated by the output", "[serial]") {
  TempDir t;
  const std::string in = t.path("script.txt");
  write_file(in, "boot\n");
  check_user_error_names(in, in, in);
  // The same file under another name (a hard link and a "./"-style path).
  const std::string link = t.path("link.txt");
  REQUIRE(::link(in.c_str(), link.c_str()) == 0);
  check_user_error_names(link, in, link);
  check_user_error_names((t.dir / "." / "script.txt").string(), in, "script.txt");
  CHECK(read_file(in) == "boot\n");
}

TEST_CASE("null backend: swallows output, never has input", "[serial]") {
  NullBackend be;
  be.transmit('x');
  u8 c = 7;
  CHECK_FALSE(be.receive(c));
  CHECK(c == 7);
}

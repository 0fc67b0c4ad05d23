// User input files (emu/common/read_file.h): regular files only, size checked before
// reading. Without it /dev/zero grew memory without bound, a FIFO blocked for ever and a
// directory gave "internal error: basic_filebuf::underflow".
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "emu/common/error.h"
#include "emu/common/read_file.h"

using namespace emu;

namespace {

struct Dir {
  std::string path;
  Dir() {
    char t[] = "/tmp/emu-read-file-XXXXXX";
    path = ::mkdtemp(t);
  }
  ~Dir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string p = path + "/" + name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
};

std::string error_of(const std::string& path, u64 limit = 1024) {
  try {
    (void)read_user_file(path, limit, "the test image");
  } catch (const UserError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("read_file: a regular file up to the limit is read whole", "[common][read_file]") {
  const Dir d;
  const std::string p = d.write("ok.bin", std::string("\x01\x02\x03", 3));
  const std::vector<u8> bytes = read_user_file(p, 3, "the test image");
  CHECK(bytes == std::vector<u8>{1, 2, 3});
  CHECK(read_user_file(d.write("empty.bin", ""), 3, "the test image").empty());
  const UserFile f(p, 3, "the test image");
  CHECK(f.size() == 3);
  CHECK(f.read(1, 2) == std::vector<u8>{2, 3});
  CHECK_THROWS_AS(f.read(2, 2), UserError);
}

TEST_CASE("read_file: devices, FIFOs, directories and oversized files are refused at once", "[common][read_file]") {
  const Dir d;
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(error_of("/dev/zero") ==
        "/dev/zero: the test image is not a regular file (a device, FIFO or socket could block or never end)");
  const std::string fifo = d.path + "/fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(error_of(fifo).rfind(fifo + ": the test image is not a regular file", 0) == 0);  // no writer: no hang
  CHECK(error_of(d.path) == d.path + ": the test image is a directory, not a file");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));

  const std::string big = d.write("big.bin", std::string(1025, 'x'));
  CHECK(error_of(big) == big + ": the test image is 1025 bytes, more than the limit of 1024 bytes (1 KiB)");
  CHECK(error_of(d.path + "/missing").rfind(d.path + "/missing: cannot open the test image: No such file", 0) == 0);
  CHECK(error_of("") == "empty file name for the test image");
}

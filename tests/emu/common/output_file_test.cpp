// OutputFile (emu/common/output_file.h): the old file stays until commit(); a failed run
// removes the temporary file or keeps it as NAME.partial; devices and FIFOs are written in
// place; write errors throw, naming the output; links are followed.
#include "emu/common/output_file.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
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

void write_file(const std::string& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

std::string read_file(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void put(OutputFile& f, const std::string& s) { f.write(s.data(), s.size()); }

}  // namespace

TEST_CASE("output file: replaced only by commit, with the old permissions", "[output]") {
  TempDir t;
  const std::string p = t.path("stats.json");
  write_file(p, "old");
  ::chmod(p.c_str(), 0600);
  OutputFile f(p, "--stats", OutputFile::Partial::kRemove);
  CHECK_FALSE(f.direct());
  put(f, std::string(200000, 'x'));  // more than the buffer: some of it reached the disk
  CHECK(read_file(p) == "old");
  CHECK(t.entries() == 2);  // the old file and a hidden temporary beside it
  f.commit();
  CHECK(read_file(p) == std::string(200000, 'x'));
  CHECK(t.entries() == 1);
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("output file: a failed run leaves the old file; partial kept or removed", "[output]") {
  TempDir t;
  const std::string a = t.path("a"), b = t.path("b"), c = t.path("c");
  write_file(a, "good a");
  write_file(b, "good b");
  {
    OutputFile fa(a, "--stats", OutputFile::Partial::kRemove);
    OutputFile fb(b, "--pcap", OutputFile::Partial::kKeep);
    OutputFile fc(c, "--serial2", OutputFile::Partial::kKeep);  // nothing written: no partial
    put(fa, "half");
    put(fb, "half");
  }
  CHECK(read_file(a) == "good a");
  CHECK(read_file(b) == "good b");
  CHECK(read_file(b + ".partial") == "half");
  CHECK_FALSE(fs::exists(c));
  CHECK(t.entries() == 3);  // a, b, b.partial
}

TEST_CASE("output file: a symbolic link is followed, and stays a link", "[output]") {
  TempDir t;
  fs::create_directory(t.dir / "runs");
  const std::string target = t.path("runs/42.json"), link = t.path("latest.json");
  write_file(target, "old");
  fs::create_symlink("runs/42.json", link);
  OutputFile f(link, "--stats", OutputFile::Partial::kRemove);
  put(f, "new");
  f.commit();
  CHECK(fs::is_symlink(link));
  CHECK(read_file(target) == "new");
  CHECK(OutputFile::resolve(link) == fs::canonical(target).string());
  CHECK(OutputFile::resolve(t.path("runs/../runs/./new.json")) == (fs::canonical(t.dir) / "runs/new.json").string());
}

TEST_CASE("output file: cannot create is a user error naming the file", "[output]") {
  TempDir t;
  CHECK_THROWS_AS(OutputFile(t.path("no/such/x"), "--stats", OutputFile::Partial::kRemove), UserError);
  CHECK_THROWS_WITH(OutputFile(t.dir.string(), "--stats", OutputFile::Partial::kRemove),
                    "--stats " + t.dir.string() + ": is a directory");
  CHECK_THROWS_WITH(OutputFile("", "--stats", OutputFile::Partial::kRemove), "--stats: needs a file name");
}

TEST_CASE("output file: devices are written in place; /dev/full fails at once", "[output]") {
  {
    OutputFile null("/dev/null", "--stats", OutputFile::Partial::kRemove);
    CHECK(null.direct());
    put(null, "gone");
    null.commit();
  }
  if (::access("/dev/full", W_OK) != 0) {
    WARN("SKIPPED: no /dev/full");
    return;
  }
  OutputFile full("/dev/full", "--stats", OutputFile::Partial::kRemove);
  put(full, "{}");
  CHECK_THROWS_AS(full.commit(), EmulatorError);
  OutputFile full2("/dev/full", "--serial3", OutputFile::Partial::kKeep);
  put(full2, "x");
  CHECK_THROWS_WITH(full2.flush(), "--serial3 /dev/full: write failed: No space left on device");
}

TEST_CASE("output file: '-' is the given descriptor; a FIFO is written in place", "[output]") {
  TempDir t;
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  {
    OutputFile dash("-", "--stats", OutputFile::Partial::kRemove, fds[1]);
    CHECK(dash.direct());
    put(dash, "to the pipe");
    dash.commit();
  }
  char buf[32] = {};
  CHECK(::read(fds[0], buf, sizeof buf) == 11);
  CHECK(std::string(buf) == "to the pipe");
  ::close(fds[0]);
  ::close(fds[1]);

  const std::string fifo = t.path("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const int rd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);  // a reader, so the open does not wait
  REQUIRE(rd >= 0);
  {
    OutputFile f(fifo, "--serial2", OutputFile::Partial::kKeep);
    CHECK(f.direct());
    put(f, "live");
    f.commit();
  }
  CHECK(::read(rd, buf, sizeof buf) == 4);
  ::close(rd);
  CHECK(t.entries() == 1);
}

// The status line and the guest's console on one terminal (emu/common/status_line.h): the
// line is erased before console output is written, and never drawn after a partial line.
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

#include "devices/serial/fd_io.h"
#include "emu/common/status_line.h"

namespace {

// A pseudo-terminal: what is written to `slave` is read back from `master`, raw.
struct Pty {
  int master = -1, slave = -1;
  Pty() {
    master = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(::grantpt(master) == 0);
    REQUIRE(::unlockpt(master) == 0);
    slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
    REQUIRE(slave >= 0);
  }
  ~Pty() {
    ::close(slave);
    ::close(master);
  }
  std::string drain() {
    std::string out;
    pollfd p{master, POLLIN, 0};
    char buf[256];
    while (::poll(&p, 1, 50) > 0) {
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, size_t(n));
    }
    return out;
  }
};

void put(emu::FdOutput& o, const std::string& s) {
  for (char c : s) o.put(static_cast<emu::u8>(c));
  o.flush();
}

}  // namespace

TEST_CASE("console output erases the status line first", "[status_line]") {
  Pty t;
  emu::StatusLine line(t.slave);
  emu::FdOutput console(t.slave, false);
  line.show("emu: 1.0 s");
  put(console, "hello\n");
  // Drawn, erased ("\r", erase to end of line), then the console's line (the terminal
  // turns \n into \r\n).
  CHECK(t.drain() == "\remu: 1.0 s\x1b[K\r\x1b[Khello\r\n");
}

TEST_CASE("no status line after a partial line of the guest's", "[status_line]") {
  Pty t;
  emu::StatusLine line(t.slave);
  emu::FdOutput console(t.slave, false);
  put(console, ">> ");
  line.show("emu: 2.0 s");  // would overwrite the prompt
  CHECK(t.drain() == ">> ");
  put(console, "boot\n");
  line.show("emu: 3.0 s");
  CHECK(t.drain() == "boot\r\n\remu: 3.0 s\x1b[K");
}

TEST_CASE("the status line is erased when it ends", "[status_line]") {
  Pty t;
  {
    emu::StatusLine line(t.slave);
    line.show("emu");
  }
  CHECK(t.drain() == "\remu\x1b[K\r\x1b[K");
  // Without a status line the hooks do nothing.
  emu::FdOutput console(t.slave, false);
  put(console, "x\n");
  CHECK(t.drain() == "x\r\n");
}

// Tests for the standard-input/output serial backend (devices/serial/stdio_backend) and
// the descriptor helpers under it: input must never block or spin at end of file (closed
// pipe, /dev/null, invalid descriptor), output is batched but flushed on newline, before
// input polls and on destruction.
#include "devices/serial/stdio_backend.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

using namespace emu;
using namespace std::chrono_literals;

namespace {

struct Pipe {
  int rd = -1, wr = -1;
  Pipe() { REQUIRE(::pipe(&rd) == 0); }
  ~Pipe() {
    close_read();
    close_write();
  }
  void close_read() {
    if (rd >= 0) ::close(rd);
    rd = -1;
  }
  void close_write() {
    if (wr >= 0) ::close(wr);
    wr = -1;
  }
  void put(const std::string& s) { REQUIRE(::write(wr, s.data(), s.size()) == static_cast<ssize_t>(s.size())); }
  // Whatever is in the pipe now, without waiting.
  std::string drain() {
    const int fl = ::fcntl(rd, F_GETFL);
    ::fcntl(rd, F_SETFL, fl | O_NONBLOCK);
    std::string s;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(rd, buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
    ::fcntl(rd, F_SETFL, fl);
    return s;
  }
};

// Runs f on another thread; false if it did not return within the limit (a hang). The
// thread is detached so a hang fails the test instead of freezing the test run.
template <class F>
bool returns_promptly(F f, std::chrono::milliseconds limit = 2000ms) {
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread([f, done]() mutable {
    f();
    done->store(true);
  }).detach();
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done->load() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(1ms);
  return done->load();
}

}  // namespace

TEST_CASE("stdio backend: a pipe whose writer closed gives no input and does not block",
          "[serial]") {
  for (auto mode : {StdioBackend::PipeMode::kHostTimed, StdioBackend::PipeMode::kDeterministic}) {
    Pipe in, out;
    in.close_write();
    auto be = std::make_shared<StdioBackend>(in.rd, out.wr, mode);
    auto got = std::make_shared<int>(-1);
    CHECK(returns_promptly([be, got] {
      u8 c = 0;
      int n = 0;
      for (int i = 0; i < 1000; ++i) n += be->receive(c) ? 1 : 0;
      *got = n;
    }));
    CHECK(*got == 0);
    CHECK(be->input_finished());
    CHECK(be->input_kind() == FdInput::Kind::kStream);
  }
}

TEST_CASE("stdio backend: pipe data is delivered, then end of file is latched", "[serial]") {
  Pipe in, out;
  in.put("hi");
  in.close_write();
  StdioBackend be(in.rd, out.wr);
  u8 c = 0;
  REQUIRE(be.receive(c));
  CHECK(c == 'h');
  REQUIRE(be.receive(c));
  CHECK(c == 'i');
  CHECK_FALSE(be.receive(c));
  CHECK(be.input_finished());
  CHECK_FALSE(be.receive(c));
}

TEST_CASE("stdio backend: host-timed pipe with an idle writer returns at once", "[serial]") {
  Pipe in, out;
  in.put("x");
  auto be = std::make_shared<StdioBackend>(in.rd, out.wr);
  auto result = std::make_shared<std::string>();
  CHECK(returns_promptly([be, result] {
    u8 c = 0;
    if (be->receive(c)) *result += static_cast<char>(c);
    if (be->receive(c)) *result += static_cast<char>(c);  // writer idle: nothing, no wait
  }));
  CHECK(*result == "x");
  CHECK_FALSE(be->input_finished());
  in.put("y");
  u8 c = 0;
  REQUIRE(be->receive(c));
  CHECK(c == 'y');
}

TEST_CASE("stdio backend: deterministic pipe mode waits for the writer's next byte", "[serial]") {
  Pipe in, out;
  StdioBackend be(in.rd, out.wr, StdioBackend::PipeMode::kDeterministic);
  const int wfd = in.wr;
  std::thread writer([wfd] {
    std::this_thread::sleep_for(50ms);
    REQUIRE(::write(wfd, "z", 1) == 1);
  });
  u8 c = 0;
  const bool got = be.receive(c);  // blocks until the byte is written, as a file would have it
  writer.join();
  CHECK(got);
  CHECK(c == 'z');
}

TEST_CASE("stdio backend: /dev/null, a regular file and a bad descriptor", "[serial]") {
  Pipe out;
  const int devnull = ::open("/dev/null", O_RDONLY);
  REQUIRE(devnull >= 0);
  {
    StdioBackend be(devnull, out.wr);
    u8 c;
    CHECK_FALSE(be.receive(c));
    CHECK(be.input_finished());
  }
  ::close(devnull);

  char path[] = "/tmp/serial_stdio_testXXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, "ok", 2) == 2);
  REQUIRE(::lseek(fd, 0, SEEK_SET) == 0);
  {
    StdioBackend be(fd, out.wr);
    CHECK(be.input_kind() == FdInput::Kind::kFile);
    u8 c;
    REQUIRE(be.receive(c));
    CHECK(c == 'o');
    REQUIRE(be.receive(c));
    CHECK(c == 'k');
    CHECK_FALSE(be.receive(c));
    CHECK(be.input_finished());
  }
  ::close(fd);
  ::unlink(path);

  {
    StdioBackend be(-1, out.wr);  // e.g. stdin closed by the parent
    u8 c;
    CHECK_FALSE(be.receive(c));
    CHECK(be.input_kind() == FdInput::Kind::kNone);
  }
}

TEST_CASE("stdio backend: output is flushed on newline, before input and at the end",
          "[serial]") {
  Pipe in, out;
  {
    StdioBackend be(in.rd, out.wr);
    be.transmit('a');
    be.transmit('b');
    CHECK(out.drain().empty());  // batched
    be.transmit('\n');
    CHECK(out.drain() == "ab\n");
    be.transmit('>');
    u8 c;
    CHECK_FALSE(be.receive(c));  // the guest waits for input: its prompt must show
    CHECK(out.drain() == ">");
    be.transmit('e');
    be.transmit('n');
  }
  CHECK(out.drain() == "en");  // destructor
}

TEST_CASE("stdio backend: large output without newlines arrives complete", "[serial]") {
  char path[] = "/tmp/serial_stdio_outXXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  const std::size_t n = 200'000;
  {
    StdioBackend be(-1, fd);
    for (std::size_t i = 0; i < n; ++i) be.transmit(static_cast<u8>('a' + i % 26));
  }
  CHECK(::lseek(fd, 0, SEEK_END) == static_cast<off_t>(n));
  std::string back(n, '\0');
  REQUIRE(::pread(fd, back.data(), n, 0) == static_cast<ssize_t>(n));
  bool same = true;
  for (std::size_t i = 0; i < n; ++i) same = same && back[i] == static_cast<char>('a' + i % 26);
  CHECK(same);
  ::close(fd);
  ::unlink(path);
}

TEST_CASE("stdio backend: a write error stops output instead of failing the run", "[serial]") {
  Pipe in, out;
  out.close_read();
  struct sigaction ign {}, old {};
  ign.sa_handler = SIG_IGN;
  REQUIRE(::sigaction(SIGPIPE, &ign, &old) == 0);
  {
    StdioBackend be(in.rd, out.wr);
    be.transmit('x');
    be.transmit('\n');
    CHECK(be.output_failed());
    be.transmit('y');  // discarded quietly
  }
  ::sigaction(SIGPIPE, &old, nullptr);
}

TEST_CASE("stdio backend: a full disk or /dev/full ends the run, naming the output", "[serial]") {
  const int fd = ::open("/dev/full", O_WRONLY);
  if (fd < 0) {
    WARN("SKIPPED: no /dev/full");
    return;
  }
  {
    StdioBackend be(-1, fd);
    be.transmit('x');
    CHECK_THROWS_WITH(be.transmit('\n'), "console on descriptor " + std::to_string(fd) +
                                             ": write failed: No space left on device");
    be.transmit('y');  // reported once; the run is ending
  }
  ::close(fd);
}

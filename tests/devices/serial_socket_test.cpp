// Tests for the listening-socket serial backend (devices/serial/socket_backend): a client
// gets what the guest transmits and sends what it receives, one client at a time, and
// nothing ever blocks — no client, an idle client, a client that does not read, a client
// that goes away.
#include "devices/serial/socket_backend.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "emu/common/error.h"
#include "emu/machine/serial_config.h"

using namespace emu;
using Clock = std::chrono::steady_clock;

namespace {

struct Client {
  int fd = -1;
  explicit Client(unsigned port) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(u16(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  }
  explicit Client(const std::string& path) {
    fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, path.data(), path.size());
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  }
  ~Client() { close(); }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  void send(const std::string& s) { REQUIRE(::write(fd, s.data(), s.size()) == ssize_t(s.size())); }
  // Whatever arrives within `ms` milliseconds.
  std::string recv(int ms = 200) {
    std::string s;
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, ms) > 0) {
      char buf[256];
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) break;
      s.append(buf, size_t(n));
      ms = 20;
    }
    return s;
  }
};

// Poll the backend's receive() until `n` bytes came or a second passed.
std::string receive_n(SocketBackend& b, size_t n) {
  std::string s;
  const auto end = Clock::now() + std::chrono::seconds(1);
  while (s.size() < n && Clock::now() < end) {
    u8 c;
    if (b.receive(c)) s += char(c);
  }
  return s;
}

std::string temp_path(const char* tag) {
  return "/tmp/emu-test-" + std::string(tag) + "-" + std::to_string(::getpid());
}

}  // namespace

TEST_CASE("socket backend: tcp on 127.0.0.1, both directions", "[serial][socket]") {
  auto b = SocketBackend::listen_tcp(0, "--serial2");
  REQUIRE(b->port() != 0);
  // No client yet: output vanishes, input is empty, nothing blocks.
  b->transmit('x');
  u8 c;
  CHECK_FALSE(b->receive(c));
  CHECK(b->dropped() == 1);
  CHECK_FALSE(b->connected());
  Client cl(b->port());
  for (char ch : std::string("login: ")) b->transmit(u8(ch));
  CHECK_FALSE(b->receive(c));  // accepts, flushes the prompt, no input yet
  CHECK(b->connected());
  CHECK(cl.recv() == "login: ");
  cl.send("root\n");
  CHECK(receive_n(*b, 5) == "root\n");
  b->transmit('o');
  b->transmit('k');
  b->transmit('\n');  // newline flushes
  CHECK(cl.recv() == "ok\n");
}

TEST_CASE("socket backend: one client at a time; the next gets the line when it leaves",
          "[serial][socket]") {
  auto b = SocketBackend::listen_tcp(0, "--serial1");
  Client first(b->port());
  u8 c;
  CHECK_FALSE(b->receive(c));
  REQUIRE(b->connected());
  Client second(b->port());  // waits in the listen queue
  b->transmit('1');
  b->flush();
  CHECK(first.recv() == "1");
  CHECK(second.recv(50).empty());
  first.close();
  // The backend notices end of file on its next input poll and listens again.
  const auto end = Clock::now() + std::chrono::seconds(1);
  while (b->connected() && Clock::now() < end) b->receive(c);
  CHECK_FALSE(b->connected());
  b->transmit('2');  // accepts the waiting client
  b->flush();
  CHECK(b->connected());
  CHECK(second.recv() == "2");
}

TEST_CASE("socket backend: a client that never reads cannot stall the emulator", "[serial][socket]") {
  auto b = SocketBackend::listen_tcp(0, "--serial0");
  Client cl(b->port());
  const auto t0 = Clock::now();
  for (int i = 0; i < 32'000'000; ++i) b->transmit(u8('a' + i % 26));  // 32 MB, nobody reading
  b->flush();
  CHECK(Clock::now() - t0 < std::chrono::seconds(5));
  CHECK(b->dropped() > 0);
}

TEST_CASE("socket backend: unix socket, stale file replaced, removed at the end", "[serial][socket]") {
  const std::string path = temp_path("sock");
  ::unlink(path.c_str());
  {
    // A stale socket file, as a crashed earlier run leaves it.
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, path.data(), path.size());
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    ::close(fd);
  }
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK(S_ISSOCK(st.st_mode));
  {
    auto b = SocketBackend::listen_unix(path, "--serial2");
    Client cl(path);
    cl.send("hi");
    CHECK(receive_n(*b, 2) == "hi");
    b->transmit('!');
    b->flush();
    CHECK(cl.recv() == "!");
  }
  CHECK(::stat(path.c_str(), &st) != 0);
}

TEST_CASE("socket backend: user errors name the option", "[serial][socket]") {
  const std::string file = temp_path("plain");
  { std::ofstream(file) << "not a socket"; }
  auto msg = [](const std::string& spec) -> std::string {
    try {
      make_serial_backend(spec, "--serial2");
    } catch (const UserError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  CHECK(msg("unix:" + file).rfind("--serial2: " + file + " exists and is not a socket", 0) == 0);
  CHECK(msg("unix:").rfind("--serial2: 'unix:' needs a socket path", 0) == 0);
  CHECK(msg("unix:/" + std::string(200, 'x')).find("needs a socket path") != std::string::npos);
  CHECK(msg("tcp:").rfind("--serial2: 'tcp:' needs a TCP port number", 0) == 0);
  CHECK(msg("tcp:http").find("needs a TCP port number") != std::string::npos);
  CHECK(msg("tcp:70000").find("needs a TCP port number") != std::string::npos);
  CHECK(msg("tcp:-1").find("needs a TCP port number") != std::string::npos);
  CHECK(msg("telnet:23").find("unix:PATH, tcp:PORT") != std::string::npos);
  auto taken = SocketBackend::listen_tcp(0, "--serial1");
  CHECK(msg("tcp:" + std::to_string(taken->port())).rfind("--serial2: cannot listen on 127.0.0.1:", 0) == 0);
  std::ifstream in(file);
  std::string content;
  std::getline(in, content);
  CHECK(content == "not a socket");  // never touched
  std::remove(file.c_str());
}

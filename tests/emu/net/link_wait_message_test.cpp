// A run that waits for its link says so at once on stderr, and where (issue 9): a listener
// names its address (the port the kernel chose for :0) and the option the other process
// needs; a connector with nobody listening says it keeps trying and for how long. Before,
// both were silent for up to 60 s.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <string>

#include "tests/support/process.h"

using namespace emu::test;

namespace {
std::string hello() { return std::string(EMU_GUEST_DIR) + "/hello.elf"; }
}  // namespace

TEST_CASE("net: listen=HOST:0 prints the chosen port at once", "[net][cli]") {
  // Killed after 2 s: long before its 30 s timeout, so what is on stderr came at once.
  const ProcessResult r = run_process({EMU_BINARY, "--kernel", hello(), "--net", "listen=127.0.0.1:0,timeout=30"}, 2);
  CHECK(r.status == -1);
  const std::string head = "emu: --net: listening at tcp:127.0.0.1:";
  REQUIRE(r.err.rfind(head, 0) == 0);
  const unsigned long port = std::stoul(r.err.substr(head.size()));
  CHECK(port > 0);
  CHECK(port < 65536);
  CHECK(r.err.find("waiting up to 30 s for the other emu (--net connect=127.0.0.1:" + std::to_string(port) + ")") !=
        std::string::npos);
}

TEST_CASE("net: connect= to nobody says what it waits for at once", "[net][cli]") {
  const std::string sock = "/tmp/emu-nobody-" + std::to_string(::getpid()) + ".sock";
  const ProcessResult r = run_process({EMU_BINARY, "--kernel", hello(), "--net", "connect=" + sock + ",timeout=30"}, 2);
  CHECK(r.status == -1);
  CHECK(r.err == "emu: --net: nobody listens at unix:" + sock + " yet; retrying for up to 30 s (the other emu needs " +
                     "--net listen=unix:" + sock + ")\n");
}

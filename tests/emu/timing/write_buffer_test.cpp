// The write buffer (emu/timing/write_buffer.h): FIFO retirement at the memory's rate, a
// stall only when all entries are pending, drain time for reads, "empty" for CpCond0.
#include <catch2/catch.hpp>

#include "emu/timing/write_buffer.h"

using emu::Cycles;
using emu::WriteBuffer;

TEST_CASE("stores retire in order, one at a time, each taking its own occupancy", "[timing]") {
  WriteBuffer wb(4);
  CHECK(wb.empty(0));
  CHECK(wb.push(10, 5) == 0);  // retires at 15
  CHECK(wb.push(11, 5) == 0);  // waits for the first: retires at 20
  CHECK(wb.push(12, 3) == 0);  // 23
  CHECK_FALSE(wb.empty(22));
  CHECK(wb.drain_time(12) == 23 - 12);
  CHECK(wb.empty(23));
  CHECK(wb.drain_time(30) == 0);
}

TEST_CASE("a full buffer stalls the store until the oldest entry retires", "[timing]") {
  const unsigned depth = 4;
  const u_int32_t w = 5;
  WriteBuffer wb(depth);
  // depth stores at cycles 0..3 retire at w, 2w, 3w, 4w; none stalls.
  for (unsigned i = 0; i < depth; ++i) CHECK(wb.push(i, w) == 0);
  // The next store at cycle depth finds all pending: it waits for the first to retire.
  CHECK(wb.push(depth, w) == w - depth);
  // Steady state: one store per w cycles.
  Cycles now = w;  // the stalled store entered at cycle w
  for (int i = 0; i < 10; ++i) {
    ++now;  // next store issues the cycle after
    const Cycles s = wb.push(now, w);
    CHECK(s == w - 1);
    now += s;
  }
}

TEST_CASE("depth is configurable and reset empties the buffer", "[timing]") {
  WriteBuffer wb(1);
  CHECK(wb.push(0, 10) == 0);
  CHECK(wb.push(1, 10) == 9);  // a one-entry buffer: the second store waits for the first
  wb.reset();
  CHECK(wb.empty(0));
  CHECK(wb.push(0, 10) == 0);
}

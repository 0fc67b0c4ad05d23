// StateIo (emu/state/state_io.h): one function saves and restores; a reader refuses
// bytes that do not fit. Scheduler events are restored with their time and order, and a
// pending event that no owner saved is an error at save time.
#include <catch2/catch.hpp>

#include "emu/sched/scheduler.h"
#include "emu/state/state_io.h"

using namespace emu;

namespace {

struct Sample {
  u32 a = 0;
  u64 b = 0;
  bool c = false;
  std::string d;
  std::vector<u16> e;
  std::deque<u32> f;
  void state(StateIo& io) {
    io.section("sample");
    io.pod(a);
    io.pod(b);
    io.boolean(c);
    io.str(d);
    io.vec(e, 16);
    io.deque(f, 16, [&](u32& x) { io.pod(x); });
  }
};

std::vector<u8> save(Sample& s) {
  StateIo io = StateIo::writer();
  s.state(io);
  return io.data();
}

}  // namespace

TEST_CASE("StateIo: what one state() saves, the same state() restores", "[state]") {
  Sample s{0x12345678, 0x1122334455667788ull, true, "dz", {1, 2, 3}, {7, 8}};
  const std::vector<u8> bytes = save(s);
  Sample t;
  StateIo in = StateIo::reader(bytes.data(), bytes.size());
  t.state(in);
  in.finish();
  CHECK(t.a == s.a);
  CHECK(t.b == s.b);
  CHECK(t.c);
  CHECK(t.d == "dz");
  CHECK(t.e == s.e);
  CHECK(t.f == s.f);
  CHECK(save(t) == bytes);
}

TEST_CASE("StateIo: a reader refuses truncated, oversized, misplaced and trailing bytes", "[state]") {
  Sample s{1, 2, false, "x", {1}, {2}};
  const std::vector<u8> bytes = save(s);
  Sample t;
  for (size_t n = 0; n < bytes.size(); ++n) {
    StateIo in = StateIo::reader(bytes.data(), n);
    CHECK_THROWS_AS(t.state(in), StateError);
  }
  std::vector<u8> longer = bytes;
  longer.push_back(0);
  StateIo in = StateIo::reader(longer.data(), longer.size());
  t.state(in);
  CHECK_THROWS_AS(in.finish(), StateError);

  std::vector<u8> bad_tag = bytes;
  bad_tag[8] ^= 1;  // a letter of "sample"
  StateIo tag = StateIo::reader(bad_tag.data(), bad_tag.size());
  CHECK_THROWS_WITH(t.state(tag), Catch::Contains("expected the part 'sample'"));

  // c (a flag) sits after the tag (8 + 6 bytes), a (4) and b (8).
  std::vector<u8> bad_flag = bytes;
  bad_flag[8 + 6 + 4 + 8] = 2;
  StateIo flag = StateIo::reader(bad_flag.data(), bad_flag.size());
  CHECK_THROWS_WITH(t.state(flag), Catch::Contains("flag"));

  Sample big{1, 2, false, "x", std::vector<u16>(17, 0), {}};
  const std::vector<u8> too_many = save(big);
  StateIo many = StateIo::reader(too_many.data(), too_many.size());
  CHECK_THROWS_WITH(t.state(many), Catch::Contains("count"));
}

TEST_CASE("Scheduler state: pending events come back at their cycle and in their order", "[state][sched]") {
  std::vector<int> order;
  Scheduler a;
  Event e1("one", [&] { order.push_back(1); }), e2("two", [&] { order.push_back(2); }), e3("three", [] {});
  a.advance_to(100);
  a.schedule_at(e2, 150);
  a.schedule_at(e1, 150);  // same cycle, scheduled later: runs after e2
  StateIo out = StateIo::writer();
  a.state(out);
  a.event_state(out, e1);
  a.event_state(out, e2);
  a.event_state(out, e3);
  a.end_state(out);

  Scheduler b;
  Event f1("one", [&] { order.push_back(1); }), f2("two", [&] { order.push_back(2); }), f3("three", [] {});
  b.schedule_at(f3, 5);  // pending before the restore, not in the saved state: dropped
  StateIo in = StateIo::reader(out.data().data(), out.data().size());
  b.state(in);
  b.event_state(in, f1);
  b.event_state(in, f2);
  b.event_state(in, f3);
  in.finish();
  CHECK(b.now() == 100);
  CHECK(b.next_event() == 150);
  CHECK_FALSE(f3.scheduled());
  b.advance_to(150);
  b.run_due();
  CHECK(order == std::vector<int>{2, 1});
}

TEST_CASE("Scheduler state: a pending event no owner saved is named at save time", "[state][sched]") {
  Scheduler s;
  Event mine("mine", [] {}), orphan("display.vblank", [] {});
  s.schedule_at(mine, 10);
  s.schedule_at(orphan, 20);
  StateIo out = StateIo::writer();
  s.state(out);
  s.event_state(out, mine);
  CHECK_THROWS_WITH(s.end_state(out), Catch::Contains("display.vblank"));
}

TEST_CASE("Scheduler state: an idle event saves the same bytes whatever it did before", "[state][sched]") {
  // Equal states must give equal bytes (the state hash): an event that ran or was cancelled
  // keeps its old time and order inside, which are not state.
  Scheduler a, b;
  Event ran("e", [] {}), fresh("e", [] {});
  a.schedule_at(ran, 10);
  a.advance_to(10);
  a.run_due();
  b.advance_to(10);
  b.schedule_at(fresh, 20);  // keeps the scheduling counters equal
  b.cancel(fresh);
  StateIo sa = StateIo::writer(), sb = StateIo::writer();
  a.state(sa);
  a.event_state(sa, ran);
  b.state(sb);
  b.event_state(sb, fresh);
  CHECK(sa.data() == sb.data());
}

// Every cycle has a cause (emu/timing/cycle_cause.h): tiny programs whose cycles by cause
// follow from the timing profile's parameters, measured over a marked region (the region
// recorder's breakdown) or over a whole run. The expected split of every cause is written
// out from the parameters and the instruction counts, never copied from a run; every
// figure also checks that the causes sum to the cycles.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>

#include "emu/cpu/fpu/r3010.h"
#include "emu/stats/regions.h"
#include "emu/timing/cycle_cause.h"
#include "emu/timing/timed_fixture.h"
#include "support/process.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {

using C = CycleCause;
constexpr u32 kBegin = emu_op(zero, 0x10);  // region 0 begins (instruction.h kEmuRegionBegin)
constexpr u32 kEnd = emu_op(zero, 0x11);    // region 0 ends

CycleCauses causes(std::initializer_list<std::pair<C, u64>> split) {
  CycleCauses c;
  for (auto [cause, n] : split) c[cause] += n;
  return c;
}

// A timed CPU whose region 0 is recorded; warm() runs a program twice (the second time
// with its code in the I-cache) and returns the cycles by cause of region 0 in the second
// run. A region opens at the Begin marker's issue and closes before the End marker's, so
// its Issue cycles count Begin and every instruction up to End.
struct CauseFixture : TimedFixture {
  std::unique_ptr<RegionRecorder> rec;
  CauseFixture() { cpu.set_emu_op_handler([this](unsigned op, u32 v) { rec->on_emu_op(op, v); }); }

  CycleCauses warm(const std::vector<u32>& words, const std::function<void()>& between = {}) {
    rec = std::make_unique<RegionRecorder>(cpu);
    REQUIRE(run_exit(words) >= 0);
    if (between) between();
    rec = std::make_unique<RegionRecorder>(cpu);
    cpu.set_pc(kCodeBase);
    cpu.resume();
    REQUIRE(run_to_halt() == Cpu::Stop::Halted);
    CHECK(cpu.cycle_causes().total() == cpu.cycles());
    const RegionStats& r = rec->regions().at(0);
    REQUIRE(r.durations.size() == 1);
    CHECK(r.causes.total() == r.durations[0]);
    return r.causes;
  }
};

}  // namespace

TEST_CASE("cause names are unique and every cause has a line of its own", "[timing][causes]") {
  for (unsigned a = 0; a < kCycleCauseCount; ++a) {
    CHECK(std::string(kCycleCauses[a].what).size() > 10);
    for (unsigned b = a + 1; b < kCycleCauseCount; ++b)
      CHECK(std::string(kCycleCauses[a].name) != kCycleCauses[b].name);
  }
}

TEST_CASE("the README's table of causes is the one in cycle_cause.h", "[timing][causes]") {
  // The source tree from CMake, not __FILE__ (a compiler cache may make that relative).
  const std::string readme = test::slurp_file(std::string(EMU_SOURCE_DIR) + "/README.md");
  REQUIRE(readme.find("## Timing model") != std::string::npos);
  for (const auto& c : kCycleCauses) {
    INFO(c.name);
    CHECK(readme.find(std::string("| `") + c.name + "` | " + c.what + " |") != std::string::npos);
  }
}

TEST_CASE("causes: instructions from the I-cache are issue cycles only", "[timing][causes]") {
  CauseFixture f;
  Program prog;
  prog({kBegin, addiu(t0, t0, 1), addiu(t0, t0, 1), addiu(t0, t0, 1), kEnd, halt()});
  CHECK(f.warm(prog.words).cycles == causes({{C::Issue, 4}}).cycles);
}

TEST_CASE("causes: an uncached load is its memory read", "[timing][causes]") {
  CauseFixture f;
  const TimingProfile& p = TimedFixture::profile();
  Program prog;
  prog.li(t1, CpuFixture::kDataBase | 0x20000000)({kBegin, lw(t2, 0, t1), nop(), kEnd, halt()});
  CHECK(f.warm(prog.words).cycles == causes({{C::Issue, 3}, {C::Uncached, p.mem_read}}).cycles);
}

TEST_CASE("causes: a D-cache read miss is its refill", "[timing][causes]") {
  CauseFixture f;
  const TimingProfile& p = TimedFixture::profile();
  Program prog;
  prog.li(t1, CpuFixture::kDataBase)({kBegin, lw(t2, 0, t1), nop(), kEnd, halt()});
  // The first run filled the line: invalidate it so that the measured run misses.
  auto evict = [&] { f.cpu.flush_cache_lines(CpuFixture::kDataBase & 0x1fffffff, 4); };
  CHECK(f.warm(prog.words, evict).cycles == causes({{C::Issue, 3}, {C::DCacheMiss, p.mem_read}}).cycles);
}

TEST_CASE("causes: a read behind a store waits for the write buffer to drain", "[timing][causes]") {
  CauseFixture f;
  const TimingProfile& p = TimedFixture::profile();
  Program prog;
  prog.li(t1, CpuFixture::kDataBase).li(t2, CpuFixture::kDataBase | 0x20000000);
  // The store issues at c and retires at c + mem_write; the uncached load issues at c + 1.
  prog({kBegin, sw(zero, 4, t1), lw(t3, 0, t2), nop(), kEnd, halt()});
  REQUIRE(p.mem_write >= 1);
  CHECK(f.warm(prog.words).cycles ==
        causes({{C::Issue, 4}, {C::WbDrain, p.mem_write - 1}, {C::Uncached, p.mem_read}}).cycles);
}

TEST_CASE("causes: stores into a full write buffer wait for an entry", "[timing][causes]") {
  CauseFixture f;
  const TimingProfile& p = TimedFixture::profile();
  const u32 depth = p.write_buffer_depth, w = p.mem_write;
  REQUIRE(w > depth);  // otherwise back-to-back stores never fill the buffer
  Program prog;
  prog.li(t1, CpuFixture::kDataBase)({bc0f(-1), nop()});  // wbflush: the buffer starts empty
  prog({kBegin});
  for (u32 k = 0; k < depth + 2; ++k) prog({sw(zero, 4 * k, t1)});
  prog({kEnd, halt()});
  // Store k (from 0) issues at c + k plus the stalls before it; the entries retire one
  // after the other, entry k at c + (k+1)*w. Store `depth` finds entry 0 pending until
  // c + w (issued at c + depth); store depth+1 issues at c + w + 1 and waits for entry 1,
  // c + 2w.
  CHECK(f.warm(prog.words).cycles ==
        causes({{C::Issue, depth + 3}, {C::WbFull, (w - depth) + (w - 1)}}).cycles);
}

TEST_CASE("causes: MFLO waits for MULT's latency less the instructions in between", "[timing][causes]") {
  CauseFixture f;
  const TimingProfile& p = TimedFixture::profile();
  constexpr u32 kBetween = 2;
  REQUIRE(p.mult > 1 + kBetween);
  Program prog;
  prog({kBegin, mult(t1, t2)});
  for (u32 k = 0; k < kBetween; ++k) prog({addiu(t4, t4, 1)});
  prog({mflo(t3), kEnd, halt()});
  // MULT issues at c; its result is ready at c + mult; MFLO issues at c + 1 + kBetween.
  CHECK(f.warm(prog.words).cycles ==
        causes({{C::Issue, 3 + kBetween}, {C::MulDiv, p.mult - 1 - kBetween}}).cycles);
}

TEST_CASE("causes: an FPA instruction waits for the previous operation", "[timing][causes]") {
  CauseFixture f;
  const u32 add = add_s(0, 1, 2);
  Program prog;
  // The previous run's last FPA operation has finished before this one's first.
  for (u32 k = 0; k < Fpu::latency(add); ++k) prog({nop()});
  prog({kBegin, add, add_s(3, 0, 0), kEnd, halt()});
  CHECK(f.warm(prog.words).cycles == causes({{C::Issue, 3}, {C::Fpa, Fpu::latency(add) - 1}}).cycles);
}

TEST_CASE("causes: exception entry", "[timing][causes]") {
  CauseFixture f;
  const TimingProfile& p = TimedFixture::profile();
  f.load(CpuFixture::kGeneralVector, {kEnd, halt()});
  Program prog;
  prog({kBegin, syscall()});
  CHECK(f.warm(prog.words).cycles == causes({{C::Issue, 2}, {C::Exception, p.exception_entry}}).cycles);
}

TEST_CASE("causes: a device read waits for the write buffer, then takes the region's latency", "[timing][causes]") {
  CauseFixture f;
  const TimingProfile& p = TimedFixture::profile();
  constexpr u32 kDevPa = 0x1c000000;
  std::vector<u8> regs(PhysicalBus::kPageSize, 0);
  const DeviceLatency dz = p.device("dc7085");
  f.bus.map_memory("dc7085", kDevPa, u32(regs.size()), regs.data(), true, {dz.read, dz.write});
  Program prog;
  prog.li(t1, CpuFixture::kDataBase).li(t2, kDevPa | 0xa0000000);
  prog({kBegin, sw(zero, 0, t1), lw(t3, 0, t2), nop(), kEnd, halt()});
  CHECK(f.warm(prog.words).cycles ==
        causes({{C::Issue, 4}, {C::WbDrain, p.mem_write - 1}, {C::Device, dz.read}}).cycles);
}

TEST_CASE("causes: a cold run's I-cache refills, per machine", "[timing][causes]") {
  for (const char* machine : {"ds3100", "ds5000-200"}) {
    INFO(machine);
    const TimingProfile p = timing_profile_for(machine);
    CpuConfig cfg;
    cfg.timing = &p;
    CpuFixture f(cfg);
    // Straight-line code from kCodeBase (aligned to any refill block): two blocks and
    // two words of a third.
    const u32 n = 2 * p.iblock_words + 2;
    Program prog;
    for (u32 k = 0; k + 1 < n; ++k) prog({addiu(t0, t0, 1)});
    prog({halt()});
    REQUIRE(f.run_exit(prog.words) == 0);
    const u64 refill = p.mem_read + (p.iblock_words - 1) * p.mem_read_next;
    const u64 blocks = (n + p.iblock_words - 1) / p.iblock_words;
    CHECK(f.cpu.cycle_causes().cycles == causes({{C::Issue, n}, {C::ICacheRefill, blocks * refill}}).cycles);
    CHECK(f.cpu.cycle_causes().total() == f.cpu.cycles());
  }
}

TEST_CASE("causes: code fetched through kseg1 is uncached, one memory read per instruction", "[timing][causes]") {
  TimedFixture f;
  const TimingProfile& p = TimedFixture::profile();
  Program prog;
  prog({addiu(t0, t0, 1), addiu(t0, t0, 1), addiu(t0, t0, 1), halt()});
  f.load(CpuFixture::kCodeBase, prog.words);
  f.cpu.set_pc(CpuFixture::kCodeBase | 0x20000000);
  REQUIRE(f.run_to_halt() == Cpu::Stop::Halted);
  CHECK(f.cpu.cycle_causes().cycles == causes({{C::Issue, 4}, {C::Uncached, 4 * p.mem_read}}).cycles);
  CHECK(f.cpu.cycles() == 4 * (1 + p.mem_read));
}

TEST_CASE("causes: the same split when every instruction is stepped on its own (--trace-exec)", "[timing][causes]") {
  Program prog;
  prog.li(t1, CpuFixture::kDataBase | 0x20000000);
  prog({kBegin, mult(t1, t2), mflo(t3), lw(t2, 0, t1), sw(zero, 0, t1), syscall()});
  CauseFixture blocks, stepped;
  stepped.set_single_step(true);
  for (CauseFixture* f : {&blocks, &stepped}) f->load(CpuFixture::kGeneralVector, {kEnd, halt()});
  const CycleCauses b = blocks.warm(prog.words), s = stepped.warm(prog.words);
  CHECK(b.cycles == s.cycles);
  CHECK(b[C::Issue] == 6);  // Begin to the syscall, which faulted
  CHECK(b[C::Exception] == TimedFixture::profile().exception_entry);
}

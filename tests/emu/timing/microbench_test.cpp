// The guest microbenchmarks (guest/microbench) measure, from inside the guest with the
// cycle counter, what each kind of access costs; every figure must be exactly what the
// machine's timing profile predicts (emu/timing/timing_profile.cpp). The predictions are
// written out here from the profile's parameters and the kernels' instruction counts
// (the comments in guest/microbench/kernels.S), never as bare numbers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "emu/timing/timing_profile.h"
#include "support/process.h"

using namespace emu;

namespace {

std::map<std::string, u64> run_microbench(const std::string& machine, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {EMU_BINARY, "--machine", machine, "--kernel",
                                   std::string(EMU_GUEST_DIR) + "/microbench.elf"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  const test::ProcessResult r = test::run_process(argv);
  INFO("stderr: " << r.err);
  REQUIRE(r.status == 0);
  std::map<std::string, u64> fig;
  std::istringstream in(r.out);
  std::string name;
  u64 value;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream l(line);
    if (l >> name >> value) fig[name] = value;
  }
  REQUIRE(r.out.find("microbench emulator") != std::string::npos);
  REQUIRE(r.out.find("microbench done") != std::string::npos);
  return fig;
}

// Instruction counts of the kernels' loops (guest/microbench/kernels.S).
constexpr u64 kLoop8 = 11;        // 8 memory instructions + addiu, bne, nop
constexpr u64 kFlushLoop = 7;     // per 4 lines: 4 sb + addiu, bne, addiu
constexpr u64 kCallLoop = 7;      // jalr, nop, jalr, nop, addiu, bne, nop
constexpr u64 kRoutine = 64;      // words of each called routine
constexpr u64 kTlbLoop = 5;       // lw, addiu, addiu, bne, nop
constexpr u64 kUtlbHandler = 9;   // mfc0, mfc0, lw, nop, mtc0, nop, tlbwr, jr, rfe
constexpr u64 kCacheBytes = 64 * 1024;

void check_machine(const std::string& machine, const TimingProfile& p, const std::map<std::string, u64>& f) {
  INFO(machine);
  // Cache sizing by isolation finds the configured 64 KiB (r3000-cpu.md §1: both boards).
  CHECK(f.at("dcache_size") == kCacheBytes);
  CHECK(f.at("icache_size") == kCacheBytes);
  // A flush by isolation costs what its instructions cost: isolated stores reach no
  // memory and enter no write buffer. From kseg1 every fetch is an uncached RAM read.
  CHECK(f.at("dflush_per4") == kFlushLoop);
  CHECK(f.at("iflush_per4") == kFlushLoop * (1 + p.mem_read));
  const u64 lines4 = kCacheBytes / 4 / 4;
  // Whole I-cache flush, from kseg1: the loop, the closing cycle read's fetch, and the
  // opening cycle read's own cycle.
  CHECK(f.at("iflush_total") == lines4 * kFlushLoop * (1 + p.mem_read) + p.mem_read + 1);
  // Whole D-cache flush, the first time the code runs: the loop plus the refills of its
  // own (at most 16) code words.
  const u64 dmin = lines4 * kFlushLoop + 1;
  CHECK(f.at("dflush_total") >= dmin);
  CHECK(f.at("dflush_total") <= dmin + 16 * (p.mem_read + p.iblock_words * p.mem_read_next));

  CHECK(f.at("load_hit") == kLoop8);
  CHECK(f.at("load_uncached") == kLoop8 + 8 * p.mem_read);
  CHECK(f.at("load_miss") == kLoop8 + 8 * p.mem_read);
  // Stores are throttled to the memory's write rate once the write buffer is full.
  CHECK(f.at("store_word") == std::max<u64>(kLoop8, 8 * p.mem_write));
  CHECK(f.at("store_byte") == std::max<u64>(kLoop8, 8 * p.mem_write_partial));
  // mult; mflo: the mflo waits until the result is ready, mult cycles after issue.
  CHECK(f.at("mult") == 4 * (p.mult + 1) + 3);
  CHECK(f.at("div") == 4 * (p.div + 1) + 3);
  // Every word of both routines misses: one refill per I-cache block.
  const u64 refill = p.mem_read + (p.iblock_words - 1) * p.mem_read_next;
  CHECK(f.at("icache_calls") == kCallLoop + 2 * (kRoutine + kRoutine / p.iblock_words * refill));
  // UTLB miss: the faulting load's cycle, exception entry, the handler, then the loop
  // with the re-executed load (page table and data words already in the D-cache).
  CHECK(f.at("utlb_refill") == kTlbLoop + 1 + p.exception_entry + kUtlbHandler);
}

}  // namespace

TEST_CASE("guest microbenchmarks measure what the timing table predicts (ds3100)", "[timing][guest]") {
  check_machine("ds3100", timing_profile_for("ds3100"), run_microbench("ds3100"));
}

TEST_CASE("guest microbenchmarks measure what the timing table predicts (ds5000-200)", "[timing][guest]") {
  check_machine("ds5000-200", timing_profile_for("ds5000-200"), run_microbench("ds5000-200"));
}

TEST_CASE("overriding timing parameters with --timing-set changes the measured figures accordingly", "[timing][guest]") {
  TimingProfile p = timing_profile_for("ds5000-200");
  p.set("mem_read=11");
  p.set("mem_write=9");
  p.set("mult=7");
  p.set("iblock_words=8");
  check_machine("ds5000-200 (overridden)", p,
                run_microbench("ds5000-200", {"--timing-set", "mem_read=11", "--timing-set", "mem_write=9",
                                              "--timing-set", "mult=7", "--timing-set", "iblock_words=8"}));
}

// A whole Machine for board-level tests: wiring is checked through machine.bus() and by
// tiny hand-assembled programs (tests/emu/cpu/mips_asm.h) run from RAM.
//
// The machine boots a stand-in boot ROM written by the fixture (so these tests do not
// depend on the cross-compiled firmware): `halt 0x7e` at the reset vector and halting
// stubs at the BEV = 1 vectors. All four serial lines are `null` unless a test says
// otherwise (the console must not talk to the test runner's stdio).
//
// Program layout (kseg0): the general exception vector 0x80000080 holds a stub that
// halts with kExitException (or a test's handler), code at kCode, data at kData.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "emu/cpu/mips_asm.h"
#include "emu/machine/machine.h"

namespace emu::test {

// A ROM image file holding `words` at the start, created in the temporary directory and
// removed when the object dies.
class TempRom {
 public:
  explicit TempRom(const std::vector<u32>& words) {
    char name[] = "/tmp/emu-test-rom-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) std::abort();
    ::close(fd);
    path_ = name;
    std::ofstream out(path_, std::ios::binary);
    out.write(reinterpret_cast<const char*>(words.data()), std::streamsize(words.size() * 4));
  }
  ~TempRom() { std::remove(path_.c_str()); }
  TempRom(const TempRom&) = delete;
  TempRom& operator=(const TempRom&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The stand-in boot ROM: halt 0x7e at 0xbfc00000, halt 0x7d at the BEV general vector
// 0xbfc00180 and halt 0x7c at the BEV UTLB vector 0xbfc00100.
inline const TempRom& stand_in_rom() {
  static const TempRom rom([] {
    std::vector<u32> w(0x200 / 4, 0);
    w[0] = as::ori(as::k1, as::zero, 0x7e);
    w[1] = as::halt(as::k1);
    w[0x100 / 4] = as::ori(as::k1, as::zero, 0x7c);
    w[0x100 / 4 + 1] = as::halt(as::k1);
    w[0x180 / 4] = as::ori(as::k1, as::zero, 0x7d);
    w[0x180 / 4 + 1] = as::halt(as::k1);
    return w;
  }());
  return rom;
}

struct MachineFixture {
  static constexpr u32 kCode = 0x80001000, kData = 0x80010000, kGeneralVector = 0x80000080;
  static constexpr int kExitException = 0x52;
  static constexpr u32 kIEc = 1, kCU1 = 1u << 29;
  static constexpr u32 im(unsigned ip) { return 1u << (8 + ip); }  // Status IM bit of Cause.IP<ip>

  static MachineOptions options(const std::string& machine) {
    MachineOptions o;
    o.machine = machine;
    o.firmware = stand_in_rom().path();
    o.serial = {"null", "null", "null", "null"};
    return o;
  }

  std::unique_ptr<Machine> m;

  explicit MachineFixture(const std::string& machine) : MachineFixture(options(machine)) {}
  explicit MachineFixture(const MachineOptions& o) : m(std::make_unique<Machine>(o)) {
    // Unexpected exceptions end the run visibly: k1 = exit code, halt.
    load(kGeneralVector, {as::ori(as::k1, as::zero, kExitException), as::halt(as::k1)});
  }

  Machine& machine() { return *m; }
  PhysicalBus& bus() { return m->bus(); }
  Cpu& cpu() { return m->cpu(); }

  // Bus accesses by physical address (what a device sees; no CPU involved).
  bool read(u32 pa, unsigned size, u32& v) { return bus().read(pa, size, v); }
  u32 read(u32 pa, unsigned size = 4) {
    u32 v = 0xdeadbeef;
    if (!bus().read(pa, size, v)) return 0xdeadbeef;
    return v;
  }
  bool write(u32 pa, unsigned size, u32 v) { return bus().write(pa, size, v); }

  // Load code or data behind the caches, then invalidate their lines as a loader that
  // flushes would (no stale-line reports for the fixture's own program loading).
  void load(u32 va, const std::vector<u32>& words) {
    bus().write_block(va & 0x1fffffff, reinterpret_cast<const u8*>(words.data()), u32(words.size() * 4));
    cpu().flush_cache_lines(va & 0x1fffffff, u32(words.size() * 4));
  }
  u32 peek32(u32 va) { return read(va & 0x1fffffff, 4); }

  // Run `words` from kCode with Status = sr (kernel mode, BEV = 0) until the guest halts or
  // `max_cycles` more cycles pass. Returns the exit status, or -1 if it did not halt.
  int run(const std::vector<u32>& words, u32 sr = kCU1, Cycles max_cycles = 1'000'000) {
    load(kCode, words);
    cpu().set_cp0(as::c0_status, sr);
    cpu().set_pc(kCode);
    cpu().resume();
    return resume(max_cycles);
  }
  int resume(Cycles max_cycles) {
    const Cpu::Stop s = m->run(cpu().cycles() + max_cycles, ~u64(0));
    return s == Cpu::Stop::Halted ? cpu().exit_status() : -1;
  }

  u32 cause() { return cpu().cp0(as::c0_cause); }
  unsigned exc_code() { return (cause() >> 2) & 0x1f; }
  u32 cause_ip() { return (cause() >> 8) & 0xff; }  // Cause IP7..IP0
  bool ip(unsigned n) { return (cause_ip() >> n) & 1; }
};

// The general-exception handler used by the interrupt-counting tests: stores Cause (as
// it was on entry) at kData + 4, runs the board's acknowledge sequence `ack` (a few
// instructions using k0/k1 only), counts the interrupt in the word at kData and returns
// with RFE.
inline std::vector<u32> counting_handler(const std::vector<u32>& ack) {
  using namespace as;
  std::vector<u32> h = {
      lui(k0, hi16(MachineFixture::kData)),
      mfc0(k1, c0_cause),
      nop(),
      sw(k1, 4, k0),
  };
  h.insert(h.end(), ack.begin(), ack.end());
  const std::vector<u32> tail = {
      lui(k0, hi16(MachineFixture::kData)),
      lw(k1, 0, k0),
      nop(),
      addiu(k1, k1, 1),
      sw(k1, 0, k0),
      mfc0(k0, c0_epc),
      nop(),
      jr(k0),
      rfe(),
  };
  h.insert(h.end(), tail.begin(), tail.end());
  return h;
}

// Spin for ever: `b .` with its delay slot.
inline std::vector<u32> spin_forever(const std::vector<u32>& prologue = {}) {
  std::vector<u32> w = prologue;
  w.push_back(as::beq(as::zero, as::zero, -1));
  w.push_back(as::nop());
  return w;
}

}  // namespace emu::test

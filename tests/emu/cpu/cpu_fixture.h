// A bare CPU on a bus with RAM at physical 0, for instruction-level tests.
// Programs are built with the tiny encoder in mips_asm.h and placed in kseg0.
//
// Layout of the 1 MiB of RAM (physical):
//   0x00000 UTLB vector (0x80000000), 0x00080 general vector (0x80000080): by default a
//           stub that halts with kExitUtlb / kExitGeneral, so an exception a test does
//           not expect ends the run visibly instead of running off into zeros;
//   0x00f00 scratch word used by tlb_write();
//   0x01000 code (kCodeBase);  0x10000 data (kDataBase);  the rest is free.
// Tests can run either through the block executor (run_to_halt with no tracer) or one
// instruction at a time (set_single_step(true) installs a no-op tracer, which makes the
// CPU take its single-step path), so that both execution paths meet the same checks.
#pragma once
#include <initializer_list>
#include <vector>

#include "emu/cpu/cpu.h"
#include "emu/mem/physical_bus.h"
#include "emu/sched/scheduler.h"
#include "mips_asm.h"

namespace emu::test {

// Cause.ExcCode values (reference §6.1), spelled out independently of emu/cpu/cp0.h.
namespace exc {
inline constexpr unsigned Int = 0, Mod = 1, TLBL = 2, TLBS = 3, AdEL = 4, AdES = 5, IBE = 6, DBE = 7,
                          Sys = 8, Bp = 9, RI = 10, CpU = 11, Ov = 12;
}

struct NullTracer : ExecTracer {
  void on_instruction(u32, u32, const u32 (&)[34], const u32 (&)[34]) override {}
  void on_exception(u32, unsigned, u32) override {}
};

struct CpuFixture {
  static constexpr u32 kRamSize = 1u << 20;
  static constexpr u32 kCodeBase = 0x80001000;  // kseg0 → physical 0x1000
  static constexpr u32 kDataBase = 0x80010000;  // kseg0 → physical 0x10000
  static constexpr u32 kTlbStub = 0x80000f00;
  static constexpr u32 kBootRomPa = 0x1fc00000;  // where BEV = 1 vectors live (kseg1 0xbfc00000)
  // Exception vectors (reference §6.2), written out rather than taken from the model.
  static constexpr u32 kUtlbVector = 0x80000000, kGeneralVector = 0x80000080;
  static constexpr u32 kUtlbVectorBev = 0xbfc00100, kGeneralVectorBev = 0xbfc00180;
  // Status / Cause bits used by the fixture (reference §7.1).
  static constexpr u32 kSrKUc = 1u << 1, kSrCU1 = 1u << 29;
  // Exit statuses of the stub handlers.
  static constexpr int kExitUtlb = 0x51, kExitGeneral = 0x52, kExitUtlbBev = 0x53, kExitGeneralBev = 0x54;

  PhysicalBus bus;
  Scheduler sched;
  std::vector<u8> ram = std::vector<u8>(kRamSize, 0);
  std::vector<u8> boot_rom;
  NullTracer null_tracer;
  Cpu cpu;

  explicit CpuFixture(CpuConfig cfg = {}) : cpu(bus, sched, cfg) {
    bus.map_memory("ram", 0, kRamSize, ram.data(), true);
    cpu.set_ram(ram.data(), kRamSize);
    bus.set_write_observer([this](u32 pa, unsigned len) { cpu.memory_written(pa, len); });
    // Start in kernel mode with normal (BEV = 0) vectors and the FPU usable.
    cpu.set_cp0(as::c0_status, kSrCU1);
    cpu.set_pc(kCodeBase);
    install_stub(kUtlbVector, kExitUtlb);
    install_stub(kGeneralVector, kExitGeneral);
  }

  void poke32(u32 va, u32 v) {
    u32 pa = va & 0x1fffffff;
    bus.write(pa, 4, v);
  }
  u32 peek32(u32 va) const {
    u32 v = 0;
    bus.read(va & 0x1fffffff, 4, v);
    return v;
  }
  void load(u32 va, std::initializer_list<u32> words) { load(va, std::vector<u32>(words)); }
  // Load behind the caches, then invalidate their lines as a flushing loader would.
  void load(u32 va, const std::vector<u32>& words) {
    for (size_t i = 0; i < words.size(); ++i) poke32(va + u32(4 * i), words[i]);
    cpu.flush_cache_lines(va & 0x1fffffff, u32(words.size() * 4));
  }
  // Place a program at kCodeBase and run exactly n instructions.
  void run_program(std::initializer_list<u32> words, u64 n) {
    load(kCodeBase, words);
    cpu.set_pc(kCodeBase);
    run_n(n);
  }
  void run_n(u64 n) { cpu.run(~0ull, cpu.stats().instructions + n); }

  // Run until the guest halts (emu op), at most max_instructions instructions and a
  // generous cycle budget (an exception loop retires no instructions).
  Cpu::Stop run_to_halt(u64 max_instructions = 100000) {
    return cpu.run(sched.now() + 16 * max_instructions + 1000, cpu.stats().instructions + max_instructions);
  }
  // Place `words` at kCodeBase, start there and run to the halt.
  Cpu::Stop run_code(const std::vector<u32>& words, u64 max_instructions = 100000) {
    load(kCodeBase, words);
    cpu.set_pc(kCodeBase);
    cpu.resume();
    return run_to_halt(max_instructions);
  }
  int exit_status() const { return cpu.exit_status(); }
  // run_code, returning the exit status, or -1 when the run did not end in a halt.
  int run_exit(const std::vector<u32>& words, u64 max_instructions = 100000) {
    return run_code(words, max_instructions) == Cpu::Stop::Halted ? exit_status() : -1;
  }
  int run_exit_from(u32 pc, u64 max_instructions = 100000) {
    cpu.set_pc(pc);
    return run_to_halt(max_instructions) == Cpu::Stop::Halted ? exit_status() : -1;
  }

  void set_single_step(bool on) { cpu.set_tracer(on ? &null_tracer : nullptr); }

  // Two instructions at va: k1 = code; halt with exit status code.
  void install_stub(u32 va, int code) { load(va, {as::ori(as::k1, as::zero, u32(code)), as::halt(as::k1)}); }

  // Map 64 KiB of writable memory at the boot ROM address (for BEV = 1 vectors) and put
  // halting stubs at its exception vectors.
  void map_boot_rom() {
    boot_rom.assign(64 * 1024, 0);
    bus.map_memory("bootrom", kBootRomPa, u32(boot_rom.size()), boot_rom.data(), true);
    install_stub(kUtlbVectorBev, kExitUtlbBev);
    install_stub(kGeneralVectorBev, kExitGeneralBev);
  }

  // Write TLB entry `index` the way software does (Index/EntryHi/EntryLo + TLBWI, run as
  // one guest instruction), then restore EntryHi (the current PID) and the PC.
  void tlb_write(unsigned index, u32 entry_hi, u32 entry_lo) {
    const u32 saved_pc = cpu.pc(), saved_hi = cpu.cp0(as::c0_entryhi);
    cpu.set_cp0(as::c0_index, index << 8);
    cpu.set_cp0(as::c0_entryhi, entry_hi);
    cpu.set_cp0(as::c0_entrylo, entry_lo);
    poke32(kTlbStub, as::tlbwi());
    cpu.set_pc(kTlbStub);
    run_n(1);
    cpu.set_cp0(as::c0_entryhi, saved_hi);
    cpu.set_pc(saved_pc);
  }

  // Switch to user mode (KUc = 1) without touching the rest of Status.
  void enter_user_mode() { cpu.set_cp0(as::c0_status, cpu.cp0(as::c0_status) | kSrKUc); }

  // Cause fields, written out from the architecture (reference §7).
  u32 status() const { return cpu.cp0(as::c0_status); }
  u32 cause() const { return cpu.cp0(as::c0_cause); }
  unsigned exc_code() const { return (cause() >> 2) & 0x1f; }  // bits 6 and 7 read 0
  bool cause_bd() const { return cause() >> 31; }
  unsigned cause_ce() const { return (cause() >> 28) & 3; }
  u32 epc() const { return cpu.cp0(as::c0_epc); }
  u32 badvaddr() const { return cpu.cp0(as::c0_badvaddr); }
};

}  // namespace emu::test

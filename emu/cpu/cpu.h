// The R2000/R3000 CPU core: MIPS I integer unit, CP0 (exceptions, TLB), and the R2010/R3010
// FPA as coprocessor 1 (emu/cpu/fpu). Execution model (see README "CPU model"):
//   - instructions are decoded once into blocks keyed by physical address (code_cache.h)
//     and executed by handlers named by mnemonic (ops_*.h);
//   - time is the machine's cycle count, kept in the Scheduler; device events and
//     interrupts are looked at between blocks (and before every device access);
//   - the MIPS I load delay is exact (loads write their target one instruction late), at
//     no cost for the common case where the delay slot does not use the loaded register.
#pragma once
#include <array>
#include <functional>
#include <memory>
#include <string>

#include "emu/common/types.h"
#include "emu/cpu/code_cache.h"
#include "emu/cpu/cp0.h"
#include "emu/cpu/debug_hook.h"
#include "emu/cpu/decoded.h"
#include "emu/cpu/fpu/r3010.h"
#include "emu/cpu/tlb.h"
#include "emu/cpu/trace_sink.h"
#include "emu/mem/cache.h"
#include "emu/mem/footprint.h"
#include "emu/mem/physical_bus.h"
#include "emu/sched/scheduler.h"
#include "emu/timing/cycle_cause.h"
#include "emu/timing/memory_system.h"

namespace emu {

struct CpuConfig {
  u32 prid = 0x0220;  // R3000 (a real DS3100 and 5000/200 both report 0x220)
  u32 fcr0 = 0x0320;  // R3010
  bool has_fpu = true;
  u32 icache_bytes = 64 * 1024;
  u32 dcache_bytes = 64 * 1024;
  // The timing model (emu/timing): nullptr = purely functional, one cycle per
  // instruction. The profile is copied.
  const TimingProfile* timing = nullptr;
  bool cache_data = false;  // --cache-data: loads that hit a stale D-cache line read the cache
};

struct CpuStats {
  u64 instructions = 0;
  u64 exceptions[cp0::kExcCount] = {};
  u64 utlb_misses = 0;     // refills through the UTLB vector
  u64 interrupts_taken = 0;
  u64 blocks_compiled = 0;
  u64 code_invalidations = 0;
  u64 faulted = 0;          // instructions (or fetches) that raised an exception: one issue cycle each
};

// Observer for --trace-exec: called after each instruction when tracing is on.
class ExecTracer {
 public:
  virtual ~ExecTracer() = default;
  virtual void on_instruction(u32 pc, u32 word, const u32 (&before)[34], const u32 (&after)[34]) = 0;
  virtual void on_exception(u32 pc, unsigned code, u32 vector) = 0;
};

class Cpu {
 public:
  enum class Stop { None, Cycles, Instructions, Halted, Requested, Debug };

  Cpu(PhysicalBus& bus, Scheduler& sched, CpuConfig cfg = {});
  ~Cpu();
  Cpu(const Cpu&) = delete;
  Cpu& operator=(const Cpu&) = delete;

  void reset();
  // RAM at physical 0 that the CPU may access directly (the bus map must agree).
  void set_ram(u8* ram, u32 size);

  // Run until a limit is reached or the guest halts. Limits are absolute. The run stops at
  // the first block boundary at or after cycle_limit, never later than cycle_limit +
  // max_overshoot(), and stopping there is transparent: run(a); run(b) leaves the machine
  // exactly as run(b) does (blocks end by rules of their own; interrupts and device events
  // are looked at in the same order either way). Linked machines rely on both (emu/net).
  Stop run(Cycles cycle_limit, u64 instruction_limit = ~0ull);
  Cycles max_overshoot() const;
  void request_stop() { stop_requested_ = true; }
  bool halted() const { return halted_; }
  // Continue after a halt (tests, a debugger): the next run() executes from pc().
  void resume() { halted_ = false; }
  int exit_status() const { return exit_status_; }

  // Hardware interrupt pins Int0..Int5 (Cause.IP2..IP7), level-sensitive.
  void set_interrupt_pin(unsigned pin, bool level);
  // CpCond0 as the board wires it (DECstation: write buffer empty). Default: always true.
  void set_cpcond0(std::function<bool()> f) { cpcond0_ = std::move(f); }

  // Architectural state, for the machine, the loader, the debugger and tests.
  u32 gpr(unsigned r) const { return r == 0 ? 0 : gpr_[r & 31]; }
  void set_gpr(unsigned r, u32 v) { if (r & 31) gpr_[r & 31] = v; }
  u32 pc() const { return pc_; }
  void set_pc(u32 pc) { pc_ = pc; }
  u32 hi() const { return hi_; }
  u32 lo() const { return lo_; }
  void set_hilo(u32 hi, u32 lo) { hi_ = hi, lo_ = lo; }
  u32 cp0(unsigned r) const;        // as MFC0 reads it
  void set_cp0(unsigned r, u32 v);  // as MTC0 writes it
  const Tlb& tlb() const { return tlb_; }
  Fpu& fpu() { return fpu_; }
  const CpuStats& stats() const { return stats_; }
  // Cycles by cause; they sum to cycles() (Cpu::advance). Issue cycles are not counted as
  // they pass, which would cost the block loop an add: each instruction issued occupied
  // one, so they are the instructions retired plus those that faulted. `retired` is
  // stats().instructions between runs, instret_at_op() inside an emulator operation.
  CycleCauses cycle_causes(u64 retired) const {
    CycleCauses c = stalls_;
    c[CycleCause::Issue] = retired + stats_.faulted;
    return c;
  }
  CycleCauses cycle_causes() const { return cycle_causes(stats_.instructions); }
  Cycles cycles() const { return sched_.now(); }
  Scheduler& scheduler() { return sched_; }

  void set_tracer(ExecTracer* t) {
    tracer_ = t;
    update_slow_loop();
  }
  // The cycle trace (--trace): events go to `sink` while it is set; with `insns` blocks run
  // through the traced block executor and report their instructions, with `data` also
  // each load's and store's address. Switching instruction tracing off from inside a block
  // takes effect when the block ends (CpuTraceSink::block_end).
  void set_trace_sink(CpuTraceSink* sink, bool insns, bool data) {
    trace_ = sink;
    trace_insns_ = sink && insns;
    trace_data_ = trace_insns_ && data;
    update_slow_loop();
  }
  // A debugger (emu/debug/): with a hook set, every instruction is offered to it before it
  // runs, and run() returns Stop::Debug, even in the middle of a block, when the hook says
  // so. Nothing else changes: the same blocks run with the same timing, and the next run()
  // goes on from the stop as if it had not happened (execute.cpp). nullptr = no debugger,
  // and then the run loop pays one test per block.
  void set_debug_hook(DebugHook* h) {
    debug_ = h;
    if (!h) debug_resumed_ = false;  // the let-through belongs to the hook that stopped
  }
  // The address of the next instruction to run: pc() at a block boundary, the instruction
  // a debugger stop is in front of otherwise.
  u32 debug_pc() const { return suspended_.block ? block_va_ + 4 * suspended_.index : pc_; }
  // The next instruction is a delay slot (its branch has run).
  bool debug_in_delay_slot() const {
    return suspended_.block ? (suspended_.block->insts[suspended_.index].flags & kInDelaySlot) != 0 : delay_pending_;
  }
  // A debugger moves the PC (`set $pc`, `jump`): a block stopped in the middle ends there,
  // as if it had ended before that instruction (a branch whose delay slot is next is lost).
  void debug_set_pc(u32 pc);
  // A debugger resumes a machine it stopped: the instruction in front of which it stands
  // runs first, without being offered to the hook (after a hook stop this is automatic;
  // after a stop at a run limit — Ctrl-C, a debugger attaching — the debugger says so).
  void debug_let_through() { debug_resumed_ = true; }
  // Virtual to physical as a load (write = false) or store by the CPU would translate va
  // now — current mode, segment rules, TLB entries and PID — but without any effect: no
  // exception, no TLB lookup cache fill, no statistics. false: the access would fault.
  bool debug_translate(u32 va, bool write, u32& pa) const;
  // The instruction word at va, read without effect (0 when nothing readable is there).
  u32 debug_word(u32 va) const;
  // Hook for emulator operations the CPU does not handle itself (regions, ...).
  // The handler runs with cycles() exact; instret_at_op() is the number of instructions
  // retired before the operation.
  void set_emu_op_handler(std::function<void(unsigned op, u32 value)> h) { emu_op_handler_ = std::move(h); }
  u64 instret_at_op() const { return instret_at_op_; }
  // Record the cache footprint (emu/mem/footprint.h) into f from now on; nullptr stops.
  // Set from inside an emulator operation's handler, it takes effect right after the
  // operation (the marker instructions themselves are never recorded). While it is set,
  // data accesses to RAM leave the inline fast path for load_slow/store_slow, which
  // record them, and run() takes its slow branch, where each block's fetches are recorded
  // after it ran (footprint_block); unset, the fast path is exactly what it was.
  void set_footprint(Footprint* f) {
    footprint_ = f;
    update_fast_ram_limit();
    update_slow_loop();
  }

  // Invalidate pre-decoded code covering [pa, pa+len) (called on writes through the bus).
  void invalidate_code(u32 pa, u32 len) { stats_.code_invalidations += code_.invalidate(pa, len); }

  // A store that nothing answered. DECstation boards report these asynchronously (an
  // error interrupt and a latched address); the machine installs that behaviour here.
  // Without a handler the store raises a synchronous bus error (DBE).
  void set_write_error_handler(std::function<void(u32 pa)> h) { write_error_handler_ = std::move(h); }

  const CacheArray& icache() const { return mem_.icache(); }
  const CacheArray& dcache() const { return mem_.dcache(); }
  bool timing() const { return timing_; }
  const MemorySystem& memory_system() const { return mem_; }
  MemorySystem& memory_system() { return mem_; }
  // Memory [pa, pa+len) was written through the bus by someone other than the CPU (DMA,
  // a loader): keeps decoded code and, with timing on, the cache coherence marks right.
  void memory_written(u32 pa, u32 len);
  // Invalidate both caches' lines for [pa, pa+len), as software flushing the range would
  // (a loader or debugger that writes code and data behind the caches).
  void flush_cache_lines(u32 pa, u32 len) {
    for (u64 a = pa & ~3u; a < u64(pa) + len; a += 4) {
      if (mem_.icache().hit(u32(a))) mem_.icache().invalidate(u32(a));
      if (mem_.dcache().hit(u32(a))) mem_.dcache().invalidate(u32(a));
    }
  }
  // A store by the CPU hit a page that holds decoded code.
  void code_written(u32 pa, u32 len);

  // Checkpoints (cpu_state.cpp): registers, CP0, TLB, FPA, load delay, the multiply unit
  // and FPA busy times, caches and write buffer, counters. Between runs only: the decoded
  // code and the jump cache are dropped on a restore and rebuilt as the guest runs.
  void state(StateIo& io);

 private:
  friend struct Ops;
  friend struct Decoder;

  // --- execution -----------------------------------------------------------------------
  Block* fetch_block(bool& cached);           // translate pc_, find/compile; nullptr on fault
  // The jump cache: the block last found at a virtual PC in a given translation context,
  // so that going from block to block costs one compare instead of a translation and a
  // code-cache lookup. An entry is good while neither the code cache nor the TLB changed.
  struct JumpEntry {
    u32 va = 1;  // never a valid PC
    u32 ctx = 0;
    u64 gen = 0;
    Block* block = nullptr;
    bool cached = false;
  };
  static constexpr unsigned kJumpEntries = 4096;
  // The PID belongs to the context wherever the PC is mapped (kuseg, kseg2), also in
  // kernel mode; kseg0/kseg1 code does not depend on it.
  u32 jump_context() const {
    return (user_mode_ ? 0x80000000u : 0) | ((pc_ >> 30) == 2 ? 0 : (entry_hi_ & cp0::kPidMask));
  }
  u64 jump_generation() const { return code_.generation() + tlb_.generation(); }
  Block* next_block(bool& cached) {
    JumpEntry& e = jump_[(pc_ >> 2) & (kJumpEntries - 1)];
    const u32 ctx = jump_context();
    const u64 gen = jump_generation();
    if (e.va == pc_ && e.ctx == ctx && e.gen == gen) [[likely]] {
      cached = e.cached;
      return e.block;
    }
    Block* b = fetch_block(cached);
    if (b) e = JumpEntry{pc_, ctx, jump_generation(), b, cached};
    return b;
  }
  // Debug: ask debug_ before each instruction and stop there (suspended_) if it says so;
  // `start` is where a stopped block goes on. Traced: the --trace hooks below.
  template <bool Timed, bool Fetching, bool Debug = false, bool Traced = false>
  void execute_block(Block& b, bool cached, unsigned start = 0);
  // --trace with instructions: the same executor, instantiated with the trace hooks below.
  void execute_traced(Block& b, bool cached);
  bool run_traced_block(u64 instruction_limit);
  // After instruction k of a traced block: report it if it was charged more than its issue cycle.
  [[gnu::always_inline]] void trace_after(unsigned k) {
    const Cycles t = sched_.now() + (k + 1) - accounted_;
    if (t - trace_t_ != 1) trace_->stalled(k, stalls_);
    trace_t_ = t;
  }
  void trace_data_access(const DecodedInst& d, unsigned k);  // cpu_trace.cpp
  [[gnu::always_inline]] inline void execute_block_timed(Block& b, bool cached);
  // The timed block runs on the Fetching path (file comment of execute.cpp).
  [[gnu::always_inline]] inline bool fetching_path(Block& b, bool cached);
  void execute_block_debug(Block& b, bool cached, unsigned start, bool fetching);
  bool debug_stop(u32 va, u32 word);
  bool icache_holds(const Block& b) const;
  // Timing of one instruction fetch (the Fetching path): I-cache lookup and refill, or
  // an uncached fetch.
  void fetch_timing(u32 pa, u32 va, bool cached, Cycles now);
  // One instruction with full load-delay semantics; false if it raised an exception.
  bool step_exact(const DecodedInst& d);
  // One instruction fetched and decoded on its own (tracing, split delay slots, limits).
  void step_one();
  bool fetch_translate(u32 va, bool in_delay, u32& pa, bool& cached);
  void commit_pending_load() {
    gpr_[ld_reg_] = ld_val_;
    gpr_[0] = 0;
    ld_reg_ = 0;
  }
  void check_interrupts();
  void update_interrupt_pending();
  void update_mode();
  void update_fast_ram_limit() { fast_ram_limit_ = ((status_ & cp0::kIsC) || footprint_) ? 0 : ram_size_; }
  // Footprint of instruction fetch. A block's fetches are recorded after it ran, from the
  // instructions it retired (footprint_block); an emulator operation inside the block
  // records those before it and moves the start past itself (footprint_from_, valid for
  // the block whose first instruction retired as number footprint_tag_). The block in
  // which an operation switched recording on ran on the fast path: its rest is recorded
  // before the next block (footprint_pending_).
  struct PendingFetches {
    bool active = false;
    u32 pa = 0;
    bool cached = false;
    u64 tag = 0, faulted = 0;
  };
  bool footprint_block();  // true: a debugger stopped it
  void finish_pending_fetches();
  void footprint_before_op(const DecodedInst& d);
  void footprint_after_op(const DecodedInst& d, const Footprint* before);
  void record_fetches(u32 block_pa, bool cached, u64 tag, u64 to) {
    const u64 from = footprint_tag_ == tag ? footprint_from_ : 0;
    if (footprint_ && cached && to > from) footprint_->fetch(block_pa + u32(4 * from), unsigned(to - from));
  }
  bool code_pa(u32 va, u32& pa, bool& cached);  // the running block's, for an operation

  // --- exceptions ----------------------------------------------------------------------
  // Enter the exception `code` for the instruction d (at its run-time address).
  void raise(unsigned code, const DecodedInst& d, unsigned ce = 0);
  void raise_address(unsigned code, const DecodedInst& d, u32 badvaddr);
  void raise_tlb(unsigned code, const DecodedInst& d, u32 badvaddr, bool utlb);
  void enter_exception(unsigned code, u32 epc, bool bd, unsigned ce, bool utlb);
  u32 inst_pc(const DecodedInst& d) const { return block_va_ + d.offset; }

  // --- memory --------------------------------------------------------------------------
  // Translate a data address. On failure raises the exception and returns false.
  // `cached` says whether the access may use the caches (kseg0, or a TLB entry with N=0).
  bool translate_data(u32 va, bool write, const DecodedInst& d, u32& pa, bool& cached);
  [[gnu::always_inline]] bool translate(u32 va, bool write, const DecodedInst& d, u32& pa, bool& cached) {
    if ((va >> 30) == 2 && !user_mode_) [[likely]] {  // kseg0 / kseg1, the common kernel case
      pa = va & 0x1fffffffu;
      cached = !(va & 0x20000000u);
      return true;
    }
    return translate_data(va, write, d, pa, cached);
  }
  template <unsigned Size, bool Timed> [[gnu::always_inline]] bool load(u32 va, const DecodedInst& d, u32& value);
  template <unsigned Size, bool Timed> [[gnu::always_inline]] bool store(u32 va, const DecodedInst& d, u32 value);
  bool load_slow(u32 pa, unsigned size, const DecodedInst& d, u32& value, bool cached);
  bool store_slow(u32 pa, unsigned size, const DecodedInst& d, u32 value, bool cached);
  // Timing of RAM accesses that are not a clean D-cache hit (memory_access.h).
  bool load_ram_timed(u32 pa, unsigned size, const DecodedInst& d, u32& value, bool cached);
  template <unsigned Size> void store_ram_timed(u32 pa, const DecodedInst& d, u32 value, bool cached);
  // LWL/LWR: the aligned word containing va. No alignment check; an address or TLB
  // exception reports va itself in BadVAddr (reference §6.3: the faulting virtual address).
  template <bool Timed> bool load_unaligned_word(u32 va, const DecodedInst& d, u32& value);
  // SWL/SWR: store the bytes selected by mask into the aligned word at va_aligned.
  bool store_masked(u32 va_aligned, u32 va, const DecodedInst& d, u32 value, u32 mask);
  // Isolated-cache accesses (Status.IsC): only the cache array is touched.
  CacheArray& data_side_cache() { return *dside_; }
  u32 isolated_load(u32 pa, unsigned size);
  void isolated_store(u32 pa, unsigned size, u32 value);
  void sync_time(const DecodedInst& d);
  // The cycle at which instruction d issues (the clock is kept per block otherwise).
  Cycles now_at(const DecodedInst& d) const { return sched_.now() + (d.offset / 4 - accounted_); }
  // The one place simulated time advances: n cycles, charged to cause c. Every cause but
  // Issue is counted here; issue cycles are counted as instructions (cycle_causes()), and
  // a faulting one as stats_.faulted where it faults.
  [[gnu::always_inline]] void advance(CycleCause c, Cycles n) {
    sched_.clock() += n;
    if (c != CycleCause::Issue) stalls_[c] += n;
  }
  // Add stall cycles. A block whose stalls reach kBlockStallLimit ends after the current
  // instruction: that bounds how long one block can take (max_overshoot) by a rule that
  // depends only on the execution itself, never on where a run() is cut, so stopping and
  // resuming a run changes nothing (what linked machines rely on, emu/net/net_node.h).
  static constexpr Cycles kBlockStallLimit = 16;
  void stall(CycleCause c, Cycles n) {
    advance(c, n);
    block_stall_ += n;
    if (block_stall_ >= kBlockStallLimit) stop_after_ = true;
  }
  // A read that first waits for the write buffer to drain, then takes its access time.
  void stall(ReadStall r, CycleCause access) {
    stall(CycleCause::WbDrain, r.drain);
    stall(access, r.access);
  }
  void begin_block_timing() {
    block_stall_ = 0;
    stop_after_ = false;
  }
  // For timed handlers: true to go on, false (instruction retired) when the block's stalls
  // have reached kBlockStallLimit, so the block ends here.
  bool retired() {
    if (!stop_after_) return true;
    stop_after_ = false;
    block_exit_retired_ = true;
    return false;
  }
  void hilo_wait(const DecodedInst& d);   // MFHI/MFLO/MULT/DIV: wait for the multiply unit
  void fpu_wait(const DecodedInst& d);    // any FPA instruction: wait for the previous one
  u32 random_value() const;

  // --- state ---------------------------------------------------------------------------
  PhysicalBus& bus_;
  Scheduler& sched_;
  CpuConfig cfg_;
  u32 gpr_[33] = {};  // [32] is the sink for writes to $0
  u32 hi_ = 0, lo_ = 0;
  u32 pc_ = 0;
  // Load delay: a load's value waiting to be written after the next instruction.
  u32 ld_reg_ = 0, ld_val_ = 0;
  u32 ld_next_reg_ = 0, ld_next_val_ = 0;

  // CP0
  u32 index_ = 0, entry_lo_ = 0, context_ = 0, bad_vaddr_ = 0, entry_hi_ = 0;
  u32 status_ = 0, cause_ = 0, epc_ = 0;
  Cycles random_epoch_ = 0;
  u32 hw_pins_ = 0;  // Int0..Int5 levels, bits 0..5
  Tlb tlb_;
  Fpu fpu_;

  // Derived from Status, refreshed by update_mode().
  bool user_mode_ = false;
  bool interrupt_pending_ = false;
  u32 fast_ram_limit_ = 0;  // RAM accesses below this go straight to host memory

  u8* ram_ = nullptr;
  u32 ram_size_ = 0;
  CodeCache code_;
  std::unique_ptr<JumpEntry[]> jump_ = std::make_unique<JumpEntry[]>(kJumpEntries);

  // Per-block execution context.
  u32 block_va_ = 0;
  u32 next_pc_ = 0;       // where execution continues after the current block
  unsigned accounted_ = 0;          // instructions of the current block already added to time
  bool block_exit_retired_ = false; // a handler ended the block without an exception

  // Delay slot that begins on the next page (a branch in the last word of a page).
  bool delay_pending_ = false;
  u32 delay_target_ = 0;

  bool stop_requested_ = false;
  bool halted_ = false;
  int exit_status_ = 0;
  u32 cycles_hi_latch_ = 0;
  u64 instret_at_op_ = 0;
  std::function<bool()> cpcond0_;
  std::function<void(unsigned, u32)> emu_op_handler_;
  std::function<void(u32)> write_error_handler_;

  // Timing model (emu/timing). timing_ is fixed at construction: the decoder picks the
  // timed handlers, so the functional mode pays nothing for it.
  bool timing_ = false;
  MemorySystem mem_;
  CacheArray* iside_ = nullptr;  // the array instruction fetch uses (swapped by SwC)
  CacheArray* dside_ = nullptr;  // the array data accesses use
  Cycles block_stall_ = 0;   // stall cycles of the current block
  bool stop_after_ = false;
  bool cpu_bus_write_ = false;   // the CPU's own bus write is in progress (not DMA)
  Cycles hilo_ready_ = 0;        // multiply unit: HI/LO ready at this cycle
  Cycles fpu_ready_ = 0;         // FPA: previous operation finished at this cycle
  ExecTracer* tracer_ = nullptr;
  DebugHook* debug_ = nullptr;
  // A block a debugger stopped in front of instruction `index` of (block nullptr: none).
  // The block stays allocated while stopped: retired blocks are freed only at the top of
  // the run loop, which a resumed run() reaches after finishing this block.
  struct Suspended {
    Block* block = nullptr;
    bool cached = false;
    bool fetching = false;
    unsigned index = 0;
  };
  Suspended suspended_;
  bool debug_resumed_ = false;  // the next instruction offered is the one the run stopped at
  // run() takes its slow branch, leaving the untraced block loop as it is: --trace-exec,
  // a footprint being recorded, or instructions traced (update_slow_loop).
  bool slow_loop_ = false;
  void update_slow_loop() { slow_loop_ = tracer_ || footprint_ || trace_insns_; }
  Footprint* footprint_ = nullptr;
  u64 footprint_from_ = 0, footprint_tag_ = ~0ull;
  PendingFetches footprint_pending_;
  CpuTraceSink* trace_ = nullptr;  // --trace (set_trace_sink)
  bool trace_insns_ = false, trace_data_ = false;
  Cycles trace_t_ = 0;       // traced block: the cycle the current instruction began
  Cycles exception_at_ = 0;  // the cycle of the instruction raising an exception (for the trace)
  CpuStats stats_;
  CycleCauses stalls_;  // cycles by cause, all but Issue (advance)
};

}  // namespace emu

// R2000/R3000 core: reset, CP0 register semantics, exceptions, the run loop, and the slow
// memory paths. Instruction semantics are in ops.h / ops_cop.cpp, decoding in decoder.cpp.
// Sources: reference r3000-cpu.md (§4 delay slots, §6 exceptions, §7 CP0, §9 isolation,
// §13 reset), NetBSD cpuregs.h, MAME mips1.cpp, DuckStation cpu_core.cpp (load delay).
#include "emu/cpu/cpu.h"

#include <cstring>

#include "emu/cpu/decoder.h"
#include "emu/cpu/memory_access.h"

namespace emu {

using namespace cp0;

const char* cp0::exception_name(unsigned code) {
  static const char* const names[kExcCount] = {"Int", "Mod",  "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE",
                                               "Sys", "Bp",   "RI",   "CpU",  "Ov",   "exc13", "exc14", "exc15"};
  return code < kExcCount ? names[code] : "?";
}

Cpu::Cpu(PhysicalBus& bus, Scheduler& sched, CpuConfig cfg)
    : bus_(bus), sched_(sched), cfg_(cfg), fpu_(cfg.fcr0), mem_(cfg.icache_bytes, cfg.dcache_bytes) {
  timing_ = cfg.timing != nullptr;
  if (timing_) mem_.configure(*cfg.timing, cfg.cache_data);
  cfg_.timing = nullptr;  // the profile lives in mem_ from here on
  reset();
}

// The longest a run can go past its cycle limit: the length of one block, since run()
// stops at the first block boundary at or after the limit. A block has at most kMaxBlock
// instructions plus a delay slot, and ends after the instruction whose stalls take the
// block's total to kBlockStallLimit (retired()): so its stalls are at most
// kBlockStallLimit - 1 plus that last instruction's own, M. One instruction's fetch and
// data access together wait for at most one write-buffer drain (whichever comes first
// empties the buffer), so M <= drain + the slowest fetch + max(the slowest read + an FPA
// wait (LWC1/SWC1), a multiply-unit wait). An FPA register move (MFC1, MTC1, ...) may wait
// once more without ending the block, and an exception entry may follow.
Cycles Cpu::max_overshoot() const {
  constexpr u32 kBlock = Block::kMaxBlock + 1;
  if (!timing_) return kBlock;
  const TimingProfile& p = mem_.profile();
  u32 max_write = std::max(p.mem_write, p.mem_write_partial), max_read = std::max(p.mem_read, p.rom_read);
  for (const auto& d : p.devices) max_write = std::max(max_write, d.write), max_read = std::max(max_read, d.read);
  const u32 drain = p.write_buffer_depth * max_write;
  const u32 fetch = max_read + (p.iblock_words - 1) * p.mem_read_next;  // block refill, or uncached
  constexpr u32 kSlowestFpa = 19;                                        // DIV.D (Fpu::latency)
  const u32 m = drain + fetch + std::max(max_read + kSlowestFpa, std::max(p.mult, p.div));
  return kBlock + (kBlockStallLimit - 1) + m + kSlowestFpa + p.exception_entry;
}

Cpu::~Cpu() = default;

void Cpu::set_ram(u8* ram, u32 size) {
  ram_ = ram;
  ram_size_ = size;
  update_mode();
}

// Reset (§13): PC at the reset vector in kseg1, BEV set, kernel mode, interrupts off.
// Registers the hardware leaves undefined are zeroed so runs are repeatable.
void Cpu::reset() {
  std::memset(gpr_, 0, sizeof gpr_);
  hi_ = lo_ = 0;
  pc_ = kResetVector;
  ld_reg_ = ld_next_reg_ = 0;
  index_ = entry_lo_ = context_ = bad_vaddr_ = entry_hi_ = epc_ = 0;
  status_ = kBEV;
  cause_ = 0;
  random_epoch_ = sched_.now();
  tlb_.reset();
  fpu_.reset();
  delay_pending_ = false;
  halted_ = false;
  exit_status_ = 0;
  code_.clear();
  mem_.reset();
  hilo_ready_ = fpu_ready_ = 0;
  stop_after_ = false;
  suspended_ = {};
  debug_resumed_ = false;
  update_mode();
}

// ---- CP0 registers ----------------------------------------------------------------------

// Random counts down once per cycle from 63 to 8 and wraps (MAME computes the same from
// the cycle count); it reads as bits 13:8.
u32 Cpu::random_value() const {
  const u32 span = kRandomTop - kRandomWired + 1;
  return kRandomTop - u32((sched_.now() - random_epoch_) % span);
}

u32 Cpu::cp0(unsigned r) const {
  switch (r) {
    case kIndex: return index_;
    case kRandom: return random_value() << 8;
    case kEntryLo: return entry_lo_;
    case kContext: return context_;
    case kBadVAddr: return bad_vaddr_;
    case kEntryHi: return entry_hi_;
    case kStatus: return status_;
    case kCause: {
      u32 pins = hw_pins_ | (fpu_.interrupt_pending() ? 0x20u : 0u);
      return cause_ | (pins << 10);
    }
    case kEpc: return epc_;
    case kPrid: return cfg_.prid;
    default: return 0;  // registers the R3000 does not have
  }
}

void Cpu::set_cp0(unsigned r, u32 v) {
  switch (r) {
    case kIndex: index_ = (index_ & kIndexP) | (v & kIndexMask); break;
    case kEntryLo: entry_lo_ = v & kEntryLoMask; break;
    case kContext: context_ = (context_ & ~kContextPteBase) | (v & kContextPteBase); break;
    case kEntryHi: entry_hi_ = v & (kVpnMask | kPidMask); break;
    case kStatus:
      status_ = (status_ & ~kStatusWritable) | (v & kStatusWritable);
      update_mode();
      break;
    case kCause:
      cause_ = (cause_ & ~kCauseSwIp) | (v & kCauseSwIp);
      update_interrupt_pending();
      break;
    default: break;  // Random, BadVAddr, EPC, PRId are read-only; others do not exist
  }
}

void Cpu::update_interrupt_pending() {
  u32 ip = (cause_ & kCauseSwIp) | ((hw_pins_ | (fpu_.interrupt_pending() ? 0x20u : 0u)) << 10);
  interrupt_pending_ = (status_ & kIEc) && (ip & status_ & kImMask);
}

void Cpu::update_mode() {
  user_mode_ = status_ & kKUc;
  update_fast_ram_limit();
  // SwC swaps the roles of the two arrays (reference §9). A change of role must make
  // every block re-check the I-side array it now fetches through.
  CacheArray* iside = (status_ & kSwC) ? &mem_.dcache() : &mem_.icache();
  if (iside != iside_) {
    iside_ = iside;
    dside_ = (status_ & kSwC) ? &mem_.icache() : &mem_.dcache();
    mem_.icache().touch();
    mem_.dcache().touch();
  }
  update_interrupt_pending();
}

void Cpu::code_written(u32 pa, u32 len) {
  invalidate_code(pa, len);
  // The I-cache is not written by stores: a line holding this word is now stale.
  if (timing_) mem_.mark_stale(*iside_, pa, StaleCause::CodeWrite);
}

void Cpu::memory_written(u32 pa, u32 len) {
  invalidate_code(pa, len);
  if (timing_ && !cpu_bus_write_) mem_.memory_changed(pa, len, StaleCause::Dma);
  if (trace_ && !cpu_bus_write_) trace_->dma_write(sched_.now(), pa, len);
}

// ---- footprint of instruction fetch (cpu.h, set_footprint) ----------------------------------

// The running block's physical address: a block never crosses a page, and the TLB still
// maps it as it did when the block began.
bool Cpu::code_pa(u32 va, u32& pa, bool& cached) {
  pa = va & 0x1fffffffu;
  cached = (va >> 29) == 4;  // kseg0
  if ((va >> 30) == 2) return true;
  Tlb::Translation t;
  if (tlb_.translate(va, entry_hi_ & kPidMask, false, t) != Tlb::Result::Ok) return false;
  pa = t.pa;
  cached = t.cached;
  return true;
}

void Cpu::finish_pending_fetches() {
  const PendingFetches p = footprint_pending_;
  footprint_pending_.active = false;
  record_fetches(p.pa, p.cached, p.tag, stats_.instructions - p.tag + (stats_.faulted - p.faulted));
}

// An operation in a block (or stepped alone; stats_.instructions then counts the retired
// instructions before the block): the instructions before it, into what is open so far.
void Cpu::footprint_before_op(const DecodedInst& d) {
  u32 pa;
  bool cached;
  if (code_pa(block_va_, pa, cached)) record_fetches(pa, cached, stats_.instructions, d.offset / 4);
}

void Cpu::footprint_after_op(const DecodedInst& d, const Footprint* before) {
  footprint_tag_ = stats_.instructions;
  footprint_from_ = d.offset / 4 + 1;  // not the operation itself
  u32 pa;
  bool cached;
  if (!before && footprint_ && code_pa(block_va_, pa, cached))  // switched on: the block runs on unrecorded
    footprint_pending_ = PendingFetches{true, pa, cached, stats_.instructions, stats_.faulted};
}

void Cpu::hilo_wait(const DecodedInst& d) {
  const Cycles now = now_at(d);
  if (hilo_ready_ > now) {
    mem_.counters.hilo_stall_cycles += hilo_ready_ - now;
    stall(CycleCause::MulDiv, hilo_ready_ - now);
  }
}

void Cpu::fpu_wait(const DecodedInst& d) {
  const Cycles now = now_at(d);
  if (fpu_ready_ > now) {
    mem_.counters.fpu_stall_cycles += fpu_ready_ - now;
    stall(CycleCause::Fpa, fpu_ready_ - now);
  }
}

void Cpu::set_interrupt_pin(unsigned pin, bool level) {
  u32 m = 1u << pin;
  hw_pins_ = level ? (hw_pins_ | m) : (hw_pins_ & ~m);
  update_interrupt_pending();
}

// ---- exceptions ---------------------------------------------------------------------------

void Cpu::enter_exception(unsigned code, u32 epc, bool bd, unsigned ce, bool utlb) {
  // A load issued just before the faulting instruction still completes (DuckStation; the
  // R3000 pipeline has the value by then).
  if (ld_reg_) commit_pending_load();
  ld_next_reg_ = 0;
  cause_ = (cause_ & kCauseSwIp) | (bd ? kCauseBD : 0) | (ce << kCauseCEShift) | (code << kCauseExcShift);
  stop_after_ = false;  // a stall before the fault does not end the next instruction early
  if (timing_) {
    advance(CycleCause::Exception, mem_.profile().exception_entry);
    mem_.counters.exception_cycles += mem_.profile().exception_entry;
  }
  epc_ = epc;
  status_ = (status_ & ~0x3fu) | ((status_ << 2) & 0x3cu);  // push KU/IE, enter kernel mode
  update_mode();
  const bool bev = status_ & kBEV;
  pc_ = utlb ? (bev ? kUtlbVectorBev : kUtlbVector) : (bev ? kGeneralVectorBev : kGeneralVector);
  delay_pending_ = false;
  block_exit_retired_ = false;
  ++stats_.exceptions[code];
  if (utlb) ++stats_.utlb_misses;
  if (tracer_) tracer_->on_exception(epc, code, pc_);
  if (trace_) trace_->exception(exception_at_, code, epc, pc_, bad_vaddr_, utlb, bd);
}

void Cpu::raise(unsigned code, const DecodedInst& d, unsigned ce) {
  const bool bd = d.flags & kInDelaySlot;
  const u32 pc = inst_pc(d);
  exception_at_ = now_at(d);
  enter_exception(code, bd ? pc - 4 : pc, bd, ce, false);
}

void Cpu::raise_address(unsigned code, const DecodedInst& d, u32 badvaddr) {
  bad_vaddr_ = badvaddr;
  raise(code, d);
}

void Cpu::raise_tlb(unsigned code, const DecodedInst& d, u32 badvaddr, bool utlb) {
  bad_vaddr_ = badvaddr;
  entry_hi_ = (entry_hi_ & kPidMask) | (badvaddr & kVpnMask);
  context_ = (context_ & kContextPteBase) | ((badvaddr >> 10) & kContextBadVpn);
  const bool bd = d.flags & kInDelaySlot;
  const u32 pc = inst_pc(d);
  exception_at_ = now_at(d);
  enter_exception(code, bd ? pc - 4 : pc, bd, 0, utlb);
}

// ---- slow memory paths ----------------------------------------------------------------------

// Make the scheduler's clock exact for instruction d (time is otherwise added per block),
// and let due device events happen before the access observes the device.
void Cpu::sync_time(const DecodedInst& d) {
  const unsigned idx = d.offset / 4;
  if (idx > accounted_) {
    advance(CycleCause::Issue, idx - accounted_);
    accounted_ = idx;
  }
  if (sched_.now() >= sched_.next_event()) sched_.run_due();
}

u32 Cpu::isolated_load(u32 pa, unsigned size) {
  CacheArray& c = data_side_cache();
  // CM reports whether the tag matched (NetBSD: "most recent D-cache load resulted in a miss").
  if (c.hit(pa)) status_ &= ~kCM;
  else status_ |= kCM;
  const u32 w = c.data(pa);
  const unsigned shift = (pa & 3) * 8;
  return size == 4 ? w : (w >> shift) & ((1u << (size * 8)) - 1);
}

// With the cache isolated, a full-word store writes data and tag (valid); a partial-word
// store invalidates the line — the idiom every DECstation OS uses to flush (§9). The
// written line differs from memory (the coherence checker knows it as stale).
void Cpu::isolated_store(u32 pa, unsigned size, u32 value) {
  CacheArray& c = data_side_cache();
  if (size == 4) mem_.isolated_write(c, pa, value);
  else c.invalidate(pa);
}

// Everything that is not RAM reached through the fast path: isolated caches, then the bus
// (devices, the boot ROM, buffer RAMs). With timing, a bus read waits for the write
// buffer to empty and then takes the region's latency (emu/timing/timing_profile.cpp).
bool Cpu::load_slow(u32 pa, unsigned size, const DecodedInst& d, u32& value, bool cached) {
  if (status_ & kIsC) {
    value = isolated_load(pa, size);
    return true;
  }
  if (pa < ram_size_) {  // the fast path is off: a footprint is being recorded
    if (footprint_ && cached) footprint_->data(pa);
    if (timing_) {  // as load() does
      if (!cached || !dside_->clean_hit(pa)) return load_ram_timed(pa, size, d, value, cached);
      ++mem_.counters.dload_cached;
    }
    value = 0;
    std::memcpy(&value, ram_ + pa, size);
    return true;
  }
  if (timing_) {
    const PhysicalBus::Region* r = bus_.region_at(pa);
    const u32 lat = r ? r->latency.read : 0;
    ++mem_.counters.device_reads;
    mem_.counters.device_cycles += lat;
    stall(CycleCause::WbDrain, mem_.read_after_drain(now_at(d), 0).drain);
    sync_time(d);
    if (!bus_.read(pa, size, value)) {
      raise(kDbe, d);
      return false;
    }
    if (trace_) trace_->device_access(sched_.now(), pa, size, value, false);
    stall(CycleCause::Device, lat);
    return true;
  }
  sync_time(d);
  if (!bus_.read(pa, size, value)) {
    raise(kDbe, d);
    return false;
  }
  if (trace_) trace_->device_access(sched_.now(), pa, size, value, false);
  return true;
}

bool Cpu::store_slow(u32 pa, unsigned size, const DecodedInst& d, u32 value, bool cached) {
  if (status_ & kIsC) {
    isolated_store(pa, size, value);
    return true;
  }
  if (pa < ram_size_) {  // the fast path is off: a footprint is being recorded
    if (footprint_ && cached) footprint_->data(pa);
    std::memcpy(ram_ + pa, &value, size);
    if (code_.page_has_code(pa)) code_written(pa, size);
    if (timing_) {  // as store() does
      if (size == 4) store_ram_timed<4>(pa, d, value, cached);
      else if (size == 2) store_ram_timed<2>(pa, d, value, cached);
      else store_ram_timed<1>(pa, d, value, cached);
    }
    return true;
  }
  sync_time(d);
  if (timing_) {
    const PhysicalBus::Region* r = bus_.region_at(pa);
    ++mem_.counters.device_writes;
    stall(CycleCause::WbFull, mem_.store(now_at(d), r ? r->latency.write : 0));
  }
  if (trace_) trace_->device_access(sched_.now(), pa, size, value, true);
  cpu_bus_write_ = true;
  const bool ok = bus_.write(pa, size, value);
  cpu_bus_write_ = false;
  if (!ok) {
    if (write_error_handler_) {
      write_error_handler_(pa);
      return true;
    }
    raise(kDbe, d);
    return false;
  }
  return true;
}

// SWL/SWR. The R3000 issues them as a partial-word store (byte enables) of the aligned
// word, so the cache and write buffer treat them as SB/SH do unless all four bytes are
// written.
bool Cpu::store_masked(u32 va_aligned, u32 va, const DecodedInst& d, u32 value, u32 mask) {
  // Translate the unaligned address itself: same page as va_aligned, and an address or
  // TLB exception must report it in BadVAddr (reference §6.3; MAME does the same).
  (void)va_aligned;
  u32 pa;
  bool cached;
  if (!translate(va, true, d, pa, cached)) return false;
  pa &= ~3u;
  if (pa < fast_ram_limit_ || (footprint_ && pa < ram_size_ && !(status_ & kIsC))) {
    if (footprint_ && cached) footprint_->data(pa);
    u32 old;
    std::memcpy(&old, ram_ + pa, 4);
    const u32 merged = (old & ~mask) | (value & mask);
    std::memcpy(ram_ + pa, &merged, 4);
    if (code_.page_has_code(pa)) code_written(pa, 4);
    if (timing_) {
      const bool full = mask == 0xffffffffu;
      if (cached) {
        ++mem_.counters.dstore_cached;
        if (full || dside_->clean_hit(pa)) dside_->fill(pa, merged);  // the line equals memory
        else if (dside_->stale_hit(pa)) dside_->merge_masked(pa, mask, value);
        else dside_->invalidate(pa);  // partial-word store miss: as SB/SH (memory_access.h)
      } else {
        ++mem_.counters.dstore_uncached;
        mem_.mark_stale(*dside_, pa, StaleCause::UncachedStore);
      }
      stall(CycleCause::WbFull, mem_.store(now_at(d), mem_.ram_write_cost(full ? 4 : 1)));
    }
    return true;
  }
  if (mask == 0xffffffffu) return store_slow(pa, 4, d, value, cached);
  if (status_ & kIsC) {
    isolated_store(pa, 1, 0);  // a partial-word store: invalidates the line
    return true;
  }
  // Read-modify-write of the aligned word. On a device this is two bus accesses — the
  // real CPU issues a byte-enable write instead; no DECstation driver uses SWL/SWR on
  // device registers.
  u32 old;
  if (pa < ram_size_) {
    std::memcpy(&old, ram_ + pa, 4);
  } else {
    sync_time(d);
    if (!bus_.read(pa, 4, old)) {
      // Nothing there: this is a store to nothing, handled like any other store.
      if (write_error_handler_) {
        write_error_handler_(pa);
        return true;
      }
      raise(kDbe, d);
      return false;
    }
  }
  return store_slow(pa, 4, d, (old & ~mask) | (value & mask), cached);
}

}  // namespace emu

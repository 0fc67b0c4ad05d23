// One machine's cycle trace (--trace FILE; --node K:trace=FILE for machine K of a linked
// run): turns what the CPU reports (emu/cpu/trace_sink.h), the guest's markers and the
// Ethernet frames into records of the trace file (trace_writer.h), and switches tracing
// on and off by --trace-start / --trace-stop and the size cap.
//
// Cycle accounting: each instruction is charged one issue cycle (END) plus the stall cycles
// the CPU charged it (STALL: the difference of the CPU's per-cause counters across it);
// cycles between instructions (an interrupt's entry) go to CYCLES. COUNTERS snapshots, taken
// at block boundaries while instructions are traced, bracket the trace, so the records'
// cycles sum exactly to the difference of the two snapshots.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "emu/cpu/trace_sink.h"
#include "emu/net/ethernet.h"
#include "emu/sched/scheduler.h"
#include "emu/trace/trace_options.h"
#include "emu/trace/trace_writer.h"

namespace emu {
class Machine;
}

namespace emu::trace {

class MachineTracer final : public CpuTraceSink {
 public:
  // `out` is the opened output (the session opens outputs before machines are built);
  // `node` the machine's number in this process, `argv` the command line for the header.
  MachineTracer(Machine& m, std::unique_ptr<OutputFile> out, const TraceOptions& opt, unsigned node,
                const std::vector<std::string>& argv, const std::string& message_prefix);
  ~MachineTracer() override;

  // Guest emulator operations (Machine::set_emu_op_listener): regions, markers, contexts.
  void on_emu_op(unsigned op, u32 value);
  // Frames of this machine's LANCE: sent (preamble start) and received (last bit).
  void frame_sent(const net::Frame& f, Cycles start);
  void frame_received(const net::Frame& f, Cycles at, net::Picos ps);
  // The run ended in order: the last records, the index; the file is put in place.
  void finish();

  // CpuTraceSink
  void block_begin(u32 va, u32 pa, bool cached, Cycles now, const CycleCauses& stalls) override;
  void mem_access(unsigned k, u32 va, u32 pa, unsigned log2size, bool store, bool cached) override;
  void stalled(unsigned k, const CycleCauses& stalls) override;
  void block_end(unsigned n, bool faulted, Cycles now) override;
  void fetch_fault(u32 va, Cycles now, const CycleCauses& stalls) override;
  void exception(Cycles at, unsigned code, u32 epc, u32 vector, u32 badvaddr, bool utlb, bool delay_slot) override;
  void tlb_write(Cycles at, unsigned index, u32 entry_hi, u32 entry_lo) override;
  void device_access(Cycles at, u32 pa, unsigned size, u32 value, bool write) override;
  void dma_write(Cycles at, u32 pa, u32 len) override;

 private:
  void block_record(Cycles t, u32 va, u32 pa);  // writes a BLOCK record
  enum class State { Waiting, Starting, Active, Done };
  bool has(EventClass c) const { return opt_.classes & class_bit(c); }
  bool recording(EventClass c) const { return state_ == State::Active && has(c); }
  Encoder header() const;
  // Start now (`retired` instructions retired), or at the next block when instructions are
  // traced, so that the first snapshot is taken at a block boundary.
  void start(u64 retired);
  void begin_recording(u64 retired);
  void request_stop(NoteWhat why);
  void stop(NoteWhat why, CountersWhat what, u64 retired);
  void counters(CountersWhat what, u64 retired);
  void note(NoteWhat what, const std::string& text);
  void charge(unsigned k, bool in_block, const CycleCauses& stalls, Cycles at);
  void boundary(bool in_cpu_block);

  Machine& m_;
  TraceOptions opt_;
  std::string prefix_;  // "emu: --trace FILE: " for messages
  std::unique_ptr<TraceWriter> w_;
  State state_ = State::Waiting;
  bool stop_pending_ = false;
  NoteWhat stop_why_ = NoteWhat::Stopped;
  Event start_event_, stop_event_;
  // Instruction records.
  bool in_block_ = false;
  Cycles t_end_ = 0;        // where the last block ended
  CycleCauses snap_;        // stall counters already charged
  u32 va_ = 0, va_pa_ = 0, mem_va_ = 0, mem_va_pa_ = 0;  // predictions (reset per chunk)
  u32 block_pa_ = 0;
  bool block_cached_ = true;
  int mem_k_ = -1;          // the block's last data access: instruction, pa, cached
  u32 mem_pa_ = 0;
  bool mem_cached_ = true;
};

// Wraps a machine's Ethernet port so that sent frames reach the trace.
class TracingPort final : public net::EthernetPort {
 public:
  TracingPort(net::EthernetPort& inner, MachineTracer& t) : inner_(inner), t_(t) {}
  void transmit(const net::Frame& f, Cycles start) override {
    t_.frame_sent(f, start);
    inner_.transmit(f, start);
  }

 private:
  net::EthernetPort& inner_;
  MachineTracer& t_;
};

}  // namespace emu::trace

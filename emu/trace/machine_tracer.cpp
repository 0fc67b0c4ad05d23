#include "emu/trace/machine_tracer.h"

#include <zlib.h>

#include <cstdio>

#include "devices/board/esar.h"
#include "emu/cpu/instruction.h"
#include "emu/machine/machine.h"

namespace emu::trace {

namespace {

std::string mac_text(const Esar::Mac& m) {
  char s[18];
  std::snprintf(s, sizeof s, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
  return s;
}

}  // namespace

MachineTracer::MachineTracer(Machine& m, std::unique_ptr<OutputFile> out, const TraceOptions& opt, unsigned node,
                             const std::vector<std::string>& argv, const std::string& message_prefix)
    : m_(m),
      opt_(opt),
      prefix_(message_prefix),
      start_event_("trace-start", [this] { start(m_.cpu().stats().instructions); }),
      stop_event_("trace-stop", [this] { request_stop(NoteWhat::Stopped); }) {
  Encoder h = header();
  {
    Encoder f;
    f.uv(node);
    f.uv(m.options().instance);
    f.str(mac_text(m.esar().mac()));
    h.field(Tag::Node, f);
  }
  for (const auto& a : argv) h.field(Tag::Argv, Encoder(a));
  w_ = std::make_unique<TraceWriter>(std::move(out), h);
  if (opt_.max_bytes) w_->set_chunk_target(u32(std::min<u64>(kChunkTarget, std::max<u64>(4096, opt_.max_bytes / 8))));

  Scheduler& s = m_.scheduler();
  using K = TraceCondition::Kind;
  if (opt_.start.kind == K::None || (opt_.start.kind == K::Cycle && opt_.start.value <= s.now()))
    start(m_.cpu().stats().instructions);
  else if (opt_.start.kind == K::Cycle)
    s.schedule_at(start_event_, opt_.start.value);
  if (opt_.stop.kind == K::Cycle) s.schedule_at(stop_event_, std::max(opt_.stop.value, s.now()));
}

MachineTracer::~MachineTracer() {
  m_.cpu().set_trace_sink(nullptr, false, false);
  m_.scheduler().cancel(start_event_);
  m_.scheduler().cancel(stop_event_);
}

Encoder MachineTracer::header() const {
  Encoder h;
  auto uv_field = [&](Tag t, u64 v) {
    Encoder f;
    f.uv(v);
    h.field(t, f);
  };
  const auto bytes = [](const std::string& s) { return Encoder(s); };
  h.field(Tag::Machine, bytes(m_.profile().name));
  uv_field(Tag::CpuHz, m_.profile().cpu_hz);
  uv_field(Tag::Timing, m_.timing());
  const TimingProfile& t = m_.timing_profile();
  const std::pair<const char*, u32> params[] = {
      {"mem_read", t.mem_read}, {"mem_read_next", t.mem_read_next}, {"iblock_words", t.iblock_words},
      {"mem_write", t.mem_write}, {"mem_write_partial", t.mem_write_partial}, {"rom_read", t.rom_read},
      {"write_buffer_depth", t.write_buffer_depth}, {"mult", t.mult}, {"div", t.div},
      {"exception_entry", t.exception_entry}};
  auto param = [&](const std::string& name, u64 v) {
    Encoder f;
    f.str(name);
    f.uv(v);
    h.field(Tag::TimingParam, f);
  };
  for (const auto& [name, v] : params) param(name, v);
  for (const auto& d : t.devices) {
    param(std::string(d.region) + ".read", d.read);
    param(std::string(d.region) + ".write", d.write);
  }
  uv_field(Tag::Classes, opt_.classes);
  for (const auto& c : kCycleCauses) h.field(Tag::Cause, bytes(c.name));
  if (const LoadedImage* k = m_.kernel()) {
    Encoder f;
    f.str(k->path);
    f.uv(k->entry);
    f.uv(k->symbols.size());
    for (const auto& s : k->symbols) {
      f.uv(s.value);
      f.uv(s.size);
      f.byte(s.is_function ? 1 : 0);
      f.str(s.name);
    }
    h.field(Tag::Image, f);
  }
  if (opt_.start.kind != TraceCondition::Kind::None) h.field(Tag::Start, bytes(opt_.start.text));
  if (opt_.stop.kind != TraceCondition::Kind::None) h.field(Tag::Stop, bytes(opt_.stop.text));
  return h;
}

// ---- switching on and off ----------------------------------------------------------------

void MachineTracer::start(u64 retired) {
  if (state_ != State::Waiting) return;
  if (has(EventClass::Insn)) {
    // The first block_begin takes the snapshot: a block boundary, where it is exact.
    state_ = State::Starting;
    m_.cpu().set_trace_sink(this, true, has(EventClass::Mem) || has(EventClass::Cache));
  } else {
    begin_recording(retired);
    m_.cpu().set_trace_sink(this, false, false);
  }
}

void MachineTracer::begin_recording(u64 retired) {
  state_ = State::Active;
  snap_ = m_.cpu().cycle_causes(retired);
  snap_[CycleCause::Issue] = 0;
  t_end_ = m_.cpu().cycles();
  counters(CountersWhat::Start, retired);
}

// From an event or a marker: inside a traced block the stop waits for the block's end.
void MachineTracer::request_stop(NoteWhat why) {
  if (state_ == State::Waiting) {
    state_ = State::Done;  // stopped before it started: nothing is recorded
    return;
  }
  if (state_ == State::Done) return;
  if (in_block_ || state_ == State::Starting) {
    stop_pending_ = true;
    stop_why_ = why;
    return;
  }
  stop(why, CountersWhat::Stop, m_.cpu().stats().instructions);
}

void MachineTracer::stop(NoteWhat why, CountersWhat what, u64 retired) {
  if (state_ == State::Starting) begin_recording(retired);  // an empty trace, but a valid one
  counters(what, retired);
  note(why, why == NoteWhat::SizeCap     ? "the size cap was reached"
            : why == NoteWhat::RunEnded ? "the run ended"
                                         : "--trace-stop " + opt_.stop.text);
  state_ = State::Done;
  stop_pending_ = false;
  m_.cpu().set_trace_sink(nullptr, false, false);
}

void MachineTracer::finish() {
  Cpu& cpu = m_.cpu();
  if (state_ == State::Active || state_ == State::Starting) stop(NoteWhat::RunEnded, CountersWhat::RunEnd, cpu.stats().instructions);
  else if (state_ == State::Waiting) note(NoteWhat::RunEnded, "the run ended before --trace-start " + opt_.start.text);
  state_ = State::Done;
  cpu.set_trace_sink(nullptr, false, false);
  w_->finish(cpu.stats().instructions);
}

void MachineTracer::counters(CountersWhat what, u64 retired) {
  const Cpu& cpu = m_.cpu();
  const CycleCauses c = cpu.cycle_causes(retired);
  Encoder& e = w_->begin_record(RecordType::Counters);
  w_->stamp(c.total());  // the snapshot's own time: exact at a block boundary
  e.byte(u8(what));
  e.uv(retired);
  e.uv(cpu.stats().faulted);
  e.uv(kCycleCauseCount);
  for (u64 v : c.cycles) e.uv(v);
}

void MachineTracer::note(NoteWhat what, const std::string& text) {
  Encoder& e = w_->begin_record(RecordType::Note);
  w_->stamp(m_.cpu().cycles());
  e.byte(u8(what));
  e.str(text);
}

// Before a record outside a block: the chunk may end here, and the size cap is looked at.
// `in_cpu_block`: called as a traced block begins, when the CPU needs the sink until the
// block's end (the stop then waits for block_end).
void MachineTracer::boundary(bool in_cpu_block) {
  if (in_block_ || state_ != State::Active) return;
  if (w_->boundary(m_.cpu().stats().instructions)) va_ = va_pa_ = mem_va_ = mem_va_pa_ = 0;
  if (opt_.max_bytes && w_->file_bytes() >= opt_.max_bytes && !stop_pending_) {
    std::fprintf(stderr, "%sreached --trace-max-bytes %llu at cycle %llu; the run goes on untraced\n",
                 prefix_.c_str(), (unsigned long long)opt_.max_bytes, (unsigned long long)m_.cpu().cycles());
    if (in_cpu_block) {
      stop_pending_ = true;
      stop_why_ = NoteWhat::SizeCap;
    } else {
      stop(NoteWhat::SizeCap, CountersWhat::Stop, m_.cpu().stats().instructions);
    }
  }
}

// ---- instructions ----------------------------------------------------------------------------

// The stall cycles charged since the last snapshot: to instruction k of the open block, or
// (not in a block) to no instruction.
void MachineTracer::charge(unsigned k, bool in_block, const CycleCauses& stalls, Cycles at) {
  for (unsigned c = 1; c < kCycleCauseCount; ++c) {
    const u64 d = stalls.cycles[c] - snap_.cycles[c];
    if (!d) continue;
    snap_.cycles[c] = stalls.cycles[c];
    if (in_block) {
      Encoder& e = w_->begin_record(RecordType::Stall);
      e.uv(k);
      e.byte(u8(c));
      e.uv(d);
      if (!has(EventClass::Cache)) continue;
      int kind = -1;
      u32 pa = block_pa_ + 4 * k;
      if (CycleCause(c) == CycleCause::ICacheRefill) kind = int(CacheKind::IRefill);
      else if (CycleCause(c) == CycleCause::DCacheMiss && mem_k_ == int(k)) kind = int(CacheKind::DMiss), pa = mem_pa_;
      else if (CycleCause(c) == CycleCause::Uncached && mem_k_ == int(k) && !mem_cached_) kind = int(CacheKind::UncachedLoad), pa = mem_pa_;
      else if (CycleCause(c) == CycleCause::Uncached && !block_cached_) kind = int(CacheKind::UncachedFetch);
      if (kind < 0) continue;
      Encoder& ce = w_->begin_record(RecordType::Cache);
      ce.uv(k);
      ce.byte(u8(kind));
      ce.uv(pa);
    } else {
      Encoder& e = w_->begin_record(RecordType::Cycles);
      w_->stamp(at);
      e.byte(u8(c));
      e.uv(d);
    }
  }
}

// A BLOCK record (traces/README.md): the block's first instruction, va and pa as deltas
// from the previous block's; the one place that writes one.
void MachineTracer::block_record(Cycles t, u32 va, u32 pa) {
  boundary(true);
  Encoder& e = w_->begin_record(RecordType::Block);
  w_->stamp(t);
  e.sv(s32(va - va_));
  e.sv(s32((va - pa) - va_pa_));
  va_ = va;
  va_pa_ = va - pa;
  block_pa_ = pa;
}

void MachineTracer::block_begin(u32 va, u32 pa, bool cached, Cycles now, const CycleCauses& stalls) {
  if (state_ == State::Starting) begin_recording(m_.cpu().stats().instructions);
  if (state_ != State::Active) return;
  if (now != t_end_) charge(0, false, stalls, t_end_);
  block_record(now, va, pa);
  block_cached_ = cached;
  mem_k_ = -1;
  in_block_ = true;
}

void MachineTracer::mem_access(unsigned k, u32 va, u32 pa, unsigned log2size, bool store, bool cached) {
  if (!in_block_) return;
  mem_k_ = int(k);
  mem_pa_ = pa;
  mem_cached_ = cached;
  if (!has(EventClass::Mem)) return;
  Encoder& e = w_->begin_record(RecordType::Mem);
  e.uv(k);
  e.byte(u8(log2size | (store ? kMemStore : 0) | (cached ? 0 : kMemUncached)));
  e.sv(s32(va - mem_va_));
  e.sv(s32((va - pa) - mem_va_pa_));
  mem_va_ = va;
  mem_va_pa_ = va - pa;
}

void MachineTracer::stalled(unsigned k, const CycleCauses& stalls) {
  if (in_block_) charge(k, true, stalls, 0);
}

void MachineTracer::block_end(unsigned n, bool faulted, Cycles now) {
  if (!in_block_) return;
  Encoder& e = w_->begin_record(RecordType::End);
  e.uv(n);
  e.byte(faulted ? kEndFaulted : 0);
  in_block_ = false;
  t_end_ = now;
  if (stop_pending_) stop(stop_why_, CountersWhat::Stop, m_.cpu().stats().instructions);
}

void MachineTracer::fetch_fault(u32 va, Cycles now, const CycleCauses& stalls) {
  if (state_ == State::Starting) {
    // Not a block boundary yet (the fetch's cycle is already charged): wait for one.
    return;
  }
  if (state_ != State::Active) return;
  block_record(t_end_, va, kUnmappedPa);
  in_block_ = true;
  charge(0, true, stalls, 0);
  block_end(1, true, now);
}

// ---- events ------------------------------------------------------------------------------------

void MachineTracer::exception(Cycles at, unsigned code, u32 epc, u32 vector, u32 badvaddr, bool utlb, bool delay_slot) {
  if (!recording(EventClass::Exc)) return;
  boundary(false);
  if (state_ != State::Active) return;
  Encoder& e = w_->begin_record(RecordType::Exc);
  w_->stamp(at);
  e.byte(u8(code));
  e.byte(u8((utlb ? kExcUtlb : 0) | (delay_slot ? kExcDelaySlot : 0)));
  e.uv(epc);
  e.uv(vector);
  e.uv(badvaddr);
}

void MachineTracer::tlb_write(Cycles at, unsigned index, u32 entry_hi, u32 entry_lo) {
  if (!recording(EventClass::Tlb)) return;
  boundary(false);
  if (state_ != State::Active) return;
  Encoder& e = w_->begin_record(RecordType::Tlbw);
  w_->stamp(at);
  e.byte(u8(index));
  e.uv(entry_hi);
  e.uv(entry_lo);
}

void MachineTracer::device_access(Cycles at, u32 pa, unsigned size, u32 value, bool write) {
  if (!recording(EventClass::Dev)) return;
  boundary(false);
  if (state_ != State::Active) return;
  Encoder& e = w_->begin_record(RecordType::Dev);
  w_->stamp(at);
  e.byte(u8((size == 1 ? 0 : size == 2 ? 1 : 2) | (write ? kDevWrite : 0)));
  e.uv(pa);
  e.uv(value);
}

void MachineTracer::dma_write(Cycles at, u32 pa, u32 len) {
  if (!recording(EventClass::Dev)) return;
  boundary(false);
  if (state_ != State::Active) return;
  Encoder& e = w_->begin_record(RecordType::Dma);
  w_->stamp(at);
  e.uv(pa);
  e.uv(len);
}

void MachineTracer::on_emu_op(unsigned op, u32 value) {
  using K = TraceCondition::Kind;
  const bool is_region = op == mips::kEmuRegionBegin || op == mips::kEmuRegionEnd;
  const bool is_marker = op == mips::kEmuMarker;
  const u64 retired = m_.cpu().instret_at_op();
  if (state_ == State::Waiting && ((opt_.start.kind == K::Region && op == mips::kEmuRegionBegin) ||
                                   (opt_.start.kind == K::Marker && is_marker)) &&
      value == opt_.start.value) {
    start(retired);
    // Started inside a block with instructions traced: the marker belongs to the untraced
    // block, before the trace begins.
  }
  const Cycles now = m_.cpu().cycles();
  if (!in_block_ && (is_region || is_marker || op == mips::kEmuContext)) boundary(false);
  if (is_region && recording(EventClass::Region)) {
    Encoder& e = w_->begin_record(RecordType::Region);
    w_->stamp(now);
    e.byte(op == mips::kEmuRegionEnd ? 1 : 0);
    e.uv(value);
  } else if (is_marker && recording(EventClass::Region)) {
    Encoder& e = w_->begin_record(RecordType::Marker);
    w_->stamp(now);
    e.uv(value);
  } else if (op == mips::kEmuContext && recording(EventClass::Context)) {
    Encoder& e = w_->begin_record(RecordType::Context);
    w_->stamp(now);
    e.uv(value);
  }
  if ((state_ == State::Active || state_ == State::Starting) &&
      ((opt_.stop.kind == K::Region && op == mips::kEmuRegionEnd) || (opt_.stop.kind == K::Marker && is_marker)) &&
      value == opt_.stop.value) {
    if (!in_block_ && state_ == State::Active) stop(NoteWhat::Stopped, CountersWhat::Stop, retired);
    else request_stop(NoteWhat::Stopped);
  }
}

void MachineTracer::frame_sent(const net::Frame& f, Cycles start) {
  if (!recording(EventClass::Net)) return;
  boundary(false);
  if (state_ != State::Active) return;
  Encoder& e = w_->begin_record(RecordType::Frame);
  w_->stamp(start);
  e.byte(u8(FrameDir::Sent));
  e.uv(net::cycles_to_ps(start, m_.profile().cpu_hz));
  e.uv(f.bytes.size());
  u8 c[4];
  put_le<u32>(c, u32(::crc32(0, f.bytes.data(), uInt(f.bytes.size()))));
  e.raw(c, 4);
  const size_t n = std::min(f.bytes.size(), kFrameHeadBytes);
  e.uv(n);
  e.raw(f.bytes.data(), n);
}

void MachineTracer::frame_received(const net::Frame& f, Cycles at, net::Picos ps) {
  if (!recording(EventClass::Net)) return;
  boundary(false);
  if (state_ != State::Active) return;
  Encoder& e = w_->begin_record(RecordType::Frame);
  w_->stamp(at);
  e.byte(u8(FrameDir::Received));
  e.uv(ps);
  e.uv(f.bytes.size());
  u8 c[4];
  put_le<u32>(c, u32(::crc32(0, f.bytes.data(), uInt(f.bytes.size()))));
  e.raw(c, 4);
  const size_t n = std::min(f.bytes.size(), kFrameHeadBytes);
  e.uv(n);
  e.raw(f.bytes.data(), n);
}

}  // namespace emu::trace

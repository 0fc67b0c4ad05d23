// Test rig for the Am7990 LANCE model: a scheduler, an IRQ line, a buffer-memory adapter
// and a fake Ethernet port, driven the way the NetBSD am7990 and Linux declance drivers do
// (am7990-lance.md §8): STOP; build the init block and rings in buffer memory through the
// CPU window; load CSR1-3; INIT; wait for IDON; ack; STRT|INEA; queue frames with OWN last
// and TDMD.
//
// Register values and bit positions below are written out from the reference (§2-§6), not
// taken from the model's constants, so a wrong constant in the model shows up as a failure.
#pragma once
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "devices/lance/am7990.h"
#include "devices/lance/kn01_lance_buffer.h"
#include "devices/lance/main_memory_dma.h"
#include "devices/lance/pmad_buffer.h"
#include "emu/mem/physical_bus.h"

namespace lance_test {

using namespace emu;

constexpr u32 RDP = 0x0, RAP = 0x4;
// CSR0
constexpr u16 ERR = 0x8000, BABL = 0x4000, CERR = 0x2000, MISS = 0x1000, MERR = 0x0800,
              RINT = 0x0400, TINT = 0x0200, IDON = 0x0100, INTR = 0x0080, INEA = 0x0040,
              RXON = 0x0020, TXON = 0x0010, TDMD = 0x0008, STOP = 0x0004, STRT = 0x0002,
              INIT = 0x0001;
// MODE
constexpr u16 PROM = 0x8000, INTL = 0x0040, DRTY = 0x0020, COLL = 0x0010, DTCR = 0x0008,
              LOOP = 0x0004, DTX = 0x0002, DRX = 0x0001;
// RMD1 / TMD1
constexpr u16 OWN = 0x8000, DERR = 0x4000, FRAM = 0x2000, OFLO = 0x1000, CRC = 0x0800,
              RBUFF = 0x0400, STP = 0x0200, ENP = 0x0100;
constexpr u16 MORE = 0x1000, ONE = 0x0800, DEF = 0x0400;
// TMD3
constexpr u16 TBUFF = 0x8000, UFLO = 0x4000, LCOL = 0x1000, LCAR = 0x0800, RTRY = 0x0400;

constexpr u64 kHz = 25'000'000;  // KN02 CPU clock: one cycle = 40 ns
constexpr net::Picos kUs = 1'000'000;

// Buffer-memory layout in LANCE address space (init block at 0, as both drivers do).
constexpr u32 kInitAddr = 0x0000, kRxRing = 0x0100, kTxRing = 0x0200;
constexpr u32 kRxBufs = 0x1000, kTxBufs = 0x8000, kBufStride = 0x600;

// Bitwise CRC-32 (independent of the model's table-driven one).
inline u32 ref_fcs(const std::vector<u8>& b, std::size_t n) {
  u32 c = 0xffffffffu;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= b[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ ((c & 1) ? 0xedb88320u : 0);
  }
  return ~c;
}
inline void append_fcs(std::vector<u8>& b) {
  const u32 c = ref_fcs(b, b.size());
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<u8>(c >> (8 * i)));
}

const std::vector<u8> kStation = {0x08, 0x00, 0x2b, 0x11, 0x22, 0x33};
const std::vector<u8> kPeer = {0x08, 0x00, 0x2b, 0x44, 0x55, 0x66};
const std::vector<u8> kBroadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// DA, SA = kPeer, then a pattern up to `len` bytes (DA..data, no FCS).
inline std::vector<u8> payload(const std::vector<u8>& da, std::size_t len, u8 seed = 1) {
  std::vector<u8> b(da);
  b.insert(b.end(), kPeer.begin(), kPeer.end());
  while (b.size() < len) b.push_back(static_cast<u8>(seed + 13 * b.size()));
  b.resize(len);
  return b;
}
// A frame as it arrives from the wire: payload + correct FCS.
inline net::Frame wire_frame(const std::vector<u8>& da, std::size_t len_with_fcs, u8 seed = 1) {
  net::Frame f{payload(da, len_with_fcs - 4, seed)};
  append_fcs(f.bytes);
  return f;
}

struct FakePort : net::EthernetPort {
  struct Sent {
    net::Frame frame;
    Cycles start;
  };
  std::vector<Sent> sent;
  void transmit(const net::Frame& f, Cycles start) override { sent.push_back({f, start}); }
};

enum class Board { kPmad, kKn01, kMainMemory };

struct Config {
  unsigned rx_log2 = 3, tx_log2 = 3;
  unsigned rx_buf = kBufStride;
  u16 mode = 0;
  std::vector<u8> padr = kStation;
  u64 ladrf = 0;
  bool give_rx = true;
};

struct Rig {
  static constexpr u32 kDmaBase = 0x00100000;  // main-memory window (Board::kMainMemory)

  Scheduler sched;
  IrqLine irq;
  std::vector<Cycles> irq_edges;  // every change of the line
  PmadBuffer pmad;
  Kn01LanceBuffer kn01;
  PhysicalBus bus;
  std::vector<u8> ram = std::vector<u8>(0x200000, 0);
  MainMemoryDma dma;
  Board board;
  std::unique_ptr<Am7990> lance;
  FakePort port;
  Config cfg;
  unsigned next_tx = 0;

  explicit Rig(Board b = Board::kPmad, u64 hz = kHz, u64 seed = 1,
               u64 word_ns = kDefaultLanceWordNs)
      : pmad(word_ns), kn01(word_ns), dma(bus, kDmaBase, MainMemoryDma::Layout::kContiguous, word_ns),
        board(b) {
    hz_ = hz;
    bus.map_memory("ram", 0, static_cast<u32>(ram.size()), ram.data(), true);
    irq.connect([this](bool) { irq_edges.push_back(sched.now()); });
    lance = std::make_unique<Am7990>(sched, irq, hz, memory(), seed);
    lance->attach_port(&port);
  }
  LanceMemory& memory() {
    if (board == Board::kKn01) return kn01;
    if (board == Board::kMainMemory) return dma;
    return pmad;
  }
  net::Picos W() { return memory().word_ps(); }
  u64 hz() const { return hz_; }
  u64 hz_ = kHz;

  // --- registers, through the device interface as the CPU sees it
  void wr(u32 off, u16 v) { REQUIRE(lance->write(off, 2, v)); }
  u16 rd(u32 off) {
    u32 v = 0xdeadbeef;
    REQUIRE(lance->read(off, 2, v));
    REQUIRE(v <= 0xffff);
    return static_cast<u16>(v);
  }
  void wcsr(u16 n, u16 v) {
    wr(RAP, n);
    wr(RDP, v);
  }
  u16 rcsr(u16 n) {
    wr(RAP, n);
    return rd(RDP);
  }
  u16 csr0() { return rcsr(0); }

  // --- buffer memory, through the CPU window the way the drivers copy
  void w16(u32 l, u16 v) {
    if (board == Board::kKn01) {
      REQUIRE(kn01.write(2 * (l & 0xfffe), 2, v));  // gap2: halfword accesses only
    } else if (board == Board::kMainMemory) {
      REQUIRE(bus.write(kDmaBase + l, 2, v));
    } else {
      REQUIRE(pmad.write(l, 2, v));
    }
  }
  u16 r16(u32 l) {
    u32 v = 0;
    if (board == Board::kKn01)
      REQUIRE(kn01.read(2 * (l & 0xfffe), 2, v));
    else if (board == Board::kMainMemory)
      REQUIRE(bus.read(kDmaBase + l, 2, v));
    else
      REQUIRE(pmad.read(l, 2, v));
    return static_cast<u16>(v);
  }
  void copy_to(u32 l, const std::vector<u8>& b) {  // l even
    for (std::size_t i = 0; i < b.size(); i += 2)
      w16(l + static_cast<u32>(i), static_cast<u16>(b[i] | (i + 1 < b.size() ? b[i + 1] << 8 : 0)));
  }
  std::vector<u8> copy_from(u32 l, std::size_t n) {  // l even
    std::vector<u8> b;
    for (std::size_t i = 0; i < n; i += 2) {
      const u16 w = r16(l + static_cast<u32>(i));
      b.push_back(static_cast<u8>(w));
      if (i + 1 < n) b.push_back(static_cast<u8>(w >> 8));
    }
    return b;
  }

  // --- rings
  static u32 rx_desc(unsigned i) { return kRxRing + 8 * i; }
  static u32 tx_desc(unsigned i) { return kTxRing + 8 * i; }
  static u32 rx_buf(unsigned i) { return kRxBufs + kBufStride * i; }
  static u32 tx_buf(unsigned i) { return kTxBufs + kBufStride * i; }
  u16 rmd(unsigned i, unsigned w) { return r16(rx_desc(i) + 2 * w); }
  u16 tmd(unsigned i, unsigned w) { return r16(tx_desc(i) + 2 * w); }
  void give_rx(unsigned i, unsigned size = 0) {
    const u32 a = rx_buf(i);
    w16(rx_desc(i) + 0, static_cast<u16>(a));
    w16(rx_desc(i) + 4, static_cast<u16>(0xf000 | ((0u - (size ? size : cfg.rx_buf)) & 0xfff)));
    w16(rx_desc(i) + 6, 0);
    w16(rx_desc(i) + 2, static_cast<u16>(OWN | ((a >> 16) & 0xff)));  // OWN last
  }
  void take_rx(unsigned i) { w16(rx_desc(i) + 2, 0); }
  // Put a buffer on TX descriptor i (buffer i) with the given STP/ENP flags.
  void queue_tx(unsigned i, const std::vector<u8>& b, u16 flags = STP | ENP, u32 addr = 0) {
    const u32 a = addr ? addr : tx_buf(i);
    copy_to(a, b);
    w16(tx_desc(i) + 0, static_cast<u16>(a));
    w16(tx_desc(i) + 4, static_cast<u16>(0xf000 | ((0u - static_cast<unsigned>(b.size())) & 0xfff)));
    w16(tx_desc(i) + 6, 0);
    w16(tx_desc(i) + 2, static_cast<u16>(OWN | flags | ((a >> 16) & 0xff)));
  }
  // Driver transmit: next descriptor, then TDMD (NetBSD writes INEA|TDMD).
  void send(const std::vector<u8>& b) {
    queue_tx(next_tx, b);
    next_tx = (next_tx + 1) & ((1u << cfg.tx_log2) - 1);
    wr(RAP, 0);
    wr(RDP, INEA | TDMD);
  }

  void build(const Config& c) {
    cfg = c;
    w16(kInitAddr + 0, c.mode);
    for (unsigned i = 0; i < 3; ++i)
      w16(kInitAddr + 2 + 2 * i, static_cast<u16>(c.padr[2 * i] | (c.padr[2 * i + 1] << 8)));
    for (unsigned i = 0; i < 4; ++i) w16(kInitAddr + 8 + 2 * i, static_cast<u16>(c.ladrf >> (16 * i)));
    w16(kInitAddr + 16, kRxRing);
    w16(kInitAddr + 18, static_cast<u16>(c.rx_log2 << 13));
    w16(kInitAddr + 20, kTxRing);
    w16(kInitAddr + 22, static_cast<u16>(c.tx_log2 << 13));
    for (unsigned i = 0; i < (1u << c.rx_log2); ++i) {
      if (c.give_rx) {
        give_rx(i);
      } else {
        w16(rx_desc(i) + 0, static_cast<u16>(rx_buf(i)));
        w16(rx_desc(i) + 2, 0);
      }
    }
    for (unsigned i = 0; i < (1u << c.tx_log2); ++i) {
      w16(tx_desc(i) + 0, static_cast<u16>(tx_buf(i)));
      w16(tx_desc(i) + 2, 0);
      w16(tx_desc(i) + 4, 0xf000);
      w16(tx_desc(i) + 6, 0);
    }
  }
  // STOP, load CSR1..3, INIT (returns the cycle of the INIT write).
  Cycles init() {
    wcsr(0, STOP);
    wcsr(1, static_cast<u16>(kInitAddr & 0xffff));
    wcsr(2, static_cast<u16>(kInitAddr >> 16));
    wcsr(3, 0);
    wr(RAP, 0);
    const Cycles t = sched.now();
    wr(RDP, INIT);
    return t;
  }
  // The whole driver bring-up; returns with the chip started and the poll of STRT done.
  void bring_up(const Config& c = Config()) {
    build(c);
    init();
    run_until([&] { return (rd(RDP) & IDON) != 0; });
    wr(RDP, IDON);
    wr(RDP, STRT | INEA);
    run_to(sched.now());
    next_tx = 0;
  }

  // --- time: every event at its own cycle
  void run_to(Cycles t) {
    while (sched.next_event() <= t) {
      sched.advance_to(std::max(sched.now(), sched.next_event()));
      sched.run_due();
    }
    sched.advance_to(t);
    sched.run_due();
  }
  void run_for(Cycles d) { run_to(sched.now() + d); }
  template <class Pred>
  void run_until(Pred p, Cycles limit = 100'000'000) {
    const Cycles end = sched.now() + limit;
    while (!p()) {
      REQUIRE(sched.next_event() <= end);
      sched.advance_to(std::max(sched.now(), sched.next_event()));
      sched.run_due();
    }
  }
  // Deliver a frame from the wire, its last bit arriving at cycle t.
  void deliver_at(Cycles t, const net::Frame& f) {
    run_to(t);
    lance->receive(f);
  }
};

// The model's arithmetic for "d picoseconds after cycle t", restated: ceil to cycles.
inline Cycles after(Cycles t, net::Picos d, u64 hz = kHz) { return t + net::ps_to_cycles_ceil(d, hz); }

}  // namespace lance_test

// Am7990 LANCE driver for KN01 / KN02 guests: bring-up, rings, transmit, receive, error
// handling and re-initialisation. The API, the operating modes and the sources are in
// lance.h; LANCE memory access in lance_mem.*; the exception vector in net_intr.*.
//
// LANCE memory layout (from LanceMem::lance_base, all LANCE addresses):
//   init block (24 bytes, padded to 32) | RX ring | TX ring | RX buffers | TX buffers
// Descriptor rings are 8-byte aligned (am7990-lance.md §4), buffers 16-byte aligned.
#include "lance.h"

#include "console.h"
#include "crc32.h"
#include "emu_ops.h"
#include "lance_mem.h"
#include "lance_irq.h"
#include "libc.h"
#include "mips.h"
#include "prom.h"

namespace guest::net {
namespace {

// CSR0 (am7990-lance.md §2).
constexpr uint16_t kErr = 0x8000, kBabl = 0x4000, kCerr = 0x2000, kMiss = 0x1000,
                   kMerr = 0x0800, kRint = 0x0400, kTint = 0x0200, kIdon = 0x0100,
                   kInea = 0x0040, kRxon = 0x0020, kTxon = 0x0010, kTdmd = 0x0008,
                   kStop = 0x0004, kStrt = 0x0002, kInit = 0x0001;
constexpr uint16_t kAckBits = kBabl | kCerr | kMiss | kMerr | kRint | kTint | kIdon;
// Descriptor word 1 (§6).
constexpr uint16_t kOwn = 0x8000, kDErr = 0x4000, kStp = 0x0200, kEnp = 0x0100;
constexpr uint16_t kRFram = 0x2000, kROflo = 0x1000, kRCrc = 0x0800, kRBuff = 0x0400;
constexpr uint16_t kTMore = 0x1000, kTOne = 0x0800, kTDef = 0x0400;
constexpr uint16_t kT3Buff = 0x8000, kT3Uflo = 0x4000, kT3Lcol = 0x1000, kT3Lcar = 0x0800,
                   kT3Rtry = 0x0400;
constexpr uint16_t kOnes = 0xf000;  // RMD2/TMD2 bits 15:12 must be 1

// Register ports, kseg1 (§1; memory-maps §1.2 KN01, §2.6 slot 6 + 0x100000).
constexpr uint32_t kKn01Rdp = 0xb8000000, kKn02Rdp = 0xbf900000;
// Station address ROM: byte n at base + 4n (memory-maps §1.7, §2.6, §3).
constexpr uint32_t kKn01Esar = 0xbd000001, kKn02Esar = 0xbf9c0002;

// Software receive queue (filled by the service routine, emptied by lance_recv).
constexpr unsigned kQueueSlots = 8;
constexpr unsigned kSlotBytes = 1536;
struct Slot {
  unsigned len;
  alignas(8) uint8_t data[kSlotBytes];
};

struct Driver {
  LanceConfig cfg;
  LanceMem mem;
  LanceStats stats;
  uint8_t mac[kEtherAddrLen];
  bool esar_ok;
  bool kn02;
  volatile uint16_t* rdp;
  volatile uint16_t* rap;
  uint32_t init_l, rx_ring_l, tx_ring_l, rx_buf_l, tx_buf_l;
  unsigned rx_mask, tx_mask;
  unsigned rx_next;   // next receive descriptor to examine
  unsigned tx_next;   // next transmit descriptor to fill
  unsigned tx_done;   // oldest descriptor handed to the chip and not yet reclaimed
  unsigned tx_busy;   // descriptors between tx_done and tx_next
  uint16_t inea;      // kInea in interrupt mode, else 0
  bool running, hold_rx, need_reinit;
  uint16_t tx_len[128];  // frame length, kept on each frame's last descriptor
};

Driver d;
Slot g_queue[kQueueSlots];
volatile unsigned g_q_head, g_q_tail;  // head: written by the service routine only
alignas(8) uint8_t g_pad[kEtherMinLen];

inline void barrier() { asm volatile("" ::: "memory"); }

// A user-mode driver (LanceConfig::user_regs) may not touch CP0: the kernel owns Status,
// and `bc0f` is a coprocessor-0 instruction. Its stores reach the chip before any later
// read does (a read waits for the write buffer to empty), so reading RAP drains it.
inline bool user_mode() { return d.cfg.user_regs != 0; }
inline void flush() {
  if (user_mode()) (void)*d.rap;
  else cpu::wbflush();
}
inline uint32_t irq_off() { return user_mode() ? 0 : cpu::disable_interrupts(); }
inline void irq_restore(uint32_t s) {
  if (!user_mode()) cpu::restore_interrupts(s);
}

// ---- registers. RAP stays 0 except while CSR1-3 are loaded (interrupts off then).
void set_rap(uint16_t r) {
  // NetBSD le_dec_writereg: rewrite RAP until it reads back (bounded here).
  for (int i = 0; i < 8; ++i) {
    *d.rap = r;
    flush();
    if ((*d.rap & 3) == r) return;
  }
}
void write_csr(uint16_t r, uint16_t v) {
  set_rap(r);
  *d.rdp = v;
  flush();
}
inline void write_csr0(uint16_t v) {
  *d.rdp = v;
  flush();
}
inline uint16_t read_csr0() { return *d.rdp; }

// ---- descriptors
inline volatile uint16_t* rmd(unsigned i, unsigned w) { return lance_word(d.mem, d.rx_ring_l + 8 * i + 2 * w); }
inline volatile uint16_t* tmd(unsigned i, unsigned w) { return lance_word(d.mem, d.tx_ring_l + 8 * i + 2 * w); }
inline uint32_t rx_buffer(unsigned i) { return d.rx_buf_l + i * d.cfg.rx_buf; }
inline uint32_t tx_buffer(unsigned i) { return d.tx_buf_l + i * d.cfg.tx_buf; }
inline uint16_t hadr(uint32_t l) { return static_cast<uint16_t>((l >> 16) & 0xff); }
inline uint16_t bcnt(unsigned n) { return static_cast<uint16_t>(kOnes | ((0u - n) & 0x0fff)); }

unsigned log2_of(unsigned n) {
  unsigned k = 0;
  while ((1u << k) < n) ++k;
  return k;
}
bool power_of_two(unsigned n) { return n && !(n & (n - 1)); }

void read_esar() {
  const uint32_t base = d.kn02 ? kKn02Esar : kKn01Esar;
  uint8_t b[32];
  for (unsigned n = 0; n < 32; ++n) b[n] = *reinterpret_cast<volatile uint8_t*>(base + 4 * n);
  memcpy(d.mac, b, kEtherAddrLen);
  // Linux declance.c: test pattern at 24-27, byte i = byte 15-i = byte 16+i for i < 8.
  static const uint8_t kPattern[4] = {0xff, 0x00, 0x55, 0xaa};
  d.esar_ok = memcmp(b + 24, kPattern, 4) == 0;
  for (unsigned i = 0; i < 8; ++i)
    if (b[i] != b[15 - i] || b[i] != b[16 + i]) d.esar_ok = false;
}

// Init block, receive ring (all buffers owned by the chip), transmit ring (all ours).
void build_memory() {
  auto put = [](unsigned k, uint16_t v) { *lance_word(d.mem, d.init_l + 2 * k) = v; };
  put(0, d.cfg.mode);
  for (unsigned k = 0; k < 3; ++k) put(1 + k, static_cast<uint16_t>(d.mac[2 * k] | (d.mac[2 * k + 1] << 8)));
  for (unsigned k = 0; k < 4; ++k) put(4 + k, d.cfg.ladrf[k]);
  put(8, static_cast<uint16_t>(d.rx_ring_l));
  put(9, static_cast<uint16_t>((log2_of(d.cfg.rx_ring) << 13) | hadr(d.rx_ring_l)));
  put(10, static_cast<uint16_t>(d.tx_ring_l));
  put(11, static_cast<uint16_t>((log2_of(d.cfg.tx_ring) << 13) | hadr(d.tx_ring_l)));
  for (unsigned i = 0; i < d.cfg.rx_ring; ++i) {
    const uint32_t b = rx_buffer(i);
    *rmd(i, 0) = static_cast<uint16_t>(b);
    *rmd(i, 2) = bcnt(d.cfg.rx_buf);
    *rmd(i, 3) = 0;
    *rmd(i, 1) = static_cast<uint16_t>(kOwn | hadr(b));
  }
  for (unsigned i = 0; i < d.cfg.tx_ring; ++i) {
    const uint32_t b = tx_buffer(i);
    *tmd(i, 0) = static_cast<uint16_t>(b);
    *tmd(i, 2) = kOnes;
    *tmd(i, 3) = 0;
    *tmd(i, 1) = hadr(b);
  }
  flush();
}

// STOP, build, INIT, wait for IDON, STRT (§8). Call with interrupts off.
int chip_init() {
  d.running = false;
  write_csr(0, kStop);
  build_memory();
  write_csr(1, static_cast<uint16_t>(d.init_l));
  write_csr(2, hadr(d.init_l));
  write_csr(3, 0);  // BSWP = ACON = BCON = 0 (PMAD-AA specification, Linux)
  set_rap(0);
  write_csr0(kInit);
  uint16_t c = 0;
  for (unsigned i = 0; i < 100000; ++i) {
    c = read_csr0();
    if (c & (kIdon | kMerr)) break;
  }
  if (!(c & kIdon)) {
    printf("lance: no IDON after INIT (CSR0 0x%04x)\n", c);
    write_csr0(kStop);
    return -1;
  }
  write_csr0(kIdon);
  write_csr0(static_cast<uint16_t>(kStrt | d.inea));
  d.rx_next = d.tx_next = d.tx_done = d.tx_busy = 0;
  d.need_reinit = false;
  d.running = true;
  return 0;
}

void reinit() {
  ++d.stats.reinits;
  chip_init();
}

void give_back_rx(unsigned i) {
  *rmd(i, 3) = 0;
  *rmd(i, 1) = static_cast<uint16_t>(kOwn | hadr(rx_buffer(i)));
}

// Copy a good frame of `len` data bytes spread over n buffers from descriptor i on.
void deliver(unsigned i, unsigned n, unsigned len) {
  const unsigned head = g_q_head;
  const unsigned next = (head + 1) % kQueueSlots;
  if (next == g_q_tail || len > kSlotBytes) {
    ++d.stats.rx_queue_full;
    return;
  }
  Slot& s = g_queue[head];
  if (d.cfg.rx_copy_region) emu::region_begin(d.cfg.rx_copy_region);
  unsigned off = 0;
  for (unsigned k = 0; k < n && off < len; ++k) {
    unsigned chunk = len - off;
    if (chunk > d.cfg.rx_buf) chunk = d.cfg.rx_buf;
    lance_copy_from(d.mem, rx_buffer((i + k) & d.rx_mask), s.data + off, chunk);
    off += chunk;
  }
  if (d.cfg.rx_copy_region) emu::region_end(d.cfg.rx_copy_region);
  s.len = len;
  ++d.stats.rx_frames;
  d.stats.rx_bytes += len;
  if (n > 1) ++d.stats.rx_chained;
  barrier();  // the slot is complete before the consumer can see it
  g_q_head = next;
}

// Walk the receive ring from rx_next over every frame the chip has finished (§7).
void rx_service() {
  for (;;) {
    const unsigned i = d.rx_next;
    const uint16_t r1 = *rmd(i, 1);
    if (r1 & kOwn) return;
    if (!(r1 & kStp)) {  // not the start of a frame: hand it back and resynchronise
      ++d.stats.rx_stray;
      give_back_rx(i);
      d.rx_next = (i + 1) & d.rx_mask;
      continue;
    }
    // The frame ends at the descriptor with ENP, or with ERR when chaining failed.
    unsigned n = 1, j = i;
    uint16_t rj = r1;
    while (!(rj & (kEnp | kDErr))) {
      if (n == d.cfg.rx_ring) {  // a whole ring without an end: the ring is confused
        d.need_reinit = true;
        return;
      }
      j = (j + 1) & d.rx_mask;
      rj = *rmd(j, 1);
      if (rj & kOwn) return;  // the rest of the frame is still arriving
      ++n;
    }
    if (rj & kDErr) {
      if (rj & kRBuff) {
        ++d.stats.rx_buff;
        d.need_reinit = true;  // §8: re-initialise on BUFF
      }
      if ((rj & (kROflo | kEnp)) == kROflo) ++d.stats.rx_oflo;
      if ((rj & (kEnp | kROflo)) == kEnp) {
        if (rj & kRCrc) ++d.stats.rx_crc;
        if (rj & kRFram) ++d.stats.rx_fram;
      }
    } else {
      const unsigned mcnt = *rmd(j, 3) & 0x0fff;  // includes the FCS
      deliver(i, n, mcnt >= kFcsLen ? mcnt - kFcsLen : 0);
    }
    for (unsigned k = 0; k < n; ++k) give_back_rx((i + k) & d.rx_mask);
    d.rx_next = (i + n) & d.rx_mask;
    if (rj & kRBuff) return;  // the ring is re-initialised next
  }
}

// Reclaim transmit descriptors the chip has released; count their status (§6, §7).
void tx_reclaim() {
  while (d.tx_busy) {
    const unsigned i = d.tx_done;
    const uint16_t t1 = *tmd(i, 1);
    if (t1 & kOwn) return;
    if (t1 & kDErr) {
      const uint16_t t3 = *tmd(i, 3);
      if (t3 & kT3Buff) ++d.stats.tx_buff;
      if (t3 & kT3Uflo) ++d.stats.tx_uflo;
      if (t3 & (kT3Buff | kT3Uflo)) d.need_reinit = true;  // the transmitter is off
      if (t3 & kT3Lcol) ++d.stats.tx_lcol;
      if (t3 & kT3Lcar) ++d.stats.tx_lcar;
      if (t3 & kT3Rtry) ++d.stats.tx_rtry;
    } else if (t1 & kEnp) {
      ++d.stats.tx_frames;
      d.stats.tx_bytes += d.tx_len[i];
    }
    if (t1 & kTOne) ++d.stats.tx_one;
    if (t1 & kTMore) ++d.stats.tx_more;
    if (t1 & kTDef) ++d.stats.tx_def;
    d.tx_done = (i + 1) & d.tx_mask;
    --d.tx_busy;
  }
}

// Acknowledge CSR0 (write back its interrupt bits | INEA, §8), count, service the rings.
void service() {
  if (!d.running) return;
  const uint16_t c = read_csr0();
  const uint16_t ack = c & kAckBits;
  if (ack) write_csr0(static_cast<uint16_t>(ack | d.inea));
  if (c & kErr) {
    if (c & kBabl) ++d.stats.babl;
    if (c & kCerr) ++d.stats.cerr;
    if (c & kMiss) ++d.stats.miss;
    if (c & kMerr) {
      ++d.stats.merr;
      d.need_reinit = true;
    }
  }
  if (!(c & kRxon) && !(d.cfg.mode & kModeDrx)) d.need_reinit = true;
  if (!(c & kTxon) && !(d.cfg.mode & kModeDtx)) d.need_reinit = true;
  // The rings are read even when a re-initialisation follows: the frames already
  // received are delivered and the transmit errors (TMD3) counted first.
  if (!d.hold_rx) rx_service();
  tx_reclaim();
  if (d.need_reinit) reinit();
}

}  // namespace

int lance_start(const LanceConfig& cfg) {
  memset(&d, 0, sizeof d);
  d.cfg = cfg;
  g_q_head = 0;
  g_q_tail = 0;
  d.kn02 = lance_board_kn02();
  const uint32_t rdp = cfg.user_regs ? cfg.user_regs : d.kn02 ? kKn02Rdp : kKn01Rdp;
  d.rdp = reinterpret_cast<volatile uint16_t*>(rdp);
  d.rap = reinterpret_cast<volatile uint16_t*>(rdp + 4);
  d.inea = cfg.interrupts ? kInea : 0;
  lance_mem_setup(d.mem, d.kn02, cfg.dma == DmaPath::kMainMemory, cfg.invalidate);
  d.mem.invalidate_pages = cfg.invalidate_pages;
  if (cfg.user_regs) lance_mem_rebase(d.mem, cfg.user_mem, cfg.user_mem_lance, d.rap);
  d.mem.inval_region = cfg.rx_inval_region;

  if (!power_of_two(cfg.rx_ring) || cfg.rx_ring > 128 || !power_of_two(cfg.tx_ring) || cfg.tx_ring > 128) {
    printf("lance: ring sizes must be powers of two from 1 to 128 (rx %u, tx %u)\n", cfg.rx_ring, cfg.tx_ring);
    return -1;
  }
  if (cfg.rx_buf < 64 || cfg.rx_buf > 4088 || (cfg.rx_buf & 7) || cfg.tx_buf < 100 || cfg.tx_buf > 4088 ||
      (cfg.tx_buf & 7)) {
    printf("lance: buffer sizes must be multiples of 8: rx 64..4088, tx 100..4088 (rx %u, tx %u)\n", cfg.rx_buf,
           cfg.tx_buf);
    return -1;
  }
  d.rx_mask = cfg.rx_ring - 1;
  d.tx_mask = cfg.tx_ring - 1;
  uint32_t l = d.mem.lance_base;
  d.init_l = l;
  l += 32;
  d.rx_ring_l = l;
  l += 8 * cfg.rx_ring;
  d.tx_ring_l = l;
  l += 8 * cfg.tx_ring;
  l = (l + 15) & ~15u;
  d.rx_buf_l = l;
  l += cfg.rx_ring * cfg.rx_buf;
  d.tx_buf_l = l;
  l += cfg.tx_ring * cfg.tx_buf;
  if (l - d.mem.lance_base > d.mem.size) {
    printf("lance: rings and buffers need %u bytes, the %s has %u\n", static_cast<unsigned>(l - d.mem.lance_base),
           lance_dma_name(), static_cast<unsigned>(d.mem.size));
    return -1;
  }
  if (cfg.user_regs) {  // the ESAR is not mapped: the kernel told us the address
    memcpy(d.mac, cfg.user_mac, kEtherAddrLen);
    d.esar_ok = true;
  } else {
    read_esar();
  }
  const uint32_t s = irq_off();
  const int rc = chip_init();
  irq_restore(s);
  return rc;
}

bool lance_stop() {
  if (!d.rdp) return false;  // never started
  const uint32_t s = irq_off();
  d.running = false;
  write_csr(0, kStop);
  irq_restore(s);
  return true;
}

int lance_reconfigure(uint16_t mode, const uint16_t ladrf[4]) {
  d.cfg.mode = mode;
  for (unsigned k = 0; k < 4; ++k) d.cfg.ladrf[k] = ladrf ? ladrf[k] : 0;
  const uint32_t s = irq_off();
  const int rc = chip_init();
  irq_restore(s);
  return rc;
}

int lance_send(const void* frame, unsigned len, bool no_pad) {
  if (!d.running || len == 0 || len > d.cfg.tx_ring * d.cfg.tx_buf || len > 4095) return -1;
  const uint8_t* p = static_cast<const uint8_t*>(frame);
  if (len < kEtherMinLen && !no_pad) {  // the LANCE pads nothing (§6)
    memcpy(g_pad, p, len);
    memset(g_pad + len, 0, kEtherMinLen - len);
    p = g_pad;
    len = kEtherMinLen;
  }
  const unsigned nbuf = (len + d.cfg.tx_buf - 1) / d.cfg.tx_buf;
  const uint32_t s = irq_off();
  // Free descriptors: reclaim what the chip released; wait (bounded) if the ring is full.
  bool waited = false;
  for (unsigned tries = 0;; ++tries) {
    tx_reclaim();
    if (d.need_reinit) reinit();
    if (d.cfg.tx_ring - d.tx_busy >= nbuf) break;
    if (!waited) ++d.stats.tx_ring_full_waits, waited = true;
    if (tries > 2000000) {
      irq_restore(s);
      return -2;
    }
  }
  const unsigned first = d.tx_next;
  unsigned off = 0;
  for (unsigned k = 0; k < nbuf; ++k) {
    const unsigned i = (first + k) & d.tx_mask;
    unsigned chunk = len - off;
    if (chunk > d.cfg.tx_buf) chunk = d.cfg.tx_buf;
    lance_copy_to(d.mem, tx_buffer(i), p + off, chunk);
    *tmd(i, 2) = bcnt(chunk);
    *tmd(i, 3) = 0;
    off += chunk;
  }
  lance_data_written(d.mem);
  // Later descriptors first, the STP descriptor last: the chip must not start a frame
  // whose remaining buffers it does not own yet.
  const unsigned last = (first + nbuf - 1) & d.tx_mask;
  d.tx_len[last] = static_cast<uint16_t>(len);
  for (unsigned k = nbuf - 1; k >= 1; --k) {
    const unsigned i = (first + k) & d.tx_mask;
    *tmd(i, 1) = static_cast<uint16_t>(kOwn | (k == nbuf - 1 ? kEnp : 0) | hadr(tx_buffer(i)));
  }
  *tmd(first, 1) = static_cast<uint16_t>(kOwn | kStp | (nbuf == 1 ? kEnp : 0) | hadr(tx_buffer(first)));
  d.tx_next = (first + nbuf) & d.tx_mask;
  d.tx_busy += nbuf;
  write_csr0(static_cast<uint16_t>(kTdmd | d.inea));
  irq_restore(s);
  return 0;
}

bool lance_recv(RxFrame* out) {
  if (!d.cfg.interrupts) service();  // polled: no handler can run meanwhile
  const unsigned tail = g_q_tail;
  if (tail == g_q_head) return false;
  barrier();
  out->data = g_queue[tail].data;
  out->len = g_queue[tail].len;
  return true;
}

void lance_recv_done() {
  barrier();
  g_q_tail = (g_q_tail + 1) % kQueueSlots;
}

void lance_poll() {
  // The interrupt handler runs the same routine: never both at once.
  const uint32_t s = irq_off();
  service();
  irq_restore(s);
}

void lance_interrupt() {
  ++d.stats.interrupts;
  service();
}

const uint8_t* lance_mac() { return d.mac; }
bool lance_esar_valid() { return d.esar_ok; }
LanceStats& lance_stats() { return d.stats; }
const LanceConfig& lance_config() { return d.cfg; }

LanceWhere lance_where() {
  LanceWhere w{};
  w.regs_phys = reinterpret_cast<uint32_t>(d.rdp) & 0x1fffffffu;
  w.mem_phys = d.mem.kind == LanceMemKind::kMain ? d.mem.lance_base : d.mem.data_cpu & 0x1fffffffu;
  w.mem_bytes = d.mem.kind == LanceMemKind::kGap2 ? 2 * d.mem.size : d.mem.size;
  w.mem_lance = d.mem.lance_base;
  return w;
}

const char* lance_dma_name() {
  switch (d.mem.kind) {
    case LanceMemKind::kGap2: return "KN01 buffer (gap2)";
    case LanceMemKind::kContig: return "PMAD-AA SRAM";
    case LanceMemKind::kMain: return "main memory (DMA)";
  }
  return "?";
}

void lance_print_stats(const char* prefix) {
  const LanceStats& s = d.stats;
  printf("%srx %u frames %u bytes (chained %u, queue full %u); tx %u frames %u bytes; interrupts %u\n", prefix,
         s.rx_frames, s.rx_bytes, s.rx_chained, s.rx_queue_full, s.tx_frames, s.tx_bytes, s.interrupts);
  printf("%serrors: miss %u babl %u cerr %u merr %u crc %u fram %u oflo %u rx-buff %u uflo %u tx-buff %u "
         "lcol %u lcar %u rtry %u stray %u; reinits %u\n",
         prefix, s.miss, s.babl, s.cerr, s.merr, s.rx_crc, s.rx_fram, s.rx_oflo, s.rx_buff, s.tx_uflo, s.tx_buff,
         s.tx_lcol, s.tx_lcar, s.tx_rtry, s.rx_stray, s.reinits);
}

unsigned lance_multicast_hash(const uint8_t* addr) { return crc32_register(addr, kEtherAddrLen) >> 26; }

void lance_ladrf_add(uint16_t ladrf[4], const uint8_t* addr) {
  const unsigned h = lance_multicast_hash(addr);
  ladrf[h >> 4] = static_cast<uint16_t>(ladrf[h >> 4] | (1u << (h & 15)));
}

// ---- test hooks

void lance_hold_rx(bool hold) {
  d.hold_rx = hold;
  if (!hold) {
    const uint32_t s = irq_off();
    service();
    irq_restore(s);
  }
}

void lance_test_bad_rx_buffer(uint32_t laddr) {
  const uint32_t s = irq_off();
  const unsigned i = d.rx_next;
  *rmd(i, 0) = static_cast<uint16_t>(laddr);
  *rmd(i, 1) = static_cast<uint16_t>(kOwn | hadr(laddr));
  flush();
  irq_restore(s);
}

void lance_test_broken_chain() {
  const uint32_t s = irq_off();
  tx_reclaim();
  if (d.cfg.tx_ring >= 2 && d.cfg.tx_ring - d.tx_busy >= 2) {
    const unsigned i = d.tx_next;
    lance_copy_to(d.mem, tx_buffer(i), g_pad, sizeof g_pad);
    lance_data_written(d.mem);
    *tmd(i, 2) = bcnt(100 < d.cfg.tx_buf ? 100 : d.cfg.tx_buf);
    *tmd(i, 3) = 0;
    *tmd(i, 1) = static_cast<uint16_t>(kOwn | kStp | hadr(tx_buffer(i)));  // no ENP
    d.tx_next = (i + 1) & d.tx_mask;
    ++d.tx_busy;
    write_csr0(static_cast<uint16_t>(kTdmd | d.inea));
  }
  irq_restore(s);
}

volatile uint32_t* lance_test_rx_buffer(unsigned i) {
  if (d.mem.kind != LanceMemKind::kMain) return nullptr;
  return reinterpret_cast<volatile uint32_t*>(d.mem.data_cpu + rx_buffer(i & d.rx_mask));
}

unsigned lance_test_rx_index() { return d.rx_next; }

}  // namespace guest::net

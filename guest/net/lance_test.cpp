// lance_test: self-test of the guest LANCE driver (lance.h) on ONE machine, using the
// chip's loopback modes: internal (MODE.LOOP|INTL: the frame never reaches the wire) and
// external (LOOP alone: sent and looped back). Prints "ok: CHECK" or "FAIL: CHECK (why)"
// per check and "lance_test: N checks, F failed" at the end.
//
// What is checked and why it is reachable in loopback (am7990-lance.md §5-§7; the model's
// loopback rules in devices/lance/am7990.h: looped frames pass the address filter, the
// FCS is checked only with DTCR, no runt check):
//   station address from the ESAR; frames of several sizes, odd lengths (gap2 odd bytes),
//   short frames padded to 60; back-to-back frames; external loopback; polled operation;
//   chained buffers (a frame over several TX and RX descriptors); ring wrap-around; MISS
//   when the receiver owns no descriptor; receive BUFF (frame larger than the ring) and
//   re-initialisation; physical / broadcast / multicast-hash / promiscuous filtering;
//   CRC errors (DTCR with a software FCS, right and wrong); BABL (frame > 1518 bytes);
//   RTRY (forced collision, COLL|DRTY); transmit BUFF|UFLO (chain without ENP) and
//   re-initialisation; MERR (a buffer where nothing answers, boot argument merr=ADDR).
//
// Boot arguments: dma=main (emu --lance-dma main), mode=poll (everything polled),
// merr=LANCE-ADDRESS (run the MERR check; needs an address without memory, e.g. 0xf00000
// with --lance-dma main --memory 8), inval=0 (main memory only: run only the coherence
// demonstration with the D-cache invalidation switched off; see coherence_stale()).
#include <stdint.h>

#include "args.h"
#include "console.h"
#include "crc32.h"
#include "emu_ops.h"
#include "lance.h"
#include "lance_mem.h"
#include "libc.h"
#include "prom.h"

using namespace guest;
using namespace guest::net;

namespace {

constexpr uint16_t kTestType = 0x88b5;  // IEEE 802 local experimental EtherType
constexpr uint32_t kWait = 4000000;     // cycles to wait for a looped frame
constexpr uint16_t kIntl = kModeLoop | kModeIntl;

unsigned g_checks, g_failed;
LanceConfig g_base;
uint8_t g_tx[1600], g_expect[1600];
char g_why[96];

void check(bool ok, const char* what) {
  ++g_checks;
  if (ok) {
    printf("ok: %s\n", what);
  } else {
    ++g_failed;
    printf("FAIL: %s (%s)\n", what, g_why[0] ? g_why : "-");
  }
  g_why[0] = 0;
}

const uint8_t* own() { return lance_mac(); }

// DA, SA = us, type, then a pattern that depends on seq and the offset.
unsigned make_frame(uint8_t* f, const uint8_t* da, unsigned len, uint8_t seq) {
  memcpy(f, da, 6);
  memcpy(f + 6, own(), 6);
  f[12] = kTestType >> 8;
  f[13] = kTestType & 0xff;
  for (unsigned k = 14; k < len; ++k) f[k] = static_cast<uint8_t>(seq + 3 * k + (k >> 8));
  if (len > 14) f[14] = seq;
  return len;
}

bool wait_frame(RxFrame* fr, uint32_t timeout = kWait) {
  const uint32_t t0 = emu::cycles();
  while (emu::cycles() - t0 < timeout)
    if (lance_recv(fr)) return true;
  return false;
}

// Spin (servicing the chip in polled mode) until `cond` or the timeout.
template <class F> bool wait_until(F cond, uint32_t timeout = kWait) {
  const uint32_t t0 = emu::cycles();
  for (;;) {
    if (!lance_config().interrupts) lance_poll();
    asm volatile("" ::: "memory");
    if (cond()) return true;
    if (emu::cycles() - t0 >= timeout) return false;
  }
}

// The next received frame must equal the `len` bytes in g_expect.
bool receive_expected(unsigned len) {
  RxFrame fr;
  if (!wait_frame(&fr)) {
    snprintf(g_why, sizeof g_why, "no frame received");
    return false;
  }
  bool ok = fr.len == len && memcmp(fr.data, g_expect, len) == 0;
  if (!ok) {
    unsigned k = 0;
    while (k < len && k < fr.len && fr.data[k] == g_expect[k]) ++k;
    snprintf(g_why, sizeof g_why, "got %u bytes, expected %u, first difference at %u", fr.len, len, k);
  }
  lance_recv_done();
  return ok;
}

// Send a frame of `len` bytes to `da` and expect it back unchanged (padded to 60).
bool loop_one(const uint8_t* da, unsigned len, uint8_t seq) {
  make_frame(g_tx, da, len, seq);
  memcpy(g_expect, g_tx, len);
  unsigned elen = len;
  if (elen < kEtherMinLen) {
    memset(g_expect + len, 0, kEtherMinLen - len);
    elen = kEtherMinLen;
  }
  if (lance_send(g_tx, len) != 0) {
    snprintf(g_why, sizeof g_why, "lance_send failed");
    return false;
  }
  return receive_expected(elen);
}

// A frame to `da` must be filtered out: send it, then a marker to our own address; the
// marker must be the next (and only) frame received.
bool rejected(const uint8_t* da) {
  make_frame(g_tx, da, 64, 0x51);
  lance_send(g_tx, 64);
  make_frame(g_tx, own(), 64, 0x52);
  memcpy(g_expect, g_tx, 64);
  lance_send(g_tx, 64);
  if (!receive_expected(64)) return false;
  RxFrame fr;
  if (wait_frame(&fr, 200000)) {
    snprintf(g_why, sizeof g_why, "a second frame arrived");
    lance_recv_done();
    return false;
  }
  return true;
}

bool reopen(const LanceConfig& c) {
  lance_close();
  if (lance_open(c) != 0) {
    snprintf(g_why, sizeof g_why, "lance_open failed");
    return false;
  }
  return true;
}

bool set_mode(uint16_t mode, const uint16_t* ladrf = nullptr) {
  static const uint16_t kNone[4] = {};
  return lance_reconfigure(mode, ladrf ? ladrf : kNone) == 0;
}

// The buffer-access layer itself: copies to and from odd LANCE addresses (the gap2
// read-modify-write paths) must keep the neighbouring bytes. Uses the last 256 bytes of
// the LANCE memory, which the driver's layouts never reach.
void buffer_access() {
  LanceMem m;
  lance_mem_setup(m, machine_board() == Board::kKn02, g_base.dma == DmaPath::kMainMemory, true);
  const uint32_t area = m.lance_base + m.size - 256;
  uint8_t fill[64], data[13], back[64];
  for (unsigned k = 0; k < sizeof fill; ++k) fill[k] = static_cast<uint8_t>(0xc0 + k);
  for (unsigned k = 0; k < sizeof data; ++k) data[k] = static_cast<uint8_t>(k + 1);
  bool ok = true;
  for (unsigned start = 1; start <= 4 && ok; ++start) {  // odd and even starts, odd length
    lance_copy_to(m, area, fill, sizeof fill);
    lance_copy_to(m, area + start, data, sizeof data);
    lance_data_written(m);
    lance_copy_from(m, area, back, sizeof back);
    for (unsigned k = 0; k < sizeof back && ok; ++k) {
      const bool inside = k >= start && k < start + sizeof data;
      ok = back[k] == (inside ? data[k - start] : fill[k]);
      if (!ok) snprintf(g_why, sizeof g_why, "start %u: byte %u is 0x%02x", start, k, back[k]);
    }
    uint8_t part[sizeof data];
    lance_copy_from(m, area + start, part, sizeof part);
    if (ok && memcmp(part, data, sizeof data) != 0) {
      ok = false;
      snprintf(g_why, sizeof g_why, "start %u: read back from the odd address differs", start);
    }
  }
  check(ok, "buffer access: copies at odd and even LANCE addresses keep their neighbours");
}

void basic() {
  check(lance_esar_valid(), "station address ROM: test pattern and copies");
  static const unsigned kSizes[] = {60, 61, 64, 127, 600, 1513, 1514};
  char what[64];
  for (unsigned i = 0; i < sizeof kSizes / sizeof kSizes[0]; ++i) {
    snprintf(what, sizeof what, "internal loopback, %u bytes", kSizes[i]);
    check(loop_one(own(), kSizes[i], static_cast<uint8_t>(i)), what);
  }
  check(loop_one(own(), 20, 9), "short frame padded to 60 bytes");
  // Four frames queued back to back, then received in order.
  bool ok = true;
  for (unsigned i = 0; i < 4; ++i) ok &= lance_send(g_tx, make_frame(g_tx, own(), 100 + i, static_cast<uint8_t>(0x40 + i))) == 0;
  for (unsigned i = 0; i < 4 && ok; ++i) {
    make_frame(g_expect, own(), 100 + i, static_cast<uint8_t>(0x40 + i));
    ok = receive_expected(100 + i);
  }
  check(ok, "four frames back to back, received in order");
  if (lance_config().interrupts) {
    snprintf(g_why, sizeof g_why, "%u interrupts", lance_stats().interrupts);
    check(lance_stats().interrupts > 0, "frames completed by interrupts");
  }
  check(set_mode(kModeLoop) && loop_one(own(), 100, 0x21), "external loopback (LOOP without INTL)");
  check(set_mode(kIntl), "back to internal loopback");
}

void polled() {
  LanceConfig c = g_base;
  c.interrupts = false;
  check(reopen(c) && loop_one(own(), 200, 0x31), "polled operation");
  snprintf(g_why, sizeof g_why, "%u interrupts", lance_stats().interrupts);
  check(lance_stats().interrupts == 0, "polled operation takes no interrupts");
}

void chained() {
  LanceConfig c = g_base;
  c.rx_buf = 128, c.rx_ring = 16, c.tx_buf = 256, c.tx_ring = 8;
  if (!reopen(c)) return check(false, "chained buffers: open");
  check(loop_one(own(), 1514, 0x61), "1514-byte frame over 6 TX and 12 RX buffers");
  check(loop_one(own(), 300, 0x62), "300-byte frame over 2 TX and 3 RX buffers");
  snprintf(g_why, sizeof g_why, "rx_chained %u", lance_stats().rx_chained);
  check(lance_stats().rx_chained == 2, "both counted as chained receptions");
}

void wrap() {
  LanceConfig c = g_base;
  c.rx_ring = 4, c.tx_ring = 2;
  if (!reopen(c)) return check(false, "ring wrap: open");
  bool ok = true;
  for (unsigned i = 0; i < 13 && ok; ++i) ok = loop_one(own(), 64 + i, static_cast<uint8_t>(i));
  check(ok, "13 frames through 4 RX and 2 TX descriptors (wrap-around)");
}

void miss() {
  LanceConfig c = g_base;
  c.rx_ring = 4;
  if (!reopen(c)) return check(false, "missed frames: open");
  lance_hold_rx(true);
  LanceStats& s = lance_stats();
  bool ok = true;
  for (unsigned i = 0; i < 6 && ok; ++i) {  // 4 fill the ring, 2 find no buffer
    const uint32_t before = s.tx_frames;
    lance_send(g_tx, make_frame(g_tx, own(), 80, static_cast<uint8_t>(0x70 + i)));
    ok = wait_until([&] { return s.tx_frames > before; });
    for (uint32_t t0 = emu::cycles(); emu::cycles() - t0 < 20000;) {
    }
  }
  lance_poll();
  snprintf(g_why, sizeof g_why, "miss %u", s.miss);
  check(ok && s.miss == 2, "two frames missed while the receiver owned no buffer (MISS)");
  lance_hold_rx(false);
  for (unsigned i = 0; i < 4 && ok; ++i) {
    make_frame(g_expect, own(), 80, static_cast<uint8_t>(0x70 + i));
    ok = receive_expected(80);
  }
  RxFrame fr;
  if (ok && wait_frame(&fr, 200000)) {
    ok = false;
    snprintf(g_why, sizeof g_why, "a fifth frame arrived");
    lance_recv_done();
  }
  check(ok, "the four buffered frames delivered in order after release, the missed ones never");
}

void rx_buff() {
  LanceConfig c = g_base;
  c.rx_ring = 4, c.rx_buf = 128;
  if (!reopen(c)) return check(false, "receive BUFF: open");
  LanceStats& s = lance_stats();
  lance_send(g_tx, make_frame(g_tx, own(), 1000, 0x11));
  const bool seen = wait_until([&] { return s.rx_buff > 0 && s.reinits > 0; });
  snprintf(g_why, sizeof g_why, "rx_buff %u reinits %u", s.rx_buff, s.reinits);
  check(seen, "1000-byte frame into 4 x 128-byte buffers: BUFF, re-initialised");
  check(loop_one(own(), 100, 0x12), "normal frame after the re-initialisation");
}

void filters() {
  if (!reopen(g_base)) return check(false, "filters: open");
  uint8_t other[6];
  memcpy(other, own(), 6);
  other[5] ^= 1;
  check(rejected(other), "physical address filter rejects another station's address");
  static const uint8_t kBcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  check(loop_one(kBcast, 64, 0x22), "broadcast accepted");
  uint8_t g1[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}, g2[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x02};
  while (lance_multicast_hash(g2) == lance_multicast_hash(g1)) ++g2[5];
  uint16_t ladrf[4] = {};
  lance_ladrf_add(ladrf, g1);
  check(set_mode(kIntl, ladrf) && loop_one(g1, 64, 0x23), "multicast accepted: its LADRF hash bit is set");
  check(rejected(g2), "multicast rejected: its hash bit is clear");
  check(set_mode(kIntl | kModeProm) && loop_one(other, 64, 0x24), "promiscuous: another station's frame accepted");
  check(loop_one(g2, 64, 0x25), "promiscuous: unselected multicast accepted");
}

void crc() {
  LanceStats& s = lance_stats();
  if (!set_mode(kIntl | kModeDtcr)) return check(false, "CRC: DTCR mode");
  const unsigned len = make_frame(g_tx, own(), 100, 0x33);
  uint32_t fcs = ether_fcs(g_tx, len);
  for (unsigned k = 0; k < 4; ++k) g_tx[len + k] = static_cast<uint8_t>(fcs >> (8 * k));
  memcpy(g_expect, g_tx, len);
  lance_send(g_tx, len + 4, true);
  check(receive_expected(len) && s.rx_crc == 0, "DTCR: a frame with a correct software FCS is accepted");
  g_tx[len] ^= 0x01;
  const uint32_t before = s.rx_crc;
  lance_send(g_tx, len + 4, true);
  const bool seen = wait_until([&] { return s.rx_crc > before; });
  RxFrame fr;
  bool delivered = wait_frame(&fr, 100000);
  if (delivered) lance_recv_done();
  snprintf(g_why, sizeof g_why, "crc %u, delivered %d", s.rx_crc, delivered);
  check(seen && !delivered, "DTCR: a wrong FCS is reported as CRC error and dropped");
  set_mode(kIntl);
}

void tx_errors() {
  LanceStats& s = lance_stats();
  uint32_t before = s.babl;
  lance_send(g_tx, make_frame(g_tx, own(), 1516, 0x44));  // 1520 bytes with the FCS
  bool seen = wait_until([&] { return s.babl > before; });
  RxFrame fr;
  while (wait_frame(&fr, 100000)) lance_recv_done();
  snprintf(g_why, sizeof g_why, "babl %u", s.babl);
  check(seen, "1516 + 4 bytes: babble (BABL) reported");

  if (!set_mode(kIntl | kModeColl | kModeDrty)) return check(false, "COLL mode");
  before = s.tx_rtry;
  lance_send(g_tx, make_frame(g_tx, own(), 64, 0x45));
  seen = wait_until([&] { return s.tx_rtry > before; });
  snprintf(g_why, sizeof g_why, "rtry %u", s.tx_rtry);
  check(seen && !wait_frame(&fr, 100000), "forced collision with DRTY: RTRY, nothing received");
  set_mode(kIntl);

  const uint32_t reinits = s.reinits;
  lance_test_broken_chain();
  seen = wait_until([&] { return s.tx_buff > 0 && s.tx_uflo > 0 && s.reinits > reinits; });
  snprintf(g_why, sizeof g_why, "tx_buff %u uflo %u reinits %u", s.tx_buff, s.tx_uflo, s.reinits - reinits);
  check(seen, "chain without ENP: BUFF|UFLO, transmitter re-initialised");
  check(loop_one(own(), 100, 0x46), "normal frame after the re-initialisation");
}

void merr(uint32_t laddr) {
  LanceStats& s = lance_stats();
  const uint32_t reinits = s.reinits;
  lance_test_bad_rx_buffer(laddr);
  lance_send(g_tx, make_frame(g_tx, own(), 64, 0x55));
  const bool seen = wait_until([&] { return s.merr > 0 && s.reinits > reinits; });
  snprintf(g_why, sizeof g_why, "merr %u reinits %u", s.merr, s.reinits - reinits);
  check(seen, "receive buffer without memory: MERR, re-initialised");
  check(loop_one(own(), 100, 0x56), "normal frame after the re-initialisation");
}

// Main memory: make the next receive buffer's lines cached (word stores allocate), let a
// frame land there by DMA, then read it. With invalidation the frame must be what was
// sent; without, the emulator reports the stale lines (and --cache-data returns them).
void prime_next_rx_buffer() {
  volatile uint32_t* b = lance_test_rx_buffer(lance_test_rx_index());
  for (unsigned k = 0; k < 32; ++k) b[k] = 0xa5a5a5a5u;
  // Reading them back keeps the lines valid in the D-cache.
  uint32_t sum = 0;
  for (unsigned k = 0; k < 32; ++k) sum += b[k];
  asm volatile("" ::"r"(sum));
}

void coherence() {
  prime_next_rx_buffer();
  check(loop_one(own(), 64, 0x77), "main memory: cached receive buffer invalidated before reading");
}

void coherence_stale() {
  prime_next_rx_buffer();
  make_frame(g_tx, own(), 64, 0x77);
  lance_send(g_tx, 64);
  RxFrame fr;
  if (!wait_frame(&fr)) {
    printf("coherence: no frame received\n");
    return;
  }
  printf("coherence: without invalidation the CPU read:");
  for (unsigned k = 0; k < 8; ++k) printf(" %02x", fr.data[k]);
  const bool sent = memcmp(fr.data, g_tx, 8) == 0;
  const bool stale = fr.data[0] == 0xa5 && fr.data[7] == 0xa5;
  printf(" (%s)\n", sent ? "what was sent" : stale ? "the stale cached bytes" : "neither");
  lance_recv_done();
}

}  // namespace

int main() {
  static const char* const kKnown[] = {"dma", "mode", "merr", "inval", nullptr};
  bool args_ok = args_all_known("lance_test", kKnown);
  const char* dma = arg_value("dma");
  const char* mode = arg_value("mode");
  g_base.dma = dma && strcmp(dma, "main") == 0 ? DmaPath::kMainMemory : DmaPath::kBoardBuffer;
  g_base.interrupts = !(mode && strcmp(mode, "poll") == 0);
  g_base.invalidate = arg_uint("inval", 1, &args_ok) != 0;
  g_base.mode = kIntl;
  const char* merr_arg = arg_value("merr");
  uint32_t merr_addr = 0;
  if (merr_arg && !parse_uint(merr_arg, &merr_addr)) args_ok = false;
  if (!args_ok) {
    printf("lance_test: bad boot arguments\n");
    return 1;
  }
  if (lance_open(g_base) != 0) {
    printf("lance_test: the LANCE did not start\n");
    return 1;
  }
  char macb[18];
  printf("lance_test: %s, %s, station %s, %s\n", machine_name(), lance_dma_name(), format_mac(macb, own()),
         g_base.interrupts ? "interrupts" : "polled");
  if (!g_base.invalidate) {
    if (g_base.dma == DmaPath::kMainMemory) coherence_stale();
    else printf("lance_test: inval=0 needs dma=main\n");
    lance_close();
    return 0;
  }
  buffer_access();
  basic();
  if (g_base.interrupts) polled();
  chained();
  wrap();
  miss();
  rx_buff();
  filters();
  crc();
  tx_errors();
  if (merr_arg) merr(merr_addr);
  if (g_base.dma == DmaPath::kMainMemory) coherence();
  lance_print_stats("lance_test: ");
  lance_close();
  printf("lance_test: %u checks, %u failed\n", g_checks, g_failed);
  return g_failed ? 1 : 0;
}

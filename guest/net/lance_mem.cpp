// LANCE memory access for the three arrangements described in lance_mem.h: KN01 gap2
// buffer (halfwords, odd bytes by read-modify-write, after NetBSD
// sys/dev/tc/if_le_dec.c le_dec_copytobuf_gap2 / le_dec_copyfrombuf_gap2), PMAD-AA
// contiguous SRAM, and main memory behind the D-cache (emu --lance-dma main).
#include "lance_mem.h"

#include "cache.h"
#include "emu_ops.h"

#include "libc.h"
#include "mips.h"

namespace guest::net {
namespace {

constexpr uint32_t kKn01BufferKseg1 = 0xb9000000;  // phys 0x19000000 (memory-maps §1.6)
constexpr uint32_t kKn01BufferBytes = 64 * 1024;   // LANCE addresses 0..0xffff
constexpr uint32_t kPmadSramKseg1 = 0xbf800000;    // slot 6 + 0 (memory-maps §2.6)
constexpr uint32_t kPmadSramBytes = 128 * 1024;
constexpr uint32_t kMainAreaBytes = 128 * 1024;

// The main-memory arrangement's LANCE memory: part of this program's .bss, so its
// physical address (below 16 MiB: the LANCE's 24-bit reach) is the LANCE address.
// Page aligned, so that it can be mapped into a user task (guest/kernel's mapped driver).
alignas(4096) uint8_t g_main_area[kMainAreaBytes];

// ---- KN01 gap2: LANCE byte L lives in the halfword at base + 2*(L & ~1); even L is bits
// 7:0, odd L bits 15:8. Successive LANCE halfwords are 4 CPU bytes apart.
volatile uint16_t* gap2_word(uint32_t base, uint32_t l) {
  return reinterpret_cast<volatile uint16_t*>(base + 2 * (l & ~1u));
}

void gap2_copy_to(uint32_t base, uint32_t l, const uint8_t* s, unsigned n) {
  volatile uint16_t* p = gap2_word(base, l);
  if ((l & 1) && n) {  // odd start: keep the even byte already there
    *p = static_cast<uint16_t>((*p & 0x00ff) | (s[0] << 8));
    p += 2, ++s, --n;
  }
  for (; n >= 2; n -= 2, s += 2, p += 2) *p = static_cast<uint16_t>(s[0] | (s[1] << 8));
  if (n) *p = static_cast<uint16_t>((*p & 0xff00) | s[0]);  // odd end: keep the odd byte
}

void gap2_copy_from(uint32_t base, uint32_t l, uint8_t* d, unsigned n) {
  volatile uint16_t* p = gap2_word(base, l);
  if ((l & 1) && n) {
    *d++ = static_cast<uint8_t>(*p >> 8);
    p += 2, --n;
  }
  for (; n >= 2; n -= 2, d += 2, p += 2) {
    const uint16_t w = *p;
    d[0] = static_cast<uint8_t>(w);
    d[1] = static_cast<uint8_t>(w >> 8);
  }
  if (n) *d = static_cast<uint8_t>(*p);
}

// ---- Device memory (PMAD SRAM): aligned words when source and destination agree on the
// alignment, single bytes otherwise. Never lwl/lwr (memcpy's unaligned path) on a device.
void device_copy(uint8_t* d, const uint8_t* s, unsigned n) {
  if (((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 3) == 0) {
    for (; n && (reinterpret_cast<uintptr_t>(d) & 3); --n) *reinterpret_cast<volatile uint8_t*>(d++) = *s++;
    auto* dw = reinterpret_cast<volatile uint32_t*>(d);
    auto* sw = reinterpret_cast<const volatile uint32_t*>(s);
    for (; n >= 4; n -= 4) *dw++ = *sw++;
    d = reinterpret_cast<uint8_t*>(const_cast<uint32_t*>(dw));
    s = reinterpret_cast<const uint8_t*>(const_cast<const uint32_t*>(sw));
  }
  for (; n; --n) *reinterpret_cast<volatile uint8_t*>(d++) = *reinterpret_cast<const volatile uint8_t*>(s++);
}

}  // namespace

void lance_mem_setup(LanceMem& m, bool kn02, bool main, bool invalidate) {
  m.invalidate = invalidate;
  m.invalidate_pages = false;
  m.inval_region = 0;
  m.drain = nullptr;
  if (main) {
    const uint32_t phys = reinterpret_cast<uint32_t>(g_main_area) & 0x1fffffffu;
    m.kind = LanceMemKind::kMain;
    m.lance_base = phys;
    m.size = kMainAreaBytes;
    m.ctl_cpu = 0xa0000000u;  // kseg1: LANCE address = physical address
    m.ctl_shift = 0;
    m.data_cpu = 0x80000000u;  // kseg0: cached, invalidated before reads
  } else if (kn02) {
    m.kind = LanceMemKind::kContig;
    m.lance_base = 0;
    m.size = kPmadSramBytes;
    m.ctl_cpu = m.data_cpu = kPmadSramKseg1;
    m.ctl_shift = 0;
  } else {
    m.kind = LanceMemKind::kGap2;
    m.lance_base = 0;
    m.size = kKn01BufferBytes;
    m.ctl_cpu = m.data_cpu = kKn01BufferKseg1;
    m.ctl_shift = 1;
  }
}

void lance_mem_rebase(LanceMem& m, uint32_t mem_cpu, uint32_t lance_base, volatile uint16_t* drain) {
  m.lance_base = lance_base;
  // Unsigned wrap-around: ctl_cpu + L is mem_cpu + (L - lance_base).
  m.ctl_cpu = m.data_cpu = mem_cpu - (m.lance_base << m.ctl_shift);
  m.invalidate = false;
  m.drain = drain;
}

void lance_copy_to(const LanceMem& m, uint32_t l, const void* src, unsigned n) {
  const auto* s = static_cast<const uint8_t*>(src);
  switch (m.kind) {
    case LanceMemKind::kGap2: gap2_copy_to(m.data_cpu, l, s, n); break;
    case LanceMemKind::kContig: device_copy(reinterpret_cast<uint8_t*>(m.data_cpu + l), s, n); break;
    case LanceMemKind::kMain: memcpy(reinterpret_cast<void*>(m.data_cpu + l), s, n); break;
  }
}

void lance_copy_from(const LanceMem& m, uint32_t l, void* dst, unsigned n) {
  auto* d = static_cast<uint8_t*>(dst);
  switch (m.kind) {
    case LanceMemKind::kGap2: gap2_copy_from(m.data_cpu, l, d, n); break;
    case LanceMemKind::kContig: device_copy(d, reinterpret_cast<const uint8_t*>(m.data_cpu + l), n); break;
    case LanceMemKind::kMain:
      // The chip wrote these bytes behind the D-cache: drop any cached copy first.
      if (m.invalidate) {
        if (m.inval_region) guest::emu::region_begin(m.inval_region);
        if (m.invalidate_pages) {
          const uint32_t first = (m.data_cpu + l) & ~0xfffu;
          cache_dcache_invalidate(first, ((m.data_cpu + l + n + 0xfff) & ~0xfffu) - first);
        } else {
          cache_dcache_invalidate(m.data_cpu + l, n);
        }
        if (m.inval_region) guest::emu::region_end(m.inval_region);
      }
      memcpy(d, reinterpret_cast<const void*>(m.data_cpu + l), n);
      break;
  }
}

void lance_data_written(const LanceMem& m) {
  // Posted stores (to the buffer, or through the write-through D-cache to RAM) must have
  // reached memory before the chip may fetch the frame.
  if (m.drain) (void)*m.drain;
  else cpu::wbflush();
}

}  // namespace guest::net

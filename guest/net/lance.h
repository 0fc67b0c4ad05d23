// Bare-metal driver for the AMD Am7990 LANCE on the DECstation 2100/3100 (KN01) and the
// 5000/200 (KN02 on-board PMAD-AA), for guest programs (guest/net/udp_echo.cpp,
// lance_test.cpp). One chip, one driver state: the functions below are the whole API.
//
// Sources: shared/reference/am7990-lance.md (CSRs §2-3, init block §4, MODE §5,
// descriptors §6, ring rules §7, driver sequences §8, interrupt pin §9, buffer addressing
// §10); decstation-memory-maps.md §1.6 (KN01 gap2 buffer), §1.7/§3 (ESAR), §2.3-2.6 (KN02
// CSR interrupt source 6, PMAD-AA layout); NetBSD sys/dev/ic/am7990.c (rint/tint error
// handling, reset on MERR/BUFF/UFLO), sys/dev/tc/if_le_dec.c (le_dec_copytobuf_gap2,
// writereg + wbflush); Linux drivers/net/ethernet/amd/declance.c (ESAR check, multicast).
//
// Layering (files):
//   lance_mem.*   where LANCE memory is and how the CPU reaches it: KN01 gap2 (16-bit
//                 halfwords at 2L, odd bytes by read-modify-write), PMAD contiguous SRAM,
//                 or main memory (--lance-dma main: descriptors through kseg1, packet data
//                 through kseg0 with D-cache invalidation by isolation and wbflush)
//   lance.cpp     chip bring-up, rings, transmit, receive, errors (this header)
//   net_intr.*    bare-metal programs only: the general exception vector, interrupt
//                 dispatch per board, lance_open/lance_close (the guest kernel has its own
//                 vector and uses lance_start/lance_stop)
//   crc32.*       Ethernet CRC-32 (multicast hash, software FCS for DTCR loopback)
//
// Operation. Polled (LanceConfig::interrupts = false): the program calls lance_poll(),
// which reads CSR0, acknowledges it and services both rings; lance_recv() polls by
// itself. Interrupt-driven (true, the default): the exception handler calls the same
// service routine, which copies received frames into a software queue; lance_recv() only
// takes frames from that queue. In both modes lance_send() writes the frame straight
// into the chip's transmit buffers and sets TDMD.
//
// Errors are counted in LanceStats. MERR, a transmit UFLO or BUFF, or the chip dropping
// RXON/TXON make the driver re-initialise the chip, as NetBSD am7990_intr/_tint do; a
// receive BUFF does too, following §8's "on MERR, UFLO or BUFF: full re-init" (NetBSD's
// am7990_rint only counts it: the chip stays in step with the ring). Frames still in the
// rings are lost; re-initialisations are counted in `reinits`.
#pragma once
#include <stdint.h>

namespace guest::net {

// MODE register (init block word 0), am7990-lance.md §5.
constexpr uint16_t kModeProm = 0x8000, kModeIntl = 0x0040, kModeDrty = 0x0020,
                   kModeColl = 0x0010, kModeDtcr = 0x0008, kModeLoop = 0x0004,
                   kModeDtx = 0x0002, kModeDrx = 0x0001;

constexpr unsigned kEtherAddrLen = 6;
constexpr unsigned kEtherMinLen = 60;    // DA..data without FCS (NetBSD LEMINSIZE)
constexpr unsigned kEtherMaxLen = 1514;  // DA..data without FCS
constexpr unsigned kFcsLen = 4;

enum class DmaPath : uint8_t {
  kBoardBuffer,  // the real machines: KN01 buffer RAM / PMAD-AA SRAM
  kMainMemory,   // emu --lance-dma main: LANCE address = physical address
};

struct LanceConfig {
  unsigned rx_ring = 8;      // descriptors, power of two, 1..128
  unsigned tx_ring = 8;
  unsigned rx_buf = 1536;    // bytes per receive buffer: even, 64..4088
  unsigned tx_buf = 1536;    // bytes per transmit buffer: even, 100..4088
  uint16_t mode = 0;         // MODE (kMode* bits)
  uint16_t ladrf[4] = {};    // logical address filter, LADRF[15:0] first
  bool interrupts = true;
  DmaPath dma = DmaPath::kBoardBuffer;
  // Main memory only: invalidate the D-cache over received data before reading it. Off
  // only to demonstrate what goes wrong (lance_test's coherence check).
  bool invalidate = true;
  // Main memory only: invalidate the whole 4 KiB pages under a received frame rather than
  // only its lines (the two costs guest/kernel's netbench compares).
  bool invalidate_pages = false;
  // Emulator regions (emu_ops.h) marking each received frame's copy out of LANCE memory
  // (main memory: the invalidation included) and, main memory only, the invalidation
  // alone. 0: not marked.
  uint32_t rx_copy_region = 0, rx_inval_region = 0;
  // A user task driving the chip through mappings (the guest kernel's mapped-driver mode,
  // guest/kernel/dev/net.cpp): RDP at user_regs (RAP at + 4), LANCE memory at user_mem
  // (uncached; laid out as lance_where() reports), the station address given (the ESAR
  // is not mapped), and no CP0 access at all. 0: the usual kseg1 addresses. Such a
  // program defines lance_board_kn02() itself (lance_irq.h): it cannot ask the PROM.
  // user_mem_lance: the LANCE address at user_mem (main memory: the area's physical
  // address, which the kernel reports; board buffers: 0).
  uint32_t user_regs = 0, user_mem = 0, user_mem_lance = 0;
  uint8_t user_mac[6] = {};
};

// Where the chip and its memory are, physically (for mapping them into a user task):
// registers (RDP; RAP at + 4), the memory the driver uses, its CPU bytes from mem_phys,
// and the LANCE address at mem_phys (0 for board buffers, mem_phys for main memory).
struct LanceWhere {
  uint32_t regs_phys, mem_phys, mem_bytes, mem_lance;
};

struct LanceStats {
  uint32_t rx_frames, rx_bytes, rx_chained;  // good frames delivered; chained = >1 buffer
  uint32_t tx_frames, tx_bytes;              // frames the chip completed without error
  uint32_t rx_queue_full;                    // good frames dropped: software queue full
  uint32_t miss, babl, cerr, merr;           // CSR0 indications (each seen once per service)
  uint32_t rx_crc, rx_fram, rx_oflo, rx_buff;  // receive descriptor errors
  uint32_t tx_uflo, tx_buff, tx_lcol, tx_lcar, tx_rtry;  // transmit descriptor errors
  uint32_t tx_one, tx_more, tx_def;          // retries and deferrals (not errors)
  uint32_t rx_stray;                         // descriptors without STP where one should start
  uint32_t reinits, interrupts, tx_ring_full_waits;
};

// A received frame as lance_recv() hands it over: DA..data (the FCS is not included).
struct RxFrame {
  const uint8_t* data;
  unsigned len;
};

// Bring the chip up on this machine: read the station address from the ESAR, build the
// init block and rings, INIT, wait for IDON, STRT. With interrupts, installs the
// exception handler (net_intr.h) and enables the LANCE's interrupt. Returns 0, or a
// negative value after printing why. (Bare-metal programs; in net_intr.cpp.)
int lance_open(const LanceConfig& cfg);
// Stop the chip, disable its interrupt, restore the boot ROM's exception vectors (BEV).
void lance_close();
// The same without the exception vector, for a host that takes the LANCE's interrupt
// itself and calls lance_interrupt() (the guest kernel, guest/kernel/dev/net.cpp).
// lance_stop() returns false when the chip was never started.
int lance_start(const LanceConfig& cfg);
bool lance_stop();
// Change MODE and LADRF: STOP, rewrite the init block, re-initialise (the §8 "multicast
// change" sequence). Rings start afresh. Returns 0 or negative.
int lance_reconfigure(uint16_t mode, const uint16_t ladrf[4]);

// Queue a frame (DA..data, no FCS unless MODE.DTCR is set and the caller appends one).
// Frames shorter than 60 bytes are padded with zeros unless `no_pad`. A frame longer than
// one transmit buffer is chained over several descriptors. Waits (bounded) for free
// descriptors. Returns 0, or -1 (bad length), -2 (no descriptors freed in time).
int lance_send(const void* frame, unsigned len, bool no_pad = false);
// Take the oldest received frame, or return false when there is none (polled mode: the
// chip is serviced first). The frame stays valid until lance_recv_done().
bool lance_recv(RxFrame* out);
void lance_recv_done();
// Service the chip now (polled mode; in interrupt mode it runs with interrupts off).
void lance_poll();

const uint8_t* lance_mac();  // the station address read from the ESAR
LanceWhere lance_where();    // after lance_start
bool lance_esar_valid();     // ESAR test pattern and mirror copies as Linux checks them
LanceStats& lance_stats();
const LanceConfig& lance_config();
const char* lance_dma_name();  // "board buffer (KN01 gap2)", ... for reports
void lance_print_stats(const char* prefix);
// The 6-bit LANCE multicast hash of a group address and setting its filter bit.
unsigned lance_multicast_hash(const uint8_t* addr);
void lance_ladrf_add(uint16_t ladrf[4], const uint8_t* addr);

// Called by the interrupt dispatcher (net_intr.cpp) when the LANCE's line is asserted.
void lance_interrupt();

// ---- test hooks (lance_test.cpp) -------------------------------------------------------
// Stop giving receive buffers back to the chip (and stop looking at the receive ring):
// the ring fills, and further frames are missed. Releasing services the ring at once.
void lance_hold_rx(bool hold);
// Point the next receive descriptor's buffer at LANCE address `laddr` (a bus timeout
// there makes MERR).
void lance_test_bad_rx_buffer(uint32_t laddr);
// Hand the chip a one-buffer frame without ENP whose next descriptor is not owned: the
// transmitter reports BUFF|UFLO and turns itself off.
void lance_test_broken_chain();
// Main memory only: kseg0 address of receive buffer `i` (to make its lines cached).
volatile uint32_t* lance_test_rx_buffer(unsigned i);
unsigned lance_test_rx_index();

}  // namespace guest::net

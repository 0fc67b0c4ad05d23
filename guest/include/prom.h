// The DEC PROM interface as a bare-metal guest sees it, and the machine it runs on.
// Sources: shared/reference/dz-rtc-prom.md §3 (old PROM jump table at 0xbfc00000,
// REX callback vector and magic; from NetBSD sys/arch/pmax/include/dec_prom.h, pmaxtype.h
// and Linux arch/mips/include/asm/dec/prom.h) and gxemul-peer.md.
//
// The runtime's crt0 saves the four registers the PROM hands over (a0 = argc, a1 = argv,
// a2 = REX magic or whatever an old PROM leaves there, a3 = REX callback vector) before
// anything else runs; programs read them here.
#pragma once
#include <stdint.h>

namespace guest {

// a2 at entry from a REX (TURBOchannel) PROM: the bytes "TCF0".
constexpr uint32_t kRexMagic = 0x30464354;

// Old PROM jump table: entry n is an 8-byte slot at 0xbfc00000 + 8n, called like an o32
// C function. KN01 has only this; KN02 has it as well as the REX vector.
enum class PromEntry : unsigned {
  kReset = 0, kExec = 1, kRestart = 2, kReinit = 3, kReboot = 4, kAutoboot = 5,
  kOpen = 6, kRead = 7, kWrite = 8, kIoctl = 9, kClose = 10, kLseek = 11,
  kGetchar = 12, kPutchar = 13, kShowchar = 14, kGets = 15, kPuts = 16, kPrintf = 17,
  kFlushcache = 28, kClearcache = 29, kGetenv2 = 33, kSetenv2 = 34,
  kSetenv = 45, kUnsetenv = 46, kPrintenv = 47, kHalt = 54,
};
constexpr uint32_t kPromJumpTable = 0xbfc00000;
inline uint32_t prom_entry_address(PromEntry e) {
  return kPromJumpTable + 8 * static_cast<uint32_t>(e);
}

// REX callback vector: byte offsets of 32-bit function pointers (NetBSD struct callback).
enum class RexCallback : unsigned {
  kMemcpy = 0x00, kMemset = 0x04, kStrcpy = 0x10, kStrlen = 0x14,
  kGetchar = 0x24, kGets = 0x28, kPuts = 0x2c, kPrintf = 0x30,
  kBootinit = 0x54, kBootread = 0x58, kSetenv = 0x60, kGetenv = 0x64,
  kSlotAddress = 0x6c, kWbflush = 0x70, kMsdelay = 0x74, kClearCache = 0x7c,
  kGetsysid = 0x80, kGetbitmap = 0x84, kGettcinfo = 0xa4, kHalt = 0x9c, kRex = 0xac,
};

// The jump-table entry as a function pointer of type F (an o32 C function type), e.g.
//   guest::prom_entry<int(const char*, ...)>(guest::PromEntry::kPrintf)("%d\n", 42);
template <class F> F* prom_entry(PromEntry e) { return reinterpret_cast<F*>(prom_entry_address(e)); }

// What the PROM passed in a0..a3 (saved by crt0 before .bss was cleared).
struct PromArgs {
  int argc;
  char** argv;
  uint32_t magic;       // a2: kRexMagic when a REX PROM started us
  uint32_t callbacks;   // a3: address of the REX callback vector (meaningful only with magic)
};
const PromArgs& prom_args();

// True when a REX PROM started the program (a2 == kRexMagic). GXemul passes the magic on
// every DECstation model; a real KN01 PROM does not.
bool prom_is_rex();

// The function pointer at `offset` in the REX callback vector, or nullptr without a REX
// PROM. Cast it to the callback's o32 C signature, e.g.
//   auto getenv = reinterpret_cast<char* (*)(const char*)>(rex_callback(RexCallback::kGetenv));
void* rex_callback(RexCallback offset);

// System id: REX getsysid() when available; otherwise the KN01 value the old PROM keeps
// in its `systype` variable (0x82 CPU byte, board 1). Bits 23:16 are the board type.
uint32_t prom_getsysid();

// The board, from the system id's bits 23:16 (NetBSD pmaxtype.h numbering).
enum class Board : uint8_t {
  kKn01 = 1,  // DECstation 2100/3100 (PMAX)
  kKn02 = 2,  // DECstation 5000/200 (3MAX)
};
Board machine_board();
// Human-readable machine name, e.g. "DECstation 2100/3100 (KN01)".
const char* machine_name();

}  // namespace guest

// Program exit: returns to the PROM through the old jump table's `restart` entry
// (0xbfc00010; GXemul and our boot ROM end the emulation there), with the status in a0.
// The PROM's restart takes no status, so a failure (status != 0) first ends an emulator
// run with that status through the emulator's halt op (emu_ops.h; 1 if the low byte is 0),
// which is a no-op on hardware and GXemul. Prints nothing. Spins if the PROM returns.
extern "C" [[noreturn]] void exit(int status);

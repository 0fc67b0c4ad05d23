// PROM arguments, machine detection and program start/exit for bare-metal guests.
// Sources: shared/reference/dz-rtc-prom.md §3 (REX magic in a2 and callback vector
// in a3; getsysid() at callback offset 0x80 with the board type in bits 23:16; old PROM
// jump table with `restart` at 0xbfc00010), gxemul-peer.md (GXemul passes the REX
// arguments on every model and exits on `restart`).
#include "prom.h"

#include "console.h"
#include "emu_ops.h"
#include "mips.h"

namespace guest {
namespace {

PromArgs g_args;
uint32_t g_sysid;

// The value a KN01's old PROM keeps in its `systype` variable: CPU byte 0x82 (R2000/R3000
// class, as NetBSD requires), board 1 (DS_PMAX); firmware/hardware revision unknown: 0.
constexpr uint32_t kKn01Sysid = 0x82u << 24 | 1u << 16;

}  // namespace

const PromArgs& prom_args() { return g_args; }

bool prom_is_rex() { return g_args.magic == kRexMagic && g_args.callbacks != 0; }

void* rex_callback(RexCallback offset) {
  if (!prom_is_rex()) return nullptr;
  auto* vec = reinterpret_cast<void* const*>(g_args.callbacks);
  return vec[static_cast<unsigned>(offset) / sizeof(void*)];
}

uint32_t prom_getsysid() { return g_sysid; }

Board machine_board() { return static_cast<Board>((g_sysid >> 16) & 0xff); }

const char* machine_name() {
  switch (machine_board()) {
    case Board::kKn01: return "DECstation 2100/3100 (KN01)";
    case Board::kKn02: return "DECstation 5000/200 (KN02)";
  }
  return "unsupported DECstation model";
}

}  // namespace guest

using namespace guest;

extern "C" {

// Static constructors, collected by guest/runtime/kernel.ld.
using InitFn = void (*)();
extern InitFn __init_array_start[];
extern InitFn __init_array_end[];

// Called by crt0 with the registers the PROM passed, after .bss is cleared and before
// main(): remember them, find out which board this is, open the console, run constructors.
void __guest_init(int argc, char** argv, uint32_t magic, uint32_t callbacks) {
  g_args = {argc, argv, magic, callbacks};
  g_sysid = kKn01Sysid;  // without a REX PROM this is a KN01
  if (auto* getsysid = reinterpret_cast<uint32_t (*)()>(rex_callback(RexCallback::kGetsysid)))
    g_sysid = getsysid();
  console_init();
  for (InitFn* f = __init_array_start; f != __init_array_end; ++f) (*f)();
}

void exit(int status) {
  console_drain();
  if (status != 0) emu::halt((status & 0xff) ? status : 1);  // does nothing on hardware
  auto restart = reinterpret_cast<void (*)(int)>(prom_entry_address(PromEntry::kRestart));
  restart(status);
  for (;;) {
  }
}

}  // extern "C"

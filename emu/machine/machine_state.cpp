// Machine::state (machine.h): the order of the parts is the checkpoint format (a new part
// or field is a new checkpoint version, emu/checkpoint/checkpoint.h).
#include <algorithm>
#include <cstring>

#include "emu/common/error.h"
#include "emu/machine/machine.h"

namespace emu {

namespace {

constexpr u32 kPageBytes = 4096;
constexpr u32 kNoMorePages = ~0u;

std::string identity(const std::string& name, u64 ram, bool timing, bool lance_main) {
  return "a " + name + " with " + std::to_string(ram >> 20) + " MiB, --timing " + (timing ? "on" : "off") +
         ", --lance-dma " + (lance_main ? "main" : "buffer");
}

// RAM as the pages that are not all zero (a booted kernel touches a few MiB of a machine's
// 16-480): page number, then its bytes; untouched pages stay untouched on the host.
void ram_state(StateIo& io, u8* ram, size_t size) {
  const u32 pages = u32(size / kPageBytes);
  if (!io.loading()) {
    static const u8 zero[kPageBytes] = {};
    for (u32 p = 0; p < pages; ++p) {
      u8* page = ram + size_t(p) * kPageBytes;
      if (std::memcmp(page, zero, kPageBytes) == 0) continue;
      io.pod(p);
      io.bytes(page, kPageBytes);
    }
    u32 end = kNoMorePages;
    io.pod(end);
    return;
  }
  u32 last = 0;
  bool first = true;
  for (;;) {
    u32 p = 0;
    io.pod(p);
    if (p == kNoMorePages) break;
    io.check(p < pages && (first || p > last), "a RAM page is outside the machine's memory or out of order");
    io.bytes(ram + size_t(p) * kPageBytes, kPageBytes);
    last = p;
    first = false;
  }
}

}  // namespace

void Machine::state(StateIo& io) {
  io.section("machine");
  std::string name = profile_.name;
  u64 ram = ram_->size();
  bool timing = opt_.timing, lance_main = opt_.lance_main_memory;
  io.str(name, 64);
  io.pod(ram);
  io.boolean(timing);
  io.boolean(lance_main);
  if (io.loading() && (name != profile_.name || ram != ram_->size() || timing != opt_.timing ||
                       lance_main != opt_.lance_main_memory))
    throw StateError("it holds " + identity(name, ram, timing, lance_main) + "; this run is " +
                     identity(profile_.name, ram_->size(), opt_.timing, opt_.lance_main_memory) +
                     " (give the options the checkpoint was made with)");
  io.pod(reboots_);
  sched_.state(io);
  cpu_->state(io);
  io.section("ram");
  if (io.loading()) ram_->clear();
  ram_state(io, ram_->data(), ram_->size());
  io.section("rom");
  io.bytes(rom_.data(), rom_.size());
  io.section("irq");
  for (auto& l : irqs_) l->state(io);
  for (auto& d : devices_) {
    io.section(d->name());
    d->state(io);
  }
  // The caller ends with sched_.end_state(io), after the parts outside the machine that
  // keep events on its scheduler (a network node) have saved theirs.
}

}  // namespace emu

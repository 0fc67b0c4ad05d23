// The physical address space of one machine: RAM, ROM and device windows.
//
// A machine declares its whole map once (emu/machine/*). Lookups are by 4 KiB physical
// page, so the map is a flat table; an address with nothing behind it makes read/write
// return false and the CPU raises a bus error in the guest (never a host fault).
// The physical space modelled is 512 MiB (29 address bits, what DECstation boards decode);
// TLB-mapped addresses above it have nothing behind them.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devices/device.h"
#include "emu/common/types.h"

namespace emu {

// Extra cycles the CPU stalls on an access to a region (timing profile of the machine).
struct BusLatency {
  u32 read = 0;
  u32 write = 0;
};

class PhysicalBus {
 public:
  static constexpr u32 kPhysSize = 0x20000000;
  static constexpr unsigned kPageShift = 12;
  static constexpr u32 kPageSize = 1u << kPageShift;
  static constexpr u32 kPages = kPhysSize >> kPageShift;

  using Latency = BusLatency;

  struct Region {
    std::string name;
    u32 base = 0;
    u32 size = 0;
    Device* device = nullptr;  // either a device...
    u8* memory = nullptr;      // ...or host memory (RAM, ROM)
    bool writable = true;      // ROM: writes are ignored (no bus error: the real ROM ignores them)
    Latency latency;
  };

  PhysicalBus();

  // Map `size` bytes of host memory at `base` (both page-aligned).
  void map_memory(const std::string& name, u32 base, u32 size, u8* memory, bool writable,
                  Latency latency = Latency());
  // Map a device window; offsets handed to the device are relative to `base`.
  void map_device(const std::string& name, u32 base, u32 size, Device* device, Latency latency = Latency());

  // Region covering a physical address, or nullptr.
  const Region* region_at(u32 pa) const {
    if (pa >= kPhysSize) return nullptr;
    u16 r = page_region_[pa >> kPageShift];
    return r ? &regions_[r - 1] : nullptr;
  }
  const std::vector<Region>& regions() const { return regions_; }
  // Set the access latency of every region (the machine's timing profile decides).
  void set_latencies(const std::function<Latency(const Region&)>& f) {
    for (auto& r : regions_) r.latency = f(r);
  }

  // Accesses by the CPU or a DMA master. size is 1, 2 or 4 and pa is aligned to it.
  bool read(u32 pa, unsigned size, u32& value) const;
  bool write(u32 pa, unsigned size, u32 value);

  // Byte-block helpers for loaders and DMA engines: false if any byte has no memory behind it.
  bool write_block(u32 pa, const u8* src, u32 len);
  bool read_block(u32 pa, u8* dst, u32 len) const;

  // Host pointer to memory at pa valid for len bytes within one region, or nullptr.
  u8* host_pointer(u32 pa, u32 len) const;

  // Called after any write that reaches memory through the bus (not the CPU's RAM fast
  // path, which notifies the code cache itself): keeps pre-decoded code coherent.
  void set_write_observer(std::function<void(u32 pa, unsigned len)> observer) {
    write_observer_ = std::move(observer);
  }

 private:
  void add_region(Region r);
  std::vector<Region> regions_;
  std::vector<u16> page_region_;  // 0 = nothing, else index + 1 into regions_
  std::function<void(u32, unsigned)> write_observer_;
};

}  // namespace emu

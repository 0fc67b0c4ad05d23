#include "emu/mem/physical_bus.h"

#include <cstring>

#include "emu/common/error.h"

namespace emu {

PhysicalBus::PhysicalBus() : page_region_(kPages, 0) {}

void PhysicalBus::add_region(Region r) {
  if (r.size == 0 || (r.base & (kPageSize - 1)) || (r.size & (kPageSize - 1)) ||
      u64(r.base) + r.size > kPhysSize)
    throw EmulatorError("bus: region '" + r.name + "' is not page-aligned or lies outside physical space");
  for (u32 p = r.base >> kPageShift; p < (r.base + r.size) >> kPageShift; ++p)
    if (page_region_[p])
      throw EmulatorError("bus: region '" + r.name + "' overlaps '" + regions_[page_region_[p] - 1].name + "'");
  regions_.push_back(std::move(r));
  const Region& added = regions_.back();
  u16 idx = static_cast<u16>(regions_.size());
  for (u32 p = added.base >> kPageShift; p < (added.base + added.size) >> kPageShift; ++p) page_region_[p] = idx;
}

void PhysicalBus::map_memory(const std::string& name, u32 base, u32 size, u8* memory, bool writable,
                             Latency latency) {
  Region r;
  r.name = name;
  r.base = base;
  r.size = size;
  r.memory = memory;
  r.writable = writable;
  r.latency = latency;
  add_region(std::move(r));
}

void PhysicalBus::map_device(const std::string& name, u32 base, u32 size, Device* device, Latency latency) {
  Region r;
  r.name = name;
  r.base = base;
  r.size = size;
  r.device = device;
  r.latency = latency;
  add_region(std::move(r));
}

bool PhysicalBus::read(u32 pa, unsigned size, u32& value) const {
  const Region* r = region_at(pa);
  if (!r) return false;
  u32 off = pa - r->base;
  if (r->memory) {
    value = 0;
    std::memcpy(&value, r->memory + off, size);  // little-endian host and guest
    return true;
  }
  return r->device->read(off, size, value);
}

bool PhysicalBus::write(u32 pa, unsigned size, u32 value) {
  const Region* r = region_at(pa);
  if (!r) return false;
  u32 off = pa - r->base;
  if (r->memory) {
    if (r->writable) {
      std::memcpy(r->memory + off, &value, size);
      if (write_observer_) write_observer_(pa, size);
    }
    return true;
  }
  return r->device->write(off, size, value);
}

u8* PhysicalBus::host_pointer(u32 pa, u32 len) const {
  const Region* r = region_at(pa);
  if (!r || !r->memory) return nullptr;
  if (u64(pa) + len > u64(r->base) + r->size) return nullptr;
  return r->memory + (pa - r->base);
}

bool PhysicalBus::write_block(u32 pa, const u8* src, u32 len) {
  while (len) {
    const Region* r = region_at(pa);
    if (!r || !r->memory) return false;
    u32 chunk = std::min<u32>(len, r->base + r->size - pa);
    std::memcpy(r->memory + (pa - r->base), src, chunk);
    if (write_observer_) write_observer_(pa, chunk);
    pa += chunk;
    src += chunk;
    len -= chunk;
  }
  return true;
}

bool PhysicalBus::read_block(u32 pa, u8* dst, u32 len) const {
  while (len) {
    const Region* r = region_at(pa);
    if (!r || !r->memory) return false;
    u32 chunk = std::min<u32>(len, r->base + r->size - pa);
    std::memcpy(dst, r->memory + (pa - r->base), chunk);
    pa += chunk;
    dst += chunk;
    len -= chunk;
  }
  return true;
}

}  // namespace emu

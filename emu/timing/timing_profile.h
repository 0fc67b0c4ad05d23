// The timing model's parameters, one profile per machine, in one readable table
// (timing_profile.cpp; the README shows the same table). Every cycle a guest spends comes
// from one of these numbers or from executing an instruction (1 cycle each).
//
// What each parameter charges (emu/timing/memory_system.h applies them):
//   I-cache miss      wait for the write buffer to drain, then mem_read + (iblock_words-1)
//                     * mem_read_next cycles; iblock_words lines are filled
//   D-cache read miss wait for the write buffer to drain, then mem_read cycles; one line
//   uncached read     (kseg1 or TLB N=1, RAM) as a D-cache miss, no line filled
//   uncached fetch    every instruction fetched from kseg1: as an uncached read (RAM) or
//                     rom_read (the boot ROM)
//   device read       wait for the write buffer to drain, then the device's read latency
//   store             enters the 4-deep write buffer (stall only while it is full); each
//                     entry then occupies the memory for mem_write (RAM word),
//                     mem_write_partial (RAM byte/halfword) or the device's write latency
//   MULT/DIV          result ready mult/div cycles after issue; MFHI/MFLO (and a further
//                     MULT/DIV) before that stall until it is
//   FPA operation     the R3010 latency of the instruction (Fpu::latency); the next FPA
//                     instruction stalls until the previous one has finished
//   exception         exception_entry cycles to redirect the pipeline to the vector
// Numbers that no source gives are marked "assumption" in the table: `--timing-set
// NAME=VALUE` overrides any of them for a run, so a user with a real machine can calibrate.
#pragma once
#include <string>
#include <vector>

#include "emu/common/types.h"

namespace emu {

struct DeviceLatency {
  const char* region;  // bus region name as the machine maps it (e.g. "dc7085")
  u32 read, write;
};

struct TimingProfile {
  std::string machine;
  u32 mem_read = 0;           // D-cache refill / uncached RAM read, cycles
  u32 mem_read_next = 0;      // each further word of an I-cache block refill
  u32 iblock_words = 1;       // I-cache refill block size (words)
  u32 mem_write = 0;          // write-buffer entry retiring a word to RAM
  u32 mem_write_partial = 0;  // ... a byte or halfword (ECC memory reads, merges, writes)
  u32 rom_read = 0;           // uncached word read from the boot ROM
  u32 write_buffer_depth = 4;
  u32 mult = 12, div = 35;    // HI/LO result latency
  u32 exception_entry = 0;
  std::vector<DeviceLatency> devices;

  // Latency of a bus region by name; {0, 0} for regions the table does not list.
  DeviceLatency device(const std::string& region) const;
  // Apply "NAME=VALUE" (a scalar field, or REGION.read / REGION.write). Throws UserError.
  void set(const std::string& assignment);
  // The table as text (README, `emu --timing-table`).
  static std::string describe_all();
};

// The profile of a machine by its --machine name (the table in timing_profile.cpp).
TimingProfile timing_profile_for(const std::string& machine);

}  // namespace emu

// Checkpoint files (--checkpoint, --restore) and the state hash (--state-hash).
//
// A checkpoint is the whole state of one machine (Machine::state: CPU, caches, TLB, write
// buffer, RAM, boot ROM, devices and their pending events) and of its marked regions
// (RegionRecorder::state), so that a run restored from it continues exactly as the
// uninterrupted run: the same cycles, console output and --stats.
//
// File format, version kCheckpointVersion:
//   8 bytes  "DECEMUCK"
//   u32      format version (little-endian)
//   u64      length of the state in bytes
//   ...      the state, one zlib stream (its Adler-32 catches corruption)
// A reader refuses, with one line naming the file (UserError, exit status 2): another
// magic, another version, a truncated or corrupt stream, a state that does not parse, and a
// state of another machine type or configuration.
#pragma once
#include <string>
#include <vector>

#include "emu/common/types.h"

namespace emu {

class Machine;
class RegionRecorder;

inline constexpr u32 kCheckpointVersion = 1;

// The state of a machine and its regions (`regions` may be nullptr: not saved / skipped).
std::vector<u8> save_state(Machine& m, RegionRecorder* regions);
// Restores what save_state saved; throws StateError on bytes that are not such a state.
void load_state(Machine& m, RegionRecorder* regions, const std::vector<u8>& state);

// The file around a state. encode/decode work on bytes (the fuzz target uses decode);
// `name` is what messages call the file.
std::vector<u8> encode_checkpoint(const std::vector<u8>& state);
std::vector<u8> decode_checkpoint(const std::vector<u8>& file, const std::string& name);

// Write a checkpoint of m (and its regions) to path (emu/common/output_file.h: a temporary
// file renamed into place at once: each checkpoint is complete when written).
void write_checkpoint(const std::string& path, Machine& m, RegionRecorder* regions);
// Read path and restore it into m (and its regions). UserError naming the file.
void restore_checkpoint(const std::string& path, Machine& m, RegionRecorder* regions);

// A 64-bit hash (FNV-1a) of the machine's whole state, as a checkpoint holds it: two runs
// that end in the same architectural and microarchitectural state have the same hash.
u64 state_hash(Machine& m);

}  // namespace emu

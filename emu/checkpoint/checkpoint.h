// Checkpoint files (--checkpoint, --restore) and the state hash (--state-hash).
//
// A checkpoint is the whole state of a run: each machine (Machine::state: CPU, caches, TLB,
// write buffer, RAM, boot ROM, devices and their pending events) with its marked regions
// (RegionRecorder::state) and, on a simulated Ethernet, its network node
// (MachineNode::state) and the segment (net::Segment::state: frames in flight); so that a
// run restored from it continues exactly as the uninterrupted run: the same cycles, console
// output and --stats.
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
class MachineNode;
class RegionRecorder;
namespace net {
class Segment;
}

// The parts of a run a checkpoint holds. regions, node and segment may be nullptr.
struct CheckpointRun {
  struct Station {
    Machine* machine;
    RegionRecorder* regions = nullptr;
    MachineNode* node = nullptr;
  };
  std::vector<Station> stations;
  net::Segment* segment = nullptr;
};

inline constexpr u32 kCheckpointVersion = 1;

// The state of a run. A reader refuses (StateError) bytes that are not such a state, or
// of a run with other machines, stations, or parts (a node, a segment) than `run`.
std::vector<u8> save_state(const CheckpointRun& run);
void load_state(const CheckpointRun& run, const std::vector<u8>& state);
// One machine with its regions (may be nullptr: not saved / skipped).
std::vector<u8> save_state(Machine& m, RegionRecorder* regions);
void load_state(Machine& m, RegionRecorder* regions, const std::vector<u8>& state);

// The file around a state. encode/decode work on bytes (the fuzz target uses decode);
// `name` is what messages call the file.
std::vector<u8> encode_checkpoint(const std::vector<u8>& state);
std::vector<u8> decode_checkpoint(const std::vector<u8>& file, const std::string& name);

// Write a checkpoint of the run to path (emu/common/output_file.h: a temporary file renamed
// into place at once: each checkpoint is complete when written).
void write_checkpoint(const std::string& path, const CheckpointRun& run);
// Read path and restore it into the run. UserError naming the file.
void restore_checkpoint(const std::string& path, const CheckpointRun& run);

// A 64-bit hash (FNV-1a) of the machine's whole state, as a checkpoint holds it: two runs
// that end in the same architectural and microarchitectural state have the same hash.
u64 state_hash(Machine& m);

}  // namespace emu

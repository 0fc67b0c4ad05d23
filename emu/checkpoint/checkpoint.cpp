#include "emu/checkpoint/checkpoint.h"

#include <zlib.h>

#include <cstring>

#include "emu/common/error.h"
#include "emu/common/output_file.h"
#include "emu/common/read_file.h"
#include "emu/machine/machine.h"
#include "emu/machine/machine_node.h"
#include "emu/net/segment.h"
#include "emu/state/state_io.h"
#include "emu/stats/regions.h"

namespace emu {

namespace {

constexpr char kMagic[8] = {'D', 'E', 'C', 'E', 'M', 'U', 'C', 'K'};
constexpr size_t kHeaderBytes = 8 + 4 + 8;
// Far above any machine's state (480 MiB of RAM plus a few MiB), far below the host's limits.
constexpr u64 kMaxStateBytes = u64(1) << 30;
constexpr u64 kMaxFileBytes = kMaxStateBytes + (kMaxStateBytes >> 6) + 4096;

template <class T> void put(std::vector<u8>& out, T v) {
  const u8* p = reinterpret_cast<const u8*>(&v);
  out.insert(out.end(), p, p + sizeof v);
}
template <class T> T get(const u8* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

namespace {

// Whether a part is there, the same in the checkpoint as in the run.
void part(StateIo& io, bool here, const char* what) {
  bool saved = here;
  io.boolean(saved);
  if (saved != here)
    throw StateError(std::string(saved ? "it holds " : "it does not hold ") + what + ", and this run " +
                     (here ? "has one" : "has none"));
}

void run_state(StateIo& io, const CheckpointRun& run) {
  const size_t n = io.count(run.stations.size(), 64);
  if (n != run.stations.size())
    throw StateError("it holds " + std::to_string(n) + " machine(s); this run has " + std::to_string(run.stations.size()));
  for (const CheckpointRun::Station& s : run.stations) {
    s.machine->state(io);
    bool with_regions = s.regions != nullptr;
    io.boolean(with_regions);
    if (with_regions && s.regions) {
      s.regions->state(io);
    } else if (with_regions) {  // saved, not wanted here: read past them
      RegionRecorder skip(s.machine->cpu());
      skip.state(io);
    }
    part(io, s.node != nullptr, "a network node");
    if (s.node) s.node->state(io);
    s.machine->scheduler().end_state(io);
  }
  part(io, run.segment != nullptr, "a network segment");
  if (run.segment) run.segment->state(io);
}

}  // namespace

std::vector<u8> save_state(const CheckpointRun& run) {
  StateIo io = StateIo::writer();
  run_state(io, run);
  return std::move(io.data());
}

void load_state(const CheckpointRun& run, const std::vector<u8>& state) {
  StateIo io = StateIo::reader(state.data(), state.size());
  run_state(io, run);
  io.finish();
}

std::vector<u8> save_state(Machine& m, RegionRecorder* regions) { return save_state(CheckpointRun{{{&m, regions}}}); }

void load_state(Machine& m, RegionRecorder* regions, const std::vector<u8>& state) {
  load_state(CheckpointRun{{{&m, regions}}}, state);
}

std::vector<u8> encode_checkpoint(const std::vector<u8>& state) {
  std::vector<u8> out(kMagic, kMagic + 8);
  put<u32>(out, kCheckpointVersion);
  put<u64>(out, state.size());
  uLongf len = compressBound(uLong(state.size()));
  out.resize(kHeaderBytes + len);
  // Level 1: RAM pages compress nearly as well as at 9, several times faster.
  if (compress2(out.data() + kHeaderBytes, &len, state.data(), uLong(state.size()), 1) != Z_OK)
    throw EmulatorError("checkpoint: zlib could not compress the state");
  out.resize(kHeaderBytes + len);
  return out;
}

std::vector<u8> decode_checkpoint(const std::vector<u8>& file, const std::string& name) {
  auto bad = [&](const std::string& what) { return UserError("checkpoint " + name + ": " + what); };
  if (file.size() < 8 || std::memcmp(file.data(), kMagic, 8) != 0) throw bad("not a checkpoint of this emulator");
  if (file.size() < kHeaderBytes) throw bad("truncated (the header is incomplete)");
  const u32 version = get<u32>(file.data() + 8);
  if (version != kCheckpointVersion)
    throw bad("format version " + std::to_string(version) + "; this emulator reads version " +
              std::to_string(kCheckpointVersion) + " (make the checkpoint again with this emulator)");
  const u64 size = get<u64>(file.data() + 12);
  if (size > kMaxStateBytes) throw bad("corrupt (the header gives an impossible state size)");
  // Inflated in pieces, never sized from the header before the data backs it up.
  std::vector<u8> state;
  z_stream z{};
  if (inflateInit(&z) != Z_OK) throw EmulatorError("checkpoint: zlib could not start");
  z.next_in = const_cast<u8*>(file.data() + kHeaderBytes);
  z.avail_in = uInt(file.size() - kHeaderBytes);
  int rc = Z_OK;
  while (rc == Z_OK) {
    const size_t have = state.size();
    if (have >= size + 1) break;  // more than the header said: corrupt
    // Growing by doubling: a header claiming a large state costs nothing until data comes.
    const size_t chunk = std::min<size_t>(size + 1 - have, std::max<size_t>(have, 64 * 1024));
    state.resize(have + chunk);
    z.next_out = state.data() + have;
    z.avail_out = uInt(chunk);
    rc = inflate(&z, Z_NO_FLUSH);
    state.resize(have + chunk - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // the input ended early
  }
  const bool ended = rc == Z_STREAM_END, trailing = z.avail_in != 0;
  inflateEnd(&z);
  if (rc == Z_MEM_ERROR) throw std::bad_alloc();
  if (state.size() > size || (ended && state.size() != size) || trailing)
    throw bad("corrupt (the state's length does not match its header)");
  if (!ended) throw bad(rc == Z_BUF_ERROR ? "truncated (the compressed state ends early)"
                                          : "corrupt (the compressed state does not check out)");
  return state;
}

void write_checkpoint(const std::string& path, const CheckpointRun& run) {
  const std::vector<u8> file = encode_checkpoint(save_state(run));
  OutputFile out(path, "--checkpoint", OutputFile::Partial::kRemove);
  out.write(file.data(), file.size());
  out.commit();
}

void restore_checkpoint(const std::string& path, const CheckpointRun& run) {
  const std::vector<u8> state = decode_checkpoint(read_user_file(path, kMaxFileBytes, "the checkpoint"), path);
  try {
    load_state(run, state);
  } catch (const StateError& e) {
    throw UserError("checkpoint " + path + ": " + e.what());
  }
}

u64 state_hash(Machine& m) {
  StateIo io = StateIo::writer();
  m.state(io);
  m.scheduler().end_state(io);
  u64 h = 0xcbf29ce484222325ull;
  for (const u8 b : io.data()) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

}  // namespace emu

// Writing a cycle trace file (format: trace_format.h, traces/README.md "Cycle traces").
// This class knows the file: header block, records collected into chunks, each chunk
// zlib-compressed and written as soon as it is full, the index and the trailer at the
// end. What goes into the records is the MachineTracer's business (machine_tracer.h).
//
// The file is an OutputFile (emu/common/output_file.h): written under a temporary name,
// renamed into place by commit(); a failed run leaves nothing (a trace without its index
// is useless to a reader).
#pragma once
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "emu/common/output_file.h"
#include "emu/common/types.h"
#include "emu/trace/trace_format.h"

namespace emu::trace {

// Byte-level encoding of fields, shared by the header block and the records. Written for
// the traced instruction loop: one capacity check per field, no per-byte push_back.
class Encoder {
 public:
  Encoder() = default;
  explicit Encoder(const std::string& bytes) { raw(bytes.data(), bytes.size()); }
  const u8* data() const { return buf_.data(); }
  size_t size() const { return n_; }
  void clear() { n_ = 0; }

  void byte(u8 b) {
    *room(1) = b;
    ++n_;
  }
  void uv(u64 v) {
    u8* p = room(10);
    size_t i = 0;
    while (v >= 0x80) {
      p[i++] = u8(v | 0x80);
      v >>= 7;
    }
    p[i++] = u8(v);
    n_ += i;
  }
  void sv(s64 v) { uv(zigzag(v)); }
  void raw(const void* p, size_t n) {
    if (n) std::memcpy(room(n), p, n);
    n_ += n;
  }
  void str(const std::string& s) {
    uv(s.size());
    raw(s.data(), s.size());
  }
  // A header field: tag, length, payload.
  void field(Tag t, const Encoder& payload) {
    uv(u32(t));
    uv(payload.size());
    raw(payload.data(), payload.size());
  }

 private:
  u8* room(size_t k) {
    if (buf_.size() - n_ < k) buf_.resize(std::max(2 * buf_.size(), n_ + k + 256));
    return buf_.data() + n_;
  }
  std::vector<u8> buf_;
  size_t n_ = 0;
};

class TraceWriter {
 public:
  // Writes the file header with the given header fields (an Encoder of field() calls).
  TraceWriter(std::unique_ptr<OutputFile> out, const Encoder& header_fields);
  ~TraceWriter();

  // A record: type, then fields through rec(). `time` is its cycle for the types that
  // carry a time stamp (stamp()).
  Encoder& begin_record(RecordType t) {
    ++chunk_records_;
    rec_.byte(u8(t));
    return rec_;
  }
  void stamp(Cycles t) {
    rec_.sv(s64(t - last_time_));
    last_time_ = t;
  }
  // Where a chunk may end (outside a block): closes the chunk once it is full, and then
  // returns true (the caller's address predictions restart from 0). The next chunk starts
  // at the last stamped time with `instructions` retired.
  bool boundary(u64 instructions) {
    if (rec_.size() < chunk_target_) return false;
    flush_chunk(instructions);
    return true;
  }
  // A smaller chunk size (a small --trace-max-bytes is then not overshot by a whole chunk).
  void set_chunk_target(u32 bytes) { chunk_target_ = bytes; }
  // Bytes in the file so far (header and written chunks; not the current chunk).
  u64 file_bytes() const { return file_bytes_; }
  u64 pending_bytes() const { return rec_.size(); }

  // The last chunk, the index and the trailer; then the file is put in place. Throws
  // EmulatorError on a write error.
  void finish(u64 instructions);
  void abandon() noexcept { out_->abandon(); }
  const std::string& path() const { return out_->path(); }

 private:
  void flush_chunk(u64 instructions);
  void write(const void* p, size_t n);

  std::unique_ptr<OutputFile> out_;
  Encoder rec_;
  u32 chunk_records_ = 0;
  u32 chunk_target_ = kChunkTarget;
  Cycles chunk_time_ = 0, last_time_ = 0;
  u64 chunk_instructions_ = 0;
  u64 file_bytes_ = 0, total_records_ = 0;
  struct IndexEntry {
    u64 offset, cycle, instructions;
  };
  std::vector<IndexEntry> index_;
  std::vector<u8> zbuf_;
  bool finished_ = false;
};

}  // namespace emu::trace

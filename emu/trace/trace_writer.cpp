#include "emu/trace/trace_writer.h"

#include <zlib.h>

#include "emu/common/error.h"

namespace emu::trace {

namespace {

// zlib level 1: the trace is written while the guest runs, and its records (varints of
// small deltas, repeated loops) compress well even at the fastest level.
constexpr int kLevel = Z_BEST_SPEED;

void compress_into(const Encoder& in, std::vector<u8>& out) {
  uLongf n = ::compressBound(uLong(in.size()));
  out.resize(n);
  if (::compress2(out.data(), &n, in.data(), uLong(in.size()), kLevel) != Z_OK)
    throw EmulatorError("--trace: zlib compression failed");
  out.resize(n);
}

u32 crc(const Encoder& v) { return u32(::crc32(0, v.data(), uInt(v.size()))); }

}  // namespace

TraceWriter::TraceWriter(std::unique_ptr<OutputFile> out, const Encoder& header_fields) : out_(std::move(out)) {
  compress_into(header_fields, zbuf_);
  u8 h[kFileHeaderBytes];
  for (size_t i = 0; i < 8; ++i) h[i] = u8(kMagic[i]);
  put_le<u16>(h + 8, kVersionMajor);
  put_le<u16>(h + 10, kVersionMinor);
  put_le<u32>(h + 12, u32(zbuf_.size()));
  put_le<u32>(h + 16, u32(header_fields.size()));
  put_le<u32>(h + 20, crc(header_fields));
  write(h, sizeof h);
  write(zbuf_.data(), zbuf_.size());
}

TraceWriter::~TraceWriter() = default;

void TraceWriter::write(const void* p, size_t n) {
  out_->write(p, n);
  file_bytes_ += n;
}

void TraceWriter::flush_chunk(u64 instructions) {
  if (chunk_records_ == 0) return;
  compress_into(rec_, zbuf_);
  index_.push_back({file_bytes_, chunk_time_, chunk_instructions_});
  u8 h[kChunkHeaderBytes];
  for (size_t i = 0; i < 4; ++i) h[i] = u8(kChunkMagic[i]);
  put_le<u32>(h + 4, u32(zbuf_.size()));
  put_le<u32>(h + 8, u32(rec_.size()));
  put_le<u32>(h + 12, crc(rec_));
  put_le<u64>(h + 16, chunk_time_);
  put_le<u64>(h + 24, chunk_instructions_);
  put_le<u32>(h + 32, chunk_records_);
  write(h, sizeof h);
  write(zbuf_.data(), zbuf_.size());
  total_records_ += chunk_records_;
  rec_.clear();
  chunk_records_ = 0;
  chunk_time_ = last_time_;
  chunk_instructions_ = instructions;
}

void TraceWriter::finish(u64 instructions) {
  if (finished_) return;
  finished_ = true;
  flush_chunk(instructions);
  const u64 index_offset = file_bytes_;
  std::vector<u8> idx(8 + index_.size() * kIndexEntryBytes + kTrailerBytes);
  for (size_t i = 0; i < 4; ++i) idx[i] = u8(kIndexMagic[i]);
  put_le<u32>(idx.data() + 4, u32(index_.size()));
  u8* p = idx.data() + 8;
  for (const auto& e : index_) {
    put_le<u64>(p, e.offset);
    put_le<u64>(p + 8, e.cycle);
    put_le<u64>(p + 16, e.instructions);
    p += kIndexEntryBytes;
  }
  put_le<u64>(p, index_offset);
  put_le<u64>(p + 8, total_records_);
  for (size_t i = 0; i < 8; ++i) p[16 + i] = u8(kEndMagic[i]);
  write(idx.data(), idx.size());
  out_->commit();
}

}  // namespace emu::trace

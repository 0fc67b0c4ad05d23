#include "emu/trace/trace_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "emu/common/error.h"

namespace emu::trace {

namespace {

// A bounded cursor over bytes: every read checks what is left, so no field of a corrupt
// file can take it past its end.
struct Cursor {
  const u8* p;
  const u8* end;
  const char* what;  // "header", "record", for messages
  bool ok = true;
  u64 uv() {
    u64 v = 0;
    for (unsigned shift = 0; shift < 70; shift += 7) {
      if (p == end) return fail();
      const u8 b = *p++;
      if (shift == 63 && (b & 0x7e)) return fail();  // more than 64 bits
      v |= u64(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return fail();
  }
  s64 sv() { return unzigzag(uv()); }
  u8 byte() {
    if (p == end) return u8(fail());
    return *p++;
  }
  u32 u32le() {
    if (end - p < 4) return u32(fail());
    const u32 v = get_le<u32>(p);
    p += 4;
    return v;
  }
  std::string str() {
    const u64 n = uv();
    if (!ok || n > u64(end - p)) return fail(), std::string();
    std::string s(reinterpret_cast<const char*>(p), size_t(n));
    p += n;
    return s;
  }
  u64 fail() {
    ok = false;
    p = end;
    return 0;
  }
};

bool inflate_exact(const u8* in, size_t n, std::vector<u8>& out, size_t size) {
  out.assign(size, 0);
  uLongf len = uLongf(size);
  if (::uncompress(out.data(), &len, in, uLong(n)) != Z_OK) return false;
  return len == size;
}

u32 crc(const std::vector<u8>& v) { return u32(::crc32(0, v.data(), uInt(v.size()))); }

}  // namespace

// Where the bytes come from: an open file (read at offsets) or memory.
struct TraceReader::Source {
  int fd = -1;
  std::vector<u8> mem;
  u64 size = 0;
  ~Source() {
    if (fd >= 0) ::close(fd);
  }
  bool read(u64 off, size_t n, u8* out) const {
    if (off > size || n > size - off) return false;
    if (n == 0) return true;  // (memcpy from an empty vector's null data is undefined: found by tools/fuzz)
    if (fd < 0) {
      std::memcpy(out, mem.data() + off, n);
      return true;
    }
    while (n) {
      const ssize_t r = ::pread(fd, out, n, off_t(off));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return false;
      out += r, off += u64(r), n -= size_t(r);
    }
    return true;
  }
};

TraceReader::TraceReader(const std::string& path) : path_(path), src_(std::make_unique<Source>()) {
  src_->fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (src_->fd < 0) fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat st;
  if (::fstat(src_->fd, &st) != 0 || !S_ISREG(st.st_mode)) fail("not a regular file");
  src_->size = u64(st.st_size);
  open();
}

TraceReader::TraceReader(std::unique_ptr<Source> src, const std::string& name) : path_(name), src_(std::move(src)) {
  open();
}

std::unique_ptr<TraceReader> TraceReader::from_bytes(std::vector<u8> bytes, const std::string& name) {
  auto s = std::make_unique<Source>();
  s->size = bytes.size();
  s->mem = std::move(bytes);
  return std::unique_ptr<TraceReader>(new TraceReader(std::move(s), name));
}

TraceReader::~TraceReader() = default;

void TraceReader::fail(const std::string& what) const { throw UserError(path_ + ": " + what); }

void TraceReader::open() {
  const u64 size = src_->size;
  u8 h[kFileHeaderBytes];
  if (!src_->read(0, kFileHeaderBytes, h) || std::memcmp(h, kMagic.data(), 8) != 0)
    fail("not an emu trace (no EMUTRACE magic at the start)");
  header_.major = get_le<u16>(h + 8);
  header_.minor = get_le<u16>(h + 10);
  if (header_.major != kVersionMajor)
    fail("trace format version " + std::to_string(header_.major) + "." + std::to_string(header_.minor) +
         "; this reader reads version " + std::to_string(kVersionMajor) + ".x");
  const u32 csize = get_le<u32>(h + 12), usize = get_le<u32>(h + 16);
  if (usize > kMaxHeaderBytes || csize > kMaxHeaderBytes) fail("corrupt header (sizes out of range)");
  if (size < kFileHeaderBytes + csize + kTrailerBytes) fail("truncated (shorter than its header and trailer)");
  u8 t[kTrailerBytes];
  if (!src_->read(size - kTrailerBytes, kTrailerBytes, t) || std::memcmp(t + 16, kEndMagic.data(), 8) != 0)
    fail("truncated (no trailer: the run that wrote it did not finish)");
  index_offset_ = get_le<u64>(t);
  records_total_ = get_le<u64>(t + 8);

  std::vector<u8> comp(csize), block;
  if (!src_->read(kFileHeaderBytes, csize, comp.data()) || !inflate_exact(comp.data(), csize, block, usize) ||
      crc(block) != get_le<u32>(h + 20))
    fail("corrupt header (it does not decompress to what it claims)");
  parse_header(block);

  // Index: between the last chunk and the trailer, exactly.
  const u64 data_start = kFileHeaderBytes + csize;
  u8 ih[8];
  if (index_offset_ < data_start || index_offset_ > size - kTrailerBytes - 8 || !src_->read(index_offset_, 8, ih) ||
      std::memcmp(ih, kIndexMagic.data(), 4) != 0)
    fail("corrupt index (the trailer does not point at it)");
  const u64 n = get_le<u32>(ih + 4);
  if (index_offset_ + 8 + n * kIndexEntryBytes != size - kTrailerBytes) fail("corrupt index (wrong length)");
  std::vector<u8> idx(size_t(n * kIndexEntryBytes));
  if (!src_->read(index_offset_ + 8, idx.size(), idx.data())) fail("truncated index");
  u64 prev_end = data_start;
  for (u64 i = 0; i < n; ++i) {
    const u8* e = idx.data() + i * kIndexEntryBytes;
    ChunkInfo c{get_le<u64>(e), get_le<u64>(e + 8), get_le<u64>(e + 16)};
    if (c.offset != prev_end || c.offset + kChunkHeaderBytes > index_offset_)
      fail("corrupt index (chunk " + std::to_string(i) + " is not where the previous one ends)");
    u8 ch[kChunkHeaderBytes];
    if (!src_->read(c.offset, kChunkHeaderBytes, ch) || std::memcmp(ch, kChunkMagic.data(), 4) != 0)
      fail("corrupt chunk " + std::to_string(i) + " (no CHNK magic)");
    prev_end = c.offset + kChunkHeaderBytes + get_le<u32>(ch + 4);
    if (prev_end > index_offset_) fail("corrupt chunk " + std::to_string(i) + " (runs into the index)");
    if (get_le<u64>(ch + 16) != c.first_cycle || get_le<u64>(ch + 24) != c.instructions)
      fail("corrupt index (chunk " + std::to_string(i) + " disagrees with it)");
    chunks_.push_back(c);
  }
  if (prev_end != index_offset_) fail("corrupt index (bytes between the last chunk and the index)");
}

void TraceReader::parse_header(const std::vector<u8>& block) {
  Cursor c{block.data(), block.data() + block.size(), "header"};
  auto bad = [&](const char* field) { fail(std::string("corrupt header (field ") + field + ")"); };
  while (c.ok && c.p != c.end) {
    const u64 tag = c.uv();
    const u64 len = c.uv();
    if (!c.ok || len > u64(c.end - c.p)) bad("length");
    Cursor f{c.p, c.p + len, "header"};
    c.p += len;
    const std::string whole(reinterpret_cast<const char*>(f.p), size_t(len));
    switch (Tag(tag)) {
      case Tag::Machine: header_.machine = whole; break;
      case Tag::CpuHz: header_.cpu_hz = f.uv(); break;
      case Tag::Timing: header_.timing = f.uv() != 0; break;
      case Tag::TimingParam: {
        std::string name = f.str();
        header_.timing_table.emplace_back(std::move(name), f.uv());
        break;
      }
      case Tag::Argv: header_.argv.push_back(whole); break;
      case Tag::Classes: header_.classes = u32(f.uv()); break;
      case Tag::Node:
        header_.node = u32(f.uv());
        header_.instance = u32(f.uv());
        header_.mac = f.str();
        break;
      case Tag::Cause: header_.causes.push_back(whole); break;
      case Tag::Image: {
        TraceImage im;
        im.path = f.str();
        im.entry = u32(f.uv());
        const u64 count = f.uv();
        // Each symbol takes at least 4 bytes: a count beyond that is a lie, not a reason
        // to reserve memory.
        if (!f.ok || count > u64(f.end - f.p) / 4) bad("image");
        for (u64 i = 0; i < count && f.ok; ++i) {
          TraceSymbol s;
          s.value = u32(f.uv());
          s.size = u32(f.uv());
          s.is_function = f.byte() & 1;
          s.name = f.str();
          im.symbols.push_back(std::move(s));
        }
        header_.images.push_back(std::move(im));
        break;
      }
      case Tag::Start: header_.start = whole; break;
      case Tag::Stop: header_.stop = whole; break;
      default: break;  // a later minor version's field
    }
    if (!f.ok) bad(std::to_string(tag).c_str());
  }
  if (!c.ok) bad("list");
  if (header_.cpu_hz == 0) bad("cpu_hz missing");
  if (header_.causes.empty()) bad("cause names missing");
}

void TraceReader::seek_chunk(size_t i) {
  if (i >= chunks_.size()) fail("no chunk " + std::to_string(i));
  chunk_ = i;
  left_ = 0;
  pos_ = buf_.size();
  in_order_ = false;
  load_chunk(i);
}

void TraceReader::load_chunk(size_t i) {
  const ChunkInfo& ci = chunks_[i];
  const std::string which = "corrupt chunk " + std::to_string(i);
  u8 h[kChunkHeaderBytes];
  if (!src_->read(ci.offset, kChunkHeaderBytes, h)) fail(which + " (cannot read it)");
  const u32 csize = get_le<u32>(h + 4), usize = get_le<u32>(h + 8);
  if (csize > kMaxChunkBytes || usize > kMaxChunkBytes) fail(which + " (sizes out of range)");
  std::vector<u8> comp(csize);
  if (!src_->read(ci.offset + kChunkHeaderBytes, csize, comp.data()) ||
      !inflate_exact(comp.data(), csize, buf_, usize) || crc(buf_) != get_le<u32>(h + 12))
    fail(which + " (it does not decompress to what it claims)");
  left_ = get_le<u32>(h + 32);
  if (left_ > usize) fail(which + " (more records than bytes)");
  pos_ = 0;
  chunk_ = i + 1;
  time_ = ci.first_cycle;
  va_ = va_pa_ = mem_va_ = mem_va_pa_ = 0;
  in_block_ = false;
}

bool TraceReader::next(Record& r) {
  while (left_ == 0) {
    if (pos_ != buf_.size()) fail("corrupt chunk " + std::to_string(chunk_ - 1) + " (bytes after its last record)");
    if (in_block_) fail("corrupt chunk " + std::to_string(chunk_ - 1) + " (ends inside a block)");
    if (chunk_ >= chunks_.size()) {
      if (in_order_ && seen_ != records_total_)
        fail("corrupt trailer (" + std::to_string(records_total_) + " records claimed, " + std::to_string(seen_) +
             " found)");
      return false;
    }
    load_chunk(chunk_);
  }
  decode(r);
  --left_;
  ++seen_;
  return true;
}

void TraceReader::decode(Record& r) {
  Cursor c{buf_.data() + pos_, buf_.data() + buf_.size(), "record"};
  const std::string where = "corrupt record in chunk " + std::to_string(chunk_ - 1);
  const u8 type = c.byte();
  if (!c.ok || type == 0 || type > kLastRecordType) fail(where + " (unknown type " + std::to_string(type) + ")");
  r = Record{};
  r.type = RecordType(type);
  auto stamp = [&] {
    time_ += u64(c.sv());
    r.time = time_;
  };
  auto need_block = [&](bool open) {
    if (in_block_ != open) fail(where + (open ? " (outside a block)" : " (a block is still open)"));
    r.time = block_time_;
  };
  switch (r.type) {
    case RecordType::Block:
      need_block(false);
      stamp();
      va_ += u32(c.sv());
      va_pa_ += u32(c.sv());
      r.va = va_;
      r.pa = va_ - va_pa_;
      block_time_ = time_;
      in_block_ = true;
      break;
    case RecordType::End:
      need_block(true);
      r.n = c.uv();
      r.flags = c.byte();
      if (r.n == 0 || r.n > 0xffff) fail(where + " (END of an empty or impossible block)");
      in_block_ = false;
      break;
    case RecordType::Stall:
      need_block(true);
      r.k = c.uv();
      r.cause = c.byte();
      r.n = c.uv();
      break;
    case RecordType::Cycles:
      stamp();
      r.cause = c.byte();
      r.n = c.uv();
      break;
    case RecordType::Mem:
      need_block(true);
      r.k = c.uv();
      r.kind = c.byte();
      mem_va_ += u32(c.sv());
      mem_va_pa_ += u32(c.sv());
      r.va = mem_va_;
      r.pa = mem_va_ - mem_va_pa_;
      break;
    case RecordType::Cache:
      need_block(true);
      r.k = c.uv();
      r.kind = c.byte();
      r.pa = u32(c.uv());
      break;
    case RecordType::Exc:
      stamp();
      r.kind = c.byte();
      r.flags = c.byte();
      r.a = c.uv(), r.b = c.uv(), r.c = c.uv();
      break;
    case RecordType::Tlbw:
      stamp();
      r.k = c.byte();
      r.a = c.uv(), r.b = c.uv();
      break;
    case RecordType::Dev:
      stamp();
      r.kind = c.byte();
      r.pa = u32(c.uv());
      r.a = c.uv();
      break;
    case RecordType::Dma:
      stamp();
      r.pa = u32(c.uv());
      r.n = c.uv();
      break;
    case RecordType::Frame:
      stamp();
      r.kind = c.byte();
      r.a = c.uv();
      r.n = c.uv();
      r.c = c.u32le();
      r.head = c.str();
      break;
    case RecordType::Region:
      stamp();
      r.kind = c.byte();
      r.a = c.uv();
      break;
    case RecordType::Marker:
    case RecordType::Context:
      stamp();
      r.a = c.uv();
      break;
    case RecordType::Counters: {
      stamp();
      r.kind = c.byte();
      r.a = c.uv(), r.b = c.uv();
      const u64 n = c.uv();
      if (!c.ok || n != header_.causes.size()) fail(where + " (COUNTERS with " + std::to_string(n) + " causes)");
      for (u64 i = 0; i < n; ++i) r.causes.push_back(c.uv());
      break;
    }
    case RecordType::Note:
      stamp();
      r.kind = c.byte();
      r.text = c.str();
      break;
  }
  if (!c.ok) fail(where + " (cut short)");
  if ((r.type == RecordType::Stall || r.type == RecordType::Cycles) && r.cause >= header_.causes.size())
    fail(where + " (cause " + std::to_string(r.cause) + " unknown)");
  pos_ = size_t(c.p - buf_.data());
}

}  // namespace emu::trace

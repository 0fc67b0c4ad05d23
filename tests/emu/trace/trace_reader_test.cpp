// The trace reader: reads what the writer wrote, and refuses a truncated, corrupt or
// foreign file with one line naming it (never a crash or a wrong answer).
#include <catch2/catch.hpp>

#include <fstream>

#include "emu/common/error.h"
#include "emu/trace/trace_reader.h"
#include "emu/trace/trace_writer.h"
#include "support/temp_dir.h"

using namespace emu;
using namespace emu::trace;

namespace {

// A trace of 50 blocks and a marker, written by TraceWriter in chunks of about chunk_target bytes.
std::vector<u8> write_trace(const test::TempDir& d, u32 chunk_target) {
  const std::string path = d.path("s.trace");
  Encoder h;
  h.field(Tag::Machine, Encoder("ds3100"));
  Encoder hz;
  hz.uv(16666667);
  h.field(Tag::CpuHz, hz);
  h.field(Tag::Cause, Encoder("issue"));
  h.field(Tag::Cause, Encoder("icache_refill"));
  Encoder unknown;  // a later minor version's field: skipped
  unknown.uv(7);
  h.field(Tag(99), unknown);
  Encoder img;
  img.str("k.elf");
  img.uv(0x80030000);
  img.uv(1);
  img.uv(0x80030000), img.uv(64), img.byte(1), img.str("main");
  h.field(Tag::Image, img);
  TraceWriter w(std::make_unique<OutputFile>(path, "--trace", OutputFile::Partial::kRemove), h);
  w.set_chunk_target(chunk_target);
  u32 va = 0, va_pa = 0;  // the predictions (traces/README.md, BLOCK)
  for (int b = 0; b < 50; ++b) {
    const u32 next = 0x80030000u + 0x40u * u32(b);
    Encoder& e = w.begin_record(RecordType::Block);
    w.stamp(1000 + 20 * u64(b));
    e.sv(s32(next - va));
    e.sv(s32(0x80000000u - va_pa));  // va - pa of kseg0
    va = next;
    va_pa = 0x80000000u;
    Encoder& s = w.begin_record(RecordType::Stall);
    s.uv(2), s.byte(1), s.uv(5);
    Encoder& end = w.begin_record(RecordType::End);
    end.uv(8), end.byte(0);
    if (w.boundary(u64(b + 1) * 8)) va = va_pa = 0;  // predictions restart with a chunk
  }
  Encoder& m = w.begin_record(RecordType::Marker);
  w.stamp(5000);
  m.uv(42);
  w.finish(400);
  const std::string bytes = [&] {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  return std::vector<u8>(bytes.begin(), bytes.end());
}

std::string error_of(const std::vector<u8>& bytes) {
  try {
    auto r = TraceReader::from_bytes(bytes, "x.trace");
    for (Record rec; r->next(rec);) {
    }
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("trace reader: reads back the header and records, over several chunks and after a seek", "[trace]") {
  test::TempDir d;
  const std::vector<u8> bytes = write_trace(d, 256);
  auto r = TraceReader::from_bytes(bytes, "x.trace");
  CHECK(r->header().machine == "ds3100");
  CHECK(r->header().cpu_hz == 16666667);
  REQUIRE(r->header().causes.size() == 2);
  REQUIRE(r->header().images.size() == 1);
  CHECK(r->header().images[0].symbols[0].name == "main");
  CHECK(r->chunks().size() > 2);
  u64 blocks = 0, issue = 0, stall = 0;
  u32 last_va = 0;
  Record rec;
  while (r->next(rec)) {
    if (rec.type == RecordType::Block) {
      CHECK(rec.va == 0x80030000u + 0x40u * u32(blocks));
      CHECK(rec.pa == rec.va - 0x80000000u);
      CHECK(rec.time == 1000 + 20 * blocks);
      last_va = rec.va;
      ++blocks;
    }
    if (rec.type == RecordType::End) issue += rec.n;
    if (rec.type == RecordType::Stall) {
      stall += rec.n;
      CHECK(rec.time == 1000 + 20 * (blocks - 1));
    }
    if (rec.type == RecordType::Marker) CHECK((rec.time == 5000 && rec.a == 42));
  }
  CHECK(blocks == 50);
  CHECK(issue == 400);
  CHECK(stall == 250);
  CHECK(last_va == 0x80030000u + 0x40u * 49);
  // A chunk decodes on its own: seek to the last one.
  const size_t last = r->chunks().size() - 1;
  r->seek_chunk(last);
  REQUIRE(r->next(rec));
  CHECK(rec.time >= r->chunks()[last].first_cycle);
  if (rec.type == RecordType::Block) CHECK(rec.va >= 0x80030000u);
}

TEST_CASE("trace reader: a truncated, corrupt or foreign file is one line naming it", "[trace]") {
  test::TempDir d;
  const std::vector<u8> good = write_trace(d, 256);
  REQUIRE(error_of(good).empty());
  auto check_refused = [](const std::vector<u8>& bytes, const char* what) {
    const std::string e = error_of(bytes);
    INFO(e);
    CHECK(e.rfind("x.trace: ", 0) == 0);
    CHECK(e.find(what) != std::string::npos);
    CHECK(e.find('\n') == std::string::npos);
  };
  check_refused({}, "not an emu trace");
  check_refused(std::vector<u8>{0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                "not an emu trace");
  for (size_t cut : {size_t(30), good.size() / 2, good.size() - 1}) {
    INFO("cut at " << cut);
    check_refused(std::vector<u8>(good.begin(), good.begin() + long(cut)), "truncated");
  }
  auto version = good;
  version[8] = 2;
  check_refused(version, "version 2.0");
  // Flip each byte of the file in turn (but the magic, and the minor version, which a
  // reader may not check): refused, never a crash.
  for (size_t i = 8; i < good.size(); ++i) {
    if (i == 10 || i == 11) continue;
    auto bad = good;
    bad[i] ^= 0x5a;
    const std::string e = error_of(bad);
    INFO("byte " << i);
    CHECK(e.rfind("x.trace: ", 0) == 0);
  }
}

TEST_CASE("trace reader: a file that cannot be opened or is not a file is one line", "[trace]") {
  test::TempDir d;
  auto msg = [](const std::string& p) {
    try {
      TraceReader r(p);
    } catch (const UserError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(msg(d.path("missing")) == d.path("missing") + ": cannot open: No such file or directory");
  CHECK(msg(d.dir.string()) == d.dir.string() + ": not a regular file");
}

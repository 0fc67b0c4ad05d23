// Capture files (pcapng / nanosecond pcap): see pcap_writer.h.
#include "emu/net/pcap_writer.h"

#include <vector>

namespace emu::net {
namespace {

// Little-endian helpers: the files are written in the host's (x86/ARM little-endian) order,
// which both formats allow (the readers check the magic / byte-order mark).
void put16(std::vector<u8>& b, u16 v) { b.push_back(u8(v)); b.push_back(u8(v >> 8)); }
void put32(std::vector<u8>& b, u32 v) { for (int i = 0; i < 4; i++) b.push_back(u8(v >> (8 * i))); }
void pad4(std::vector<u8>& b) { while (b.size() % 4) b.push_back(0); }

// A pcapng block: type, total length, body, total length again.
std::vector<u8> block(u32 type, const std::vector<u8>& body) {
  std::vector<u8> b;
  u32 len = u32(12 + body.size());
  put32(b, type);
  put32(b, len);
  b.insert(b.end(), body.begin(), body.end());
  put32(b, len);
  return b;
}

void option(std::vector<u8>& b, u16 code, const std::vector<u8>& value) {
  put16(b, code);
  put16(b, u16(value.size()));
  b.insert(b.end(), value.begin(), value.end());
  pad4(b);
}

constexpr u32 kSnapLen = 262144;

}  // namespace

PcapWriter::PcapWriter(const std::string& path, Format format, const std::string& label)
    : out_(std::make_unique<OutputFile>(path, label, OutputFile::Partial::kKeep)), format_(format) {
  std::vector<u8> h;
  if (format_ == Format::PcapNg) {
    std::vector<u8> shb;
    put32(shb, 0x1A2B3C4D);  // byte-order magic
    put16(shb, 1);           // version 1.0
    put16(shb, 0);
    put32(shb, 0xffffffff);  // section length: unknown
    put32(shb, 0xffffffff);
    option(shb, 4, std::vector<u8>{'d', 'e', 'c', 's', 't', 'a', 't', 'i', 'o', 'n', '-', 'e', 'm', 'u'});  // shb_userappl
    option(shb, 0, {});
    h = block(0x0A0D0D0A, shb);
    std::vector<u8> idb;
    put16(idb, 1);  // LINKTYPE_ETHERNET
    put16(idb, 0);
    put32(idb, kSnapLen);
    option(idb, 2, std::vector<u8>{'s', 'e', 'g', 'm', 'e', 'n', 't'});  // if_name
    option(idb, 9, {9});    // if_tsresol: 10^-9 s
    option(idb, 13, {4});   // if_fcslen: 4 bytes of FCS end every packet
    option(idb, 0, {});
    auto ib = block(1, idb);
    h.insert(h.end(), ib.begin(), ib.end());
  } else {
    put32(h, 0xa1b23c4d);  // nanosecond pcap
    put16(h, 2);
    put16(h, 4);
    put32(h, 0);  // thiszone
    put32(h, 0);  // sigfigs
    put32(h, kSnapLen);
    put32(h, 1);  // LINKTYPE_ETHERNET, no FCS
  }
  put(h.data(), h.size());
}

PcapWriter::~PcapWriter() = default;

void PcapWriter::put(const void* data, size_t n) { out_->write(data, n); }

void PcapWriter::write(Picos timestamp, const Frame& frame) {
  u64 ns = timestamp / 1000;
  size_t len = frame.bytes.size();
  if (format_ == Format::Pcap && len >= kFcsBytes) len -= kFcsBytes;
  size_t caplen = len < kSnapLen ? len : kSnapLen;
  std::vector<u8> r;
  if (format_ == Format::PcapNg) {
    std::vector<u8> epb;
    put32(epb, 0);  // interface 0
    put32(epb, u32(ns >> 32));
    put32(epb, u32(ns));
    put32(epb, u32(caplen));
    put32(epb, u32(len));
    epb.insert(epb.end(), frame.bytes.begin(), frame.bytes.begin() + caplen);
    pad4(epb);
    r = block(6, epb);
  } else {
    put32(r, u32(ns / 1'000'000'000));
    put32(r, u32(ns % 1'000'000'000));
    put32(r, u32(caplen));
    put32(r, u32(len));
    r.insert(r.end(), frame.bytes.begin(), frame.bytes.begin() + caplen);
  }
  put(r.data(), r.size());
  frames_++;
}

void PcapWriter::close() { out_->commit(); }

}  // namespace emu::net

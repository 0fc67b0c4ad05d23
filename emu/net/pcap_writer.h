// A capture file of every frame on a segment, for Wireshark/tshark.
//
// Sources: pcapng — IETF draft-ietf-opsawg-pcapng (SHB, IDB with if_tsresol and if_fcslen,
// EPB); classic pcap — draft-ietf-opsawg-pcap (nanosecond magic 0xa1b23c4d); link type 1,
// LINKTYPE_ETHERNET (tcpdump.org link-layer header types).
//
// Choices:
//  * Timestamp = the instant the frame's first preamble bit left the sender (WireFrame::start),
//    in simulated time from the start of the run (t = 0 is 1970-01-01 00:00:00 in the file),
//    truncated to nanoseconds. The start is what the sender's clock knows and is the same in
//    every process; a receiver's end-of-frame instant is start + wire time (ethernet.h).
//  * Frames are written in (start, sender station, sender's number) order — the segment
//    buffers them until no earlier frame can still appear — so every process of a linked run
//    writes the same file, byte for byte, as an in-process run of the same machines.
//  * pcapng (the default) keeps the FCS, as it was on the wire (corrupted, if the loss filter
//    corrupted it) and says so in the interface block (if_fcslen = 4), which Wireshark and
//    tshark honour: they show and check it. Classic pcap has no FCS length Wireshark reads
//    (tshark 4.0 ignores the FCS bits of the link-type field and guesses, wrongly for non-IP
//    frames), so Format::Pcap writes frames without their last 4 bytes, as host captures do.
//  * The file is an OutputFile (emu/common/output_file.h): written under a temporary name
//    and put in place by close(); a writer destroyed without close() (a failed run) leaves
//    the old file alone and what it captured as FILE.partial. A failed create throws
//    UserError, a failed write EmulatorError, naming the file; nothing is retried or skipped.
#pragma once
#include <memory>
#include <string>

#include "emu/common/output_file.h"

#include "emu/net/wire_frame.h"

namespace emu::net {

class PcapWriter {
 public:
  enum class Format { PcapNg, Pcap };
  // Opens `path` (as an OutputFile; `label` names it in messages) and writes the file header.
  explicit PcapWriter(const std::string& path, Format format = Format::PcapNg, const std::string& label = "--pcap");
  ~PcapWriter();  // without close(): as a failed run (output_file.h)
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  void write(Picos timestamp, const Frame& frame);
  void close();  // the capture is complete: put the file in place; throws EmulatorError
  const std::string& path() const { return out_->path(); }
  u64 frames_written() const { return frames_; }

 private:
  void put(const void* data, size_t n);
  std::unique_ptr<OutputFile> out_;
  Format format_;
  u64 frames_ = 0;
};

}  // namespace emu::net

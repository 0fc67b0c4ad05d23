// 10 Mb/s Ethernet as the emulator models it: what a frame is, how long it occupies the
// wire, and the interface between a network controller (devices/lance) and whatever
// carries its frames (emu/net: links between machines, pcap, TAP).
//
// Sources: shared/reference/am7990-lance.md §11 (IEEE 802.3 10BASE5/10BASE2 timing:
// 100 ns bit time, 64-bit preamble + SFD, 96-bit inter-frame gap, 64..1518-byte frames).
//
// Time between machines is kept in picoseconds, so machines of different clock rates can
// share a wire; each machine converts to and from its own cycles (cycles_to_ps below).
#pragma once
#include <vector>

#include "emu/common/types.h"

namespace emu::net {

using Picos = u64;

inline constexpr Picos kBitPs = 100'000;           // 10 Mb/s
inline constexpr unsigned kPreambleBits = 64;      // 7 bytes 0x55 + SFD 0xd5
inline constexpr unsigned kInterFrameGapBits = 96;  // 9.6 us
inline constexpr unsigned kMinFrameBytes = 64;     // DA..FCS
inline constexpr unsigned kMaxFrameBytes = 1518;   // DA..FCS
inline constexpr unsigned kFcsBytes = 4;

// From the first preamble bit to the last FCS bit of a frame of `bytes` bytes (DA..FCS).
inline constexpr Picos frame_wire_ps(u64 bytes) { return (kPreambleBits + 8 * bytes) * kBitPs; }
inline constexpr Picos kInterFrameGapPs = kInterFrameGapBits * kBitPs;
// The earliest a receiver can see the end of a frame whose transmission began at t is
// t + kLinkLookaheadPs (a minimum-size frame): the lookahead of conservative synchronisation.
inline constexpr Picos kLinkLookaheadPs = frame_wire_ps(kMinFrameBytes);

// A frame as it travels after the SFD: destination address first, FCS last (the FCS is
// part of the bytes; a receiver checks it, so corruption on the wire is seen as a CRC error).
struct Frame {
  std::vector<u8> bytes;
};

// Converting between one machine's cycles and link time. Exact integer arithmetic, so two
// runs convert identically on every host.
inline Picos cycles_to_ps(Cycles c, u64 hz) {
  return Picos((unsigned __int128)c * 1'000'000'000'000ull / hz);
}
// The first cycle at or after time ps.
inline Cycles ps_to_cycles_ceil(Picos ps, u64 hz) {
  unsigned __int128 n = (unsigned __int128)ps * hz;
  return Cycles((n + 999'999'999'999ull) / 1'000'000'000'000ull);
}

// Where a network controller sends its frames. The controller calls transmit() at the
// cycle its transmitter starts sending the preamble; the frame holds DA..FCS as sent.
// The machine's implementation stamps it with link time and hands it to the link.
class EthernetPort {
 public:
  virtual ~EthernetPort() = default;
  virtual void transmit(const Frame& frame, Cycles start_cycle) = 0;
};

}  // namespace emu::net

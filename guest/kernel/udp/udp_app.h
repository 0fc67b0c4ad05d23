// The application side of the UDP experiment (issue 11), written once and run over each
// structure's transport: the client (round trips of 1-byte datagrams to the echo port,
// each one an emulator region) and the echo server. What differs between structures is
// only the Transport: system calls to the kernel's sockets (udp_kernel.cpp), messages to
// the UDP server task (udps_app.cpp), or calls into the server's own stack (udps.cpp).
//
// Boot arguments (read with kSysBootArg from the kernel's command line):
//   role=client|echo     required
//   peer=A.B.C.D         client: the echo machine's address
//   count=N              client: measured round trips (default 10, at most 4096)
//   warmup=N             client: round trips before the measured ones (default 2; the
//                        first one includes the ARP exchange)
//
// Output (parsed by tests/guest/udp_structures_test.py and tools/experiment_udp.py):
//   "udp: STRUCTURE client rtt cycles min A median B max C mean D sum S answered K of N"
//   "udp: STRUCTURE echo echoed E"
//   "udp: STRUCTURE SIDE counters n N syscalls .. messages .. switches .. vm .. spl ..
//    copies .. interrupts .. locks .."   totals over N round trips (client: the measured
//                                         ones; echo: from its first echo to its last)
#pragma once
#include <stdint.h>

#include "abi.h"

namespace udp {

constexpr uint16_t kEchoPort = 7, kClientPort = 40000;
constexpr uint32_t kRegionRtt = 1;
constexpr uint32_t kRecvTimeoutMs = 500;  // a lost datagram: the round trip is given up
constexpr uint32_t kEchoIdleMs = 3000;    // the echo side gives up after this silence

// Events the user-level code counts itself (the kernel's are KStat).
struct UserCounts {
  uint32_t syscalls, messages, vm, spl, copies, locks;
};

// Where the UDP server task keeps its counts, shared with its client task (vm_share).
constexpr uint32_t kServerCountsVa = 0x30000000;

class Transport {
 public:
  virtual int bind(uint16_t port) = 0;  // 0 or negative
  virtual int sendto(uint32_t ip, uint16_t port, const void* data, unsigned len) = 0;
  // Payload bytes received, or negative (kErrTimedOut after timeout_ms).
  virtual int recvfrom(void* buf, unsigned len, uint32_t* ip, uint16_t* port, uint32_t timeout_ms) = 0;
  // Counts of the user-level code on this machine (the application's and the server's).
  virtual void user_counts(UserCounts* out) = 0;

 protected:
  ~Transport() = default;
};

// Run the role the boot arguments give; returns the task's exit status.
int run(const char* structure, Transport& t);

// Boot argument `name` as a number or an address; false when absent or malformed.
bool arg_uint(const char* name, uint32_t* out);
bool arg_ip(const char* name, uint32_t* out);

}  // namespace udp

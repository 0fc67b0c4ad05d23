// User side of the kernel's network device (include/abi.h "the network device"): the
// system-call stubs (net.S) and helpers for Ethernet frames.
#pragma once
#include <stdint.h>

#include "abi.h"

extern "C" {
int sys_net_info(kabi::NetInfo* info);
int sys_net_write(const void* frame, uint32_t len);
int sys_filter_install(uint32_t port, uint32_t priority, const uint16_t* prog, uint32_t words);
int sys_filter_remove(uint32_t id);
int sys_net_map(uint32_t va, uint32_t port);
// In-kernel UDP sockets (numbers 30..34), counters and boot arguments (35, 36).
int sys_sock_open();
int sys_sock_bind(uint32_t s, uint32_t port, uint32_t timeout_ms);
int sys_sock_sendto(uint32_t s, const void* buf, uint32_t len_port, uint32_t ip);
int sys_sock_recvfrom(uint32_t s, void* buf, uint32_t len, kabi::SockAddr* from);
int sys_sock_close(uint32_t s);
int sys_kstat(kabi::KStat* out);
int sys_boot_arg(const char* name, char* buf, uint32_t size);
}

namespace ulib {

// Big-endian 16-bit word n of a frame (how the packet filter numbers them).
inline uint16_t frame_word(const uint8_t* f, unsigned n) {
  return static_cast<uint16_t>(f[2 * n] << 8 | f[2 * n + 1]);
}
inline void put_word(uint8_t* f, unsigned n, uint16_t v) {
  f[2 * n] = static_cast<uint8_t>(v >> 8);
  f[2 * n + 1] = static_cast<uint8_t>(v);
}

}  // namespace ulib

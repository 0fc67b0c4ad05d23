// In-kernel UDP sockets (issue 11's structure 1, the macrokernel): the ARP/IPv4/UDP stack
// of guest/net (inet.h) run by the kernel itself on the frames for its own address, and a
// small BSD-style socket layer over it reached by system calls 30..34 (abi.h). Enabled
// by the boot argument ip=A.B.C.D.
//
// Receive: the LANCE interrupt's frame (dev/net.cpp receive_frames) is offered here
// before the packet filter; ARP and IPv4 for our address are ours. A datagram for a bound
// port is copied straight into the buffer of a thread waiting in recvfrom (which is
// woken), else into the socket's queue (4 datagrams; more are dropped and counted).
// Send: sendto copies the payload in, the stack builds the frame, the driver copies it
// into LANCE memory.
#pragma once
#include <stdint.h>

namespace kern {

struct Task;

// The kernel's command line: ip=A.B.C.D gives the kernel its address (and sockets);
// every word is kept for kSysBootArg.
void ksock_boot_args(int argc, char** argv);
// A received frame: true when the kernel's stack took it (then no filter sees it).
bool ksock_input(const uint8_t* frame, unsigned len);
void ksock_task_ended(Task* t);        // its sockets close

}  // namespace kern

extern "C" {
int sys_sock_open(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_sock_bind(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_sock_sendto(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_sock_recvfrom(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_sock_close(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_kstat(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_boot_arg(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
}

// The kernel's network device: the LANCE, through the shared driver of guest/net (lance.h,
// built as guest_lance), on all three paths the emulator has (KN01 buffer RAM, PMAD-AA
// buffer RAM, main-memory DMA with D-cache invalidation). Received frames go to user tasks
// through the packet filter (pfilter.h) as IPC messages; device_write transmits. In
// mapped-driver mode (Forin, Golub & Bershad 1991) one user task gets the LANCE's
// registers and memory mapped into its address space and its interrupts as messages.
//
// The device is opened by the first network system call. Boot arguments (words on the
// kernel's command line): `dma=main` (emu --lance-dma main), `net=loop` (the LANCE in
// internal loopback: frames sent come back, nothing reaches the wire), `inval=page`
// (main memory: invalidate whole pages under a received frame, not its lines).
#pragma once
#include <stdint.h>

namespace kern {

struct Task;
struct TrapFrame;

void net_boot_args(int argc, char** argv);
int net_open();                 // start the device (first use): kOk or kErrDevice
// The Status.IM bit of the LANCE's line, unmasked from boot on: the line stays low until
// the device is opened (KN02: its system-CSR enable is cleared here too).
uint32_t net_interrupt_mask();
bool net_interrupt();           // its line is pending (trap.cpp): false if not the LANCE's
bool net_may_wake();            // an open device may still wake a blocked thread
void net_task_ended(Task* t);   // its filters and its mapped device go
// A TLB fault at va in task t (trap.cpp, after vm_fault found no page): true when it lies
// in t's mapped-driver window, whose TLB entry has then been loaded.
bool net_map_fault(Task* t, uint32_t va);

}  // namespace kern

extern "C" {
int sys_net_info(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_net_write(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_filter_install(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_filter_remove(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_net_map(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
}

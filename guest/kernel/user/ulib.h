// The user-side library of the guest kernel: system-call stubs (syscall.S), console
// output through printf (the runtime's formatter writing through sys_write), and test
// helpers.
#pragma once
#include <stdint.h>

#include "abi.h"
#include "console.h"
#include "libc.h"

extern "C" {
int sys_null();
int sys_write(const void* buf, uint32_t len);
[[noreturn]] void sys_task_exit(int status);
int sys_thread_create(void (*entry)(uint32_t), uint32_t sp, uint32_t arg, uint32_t priority);
[[noreturn]] void sys_thread_exit();
int sys_thread_switch(uint32_t thread);
int sys_thread_sleep(uint32_t ms);
int sys_clock();
int sys_port_allocate();
int sys_port_destroy(uint32_t name);
int sys_msg(void* msg, uint32_t option, uint32_t send_size, uint32_t rcv_size, uint32_t rcv_name,
            uint32_t timeout_ms);
int sys_task_spawn(const char* image, uint32_t arg, uint32_t right, uint32_t disposition);
int sys_task_wait(uint32_t task);
int sys_cache_flush();
int sys_info(uint32_t key);
int sys_make_send(uint32_t name);
int sys_thread_priority(uint32_t thread, uint32_t priority);
// VM, exceptions, thread state, notifications, emulation, devices (include/abi.h).
int sys_vm_allocate(uint32_t task, uint32_t addr, uint32_t size, uint32_t anywhere);
int sys_vm_deallocate(uint32_t task, uint32_t addr, uint32_t size);
int sys_vm_protect(uint32_t task, uint32_t addr, uint32_t size, uint32_t prot);
int sys_vm_share(uint32_t task, uint32_t addr, uint32_t size, uint32_t to_addr);
int sys_task_set_exception_port(uint32_t task, uint32_t port);
int sys_thread_get_state(uint32_t thread, kabi::ThreadRegs* state);
int sys_thread_set_state(uint32_t thread, const kabi::ThreadRegs* state);
int sys_port_request_notification(uint32_t name, uint32_t kind, uint32_t notify);
int sys_task_set_emulation(void (*entry)(), uint32_t first, uint32_t count);
int sys_device_open(const char* name);
int sys_device_write(uint32_t device, const void* buf, uint32_t len);
// The user runtime: restartable atomic sequences (user/cthreads.*).
int sys_ras_register(uint32_t start, uint32_t end);
}

// Short messages in registers (kSysRpcShort, kSysReplyWait; include/abi.h). rpc_short:
// w in, the reply's words out. reply_wait: *send_once in (0: no reply) and out (the
// request's reply right), w in (the reply) and out (the request). Inline, because these
// calls do not preserve s0-s8 (L4's IPC convention, README "Short messages in
// registers"): the compiler saves only what it keeps live across them, once per function
// where it can, instead of the kernel storing nine registers on every switch.
#define ULIB_SHORT_CLOBBERS                                                              \
  "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$16", "$17", "$18", \
      "$19", "$20", "$21", "$22", "$23", "$24", "$25", "$30", "hi", "lo", "memory"
inline int rpc_short(uint32_t dest, uint32_t reply, uint32_t w[2]) {
  register uint32_t v0 asm("$2") = kabi::kSysRpcShort;
  register uint32_t a0 asm("$4") = dest;
  register uint32_t a1 asm("$5") = reply;
  register uint32_t a2 asm("$6") = w[0];
  register uint32_t a3 asm("$7") = w[1];
  asm volatile("syscall" : "+r"(v0), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3) : : ULIB_SHORT_CLOBBERS);
  w[0] = a2;
  w[1] = a3;
  return static_cast<int>(v0);
}
inline int reply_wait(uint32_t* send_once, uint32_t port, uint32_t w[2]) {
  register uint32_t v0 asm("$2") = kabi::kSysReplyWait;
  register uint32_t v1 asm("$3");
  register uint32_t a0 asm("$4") = *send_once;
  register uint32_t a1 asm("$5") = port;
  register uint32_t a2 asm("$6") = w[0];
  register uint32_t a3 asm("$7") = w[1];
  asm volatile("syscall"
               : "+r"(v0), "=r"(v1), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3)
               :
               : "$1", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$16", "$17", "$18",
                 "$19", "$20", "$21", "$22", "$23", "$24", "$25", "$30", "hi", "lo", "memory");
  *send_once = v1;
  w[0] = a2;
  w[1] = a3;
  return static_cast<int>(v0);
}
#undef ULIB_SHORT_CLOBBERS

namespace ulib {

void flush();  // write out buffered console output
// Print "PASS: what" or "FAIL: what (got X, expected Y)"; a failure is remembered and
// makes failures() nonzero.
void check(bool ok, const char* what, int got = 0, int expected = 0);
void check_eq(int got, int expected, const char* what);
unsigned failures();
// `bytes` of the demand-zero heap at a multiple of `align` (a power of two), never
// freed; 0 when the heap is used up. Not thread-safe (the C-Threads library locks).
uint32_t alloc(uint32_t bytes, uint32_t align);
// Memory for a thread stack of 4 KiB from the demand-zero heap; returns its top.
uint32_t alloc_stack();

}  // namespace ulib

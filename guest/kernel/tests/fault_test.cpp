// Fault isolation and virtual memory: hostile children (arg = what to do) are killed with
// a message naming the fault, or get an error code back, and their parent (arg 0) goes on;
// demand-zero memory; 70 tasks in a row, so the 63 address-space IDs run out and the TLB
// is flushed for a new generation.
#include "msg.h"

using namespace kabi;
using namespace ulib;

namespace {

enum Kind : uint32_t {
  kStoreNull = 1, kLoadKernel, kJumpKernel, kStoreText, kCoprocessor, kBreak, kOverflow,
  kBadSyscall, kBadPointer, kFlood, kHoldPort, kMemory, kThreadStorm, kPortStorm, kLast
};

volatile uint32_t g_sink;

int hostile(uint32_t kind, uint32_t right) {
  switch (kind) {
    case kStoreNull: *reinterpret_cast<volatile uint32_t*>(0) = 1; break;
    case kLoadKernel: g_sink = *reinterpret_cast<volatile uint32_t*>(0x80030000); break;
    case kJumpKernel: reinterpret_cast<void (*)()>(0x80030000)(); break;
    case kStoreText: *reinterpret_cast<volatile uint32_t*>(0x00400000) = 0; break;  // our text
    case kCoprocessor: asm volatile(".set push\n.set hardfloat\nmfc1 $t0, $f0\nnop\n.set pop" ::: "t0"); break;
    case kBreak: asm volatile("break 3"); break;
    case kOverflow: {
      int v;
      asm volatile("lui %0, 0x7fff\n\tori %0, %0, 0xffff\n\taddi %0, %0, 1" : "=r"(v));
      g_sink = v;
      break;
    }
    case kBadSyscall: {
      int r;
      asm volatile("li $v0, 77\n\tsyscall\n\tmove %0, $v0" : "=r"(r) :: "v0", "a0", "a1", "a2", "a3",
                   "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "memory");
      return r == kErrInvalidArg ? 7 : 1;
    }
    case kBadPointer:
      return sys_write(reinterpret_cast<void*>(0x80000000), 16) == kErrInvalidAddress &&
             sys_write(reinterpret_cast<void*>(0x00001000), 16) == kErrInvalidAddress &&
             sys_msg(reinterpret_cast<void*>(0xfffff000), kMsgSend, 24, 0, 0, 0) == kErrInvalidAddress
                 ? 8 : 1;
    case kFlood: {
      // Send to the parent until its queue is full: the kernel neither blocks nor crashes.
      static Msg m;
      int r, n = 0;
      while ((r = send(&m, right, sizeof(MsgHeader) + 64, 1, kMsgSendTimeout, 0)) == kOk) ++n;
      return r == kErrQueueFull ? 100 + n : 1;
    }
    case kHoldPort: {
      // Give the parent a send right to a port of ours, then die of a fault.
      static Msg m;
      send_new_port(&m, right, 2);
      *reinterpret_cast<volatile uint32_t*>(0x7000) = 1;
      break;
    }
    case kMemory: {
      // Touch 64 pages of the demand-zero heap and check they read zero.
      auto* heap = reinterpret_cast<volatile uint32_t*>(0x10000000);
      uint32_t nonzero = 0;
      for (uint32_t i = 0; i < 64 * 1024; i += 1024) nonzero |= heap[i];
      for (uint32_t i = 0; i < 64 * 1024; i += 1024) heap[i] = i;
      for (uint32_t i = 0; i < 64 * 1024; i += 1024) nonzero |= heap[i] != i;
      return nonzero ? 1 : 9;
    }
    case kThreadStorm: {
      // Threads (sleeping for ever) until the kernel has none left.
      int n = 0, r;
      while ((r = sys_thread_create([](uint32_t) { for (;;) sys_thread_sleep(100000); },
                                    alloc_stack(), 0, kPriorityUser)) > 0) ++n;
      return r == kErrNoSpace && n > 10 ? 10 : 1;
    }
    case kPortStorm: {
      int n = 0, r;
      while ((r = sys_port_allocate()) > 0) ++n;
      return r == kErrNoSpace && n == 63 ? 11 : 1;
    }
    default:
      return kind;  // the ASID test: exit with our argument
  }
  return 1;  // the fault did not happen
}

int run(uint32_t kind, uint32_t right = 0, uint32_t disposition = 0) {
  const int t = sys_task_spawn("fault_test", kind, right, disposition);
  return t > 0 ? sys_task_wait(t) : t;
}

int parent() {
  check_eq(run(kStoreNull), kStatusKilled, "store to address 0: killed");
  check_eq(run(kLoadKernel), kStatusKilled, "load from kseg0: killed");
  check_eq(run(kJumpKernel), kStatusKilled, "jump into kseg0: killed");
  check_eq(run(kStoreText), kStatusKilled, "store into its own code: killed");
  check_eq(run(kCoprocessor), kStatusKilled, "an FPA instruction with coprocessor 1 unusable: killed");
  check_eq(run(kBreak), kStatusKilled, "break: killed");
  check_eq(run(kOverflow), kStatusKilled, "add overflow: killed");
  check_eq(run(kBadSyscall), 7, "an unknown system call: invalid argument, not killed");
  check_eq(run(kBadPointer), 8, "kernel and unmapped pointers to system calls: invalid address");
  check_eq(run(kMemory), 9, "64 demand-zero pages read zero, then what was written");

  check_eq(run(kThreadStorm), 10, "creating threads until none is left: no space");
  check_eq(run(kThreadStorm), 10, "... and they were all reclaimed when the task ended");
  check_eq(run(kPortStorm), 11, "63 names per task, then no space");

  const int port = sys_port_allocate();
  static Msg m;
  check_eq(run(kFlood, port, kMakeSend), 105, "a message flood stops at the queue limit");
  int drained = 0;
  while (receive(&m, port, sizeof m, kMsgRcvTimeout, 0) == kOk) ++drained;
  check_eq(drained, 5, "the parent receives the 5 queued messages");

  check_eq(run(kHoldPort, port, kMakeSend), kStatusKilled, "a child holding a port dies of a fault");
  check_eq(receive(&m, port), kOk, "its message with a send right outlived it");
  check(m.body[1] == kNameDead, "the right, to a port that died in transit, arrives as the dead name");
  m.h.bits = 0;
  check_eq(send(&m, m.body[1], sizeof(MsgHeader), 1), kErrDeadName,
           "the port died with the child: dead name");

  // 70 tasks one after another: the ASIDs (1..63) run out and are recycled by a flush.
  int asid_ok = 0;
  for (uint32_t i = 0; i < 70; ++i) asid_ok += run(kLast + i) == int(kLast + i);
  check_eq(asid_ok, 70, "70 tasks in a row exit with their own values (ASID rollover)");
  return failures();
}

}  // namespace

int main(uint32_t arg, uint32_t right) { return arg ? hostile(arg, right) : parent(); }

// No-senders and dead-name notifications, Unix system-call redirection into an
// emulation library in the task itself (task_set_emulation), and device_write to the
// console device. arg 0: the parent; other values: the children below.
#include "msg.h"

using namespace kabi;
using namespace ulib;

namespace {

enum Child : uint32_t { kExit = 1, kServe };

Msg g_m;

// A child holding a send right (to `right`) that ends after a moment.
// kServe: hand the parent a send right to a port of ours, wait for a message, end.
int child(uint32_t kind, uint32_t right) {
  if (kind == kExit) {
    sys_thread_sleep(5);
    return 0;
  }
  const uint32_t port = send_new_port(&g_m, right, 0);
  receive(&g_m, port);
  return 0;
}

// The next notification on `port` (time-out 0: one must be queued already).
uint32_t notification(uint32_t port, uint32_t* word) {
  if (receive(&g_m, port, sizeof g_m, kMsgRcvTimeout, 0) != kOk) return 0;
  *word = g_m.body[0];
  return g_m.h.id;
}

void no_senders(uint32_t notify) {
  uint32_t w = 0;
  const uint32_t p = uint32_t(sys_port_allocate());
  const int c = sys_task_spawn("notify_test", kExit, p, kMakeSend);
  check_eq(sys_port_request_notification(p, kNotifyNoSenders, notify), kOk, "request no-senders");
  check_eq(int(notification(notify, &w)), 0, "none while a child holds a send right");
  sys_task_wait(uint32_t(c));
  check_eq(int(notification(notify, &w)), int(kNotifyNoSenders), "no-senders when the child has ended");
  check_eq(int(w), int(p), "naming the port");
  check_eq(int(notification(notify, &w)), 0, "once");

  const uint32_t p2 = uint32_t(sys_port_allocate());
  sys_port_request_notification(p2, kNotifyNoSenders, notify);
  check_eq(int(notification(notify, &w)), int(kNotifyNoSenders), "a port with no senders: notified at once");

  // A send right in a queued message counts; destroying the message drops it.
  const uint32_t p3 = uint32_t(sys_port_allocate());
  const uint32_t q = uint32_t(sys_port_allocate());
  sys_make_send(p3);
  sys_make_send(q);
  sys_port_request_notification(p3, kNotifyNoSenders, notify);
  g_m.h.bits = kMsgComplex;
  g_m.body[0] = 1;
  g_m.body[1] = p3;
  g_m.body[2] = kMoveSend;
  check_eq(send(&g_m, q, sizeof(MsgHeader) + 12, 1), kOk, "our send right moves into a queued message");
  check_eq(int(notification(notify, &w)), 0, "no notification: the right is in the message");
  sys_port_destroy(q);
  check(notification(notify, &w) == kNotifyNoSenders && w == p3,
        "the message destroyed with its port: no-senders", int(w), int(p3));
  sys_port_destroy(p);
  sys_port_destroy(p2);
  sys_port_destroy(p3);
}

void dead_name(uint32_t notify) {
  uint32_t w = 0;
  const uint32_t bootstrap = uint32_t(sys_port_allocate());
  const int c = sys_task_spawn("notify_test", kServe, bootstrap, kMakeSend);
  receive(&g_m, bootstrap);
  const uint32_t theirs = g_m.body[1];
  check_eq(sys_port_request_notification(theirs, kNotifyDeadName, notify), kOk, "request dead-name");
  check_eq(sys_port_request_notification(theirs, kNotifyNoSenders, notify), kErrBadRight,
           "no-senders needs the receive right");
  check_eq(sys_port_request_notification(bootstrap, kNotifyDeadName, notify), kErrBadRight,
           "dead-name needs a send right");
  check_eq(sys_port_request_notification(theirs, 99, notify), kErrInvalidArg, "an unknown kind: invalid argument");
  check_eq(sys_port_request_notification(0x4501, kNotifyDeadName, notify), kErrInvalidName,
           "a forged name: invalid name");
  check_eq(sys_port_request_notification(theirs, kNotifyDeadName, 0x4501), kErrInvalidName,
           "a forged notify port: invalid name");
  check_eq(int(notification(notify, &w)), 0, "nothing while the port lives");
  g_m.h.bits = 0;
  send(&g_m, theirs, sizeof(MsgHeader), 1);
  sys_task_wait(uint32_t(c));
  check_eq(int(notification(notify, &w)), int(kNotifyDeadName), "dead-name when the child's port died");
  check_eq(int(w), int(theirs), "naming our right");
  check_eq(sys_port_request_notification(theirs, kNotifyDeadName, notify), kOk, "a request for a dead name");
  check_eq(int(notification(notify, &w)), int(kNotifyDeadName), "is answered at once");
  sys_port_destroy(theirs);
  sys_port_destroy(bootstrap);
}

// ---- Unix system calls, redirected ----
uint32_t g_console;

extern "C" int emulate(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5,
                       uint32_t number) {
  switch (number - kUnixSyscallBase) {
    case 4: return sys_device_write(g_console, reinterpret_cast<const void*>(a1), a2);  // write
    case 20: return sys_info(kInfoTaskId);                                              // getpid
    case 200: return int(a0 + a1 + a2 + a3 + a4 + a5 + number);
    default: return kErrInvalidArg;
  }
}

// The library's entry: v0 = the number, a0-a3, t0, t1 the arguments, v1 = where to return.
extern "C" void emulation_entry();
asm(R"(
        .text
        .set    noreorder
        .globl  emulation_entry
        .ent    emulation_entry
emulation_entry:
        addiu   $sp, $sp, -40
        sw      $v1, 32($sp)
        sw      $ra, 28($sp)
        sw      $t0, 16($sp)
        sw      $t1, 20($sp)
        jal     emulate
        sw      $v0, 24($sp)
        lw      $t9, 32($sp)
        lw      $ra, 28($sp)
        jr      $t9
        addiu   $sp, $sp, 40
        .end    emulation_entry
        .set    reorder
)");

int unix_call(uint32_t n, uint32_t x0 = 0, uint32_t x1 = 0, uint32_t x2 = 0, uint32_t x3 = 0,
              uint32_t x4 = 0, uint32_t x5 = 0) {
  register uint32_t v0 asm("v0") = kUnixSyscallBase + n;
  register uint32_t a0 asm("a0") = x0;
  register uint32_t a1 asm("a1") = x1;
  register uint32_t a2 asm("a2") = x2;
  register uint32_t a3 asm("a3") = x3;
  register uint32_t t0 asm("t0") = x4;
  register uint32_t t1 asm("t1") = x5;
  asm volatile("syscall"
               : "+r"(v0), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(t0), "+r"(t1)
               :
               : "at", "v1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "hi", "lo", "memory");
  return int(v0);
}

void emulation() {
  g_console = uint32_t(sys_device_open("console"));
  check(g_console > 0, "device_open console", int(g_console), 1);
  check_eq(sys_device_open("console"), int(g_console), "opened again: the same name");
  const char line[] = "PASS: device_write to the console\n";
  check_eq(sys_device_write(g_console, line, sizeof line - 1), int(sizeof line - 1), "device_write returns the length");
  check_eq(sys_device_open("disk"), kErrNoSuchTask, "device_open of no such device");
  check_eq(sys_device_open(reinterpret_cast<const char*>(0x80000000)), kErrInvalidAddress,
           "device_open with a kernel pointer: invalid address");
  check_eq(sys_device_write(0x4501, line, 4), kErrInvalidName, "device_write to a forged name");
  const uint32_t port = uint32_t(sys_port_allocate());
  check_eq(sys_device_write(port, line, 4), kErrBadRight, "device_write to a port that is not a device");
  check_eq(sys_device_write(g_console, reinterpret_cast<const void*>(0x80000000), 4), kErrInvalidAddress,
           "device_write from kseg0: invalid address");
  g_m.h.bits = 0;
  check_eq(send(&g_m, g_console, sizeof(MsgHeader), 1), kErrInvalidArg, "a message to a device port: invalid argument");

  check_eq(unix_call(20), kErrInvalidArg, "a Unix call without emulation: invalid argument");
  check_eq(sys_task_set_emulation(emulation_entry, 4, 1), kOk, "task_set_emulation for write");
  check_eq(sys_task_set_emulation(emulation_entry, 20, 1), kOk, "and getpid");
  check_eq(sys_task_set_emulation(emulation_entry, 200, 1), kOk, "and a six-argument call");
  check_eq(unix_call(20), sys_info(kInfoTaskId), "getpid, emulated in the task");
  const char hello[] = "PASS: write, emulated through device_write\n";
  check_eq(unix_call(4, 1, reinterpret_cast<uint32_t>(hello), sizeof hello - 1), int(sizeof hello - 1),
           "write returns the length");
  check_eq(unix_call(200, 1, 2, 4, 8, 16, 32), int(63 + kUnixSyscallBase + 200),
           "every argument and the number reach the library");
  check_eq(unix_call(21), kErrInvalidArg, "a call without an entry: invalid argument");
  check_eq(unix_call(256), kErrInvalidArg, "a number beyond the vector: invalid argument");
  check_eq(sys_task_set_emulation(reinterpret_cast<void (*)()>(0x80000000), 20, 1), kErrInvalidArg,
           "an entry in kseg0: invalid argument");
  check_eq(sys_task_set_emulation(emulation_entry, 250, 10), kErrInvalidArg, "a range past 255: invalid argument");
  sys_task_set_emulation(nullptr, 20, 1);
  check_eq(unix_call(20), kErrInvalidArg, "entry removed: invalid argument again");
  check_eq(sys_null(), 0, "kernel calls are not redirected");
}

}  // namespace

int main(uint32_t arg, uint32_t right) {
  if (arg) return child(arg, right);
  const uint32_t notify = uint32_t(sys_port_allocate());
  no_senders(notify);
  dead_name(notify);
  emulation();
  return failures();
}

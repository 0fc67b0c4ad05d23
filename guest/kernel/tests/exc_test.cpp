// Exception ports and the debugger interface: a child's exceptions arrive as messages on
// the port its parent set; the parent (its handler and debugger) reads and changes the
// child's registers with thread_get_state / thread_set_state and resumes it, or answers
// "no" and the child is killed; a handler that dies, or an exception port that dies with
// the message queued, kills the child; only a stopped thread of a task one controls can
// be read. arg 0: the parent; other values: the children below.
#include "msg.h"

using namespace kabi;
using namespace ulib;

namespace {

enum Child : uint32_t {
  kBreak = 1, kUnmapped, kOverflow, kJumpKernel, kReservedInsn, kDyingHandler, kPeek,
  kStoreReadOnly,
};
constexpr uint32_t kMapped = 0x50000000;  // where the handler maps a page for kUnmapped

volatile uint32_t g_sink;

// Where the handler sends a child that jumped into kseg0 (same image: same address).
extern "C" void recovered() { sys_task_exit(77); }

int child(uint32_t kind, uint32_t right) {
  switch (kind) {
    case kBreak: {  // the handler skips the break and sets v0
      int v;
      asm volatile("li $v0, 0\n\tbreak 5\n\tmove %0, $v0" : "=r"(v) :: "v0");
      return v;
    }
    case kUnmapped:  // the handler maps the page; the load is retried
      return int(*reinterpret_cast<volatile uint32_t*>(kMapped + 8));
    case kOverflow: {
      int v;
      asm volatile("lui %0, 0x7fff\n\tori %0, %0, 0xffff\n\taddi %0, %0, 1" : "=r"(v));
      return v;
    }
    case kJumpKernel:
      reinterpret_cast<void (*)()>(0x80000000)();
      return 1;
    case kReservedInsn: {
      // Opcode 31 (MIPS32's SPECIAL3) is reserved on the R3000; built at run time, as
      // the build refuses non-MIPS-I instructions in our code.
      auto* code = reinterpret_cast<volatile uint32_t*>(sys_vm_allocate(0, 0, 4096, 1));
      code[0] = 0x7c000000;
      code[1] = 0x03e00008;  // jr ra
      code[2] = 0;
      sys_cache_flush();
      reinterpret_cast<void (*)()>(const_cast<uint32_t*>(code))();
      return 1;
    }
    case kDyingHandler: {  // receive one exception and end without answering it
      static Msg m;
      const uint32_t port = send_new_port(&m, right, 0);
      receive(&m, port);
      return m.h.id == kExcRaise ? 5 : 1;
    }
    case kPeek: {  // a sibling's thread is not ours to read
      static ThreadRegs s;
      return sys_thread_get_state(right, &s) == kErrNoSuchTask ? 6 : 1;
    }
    case kStoreReadOnly:
      *reinterpret_cast<volatile uint32_t*>(0x00400000) = 0;
      return 1;
    default:
      return 1;
  }
}

Msg g_m;
uint32_t g_exc;  // our exception port (receive right)
uint32_t g_idle;  // a port nobody calls: reply_wait waits on it until this thread destroys it

void destroy_idle_later(uint32_t) {
  sys_thread_sleep(10);
  sys_port_destroy(g_idle);
  sys_thread_exit();
}

// Spawn a child whose exceptions go to `port`: it inherits our exception port, so that
// it is set before the child runs (setting it after task_spawn would race the child).
int spawn(uint32_t kind, uint32_t port = 0) {
  sys_task_set_exception_port(0, port ? port : g_exc);
  const int t = sys_task_spawn("exc_test", kind, 0, 0);
  sys_task_set_exception_port(0, 0);
  return t;
}

// Receive one exception message; its info in *info.
bool next_exception(ExcInfo* info) {
  if (receive(&g_m, g_exc) != kOk || g_m.h.id != kExcRaise) return false;
  memcpy(info, g_m.body, sizeof *info);
  return true;
}

int answer(uint32_t code) {
  const uint32_t reply = g_m.h.remote_port;
  g_m.h.bits = msg_bits(kMoveSendOnce, 0);
  g_m.h.size = sizeof(MsgHeader) + 4;
  g_m.h.remote_port = reply;
  g_m.h.local_port = 0;
  g_m.h.id = kExcReply;
  g_m.body[0] = code;
  return sys_msg(&g_m, kMsgSend, sizeof(MsgHeader) + 4, 0, 0, 0);
}

void resume_cases() {
  ExcInfo info;
  static ThreadRegs s;
  // break: the handler sees it, skips it and sets v0; the child goes on.
  int c = spawn(kBreak);
  check(next_exception(&info), "break: an exception message arrives");
  check(info.code == 9 && info.task == uint32_t(c), "with the code (9) and the task", int(info.code), 9);
  check_eq(sys_thread_get_state(info.thread, &s), kOk, "thread_get_state of the stopped thread");
  check(s.pc == info.pc && (s.cause >> 2 & 31) == 9, "its pc and cause match the message", int(s.pc), int(info.pc));
  check(s.r[28] > 0x7ff00000 && s.r[28] < 0x80000000, "its sp is on its stack", int(s.r[28]));
  s.pc += 4;
  s.r[1] = 42;  // v0
  check_eq(sys_thread_set_state(info.thread, &s), kOk, "thread_set_state: skip the break, v0 = 42");
  check_eq(answer(kOk), kOk, "answer: resume");
  check_eq(sys_task_wait(uint32_t(c)), 42, "the child resumed with the new state");

  // The answer may also come through reply_wait (the code in the first word).
  c = spawn(kBreak);
  check(next_exception(&info), "another break, answered through reply_wait");
  sys_thread_get_state(info.thread, &s);
  s.pc += 4;
  s.r[1] = 43;
  sys_thread_set_state(info.thread, &s);
  uint32_t so = g_m.h.remote_port, words[2] = {kOk, 0};
  g_idle = uint32_t(sys_port_allocate());
  sys_thread_create(destroy_idle_later, alloc_stack(), 0, kPriorityUser);
  check_eq(reply_wait(&so, g_idle, words), kErrPortChanged,
           "reply_wait answers, then waits until its port is destroyed");
  check_eq(sys_task_wait(uint32_t(c)), 43, "the child resumed");

  // An unmapped load: the handler maps a page there (shared, holding a value) and resumes.
  c = spawn(kUnmapped);
  check(next_exception(&info), "a load from unmapped memory: an exception message");
  check(info.code == 2 && info.badvaddr == kMapped + 8, "TLB miss (load) at the address", int(info.badvaddr), int(kMapped + 8));
  const int page = sys_vm_allocate(0, 0, 4096, 1);
  reinterpret_cast<volatile uint32_t*>(page)[2] = 1234;
  check_eq(sys_vm_share(uint32_t(c), uint32_t(page), 4096, kMapped), int(kMapped), "the handler maps a page into the child");
  answer(kOk);
  check_eq(sys_task_wait(uint32_t(c)), 1234, "the child's load is retried and reads it");

  // A jump into kseg0: the handler moves the pc to a function of the child's.
  c = spawn(kJumpKernel);
  check(next_exception(&info), "a jump into kseg0: an exception message");
  check(info.code == 4 && info.badvaddr == 0x80000000, "address error (fetch) at 0x80000000", int(info.code), 4);
  sys_thread_get_state(info.thread, &s);
  s.pc = reinterpret_cast<uint32_t>(&recovered);
  sys_thread_set_state(info.thread, &s);
  answer(kOk);
  check_eq(sys_task_wait(uint32_t(c)), 77, "the child resumes where the handler said");

  // A store into its own code: copy on write does not apply to read-only regions.
  c = spawn(kStoreReadOnly);
  check(next_exception(&info) && info.code == 1, "a store into code: TLB modification", int(info.code), 1);
  answer(kErrInvalidArg);
  check_eq(sys_task_wait(uint32_t(c)), kStatusKilled, "answered with an error: killed");
}

void kill_cases() {
  ExcInfo info;
  static ThreadRegs s;
  int c = spawn(kOverflow);
  check(next_exception(&info) && info.code == 12, "overflow: an exception message with code 12", int(info.code), 12);
  check_eq(answer(kErrInvalidArg), kOk, "answer: no");
  check_eq(sys_task_wait(uint32_t(c)), kStatusKilled, "the child is killed");

  c = spawn(kReservedInsn);
  check(next_exception(&info) && info.code == 10, "a reserved instruction: code 10", int(info.code), 10);
  sys_port_destroy(g_m.h.remote_port);  // the reply right, unused
  check_eq(sys_task_wait(uint32_t(c)), kStatusKilled, "reply right destroyed unanswered: killed");

  // The exception port dies with the message queued.
  const uint32_t old = g_exc;
  g_exc = uint32_t(sys_port_allocate());
  c = spawn(kBreak);
  sys_thread_sleep(20);  // the child runs and stops
  sys_port_destroy(g_exc);
  check_eq(sys_task_wait(uint32_t(c)), kStatusKilled, "exception port destroyed with the message queued: killed");
  g_exc = old;

  // A handler task that ends without answering.
  const int port = sys_port_allocate();
  const int h = sys_task_spawn("exc_test", kDyingHandler, uint32_t(port), kMakeSend);
  receive(&g_m, uint32_t(port));
  const uint32_t handler_port = g_m.body[1];
  c = spawn(kBreak, handler_port);
  check_eq(sys_task_wait(uint32_t(h)), 5, "a handler task receives the exception and ends");
  check_eq(sys_task_wait(uint32_t(c)), kStatusKilled, "its client is killed");

  // The debugger interface's permissions.
  c = spawn(kBreak);
  check(next_exception(&info), "another break");
  const int sibling = sys_task_spawn("exc_test", kPeek | info.thread << 8, 0, 0);
  check_eq(sys_task_wait(uint32_t(sibling)), 6, "a task that did not spawn the thread's task cannot read it");
  check_eq(sys_thread_get_state(sys_info(kInfoThreadId), &s), kErrInvalidArg,
           "a running thread's state cannot be read");
  check_eq(sys_thread_get_state(9999, &s), kErrNoSuchTask, "nor a thread that does not exist");
  check_eq(sys_thread_get_state(info.thread, reinterpret_cast<ThreadRegs*>(0x80000000)),
           kErrInvalidAddress, "thread_get_state into kseg0: invalid address");
  check_eq(sys_task_set_exception_port(99, g_exc), kErrNoSuchTask, "exception port of no such task");
  check_eq(sys_task_set_exception_port(uint32_t(c), g_exc), kOk, "exception port of a child");
  check_eq(sys_task_set_exception_port(0, 0x1234), kErrInvalidName, "a forged exception port name");
  // A pc in kseg0 is accepted, and faults in user mode when the thread resumes.
  sys_thread_get_state(info.thread, &s);
  s.pc = 0x80030000;
  sys_thread_set_state(info.thread, &s);
  answer(kOk);
  check(next_exception(&info) && info.code == 4, "a pc set into kseg0 faults on resuming", int(info.code), 4);
  answer(kErrInvalidArg);
  check_eq(sys_task_wait(uint32_t(c)), kStatusKilled, "and the child is killed");
}

}  // namespace

int main(uint32_t arg, uint32_t right) {
  if (arg >> 8) return child(arg & 0xff, arg >> 8);  // kPeek: the thread id in arg's high bits
  if (arg) return child(arg, right);
  g_exc = uint32_t(sys_port_allocate());
  resume_cases();
  kill_cases();
  return failures();
}

// System calls 19..39 (include/abi.h): virtual memory, exception ports and thread state,
// notifications, Unix system-call redirection, and the console as a kernel device.
// A `task` argument is a task id the caller controls (task_controlled: itself or a task
// it spawned); anything else gives kErrNoSuchTask.
#include "abi.h"
#include "arch/frame.h"
#include "console.h"
#include "ipc/port.h"
#include "ipc/space.h"
#include "klib.h"
#include "sched/sched.h"
#include "task/task.h"
#include "vm/usercopy.h"
#include "vm/vm.h"

using namespace kern;
using namespace kabi;
using A = uint32_t;

namespace {

Task* self() { return g_current->task; }

// The thread a debugger may read or write: of the caller's task or of a task it spawned,
// stopped in an exception (its trap frame holds every register).
Thread* stopped_thread(A id, int* err) {
  Thread* t = thread_find(id);
  if (!t || !task_controlled(self(), t->task->id)) {
    *err = kErrNoSuchTask;
    return nullptr;
  }
  if (!t->exc_reply) {
    *err = kErrInvalidArg;
    return nullptr;
  }
  return t;
}

// ThreadState.r[i] is register i + 1; the trap frame keeps all of them but k0 and k1.
uint32_t* frame_reg(TrapFrame* f, unsigned r) {
  switch (r) {
    case 1: return &f->at;
    case 2: return &f->v0;
    case 3: return &f->v1;
    case 26: case 27: return nullptr;  // k0, k1: the kernel's
    case 28: return &f->gp;
    case 29: return &f->sp;
    case 30: return &f->fp;
    case 31: return &f->ra;
    default:
      if (r >= 4 && r <= 7) return &f->a0 + (r - 4);
      if (r >= 8 && r <= 15) return &f->t0 + (r - 8);
      if (r >= 16 && r <= 23) return &f->s0 + (r - 16);
      return r == 24 ? &f->t8 : &f->t9;
  }
}

Port* g_console;  // the console device port (kind kPortDevice), made on first open

}  // namespace

extern "C" {

int sys_vm_allocate(A task, A addr, A size, A anywhere, A, A) {
  Task* t = task_controlled(self(), task);
  if (!t) return kErrNoSuchTask;
  uint32_t out;
  const int r = vm_allocate(t, addr, size, anywhere != 0, &out);
  return r == kOk ? static_cast<int>(out) : r;
}

int sys_vm_deallocate(A task, A addr, A size, A, A, A) {
  Task* t = task_controlled(self(), task);
  return t ? vm_deallocate(t, addr, size) : kErrNoSuchTask;
}

int sys_vm_protect(A task, A addr, A size, A prot, A, A) {
  Task* t = task_controlled(self(), task);
  return t ? vm_protect(t, addr, size, prot) : kErrNoSuchTask;
}

int sys_vm_share(A task, A addr, A size, A to_addr, A, A) {
  Task* t = task_controlled(self(), task);
  if (!t) return kErrNoSuchTask;
  uint32_t out;
  const int r = vm_share(self(), addr, size, t, to_addr, &out);
  return r == kOk ? static_cast<int>(out) : r;
}

int sys_task_set_exception_port(A task, A name, A, A, A, A) {
  Task* t = task_controlled(self(), task);
  if (!t) return kErrNoSuchTask;
  Port* p = nullptr;
  if (name) {
    Entry* e = space_lookup(&self()->space, name);
    if (!e) return kErrInvalidName;
    if (!(e->rights & (kRightReceive | kRightSend))) return kErrBadRight;
    if (e->port->dead) return kErrDeadName;
    p = e->port;
    port_ref(p);
    sright_add(p);  // the kernel holds a send right
  }
  if (Port* old = t->exc_port) {
    sright_drop(old);
    port_release(old);
  }
  t->exc_port = p;
  return kOk;
}

int sys_thread_get_state(A id, A buf, A, A, A, A) {
  int err;
  Thread* th = stopped_thread(id, &err);
  if (!th) return err;
  TrapFrame* f = th->frame();
  ThreadRegs s{};
  for (unsigned r = 1; r < 32; ++r)
    if (uint32_t* p = frame_reg(f, r)) s.r[r - 1] = *p;
  s.hi = f->hi;
  s.lo = f->lo;
  s.pc = f->epc;
  s.cause = f->cause;
  s.badvaddr = f->badvaddr;
  return copyout(self(), buf, &s, sizeof s) ? kOk : kErrInvalidAddress;
}

int sys_thread_set_state(A id, A buf, A, A, A, A) {
  int err;
  Thread* th = stopped_thread(id, &err);
  if (!th) return err;
  ThreadRegs s;
  if (!copyin(self(), buf, &s, sizeof s)) return kErrInvalidAddress;
  TrapFrame* f = th->frame();
  for (unsigned r = 1; r < 32; ++r)
    if (uint32_t* p = frame_reg(f, r)) *p = s.r[r - 1];
  f->hi = s.hi;
  f->lo = s.lo;
  // Any PC: one outside kuseg faults (address error) when the thread resumes, in user mode.
  f->epc = s.pc;
  return kOk;
}

int sys_port_request_notification(A name, A kind, A notify, A, A, A) {
  return notify_request(self(), name, kind, notify);
}

int sys_task_set_emulation(A entry, A first, A count, A, A, A) {
  if (entry >= kUserTop || first >= kEmulationVector || count > kEmulationVector - first)
    return kErrInvalidArg;
  for (A i = first; i < first + count; ++i) self()->emulation[i] = entry;
  return kOk;
}

// syscall_entry (arch/vectors.S) for v0 >= kSysCount: the task's emulation entry for
// Unix call v0 - kUnixSyscallBase, or 0 (then kErrInvalidArg).
uint32_t emulation_entry(A number) {
  const A n = number - kUnixSyscallBase;
  return n < kEmulationVector ? self()->emulation[n] : 0;
}

int sys_device_open(A uname, A, A, A, A, A) {
  char name[8];
  for (unsigned i = 0; i < sizeof name; ++i) {
    if (!copyin(self(), uname + i, &name[i], 1)) return kErrInvalidAddress;
    if (!name[i]) break;
  }
  if (strncmp(name, "console", sizeof name) != 0) return kErrNoSuchTask;
  if (!g_console) {
    g_console = port_alloc(nullptr);  // the kernel's reference, never released
    if (!g_console) return kErrNoSpace;
    g_console->kind = kPortDevice;
  }
  Space* s = &self()->space;
  Entry* e = space_find_port(s, g_console);
  if (!e) {
    if (!(e = space_alloc(s))) return kErrNoSpace;
    e->port = g_console;
    port_ref(g_console);
  }
  if (!(e->rights & kRightSend)) sright_add(g_console);
  e->rights |= kRightSend;
  ++e->urefs;
  return static_cast<int>(space_name(s, e));
}

int sys_device_write(A dev, A buf, A len, A, A, A) {
  Entry* e = space_lookup(&self()->space, dev);
  if (!e) return kErrInvalidName;
  if (!(e->rights & kRightSend) || e->port->kind != kPortDevice) return kErrBadRight;
  char chunk[64];
  for (A done = 0; done < len;) {
    const A n = len - done < sizeof chunk ? len - done : sizeof chunk;
    if (!copyin(self(), buf + done, chunk, n)) return kErrInvalidAddress;
    guest::console_write(chunk, n);
    done += n;
  }
  return static_cast<int>(len);
}

}  // extern "C"

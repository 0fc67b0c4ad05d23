// The system-call table and the calls that are not IPC (ipc/msg.cpp has sys_msg).
// syscall_entry (arch/vectors.S) calls syscall_table[v0](a0, a1, a2, a3) (sys_msg also
// t0, t1, through sys_msg_entry) with
// interrupts off on the thread's kernel stack; the result goes back in v0.
#include "abi.h"
#include "arch/frame.h"
#include "cache.h"
#include "dev/clock.h"
#include "dev/ksock.h"
#include "dev/net.h"
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/space.h"
#include "klib.h"
#include "sched/sched.h"
#include "task/ras.h"
#include "task/task.h"
#include "vm/usercopy.h"

namespace kern {
namespace {

using namespace kabi;
using A = uint32_t;

Task* cur_task() { return g_current->task; }

int sys_null(A, A, A, A, A, A) { return 0; }

int sys_write(A buf, A len, A, A, A, A) {
  char chunk[64];
  for (A done = 0; done < len;) {
    const A n = len - done < sizeof chunk ? len - done : sizeof chunk;
    if (!copyin(cur_task(), buf + done, chunk, n)) return kErrInvalidAddress;
    guest::console_write(chunk, n);
    done += n;
  }
  return static_cast<int>(len);
}

int sys_task_exit(A status, A, A, A, A, A) {
  task_terminate(cur_task(), static_cast<int>(status));
  return 0;
}

int sys_thread_create(A entry, A sp, A arg, A prio, A, A) {
  if (entry >= kUserTop || sp >= kUserTop || prio >= kPriorities) return kErrInvalidArg;
  Thread* t = task_add_thread(cur_task(), entry, sp, arg, 0, prio);
  if (!t) return kErrNoSpace;
  make_ready(t);
  preempt_if_needed();
  return static_cast<int>(t->id);
}

int sys_thread_exit(A, A, A, A, A, A) {
  thread_terminate(g_current);
  return 0;
}

Thread* find_thread(A id) {
  for (Thread* t = cur_task()->threads; t; t = t->task_next)
    if (t->id == id) return t;
  return nullptr;
}

int sys_thread_switch(A id, A, A, A, A, A) {
  Thread* t = id ? find_thread(id) : nullptr;
  if (t && t->state == ThreadState::kReady) {
    // Directed yield: the named thread runs next, we go to the tail of our queue.
    thread_cancel_ready(t);
    make_ready(g_current);
    handoff(t);
  } else {
    yield();
  }
  return 0;
}

int sys_thread_sleep(A ms, A, A, A, A, A) {
  block(nullptr, ms_to_ticks(ms));
  return 0;
}

int sys_clock(A, A, A, A, A, A) { return static_cast<int>(g_ticks); }

int sys_port_allocate(A, A, A, A, A, A) {
  Space* s = &cur_task()->space;
  Entry* e = space_alloc(s);
  if (!e) return kErrNoSpace;
  Port* p = port_alloc(cur_task());
  if (!p) {
    space_free(s, e);
    return kErrNoSpace;
  }
  e->port = p;
  e->rights = kRightReceive;
  return static_cast<int>(space_name(s, e));
}

int sys_port_destroy(A name, A, A, A, A, A) {
  Space* s = &cur_task()->space;
  Entry* e = space_lookup(s, name);
  if (!e) return kErrInvalidName;
  Port* p = e->port;
  const uint8_t rights = e->rights;
  space_free(s, e);
  if (rights & kRightReceive) port_kill(p);
  if (rights & kRightSendOnce) notify_send_once(p);
  if (rights & kRightSend) sright_drop(p);
  port_release(p);
  preempt_if_needed();
  return kOk;
}

int sys_make_send(A name, A, A, A, A, A) {
  Entry* e = space_lookup(&cur_task()->space, name);
  if (!e) return kErrInvalidName;
  if (!(e->rights & kRightReceive)) return kErrBadRight;
  if (!(e->rights & kRightSend)) sright_add(e->port);
  e->rights |= kRightSend;
  ++e->urefs;
  return kOk;
}

int sys_task_spawn(A uname, A arg, A right, A disposition, A, A) {
  char name[24];
  unsigned n = 0;
  for (; n + 1 < sizeof name; ++n) {
    if (!copyin(cur_task(), uname + n, &name[n], 1)) return kErrInvalidAddress;
    if (!name[n]) break;
  }
  name[n] = 0;
  if (!image_exists(name)) return kErrNoSuchTask;
  Space* s = &cur_task()->space;
  Entry* e = right ? space_lookup(s, right) : nullptr;
  if (right) {
    if (!e) return kErrInvalidName;
    if (disposition != kCopySend && disposition != kMakeSend) return kErrInvalidArg;
    if (!(e->rights & (disposition == kMakeSend ? kRightReceive : kRightSend))) return kErrBadRight;
  }
  Task* t = task_spawn(name, arg, g_current->priority);
  if (!t) return kErrNoSpace;
  t->parent = cur_task()->id;
  if (Port* ep = cur_task()->exc_port) {  // inherited, as Mach's task_create does
    t->exc_port = ep;
    port_ref(ep);
    sright_add(ep);
  }
  if (e) {
    sright_add(e->port);
    Entry* c = space_alloc(&t->space);  // the child's first name: cannot fail
    c->port = e->port;
    c->rights = kRightSend;
    c->urefs = 1;
    port_ref(e->port);
    t->threads->frame()->a1 = space_name(&t->space, c);
  }
  make_ready(t->threads);
  return static_cast<int>(t->id);
}

int sys_task_wait(A id, A, A, A, A, A) {
  Task* t = task_find(id);
  if (!t || t == cur_task()) return kErrNoSuchTask;
  if (t->state == TaskState::kLive) return block(&t->waiters, 0);
  return t->exit_status;
}

int sys_cache_flush(A, A, A, A, A, A) {
  cache_icache_invalidate(0x80000000, 0x10000);
  cache_dcache_invalidate(0x80000000, 0x10000);
  return 0;
}

int sys_info(A key, A, A, A, A, A) {
  switch (key) {
    case kInfoCpuKhz: return static_cast<int>(cpu_khz());
    case kInfoHz: return static_cast<int>(kClockHz);
    case kInfoTaskId: return static_cast<int>(cur_task()->id);
    case kInfoThreadId: return static_cast<int>(g_current->id);
    default: return kErrInvalidArg;
  }
}

int sys_thread_priority(A id, A prio, A, A, A, A) {
  Thread* t = id ? find_thread(id) : g_current;
  if (!t) return kErrInvalidArg;
  if (prio >= kPriorities) return kErrInvalidArg;
  const int old = t->priority;
  if (t->state == ThreadState::kReady) {
    thread_cancel_ready(t);
    t->priority = static_cast<uint8_t>(prio);
    make_ready(t);
  } else {
    t->priority = static_cast<uint8_t>(prio);
  }
  g_need_resched = true;
  preempt_if_needed();
  return old;
}

}  // namespace
}  // namespace kern

extern "C" int sys_msg_entry(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
extern "C" int sys_rpc_short_fast(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
extern "C" int sys_rpc_short_entry(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
extern "C" int sys_reply_wait_fast(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);

using SyscallFn = int (*)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);

// The calls of kern/syscall_vm.cpp (VM, exceptions, thread state, notifications,
// emulation, devices: numbers 19..39).
extern "C" {
int sys_vm_allocate(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_vm_deallocate(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_vm_protect(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_vm_share(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_task_set_exception_port(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_thread_get_state(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_thread_set_state(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_port_request_notification(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_task_set_emulation(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_device_open(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
int sys_device_write(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
}

namespace {
int sys_invalid(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) { return kabi::kErrInvalidArg; }

// The table, built at compile time; numbers without a call (gaps left for other groups
// of calls) return kErrInvalidArg.
struct SyscallTable {
  SyscallFn fn[SYSCALL_COUNT];
};
constexpr SyscallTable make_syscall_table() {
  using namespace kabi;
  SyscallTable t{};
  for (SyscallFn& f : t.fn) f = sys_invalid;
  t.fn[kSysNull] = kern::sys_null;
  t.fn[kSysWrite] = kern::sys_write;
  t.fn[kSysTaskExit] = kern::sys_task_exit;
  t.fn[kSysThreadCreate] = kern::sys_thread_create;
  t.fn[kSysThreadExit] = kern::sys_thread_exit;
  t.fn[kSysThreadSwitch] = kern::sys_thread_switch;
  t.fn[kSysThreadSleep] = kern::sys_thread_sleep;
  t.fn[kSysClock] = kern::sys_clock;
  t.fn[kSysPortAllocate] = kern::sys_port_allocate;
  t.fn[kSysPortDestroy] = kern::sys_port_destroy;
  t.fn[kSysMsg] = sys_msg_entry;
  t.fn[kSysTaskSpawn] = kern::sys_task_spawn;
  t.fn[kSysTaskWait] = kern::sys_task_wait;
  t.fn[kSysCacheFlush] = kern::sys_cache_flush;
  t.fn[kSysInfo] = kern::sys_info;
  t.fn[kSysMakeSend] = kern::sys_make_send;
  t.fn[kSysThreadPriority] = kern::sys_thread_priority;
  t.fn[kSysRpcShort] = sys_rpc_short_fast;
  t.fn[kSysReplyWait] = sys_reply_wait_fast;
  // ---- VM, exceptions, notifications, emulation, devices (kern/syscall_vm.cpp)
  t.fn[kSysVmAllocate] = sys_vm_allocate;
  t.fn[kSysVmDeallocate] = sys_vm_deallocate;
  t.fn[kSysVmProtect] = sys_vm_protect;
  t.fn[kSysVmShare] = sys_vm_share;
  t.fn[kSysTaskSetExceptionPort] = sys_task_set_exception_port;
  t.fn[kSysThreadGetState] = sys_thread_get_state;
  t.fn[kSysThreadSetState] = sys_thread_set_state;
  t.fn[kSysPortRequestNotification] = sys_port_request_notification;
  t.fn[kSysTaskSetEmulation] = sys_task_set_emulation;
  t.fn[kSysDeviceOpen] = sys_device_open;
  t.fn[kSysDeviceWrite] = sys_device_write;
  // ---- in-kernel UDP sockets, counters, boot arguments (dev/ksock.cpp): 30..39
  t.fn[kSysSockOpen] = sys_sock_open;
  t.fn[kSysSockBind] = sys_sock_bind;
  t.fn[kSysSockSendto] = sys_sock_sendto;
  t.fn[kSysSockRecvfrom] = sys_sock_recvfrom;
  t.fn[kSysSockClose] = sys_sock_close;
  t.fn[kSysKstat] = sys_kstat;
  t.fn[kSysBootArg] = sys_boot_arg;
  // ---- the network device (dev/net.cpp): 40..59
  t.fn[kSysNetInfo] = sys_net_info;
  t.fn[kSysNetWrite] = sys_net_write;
  t.fn[kSysFilterInstall] = sys_filter_install;
  t.fn[kSysFilterRemove] = sys_filter_remove;
  t.fn[kSysNetMap] = sys_net_map;
  // ---- the user runtime (task/ras.cpp): 60..63
  t.fn[kSysRasRegister] = kern::sys_ras_register;
  return t;
}
}  // namespace

// syscall_entry (arch/vectors.S) indexes this as an array of SYSCALL_COUNT pointers.
extern "C" const SyscallTable syscall_table = make_syscall_table();
static_assert(SYSCALL_COUNT == kabi::kSysCount);

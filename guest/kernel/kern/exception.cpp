// Exceptions as messages (see exception.h). The faulting thread blocks in trap() with a
// kernel-held reply port (kind kPortExcReply, kobject = the thread); the message carries a
// send-once right to it. A message sent to that right wakes the thread with the answer;
// the right destroyed unanswered (the handler died, or the exception port died with the
// message queued) wakes it with kErrDeadName, and it is killed.
#include "exception.h"

#include "abi.h"
#include "ipc/port.h"
#include "kern/klib.h"
#include "sched/sched.h"
#include "task/task.h"

namespace kern {

bool exception_raise(TrapFrame* f, unsigned code) {
  Thread* th = g_current;
  Task* t = th->task;
  Port* ep = t->exc_port;
  if (!ep || ep->dead) return false;
  Port* reply = port_alloc(nullptr);  // the kernel's "receive right" holds this reference
  if (!reply) return false;
  reply->kind = kPortExcReply;
  reply->kobject = th;
  const kabi::ExcInfo info{th->id, t->id, code, f->badvaddr, f->epc};
  port_ref(reply);  // the send-once right in the message
  if (!kernel_send(ep, kabi::kExcRaise, &info, sizeof info, reply)) {
    port_release(reply);
    return false;
  }
  th->exc_reply = reply;
  const int r = block(nullptr, 0);
  th->exc_reply = nullptr;
  reply->kobject = nullptr;
  port_release(reply);
  return r == kabi::kOk;
}

void exc_reply_received(Port* p, int code) {
  auto* th = static_cast<Thread*>(p->kobject);
  if (!th) return;  // the thread is gone
  p->kobject = nullptr;
  wakeup(th, code == kabi::kOk ? kabi::kOk : kabi::kErrInvalidArg);
}

void exc_reply_lost(Port* p) {
  auto* th = static_cast<Thread*>(p->kobject);
  if (!th) return;
  p->kobject = nullptr;
  wakeup(th, kabi::kErrDeadName);
}

void exc_thread_gone(Thread* t) {
  if (Port* p = t->exc_reply) {
    p->kobject = nullptr;
    t->exc_reply = nullptr;
    port_release(p);
  }
}

}  // namespace kern

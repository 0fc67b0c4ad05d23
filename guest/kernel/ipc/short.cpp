// Short messages in registers (L4-style call and reply-and-wait, with Mach's rights):
//
//   rpc_short(dest, reply, w0, w1)       send two words to a thread waiting in
//                                        reply_wait on dest's port (send right needed),
//                                        with a send-once right to `reply` (receive right
//                                        needed), and wait for the answer on `reply`;
//                                        the answer's words come back in a2, a3
//   reply_wait(so, port, w0, w1)         answer through send-once right `so` (if not 0),
//                                        then wait on `port` (receive right needed); the
//                                        request's reply right comes back in v1, its
//                                        words in a2, a3
//
// A rendezvous: rpc_short fails with kErrTimedOut when no thread waits in reply_wait
// (an L4 send time-out of 0); these calls do not meet mach_msg's queues. The words are
// written into the partner's trap frame (the system-call stub in arch/vectors.S loads v1,
// a2, a3 from it on the way out) and the processor is handed to the partner. Neither
// call preserves s0-s8: they return zero (the IPC convention, arch/ipc_fast.S).
#include <stddef.h>

#include "abi.h"
#include "arch/offsets.h"
#include "kern/exception.h"
#include "kern/klib.h"
#include "port.h"
#include "sched/sched.h"
#include "space.h"
#include "task/task.h"

namespace kern {

using namespace kabi;

// The layout arch/ipc_fast.S relies on.
static_assert(offsetof(Thread, ctx) + offsetof(KContext, sp) == TH_CTX_SP);
static_assert(offsetof(Thread, ctx) + offsetof(KContext, ra) == TH_CTX_RA);
static_assert(offsetof(Thread, ctx) + offsetof(KContext, status) == TH_CTX_STATUS);
static_assert(offsetof(Thread, ctx) + offsetof(KContext, gp) == TH_CTX_GP);
static_assert(offsetof(Thread, kstack) == TH_KSTACK && offsetof(Thread, task) == TH_TASK);
static_assert(offsetof(Thread, state) == TH_STATE && offsetof(Thread, quantum) == TH_QUANTUM);
static_assert(offsetof(Thread, next) == TH_NEXT && offsetof(Thread, prev) == TH_PREV);
static_assert(offsetof(Thread, queue) == TH_QUEUE && offsetof(Thread, wake_tick) == TH_WAKE_TICK);
static_assert(offsetof(Thread, wait_result) == TH_WAIT_RESULT);
static_assert(static_cast<int>(ThreadState::kRunning) == TS_RUNNING);
static_assert(static_cast<int>(ThreadState::kBlocked) == TS_BLOCKED);
static_assert(offsetof(Task, pmap) == 0 && offsetof(Pmap, asid) == TASK_ASID);
static_assert(offsetof(Pmap, asid_gen) == TASK_ASID_GEN);
static_assert(offsetof(Task, space) + offsetof(Space, entries) == TASK_ENTRIES);
static_assert(offsetof(Task, space) + offsetof(Space, free_head) == TASK_FREE_HEAD);
static_assert(sizeof(Entry) == EN_SIZE && offsetof(Entry, port) == EN_PORT);
static_assert(offsetof(Entry, urefs) == EN_UREFS && offsetof(Entry, rights) == EN_RIGHTS);
static_assert(offsetof(Entry, gen) == EN_GEN && offsetof(Entry, next_free) == EN_NEXT_FREE);
static_assert(kRightReceive == RIGHT_RECEIVE && kRightSend == RIGHT_SEND &&
              kRightSendOnce == RIGHT_SEND_ONCE);
static_assert(offsetof(Port, refs) == PO_REFS && offsetof(Port, dead) == PO_DEAD);
static_assert(offsetof(Port, short_receivers) == PO_SHORT_HEAD &&
              offsetof(Port, short_receivers) + offsetof(ThreadQueue, tail) == PO_SHORT_TAIL);

extern "C" int sys_rpc_short(uint32_t dest, uint32_t reply, uint32_t w0, uint32_t w1) {
  Thread* self = g_current;
  Space* s = &self->task->space;
  Entry* de = space_lookup(s, dest);
  if (!de) return dest == kNameDead ? kErrDeadName : kErrInvalidName;
  if (!(de->rights & kRightSend)) return kErrBadRight;
  Port* dp = de->port;
  if (dp->dead) return kErrDeadName;
  Entry* re = space_lookup(s, reply);
  if (!re) return kErrInvalidName;
  if (!(re->rights & kRightReceive)) return kErrBadRight;
  Thread* srv = dp->short_receivers.head;
  if (!srv) return kErrTimedOut;
  Entry* so = space_alloc(&srv->task->space);
  if (!so) return kErrNoSpace;
  Port* rp = re->port;
  so->port = rp;
  so->rights = kRightSendOnce;
  port_ref(rp);
  dp->short_receivers.remove(srv);
  TrapFrame* f = srv->frame();
  f->v1 = space_name(&srv->task->space, so);
  f->a2 = w0;
  f->a3 = w1;
  srv->wait_result = kOk;
  self->state = ThreadState::kBlocked;
  self->wait_result = kOk;
  self->wake_tick = 0;
  rp->short_receivers.push(self);
  handoff(srv);
  return self->wait_result;
}

extern "C" int sys_reply_wait(uint32_t so_name, uint32_t port, uint32_t w0, uint32_t w1) {
  Thread* self = g_current;
  Space* s = &self->task->space;
  Entry* pe = space_lookup(s, port);
  if (!pe) return kErrInvalidName;
  if (!(pe->rights & kRightReceive)) return kErrBadRight;
  Thread* client = nullptr;
  if (so_name) {
    Entry* e = space_lookup(s, so_name);
    if (!e) return kErrInvalidName;
    if (!(e->rights & kRightSendOnce)) return kErrBadRight;
    Port* cp = e->port;
    space_free(s, e);  // used up by this reply
    if ((client = cp->short_receivers.head)) {
      cp->short_receivers.remove(client);
      TrapFrame* f = client->frame();
      f->a2 = w0;
      f->a3 = w1;
      client->wait_result = kOk;
    } else if (cp->kind == kPortExcReply) {  // an exception's answer: w0 is the code
      exc_reply_received(cp, static_cast<int>(w0));
    }
    port_release(cp);
  }
  self->state = ThreadState::kBlocked;
  self->wait_result = kOk;
  self->wake_tick = 0;
  pe->port->short_receivers.push(self);
  if (client) handoff(client); else schedule();
  return self->wait_result;
}

}  // namespace kern

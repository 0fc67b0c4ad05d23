// mach_msg: send, receive, and both in one call (RPC), with handoff (README.md in this
// folder walks this path step by step).
//
// Send: check the size and the header, look up and check every right the message names
// (destination, reply, port descriptors) before anything changes, then either
//  - direct: a thread is blocked receiving on the destination port and its buffer is
//    large enough: copy from the sender's buffer to the receiver's (both through
//    kseg0), move the rights into the receiver's space, and hand the processor to it
//    when the sender goes on to block in its own receive (handoff scheduling);
//  - queued: copy into a kernel message and queue it (blocking, or failing, when the
//    queue is full).
#include "abi.h"
#include "fastpath.h"
#include "kern/klib.h"
#include "kern/kstat.h"
#include "kmsg.h"
#include "port.h"
#include "sched/sched.h"
#include "space.h"
#include "task/task.h"
#include "vm/usercopy.h"
#include "vm/vm.h"
#include "kern/exception.h"

namespace kern {
namespace {

using namespace kabi;

// What a disposition needs from the entry naming the right.
int check_right(Entry* e, uint32_t disposition) {
  if (!e) return kErrInvalidName;
  if (e->rights & kRightDead) return kErrDeadName;
  uint8_t need;
  switch (disposition) {
    case kMoveReceive: case kMakeSend: case kMakeSendOnce: need = kRightReceive; break;
    case kMoveSend: case kCopySend: need = kRightSend; break;
    case kMoveSendOnce: need = kRightSendOnce; break;
    default: return kErrInvalidArg;
  }
  if (!(e->rights & need)) return kErrBadRight;
  if (e->port->dead) return kErrDeadName;
  return kOk;
}

// The type a disposition arrives as.
uint8_t arrival_type(uint32_t disposition) {
  switch (disposition) {
    case kMoveReceive: return kPortReceive;
    case kMoveSendOnce: case kMakeSendOnce: return kPortSendOnce;
    default: return kPortSend;
  }
}

// Take the right out of the sender's entry (checked by check_right); the returned port
// carries one reference for the message. Send rights are counted (ipc/notify.cpp): one
// made or copied into the message is a new one; the destination's is not counted (it
// is used up on arrival), so moving it out of the entry drops one.
Port* take_right(Task* task, Entry* e, uint32_t disposition, bool dest = false) {
  Port* p = e->port;
  port_ref(p);
  if (!dest && (disposition == kCopySend || disposition == kMakeSend ||
                (disposition == kMoveSend && e->urefs > 1)))
    sright_add(p);
  if (dest && disposition == kMoveSend && e->urefs == 1) sright_drop(p);
  switch (disposition) {
    case kMoveReceive:
      e->rights &= ~kRightReceive;
      p->receiver = nullptr;
      while (Thread* t = p->receivers.head) wakeup(t, kErrPortChanged);
      break;
    case kMoveSend:
      if (--e->urefs == 0) e->rights &= ~kRightSend;
      break;
    case kMoveSendOnce:
      e->rights &= ~kRightSendOnce;
      break;
    default:  // copy or make: the entry keeps its rights
      break;
  }
  if (!e->rights) {
    space_free(&task->space, e);
    port_release(p);  // the entry's reference
  }
  return p;
}

struct Parsed {
  MsgHeader h;
  uint32_t nports;
  PortDescriptor desc[kMaxPortsPerMsg];
  Entry* dest;
  Entry* reply;
  Entry* ports[kMaxPortsPerMsg];
  uint32_t nool;
  OolDescriptor ool[kMaxOolPerMsg];
};

// Bytes of the header and descriptors (what the kernel rewrites on delivery).
uint32_t head_bytes(const Parsed* m) {
  if (!(m->h.bits & kMsgComplex)) return sizeof(MsgHeader);
  return sizeof(MsgHeader) + 4 + m->nports * sizeof(PortDescriptor) + m->nool * sizeof(OolDescriptor);
}

// Read and check the header and descriptors; nothing changes yet.
int parse(Task* task, uint32_t msg, uint32_t size, Parsed* m) {
  if (size < sizeof(MsgHeader) || size > kMaxMsgSize || (size & 3)) return kErrMsgSize;
  if (!user_readable(task, msg, size) || !copyin(task, msg, &m->h, sizeof m->h))
    return kErrInvalidAddress;
  m->h.size = size;
  if (m->h.remote_port == kNameDead) return kErrDeadName;  // a right that died in transit
  m->dest = space_lookup(&task->space, m->h.remote_port);
  const uint32_t rd = m->h.bits & 0xff, ld = (m->h.bits >> 8) & 0xff;
  if (rd == kMoveReceive) return kErrInvalidArg;
  int r = check_right(m->dest, rd);
  if (r != kOk) return r;
  m->reply = nullptr;
  if (ld) {
    m->reply = space_lookup(&task->space, m->h.local_port);
    if ((r = check_right(m->reply, ld)) != kOk) return r;
    if (m->reply == m->dest && (ld == kMoveSendOnce || rd == kMoveSendOnce)) return kErrBadRight;
  } else if (m->h.local_port != kNameNull) {
    return kErrInvalidArg;
  }
  m->nports = 0;
  m->nool = 0;
  if (m->h.bits & kMsgComplex) {
    uint32_t counts;
    if (size < sizeof(MsgHeader) + 4 ||
        !copyin(task, msg + sizeof(MsgHeader), &counts, 4)) return kErrMsgSize;
    m->nports = counts & 0xffff;
    m->nool = counts >> 16;
    if (m->nports > kMaxPortsPerMsg || m->nool > kMaxOolPerMsg || head_bytes(m) > size)
      return kErrMsgSize;
    if (m->nool) {
      const uint32_t at = msg + sizeof(MsgHeader) + 4 + m->nports * sizeof(PortDescriptor);
      if (!copyin(task, at, m->ool, m->nool * sizeof(OolDescriptor))) return kErrInvalidAddress;
      for (unsigned i = 0; i < m->nool; ++i)
        if (!vm_ool_check(task, m->ool[i].address, m->ool[i].size)) return kErrInvalidAddress;
    }
    if (!copyin(task, msg + sizeof(MsgHeader) + 4, m->desc, m->nports * sizeof(PortDescriptor)))
      return kErrInvalidAddress;
    for (unsigned i = 0; i < m->nports; ++i) {
      Entry* e = space_lookup(&task->space, m->desc[i].name);
      if ((r = check_right(e, m->desc[i].disposition)) != kOk) return r;
      const uint32_t d = m->desc[i].disposition;
      const bool moves = d == kMoveReceive || d == kMoveSendOnce;
      // A right moved out may not be named again in the same message, and a receive
      // right may not travel in a message to itself.
      if (moves && (e == m->reply || (e == m->dest && d == kMoveReceive))) return kErrBadRight;
      for (unsigned j = 0; j < i; ++j)
        if (m->ports[j] == e && (moves || m->desc[j].disposition == kMoveReceive ||
                                 m->desc[j].disposition == kMoveSendOnce)) return kErrBadRight;
      m->ports[i] = e;
    }
  }
  return kOk;
}

// Move every right out of the sender's space into `t`.
void take_rights(Task* task, Parsed* m, Transit* t) {
  t->reply = nullptr;
  t->reply_type = 0;
  const uint32_t rd = m->h.bits & 0xff, ld = (m->h.bits >> 8) & 0xff;
  for (unsigned i = 0; i < m->nports; ++i) {
    t->types[i] = arrival_type(m->desc[i].disposition);
    t->ports[i] = take_right(task, m->ports[i], m->desc[i].disposition);
  }
  t->nports = static_cast<uint8_t>(m->nports);
  if (ld) {
    t->reply_type = arrival_type(ld);
    t->reply = take_right(task, m->reply, ld);
  }
  t->dest = take_right(task, m->dest, rd, true);
  // Out-of-line regions: their pages move into the message (copy-on-write, vm/vm.cpp).
  t->nool = static_cast<uint8_t>(m->nool);
  for (unsigned i = 0; i < m->nool; ++i) {
    const OolDescriptor& d = m->ool[i];
    t->ool_size[i] = vm_ool_copyin(task, d.address, d.size, d.flags & kOolDeallocate,
                                   t->ool_frames[i]) ? d.size : 0;
  }
}

// Deliver straight into receiver r's buffer. Returns the receiver's result.
int deliver_direct(Task* from, uint32_t msg, Parsed* m, Thread* r) {
  Task* to = r->task;
  const uint32_t size = m->h.size;
  ++g_kstat.copies;
  if (!copy_between(from, msg + sizeof(MsgHeader), to, r->rcv_buf + sizeof(MsgHeader),
                    size - sizeof(MsgHeader)))
    return kErrInvalidAddress;
  Transit t;
  Port* dest = m->dest->port;
  take_rights(from, m, &t);
  // The header and descriptors, rewritten in a kernel copy, then written out.
  uint32_t image[(sizeof(MsgHeader) + 4 + kMaxPortsPerMsg * sizeof(PortDescriptor) +
                  kMaxOolPerMsg * sizeof(OolDescriptor)) / 4];
  const uint32_t head = head_bytes(m);
  memcpy(image, &m->h, sizeof(MsgHeader));
  if (m->h.bits & kMsgComplex) {
    image[sizeof(MsgHeader) / 4] = m->nports | m->nool << 16;
    memcpy(image + sizeof(MsgHeader) / 4 + 1, m->desc, m->nports * sizeof(PortDescriptor));
    memcpy(image + sizeof(MsgHeader) / 4 + 1 + m->nports * 2, m->ool, m->nool * sizeof(OolDescriptor));
  }
  int result = transit_copyout(&t, to, image, head, r->rcv_name, dest->seqno++);
  if (!copyout(to, r->rcv_buf, image, head)) result = kErrInvalidAddress;
  return result;
}

// A message to a port the kernel holds: an answer to an exception (its body word says
// resume or kill, kern/exception.cpp); device ports take system calls, not messages.
int kernel_port_message(Task* task, uint32_t msg, Parsed* m) {
  Port* dest = m->dest->port;
  if (dest->kind != kPortExcReply) return kErrInvalidArg;
  uint32_t code = 1;
  if (!(m->h.bits & kMsgComplex) && m->h.size >= sizeof(MsgHeader) + 4 &&
      !copyin(task, msg + sizeof(MsgHeader), &code, 4))
    return kErrInvalidAddress;
  Transit t;
  take_rights(task, m, &t);
  transit_destroy(&t);  // the answer's rights (the used-up reply right) go nowhere
  exc_reply_received(dest, static_cast<int>(code));
  return kOk;
}

int send(Task* task, uint32_t msg, uint32_t size, uint32_t option, uint32_t timeout,
         Thread** woken) {
  Parsed m;
  for (;;) {
    int r = parse(task, msg, size, &m);
    if (r != kOk) return r;
    Port* dest = m.dest->port;
    if (dest->kind != kPortNormal) return kernel_port_message(task, msg, &m);
    // A receiver is waiting (then the queue is empty) and the message fits its buffer.
    Thread* rcv = dest->receivers.head;
    if (rcv && rcv->rcv_size >= size) {
      ++g_kstat.messages;
      dest->receivers.remove(rcv);
      rcv->wait_result = deliver_direct(task, msg, &m, rcv);
      *woken = rcv;
      return kOk;
    }
    if (dest->qcount < dest->qlimit) break;
    if ((option & kMsgSendTimeout) && timeout == 0) return kErrQueueFull;
    r = block(&dest->senders, (option & kMsgSendTimeout) ? ms_to_ticks(timeout) : 0);
    if (r != kOk) return r;  // timed out, or the port died
  }
  KMsg* k = kmsg_alloc();
  if (!k) return kErrNoSpace;
  ++g_kstat.messages;
  ++g_kstat.copies;
  if (!copyin(task, msg, k->data, size)) {
    kmsg_free(k);
    return kErrInvalidAddress;
  }
  k->size = size;
  take_rights(task, &m, &k->rights);
  Port* dest = k->rights.dest;
  if (dest->qtail) dest->qtail->next = k; else dest->qhead = k;
  dest->qtail = k;
  ++dest->qcount;
  // A receiver whose buffer was too small is told to look at the queue (kErrTooLarge).
  if (Thread* rcv = dest->receivers.head) wakeup(rcv, kRetry);
  return kOk;
}

// Take the first queued message of p into the current thread's buffer.
int receive_queued(Task* task, Port* p, uint32_t buf, uint32_t rcv_size, uint32_t name) {
  KMsg* k = p->qhead;
  if (k->size > rcv_size) return kErrTooLarge;
  p->qhead = k->next;
  if (!p->qhead) p->qtail = nullptr;
  --p->qcount;
  if (Thread* s = p->senders.head) wakeup(s, kOk);  // room for a blocked sender
  ++g_kstat.copies;
  int r = transit_copyout(&k->rights, task, k->data, k->size, name, p->seqno++);
  if (!copyout(task, buf, k->data, k->size)) r = kErrInvalidAddress;
  kmsg_free(k);
  return r;
}

}  // namespace

// The general path: everything msg_fast does not take.
__attribute__((noinline)) int msg_general(uint32_t msg, uint32_t option, uint32_t send_size,
                                          uint32_t rcv_size, uint32_t rcv_name, uint32_t timeout) {
  Task* task = g_current->task;
  if (option & ~(kMsgSend | kMsgRcv | kMsgSendTimeout | kMsgRcvTimeout | kMsgGeneral))
    return kErrInvalidArg;
  Thread* woken = nullptr;
  if (option & kMsgSend) {
    const int r = send(task, msg, send_size, option, timeout, &woken);
    if (r != kOk) return r;
  }
  if (!(option & kMsgRcv)) {
    if (woken) {
      make_ready(woken);
      preempt_if_needed();
    }
    return kOk;
  }
  Entry* e = space_lookup(&task->space, rcv_name);
  int r = !e ? kErrInvalidName : (e->rights & kRightReceive) ? kOk : kErrBadRight;
  Port* p = r == kOk ? e->port : nullptr;
  if (r != kOk || p->qhead) {
    if (woken) make_ready(woken);
    return r != kOk ? r : receive_queued(task, p, msg, rcv_size, rcv_name);
  }
  if ((option & kMsgRcvTimeout) && timeout == 0) {
    if (woken) make_ready(woken);
    return kErrTimedOut;
  }
  Thread* self = g_current;
  self->rcv_buf = msg;
  self->rcv_size = rcv_size;
  self->rcv_port = p;
  self->rcv_name = rcv_name;
  const uint32_t ticks = (option & kMsgRcvTimeout) ? ms_to_ticks(timeout) : 0;
  if (woken) {
    // Handoff: block on the receive port and run the receiver at once, in our slice.
    self->state = ThreadState::kBlocked;
    self->wait_result = 0;
    p->receivers.push(self);
    self->wake_tick = ticks ? g_ticks + ticks : 0;
    handoff(woken);
    r = self->wait_result;
  } else {
    r = block(&p->receivers, ticks);
  }
  if (r != kRetry) return r;
  // A message was queued because our buffer was too small for the direct path.
  if (p->dead || !p->qhead) return kErrPortChanged;
  return receive_queued(task, p, msg, rcv_size, rcv_name);
}

extern "C" int sys_msg(uint32_t msg, uint32_t option, uint32_t send_size, uint32_t rcv_size,
                       uint32_t rcv_name, uint32_t timeout) {
  int result;
  if (msg_fast(msg, option, send_size, rcv_size, rcv_name, &result)) {
    if (result != kRetry) return result;
    // Woken for a message queued meanwhile (a notification): receive it.
    return msg_general(msg, kMsgRcv, 0, rcv_size, rcv_name, 0);
  }
  return msg_general(msg, option, send_size, rcv_size, rcv_name, timeout);
}

}  // namespace kern

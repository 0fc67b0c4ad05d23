// Ports (see port.h) and the kernel message pool (kmsg.h).
#include "port.h"

#include "kern/klib.h"
#include "kmsg.h"
#include "sched/sched.h"
#include "space.h"
#include "task/task.h"
#include "vm/vm.h"
#include "kern/exception.h"

namespace kern {
namespace {

Port g_ports[kMaxPorts];
constexpr unsigned kMaxKmsgs = 40;
KMsg g_kmsgs[kMaxKmsgs];

}  // namespace

Port* port_alloc(Task* receiver) {
  for (unsigned i = 0; i < kMaxPorts; ++i) {
    Port* p = &g_ports[i];
    if (p->in_use) continue;
    *p = Port{};
    p->in_use = true;
    p->receiver = receiver;
    p->refs = 1;
    p->qlimit = kDefaultQlimit;
    return p;
  }
  return nullptr;
}

void port_release(Port* p) {
  if (--p->refs == 0) {
    if (!p->dead) port_kill(p);
    p->in_use = false;
  }
}

void port_kill(Port* p) {
  if (p->dead) return;
  p->dead = true;
  p->receiver = nullptr;
  port_ref(p);  // hold it while its messages release their rights
  while (KMsg* m = p->qhead) {
    p->qhead = m->next;
    transit_destroy(&m->rights);
    kmsg_free(m);
  }
  p->qtail = nullptr;
  p->qcount = 0;
  while (Thread* t = p->senders.head) wakeup(t, kabi::kErrDeadName);
  while (Thread* t = p->receivers.head) wakeup(t, kabi::kErrPortChanged);
  while (Thread* t = p->short_receivers.head) wakeup(t, kabi::kErrPortChanged);
  deadname_fire(p);
  if (Port* n = p->ns_notify) {
    p->ns_notify = nullptr;
    port_release(n);
  }
  port_release(p);
}

KMsg* kmsg_alloc() {
  for (unsigned i = 0; i < kMaxKmsgs; ++i) {
    KMsg* m = &g_kmsgs[i];
    if (m->in_use) continue;
    m->in_use = true;
    m->next = nullptr;
    return m;
  }
  return nullptr;
}

void kmsg_free(KMsg* m) { m->in_use = false; }

void transit_destroy(Transit* t) {
  if (t->dest) port_release(t->dest);
  if (t->reply) {
    if (t->reply_type == kabi::kPortSendOnce) notify_send_once(t->reply);
    if (t->reply_type == kabi::kPortSend) sright_drop(t->reply);
    port_release(t->reply);
  }
  for (unsigned i = 0; i < t->nports; ++i) {
    if (!t->ports[i]) continue;
    if (t->types[i] == kabi::kPortReceive) port_kill(t->ports[i]);
    if (t->types[i] == kabi::kPortSendOnce) notify_send_once(t->ports[i]);
    if (t->types[i] == kabi::kPortSend) sright_drop(t->ports[i]);
    port_release(t->ports[i]);
  }
  for (unsigned i = 0; i < t->nool; ++i) vm_ool_discard(t->ool_frames[i], t->ool_size[i]);
  t->dest = t->reply = nullptr;
  t->nports = 0;
  t->nool = 0;
}

void notify_send_once(Port* p) {
  if (p->dead) return;
  if (p->kind == kPortExcReply) {  // an exception's reply right, destroyed unanswered
    exc_reply_lost(p);
    return;
  }
  // A client waiting in rpc_short for this reply learns it will not come.
  if (Thread* t = p->short_receivers.head) {
    wakeup(t, kabi::kErrDeadName);
    return;
  }
  kernel_send(p, kabi::kNotifySendOnce, nullptr, 0, nullptr);
}

bool kernel_send(Port* p, uint32_t id, const void* body, uint32_t bytes, Port* reply) {
  KMsg* k = p->dead || p->kind != kPortNormal ? nullptr : kmsg_alloc();
  if (!k) {  // the message is lost (reported nowhere)
    if (reply) port_release(reply);
    return false;
  }
  auto* h = reinterpret_cast<kabi::MsgHeader*>(k->data);
  *h = kabi::MsgHeader{reply ? uint32_t(kabi::kMoveSendOnce) << 8 : 0,
                       uint32_t(sizeof(kabi::MsgHeader) + bytes), kabi::kNameNull,
                       kabi::kNameNull, 0, id};
  if (bytes) memcpy(k->data + sizeof(kabi::MsgHeader) / 4, body, bytes);
  k->size = sizeof(kabi::MsgHeader) + bytes;
  k->rights = Transit{};
  k->rights.dest = p;
  port_ref(p);
  if (reply) {
    k->rights.reply = reply;
    k->rights.reply_type = kabi::kPortSendOnce;
  }
  // Queued even beyond the limit (as Mach does for send-once messages), then the first
  // waiting receiver is told to look.
  if (p->qtail) p->qtail->next = k; else p->qhead = k;
  p->qtail = k;
  ++p->qcount;
  if (Thread* r = p->receivers.head) wakeup(r, kRetry);
  return true;
}

namespace {

// Insert one right of `type` to p (consuming its transit reference) into task's space.
uint32_t insert_right(Task* task, Port* p, uint8_t type, bool* no_space) {
  Space* s = &task->space;
  if (p->dead && type != kabi::kPortReceive) {
    if (type == kabi::kPortSend) sright_drop(p);
    port_release(p);
    return kabi::kNameDead;
  }
  Entry* e = type == kabi::kPortSendOnce ? nullptr : space_find_port(s, p);
  if (e) {
    if (type == kabi::kPortSend && (e->rights & kRightSend)) sright_drop(p);  // merged
    port_release(p);  // the entry already holds a reference
  } else {
    e = space_alloc(s);
    if (!e) {
      if (type == kabi::kPortReceive) port_kill(p);
      if (type == kabi::kPortSendOnce) notify_send_once(p);
      if (type == kabi::kPortSend) sright_drop(p);
      port_release(p);
      *no_space = true;
      return kabi::kNameNull;
    }
    e->port = p;
  }
  switch (type) {
    case kabi::kPortReceive: e->rights |= kRightReceive; p->receiver = task; break;
    case kabi::kPortSend: e->rights |= kRightSend; ++e->urefs; break;
    default: e->rights |= kRightSendOnce; break;
  }
  return space_name(s, e);
}

}  // namespace

int transit_copyout(Transit* t, Task* task, uint32_t* image, uint32_t len, uint32_t local_name,
                    uint32_t seqno) {
  bool no_space = false;
  auto* h = reinterpret_cast<kabi::MsgHeader*>(image);
  if (t->dest) port_release(t->dest);  // arrived: the receiver names it by its receive right
  uint32_t reply_name = kabi::kNameNull;
  if (t->reply) reply_name = insert_right(task, t->reply, t->reply_type, &no_space);
  h->bits = (h->bits & kabi::kMsgComplex) | t->reply_type;
  h->remote_port = reply_name;
  h->local_port = local_name;
  h->seqno = seqno;
  if ((h->bits & kabi::kMsgComplex) && len >= sizeof(kabi::MsgHeader) + 4) {
    auto* d = reinterpret_cast<kabi::PortDescriptor*>(image + sizeof(kabi::MsgHeader) / 4 + 1);
    for (unsigned i = 0; i < t->nports; ++i) {
      d[i].name = insert_right(task, t->ports[i], t->types[i], &no_space);
      d[i].disposition = t->types[i];
    }
    auto* o = reinterpret_cast<kabi::OolDescriptor*>(d + t->nports);
    if (len >= sizeof(kabi::MsgHeader) + 4 + t->nports * sizeof(kabi::PortDescriptor) +
                   t->nool * sizeof(kabi::OolDescriptor)) {
      for (unsigned i = 0; i < t->nool; ++i) {
        o[i].address = t->ool_size[i] ? vm_ool_copyout(task, t->ool_frames[i], t->ool_size[i]) : 0;
        if (!o[i].address) no_space = true;
      }
      t->nool = 0;
    }
  }
  for (unsigned i = 0; i < t->nool; ++i) vm_ool_discard(t->ool_frames[i], t->ool_size[i]);
  t->dest = t->reply = nullptr;
  t->nports = 0;
  t->nool = 0;
  return no_space ? kabi::kErrNoSpace : kabi::kOk;
}

}  // namespace kern

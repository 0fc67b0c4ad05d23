// No-senders and dead-name notifications (Mach 3.0's mach_port_request_notification,
// simplified: one no-senders request per port, kept on the port; dead-name requests in a
// small kernel table; both deliver to a port the requester names, through kernel_send).
//
// No-senders needs a count of the send rights to each port (Mach's ip_srights): a name
// space entry holding send rights counts once however many user references it has, and
// so does each send right in a message. The destination right of a message is not
// counted (it is used up on arrival), nor are send-once rights. When the count drops to
// zero and a request is set, the notification goes out (once: the request is used up).
#include "abi.h"
#include "kern/klib.h"
#include "kmsg.h"
#include "port.h"
#include "space.h"
#include "task/task.h"

namespace kern {
namespace {

struct DeadNameRequest {
  Port* port;     // the port watched (a reference), nullptr when the slot is free
  Task* task;     // who asked, and its name for the right
  uint32_t name;
  Port* notify;   // where the notification goes (a reference)
};
constexpr unsigned kMaxDeadNameRequests = 32;
DeadNameRequest g_requests[kMaxDeadNameRequests];

void release_request(DeadNameRequest* r) {
  Port* p = r->port;
  Port* n = r->notify;
  *r = DeadNameRequest{};
  port_release(n);
  port_release(p);
}

}  // namespace

void sright_add(Port* p) { ++p->srights; }

void sright_drop(Port* p) {
  if (p->srights == 0) panic("send-right count of a port went below zero");
  if (--p->srights || !p->ns_notify || p->dead) return;
  Port* n = p->ns_notify;
  p->ns_notify = nullptr;
  kernel_send(n, kabi::kNotifyNoSenders, &p->ns_name, 4, nullptr);
  port_release(n);
}

void deadname_fire(Port* p) {
  for (DeadNameRequest& r : g_requests) {
    if (r.port != p) continue;
    if (r.task->state == TaskState::kLive) kernel_send(r.notify, kabi::kNotifyDeadName, &r.name, 4, nullptr);
    release_request(&r);
  }
}

void notify_task_gone(Task* t) {
  for (DeadNameRequest& r : g_requests)
    if (r.port && r.task == t) release_request(&r);
}

// port_request_notification(name, kind, notify): see include/abi.h.
int notify_request(Task* task, uint32_t name, uint32_t kind, uint32_t notify_name) {
  Space* s = &task->space;
  Entry* e = space_lookup(s, name);
  Entry* ne = space_lookup(s, notify_name);
  if (!e || !ne) return kabi::kErrInvalidName;
  if (!(ne->rights & (kRightReceive | kRightSend))) return kabi::kErrBadRight;
  Port* notify = ne->port;
  if (notify->dead) return kabi::kErrDeadName;
  if (kind == kabi::kNotifyNoSenders) {
    if (!(e->rights & kRightReceive)) return kabi::kErrBadRight;
    Port* p = e->port;
    if (p->ns_notify) port_release(p->ns_notify);  // a new request replaces the old
    port_ref(notify);
    p->ns_notify = notify;
    p->ns_name = name;
    if (p->srights == 0) {  // already none: at once (Mach's sync = 0 behaviour)
      ++p->srights;
      sright_drop(p);
    }
    return kabi::kOk;
  }
  if (kind != kabi::kNotifyDeadName) return kabi::kErrInvalidArg;
  if (!(e->rights & (kRightSend | kRightSendOnce))) return kabi::kErrBadRight;
  Port* p = e->port;
  if (p->dead) {  // already dead: at once
    kernel_send(notify, kabi::kNotifyDeadName, &name, 4, nullptr);
    return kabi::kOk;
  }
  for (DeadNameRequest& r : g_requests) {
    if (r.port) continue;
    port_ref(p);
    port_ref(notify);
    r = DeadNameRequest{p, task, name, notify};
    return kabi::kOk;
  }
  return kabi::kErrNoSpace;
}

}  // namespace kern

// Ports: a queue of messages with one receiver (the task holding the receive right) and
// any number of senders. A port dies when its receive right is destroyed; rights to it
// then become dead names. Ports are reference counted by the rights and queued messages
// that name them.
#pragma once
#include <stdint.h>

#include "sched/queue.h"

namespace kern {

struct Task;
struct KMsg;

struct Port {
  Task* receiver;         // holder of the receive right; nullptr while in transit or dead
  uint32_t refs;          // rights in name spaces and in messages
  bool dead;
  bool in_use;
  uint16_t qlimit;        // messages the queue may hold (Mach's default: 5)
  uint16_t qcount;
  KMsg* qhead;
  KMsg* qtail;
  uint32_t seqno;
  ThreadQueue receivers;  // threads blocked receiving
  ThreadQueue senders;    // threads blocked on a full queue
  ThreadQueue short_receivers;  // threads in reply_wait, or in rpc_short awaiting the reply
  // Kernel-held ports (kind != kPortNormal) have no receiver task: messages sent to them
  // are taken by the kernel (ipc/msg.cpp), kobject says what for.
  uint8_t kind;
  void* kobject;          // kPortExcReply: the Thread waiting for the answer (or nullptr)
  uint32_t srights;       // send rights in name spaces and in transit (ipc/notify.cpp)
  Port* ns_notify;        // where the no-senders notification goes (a reference), or nullptr
  uint32_t ns_name;       // the receive right's name the requester gave, for that message
};
enum PortKind : uint8_t { kPortNormal = 0, kPortExcReply = 1, kPortDevice = 2 };

constexpr unsigned kMaxPorts = 256;
constexpr uint16_t kDefaultQlimit = 5;

Port* port_alloc(Task* receiver);     // refs = 1 (the receive right); nullptr if none left
inline void port_ref(Port* p) { ++p->refs; }
void port_release(Port* p);           // frees it when dead and unreferenced
// The receive right is gone: the port dies, queued messages are destroyed, blocked
// senders and receivers are woken with kErrDeadName / kErrPortChanged.
void port_kill(Port* p);

// A message from the kernel to p (a notification or an exception): a header with `id`,
// `bytes` of body, and optionally a send-once right to `reply` (its reference moves into
// the message). Queued even beyond the queue limit (as Mach does for notifications);
// false when p is dead or no message buffer is left (the reply reference is dropped).
bool kernel_send(Port* p, uint32_t id, const void* body, uint32_t bytes, Port* reply);

// Send-right accounting for no-senders notifications (ipc/notify.cpp): a send right to p
// was created (in a name space or in a message), or destroyed (or merged into another).
void sright_add(Port* p);
void sright_drop(Port* p);
// Dead-name notifications: the requests for p fire (port_kill), or those of a task that
// ended are dropped.
void deadname_fire(Port* p);
void notify_task_gone(Task* t);
// port_request_notification for `task` (include/abi.h); a kabi error code.
int notify_request(Task* task, uint32_t name, uint32_t kind, uint32_t notify_name);

}  // namespace kern

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
};

constexpr unsigned kMaxPorts = 256;
constexpr uint16_t kDefaultQlimit = 5;

Port* port_alloc(Task* receiver);     // refs = 1 (the receive right); nullptr if none left
inline void port_ref(Port* p) { ++p->refs; }
void port_release(Port* p);           // frees it when dead and unreferenced
// The receive right is gone: the port dies, queued messages are destroyed, blocked
// senders and receivers are woken with kErrDeadName / kErrPortChanged.
void port_kill(Port* p);

}  // namespace kern

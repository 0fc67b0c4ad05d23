// Messages in the kernel: the rights a message carries while in transit, and the kernel
// buffer a message waits in when no receiver is ready (the direct path of msg.cpp copies
// from the sender's buffer to the receiver's without one).
#pragma once
#include <stdint.h>

#include "abi.h"

namespace kern {

struct Port;
struct Task;

// Rights in transit: each holds one port reference.
struct Transit {
  Port* dest;
  Port* reply;
  uint8_t reply_type;                      // kabi::kPort* or 0
  uint8_t nports;
  uint8_t types[kabi::kMaxPortsPerMsg];    // kabi::kPort*
  Port* ports[kabi::kMaxPortsPerMsg];
  // Out-of-line regions in transit (vm/vm.h): their pages, one reference each; size 0
  // for a region that could not be taken (it arrives with address 0).
  uint8_t nool;
  uint32_t ool_size[kabi::kMaxOolPerMsg];
  uint32_t ool_frames[kabi::kMaxOolPerMsg][kabi::kMaxOolSize / 4096];
};

struct KMsg {
  KMsg* next;
  uint32_t size;                            // bytes of the message image
  bool in_use;
  Transit rights;
  uint32_t data[kabi::kMaxMsgSize / 4];     // the message image: header, body
};

// A wake-up result inside the kernel: a message was queued, look at the queue again.
constexpr int kRetry = 1;

// A send-once right to p was destroyed unused: queue (or deliver) the notification.
void notify_send_once(Port* p);

KMsg* kmsg_alloc();                         // nullptr when the pool is empty
void kmsg_free(KMsg* m);
// Release every right a message in transit holds (it was not delivered).
void transit_destroy(Transit* t);
// Deliver the rights into `task`'s name space and rewrite the message image (header
// fields, port descriptors) in `image` (kernel view of the first `len` bytes); returns
// kOk or kErrNoSpace (rights that did not fit arrive as kNameNull).
int transit_copyout(Transit* t, Task* task, uint32_t* image, uint32_t len, uint32_t local_name,
                    uint32_t seqno);

}  // namespace kern

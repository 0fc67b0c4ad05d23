// The RPC fast path of mach_msg (after Mach 3.0's, shared/reference/mach-ux-structure.md
// §1): a send-and-receive of a short simple message to a port on which a thread is
// already waiting. It checks the same rights as the general path (msg.cpp) and makes the
// same state changes, but reads the sender's message in place through kseg0, writes the
// receiver's buffer directly, never queues, and ends in a handoff. Anything it does not
// cover (complex messages, other dispositions, time-outs, no waiting receiver, a
// message crossing a page, a queued message for the caller) falls through, before any
// change, to the general path.
#include "abi.h"
#include "fastpath.h"
#include "kern/klib.h"
#include "port.h"
#include "sched/sched.h"
#include "space.h"
#include "task/task.h"

namespace kern {

using namespace kabi;

bool msg_fast(uint32_t msg, uint32_t option, uint32_t size, uint32_t rcv_size, uint32_t rcv_name,
              int* result) {
  if (option != (kMsgSend | kMsgRcv) || size > kMaxFastMsgSize || size < sizeof(MsgHeader) ||
      (size & 3) || ((msg & 0xfff) + size > kPageSize))
    return false;
  Thread* self = g_current;
  Task* task = self->task;
  const auto* src = reinterpret_cast<const uint32_t*>(pmap_kaddr(&task->pmap, msg, true));
  if (!src) return false;
  const auto* h = reinterpret_cast<const MsgHeader*>(src);
  const uint32_t bits = h->bits;
  const uint32_t rd = bits & 0xff, ld = bits >> 8;  // (complex or other bits: ld > 0xff)
  Space* space = &task->space;
  Entry* de = space_lookup(space, h->remote_port);
  if (!de) return false;
  if (!(rd == kCopySend ? (de->rights & kRightSend) : rd == kMoveSendOnce && (de->rights & kRightSendOnce)))
    return false;
  Port* dest = de->port;
  Thread* r = dest->receivers.head;
  if (dest->dead || !r || r->rcv_size < size) return false;
  Entry* re = space_lookup(space, rcv_name);
  if (!re || !(re->rights & kRightReceive) || re->port->qhead) return false;
  Port* rp = re->port;
  Port* reply = nullptr;
  if (ld == kMakeSendOnce) {
    Entry* le = space_lookup(space, h->local_port);
    if (!le || !(le->rights & kRightReceive)) return false;
    reply = le->port;
  } else if (ld != 0 || h->local_port != kNameNull) {
    return false;
  }
  Task* to = r->task;
  const uint32_t rbuf = r->rcv_buf;
  if ((rbuf & 0xfff) + size > kPageSize) return false;
  auto* dst = reinterpret_cast<uint32_t*>(pmap_kaddr(&to->pmap, rbuf, true));
  if (!dst) return false;
  Entry* so = nullptr;
  if (reply && !(so = space_alloc(&to->space))) return false;

  // Commit: the body, the rewritten header, the rights.
  for (uint32_t i = sizeof(MsgHeader) / 4; i < size / 4; ++i) dst[i] = src[i];
  uint32_t reply_name = kNameNull;
  if (so) {
    so->port = reply;
    so->rights = kRightSendOnce;
    port_ref(reply);
    reply_name = space_name(&to->space, so);
  }
  const uint32_t id = h->id;  // read before dst is written: src and dst may be one buffer
  dst[0] = reply ? uint32_t(kPortSendOnce) : 0u;
  dst[1] = size;
  dst[2] = reply_name;
  dst[3] = r->rcv_name;
  dst[4] = dest->seqno++;
  dst[5] = id;
  if (rd == kMoveSendOnce) {
    de->rights &= ~kRightSendOnce;
    if (!de->rights) {
      space_free(space, de);
      port_release(dest);
    }
  }
  dest->receivers.remove(r);
  r->wait_result = kOk;

  // Block in our receive and hand the processor to the receiver.
  self->rcv_buf = msg;
  self->rcv_size = rcv_size;
  self->rcv_port = rp;
  self->rcv_name = rcv_name;
  self->state = ThreadState::kBlocked;
  self->wait_result = 0;
  self->wake_tick = 0;
  rp->receivers.push(self);
  handoff(r);
  *result = self->wait_result;
  return true;
}

}  // namespace kern

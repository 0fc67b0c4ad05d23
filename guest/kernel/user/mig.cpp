// The runtime of the generated stubs (mig.h).
#include "mig.h"

using namespace kabi;

namespace {

constexpr uint32_t kHeaderWords = sizeof(MsgHeader) / 4;

const uint32_t* words(const MsgHeader* h) { return reinterpret_cast<const uint32_t*>(h); }

// A reply's body: [port count, descriptors] when complex, then the return code.
uint32_t retcode_word(uint32_t ports) { return kHeaderWords + (ports ? 1 + 2 * ports : 0); }

}  // namespace

// Weak: the C-Threads library replaces it with a per-cthread reply port.
extern "C" [[gnu::weak]] uint32_t mig_get_reply_port() {
  static uint32_t port;
  if (!port) port = static_cast<uint32_t>(sys_port_allocate());
  return port;
}

namespace mig {

int check_reply(const MsgHeader* h, uint32_t reply_id, uint32_t min_size, uint32_t ports) {
  if (h->id == kNotifySendOnce) return kServerDied;
  if (h->id != reply_id) return kReplyMismatch;
  const uint32_t* w = words(h);
  const bool complex = h->bits & kMsgComplex;
  // The error form: no rights, just a nonzero code.
  if (!complex && h->size == sizeof(MsgHeader) + 4 && w[kHeaderWords] != kOk)
    return static_cast<int>(w[kHeaderWords]);
  if (complex != (ports != 0) || h->size < min_size) return kTypeError;
  if (ports && w[kHeaderWords] != ports) return kTypeError;
  return w[retcode_word(ports)] == 0 ? int{kOk} : int{kTypeError};
}

int check_request(const MsgHeader* in, uint32_t min_size, uint32_t ports) {
  const bool complex = in->bits & kMsgComplex;
  if (complex != (ports != 0) || in->size < min_size) return kBadArguments;
  if (ports && words(in)[kHeaderWords] != ports) return kBadArguments;
  return kOk;
}

int reply(const MsgHeader* in, MsgHeader* out, uint32_t size, bool complex) {
  // The reply right arrives as a send-once right (a MIG client's) or a send right.
  const uint32_t type = in->bits & 0xff;
  if (!in->remote_port || (type != kPortSendOnce && type != kPortSend)) return kNoReply;
  out->bits = msg_bits(type == kPortSendOnce ? kMoveSendOnce : kCopySend, 0) |
              (complex ? kMsgComplex : 0);
  out->size = size;
  out->remote_port = in->remote_port;
  out->local_port = 0;
  out->id = in->id + kReplyIdOffset;
  return kOk;
}

int reply_error(const MsgHeader* in, MsgHeader* out, int code) {
  reinterpret_cast<uint32_t*>(out)[kHeaderWords] = static_cast<uint32_t>(code);
  return reply(in, out, sizeof(MsgHeader) + 4, false);
}

int serve(uint32_t port, Demux demux) {
  // Buffers of the kernel's largest message: a request can never be too large to take.
  ulib::Msg a, b;
  ulib::Msg* in = &a;
  ulib::Msg* out = &b;
  int r = sys_msg(in, kMsgRcv, 0, sizeof *in, port, 0);
  while (r == kOk) {
    const int d = demux(&in->h, &out->h);
    if (d != kOk && d != kBadId) {
      r = sys_msg(in, kMsgRcv, 0, sizeof *in, port, 0);
      continue;
    }
    // Reply and take the next request in one call; `out` then holds the request.
    r = sys_msg(out, kMsgSend | kMsgRcv, out->h.size, sizeof *out, port, 0);
    ulib::Msg* t = in;
    in = out;
    out = t;
    // A failed reply (the client died: a dead reply right) must not stop the server:
    // receive on its own, and give up only if that fails too.
    if (r != kOk) r = sys_msg(in, kMsgRcv, 0, sizeof *in, port, 0);
  }
  return r;
}

}  // namespace mig

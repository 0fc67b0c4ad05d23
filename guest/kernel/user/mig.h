// The runtime of the stubs tools/mig generates (README "Interfaces: tools/mig"): error
// codes, the reply port, and the checks and reply headers every stub shares.
#pragma once
#include "msg.h"

// The reply port of the calling thread (a receive right), allocated on first use: one per
// task here (user/mig.cpp), one per cthread when the C-Threads library is linked in
// (user/cthreads.cpp), so that concurrent RPCs never share a reply port.
extern "C" uint32_t mig_get_reply_port();

namespace mig {

// Mach's MIG codes (mach/mig_errors.h), beside the kernel's kabi::Error values.
enum Code : int {
  kTypeError = -300,       // a reply of the wrong shape (size, descriptors, right types)
  kReplyMismatch = -301,   // a reply with an id other than the request's + 100
  kBadId = -303,           // server: a request id the interface does not have
  kBadArguments = -304,    // server: a request of the wrong shape
  kNoReply = -305,         // server: nothing to send back (simpleroutine, no reply right)
  kArrayTooLarge = -307,   // a bytes argument over its declared maximum
  kServerDied = -308,      // the server destroyed our reply right unanswered (it died)
};
constexpr uint32_t kReplyIdOffset = 100;

// Client: a received reply's id, shape and return code. kOk for a well-formed success
// reply of at least min_size bytes with `ports` port descriptors; else the code to return.
int check_reply(const kabi::MsgHeader* h, uint32_t reply_id, uint32_t min_size, uint32_t ports);
// Server: a request of at least min_size bytes with `ports` port descriptors?
int check_request(const kabi::MsgHeader* in, uint32_t min_size, uint32_t ports);
// Server: fill in out's header as the reply to `in` (size bytes, header included). kOk,
// or kNoReply when the request carried no reply right.
int reply(const kabi::MsgHeader* in, kabi::MsgHeader* out, uint32_t size, bool complex);
// Server: the short reply that carries only the error `code`.
int reply_error(const kabi::MsgHeader* in, kabi::MsgHeader* out, int code);
// Server: receive on `port`, demultiplex, reply and receive again (one call), until a
// receive fails; returns that error.
using Demux = int (*)(const kabi::MsgHeader* in, kabi::MsgHeader* out);
int serve(uint32_t port, Demux demux);

}  // namespace mig

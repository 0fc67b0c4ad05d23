// Exceptions as messages (Mach's exception ports, simplified: one port per task): a user
// thread's exception is sent to its task's exception port and the thread waits for the
// handler's answer (include/abi.h: kExcRaise, ExcInfo, ThreadRegs).
#pragma once
#include <stdint.h>

#include "arch/frame.h"

namespace kern {

struct Port;
struct Thread;

// Send exception `code` of the current thread (state in f) to its task's exception port
// and wait for the answer: true to resume (f may have been changed by thread_set_state),
// false when the task is to be killed (no port, dead port, no memory, answer not kOk).
bool exception_raise(TrapFrame* f, unsigned code);
// The answer arrived at reply port p (a message to it: ipc/msg.cpp), or its send-once
// right was destroyed unanswered.
void exc_reply_received(Port* p, int code);
void exc_reply_lost(Port* p);
// A thread waiting for an answer is being destroyed (its task ended).
void exc_thread_gone(Thread* t);

}  // namespace kern

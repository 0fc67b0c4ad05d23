// The packet filter: validation, the interpreter and the table of installed filters
// (see pfilter.h; the instruction set is in include/abi.h).
#include "pfilter.h"

#include "ipc/port.h"
#include "libc.h"

namespace kern {
namespace {

using namespace kabi;

constexpr unsigned kMaxFrameWords = kNetMaxFrame / 2;  // 757

Filter g_filters[kMaxFilters];
uint32_t g_next_id = 1;

inline unsigned push_of(uint16_t w) { return w & 0x3ff; }
inline unsigned op_of(uint16_t w) { return w >> 10; }

bool binary(unsigned op) { return op >= kPfEq && op <= kPfXor; }
bool short_circuit(unsigned op) { return op >= kPfCor && op <= kPfCnand; }

}  // namespace

int pfilter_validate(const uint16_t* prog, unsigned words) {
  if (words > kFilterMaxWords) return kErrInvalidArg;
  unsigned depth = 0;
  for (unsigned i = 0; i < words; ++i) {
    const unsigned push = push_of(prog[i]), op = op_of(prog[i]);
    if (push == kPfPushLit) {
      if (++i == words) return kErrInvalidArg;  // the literal is missing
    } else if (push >= kPfPushWord) {
      if (push - kPfPushWord >= kMaxFrameWords) return kErrInvalidArg;
    } else if (push > kPfPush00ff) {
      return kErrInvalidArg;
    }
    if (push != kPfNoPush && ++depth > kFilterMaxStack) return kErrInvalidArg;
    if (op == kPfNop) continue;
    if (depth < 2) return kErrInvalidArg;
    if (binary(op) || op == kPfNeq) depth -= 1;
    else if (short_circuit(op)) depth -= 2;
    else return kErrInvalidArg;
  }
  return kOk;
}

bool pfilter_run(const uint16_t* prog, unsigned words, const uint8_t* frame, unsigned len) {
  uint16_t stack[kFilterMaxStack];
  unsigned sp = 0;  // validated: never under- or overflows
  for (unsigned i = 0; i < words; ++i) {
    const uint16_t w = prog[i];
    const unsigned push = push_of(w);
    switch (push) {
      case kPfNoPush: break;
      case kPfPushLit: stack[sp++] = prog[++i]; break;
      case kPfPushZero: stack[sp++] = 0; break;
      case kPfPushOne: stack[sp++] = 1; break;
      case kPfPushFfff: stack[sp++] = 0xffff; break;
      case kPfPushFf00: stack[sp++] = 0xff00; break;
      case kPfPush00ff: stack[sp++] = 0x00ff; break;
      default: {
        const unsigned n = push - kPfPushWord;
        if (2 * n + 2 > len) return false;  // beyond the frame: not this filter's frame
        stack[sp++] = static_cast<uint16_t>(frame[2 * n] << 8 | frame[2 * n + 1]);
      }
    }
    const unsigned op = op_of(w);
    if (op == kPfNop) continue;
    const uint16_t b = stack[--sp], a = stack[--sp];
    switch (op) {
      case kPfEq: stack[sp++] = a == b; break;
      case kPfNeq: stack[sp++] = a != b; break;
      case kPfLt: stack[sp++] = a < b; break;
      case kPfLe: stack[sp++] = a <= b; break;
      case kPfGt: stack[sp++] = a > b; break;
      case kPfGe: stack[sp++] = a >= b; break;
      case kPfAnd: stack[sp++] = a & b; break;
      case kPfOr: stack[sp++] = a | b; break;
      case kPfXor: stack[sp++] = a ^ b; break;
      case kPfCor: if (a == b) return true; break;
      case kPfCand: if (a != b) return false; break;
      case kPfCnor: if (a == b) return false; break;
      case kPfCnand: if (a != b) return true; break;
    }
  }
  return sp == 0 || stack[sp - 1] != 0;
}

int pfilter_install(Task* owner, Port* port, unsigned priority, const uint16_t* prog,
                    unsigned words) {
  for (Filter& f : g_filters) {
    if (f.in_use) continue;
    f.in_use = true;
    f.priority = static_cast<uint8_t>(priority);
    f.words = static_cast<uint8_t>(words);
    f.id = g_next_id++;
    f.owner = owner;
    f.port = port;
    f.matched = 0;
    memcpy(f.prog, prog, words * sizeof(uint16_t));
    return static_cast<int>(f.id);
  }
  return kErrNoSpace;
}

namespace {
void drop(Filter& f) {
  f.in_use = false;
  port_release(f.port);
  f.port = nullptr;
}
}  // namespace

int pfilter_remove(Task* caller, uint32_t id) {
  for (Filter& f : g_filters)
    if (f.in_use && f.id == id && f.owner == caller) {
      drop(f);
      return kOk;
    }
  return kErrInvalidName;
}

Port* pfilter_match(const uint8_t* frame, unsigned len) {
  Filter* best = nullptr;
  for (Filter& f : g_filters) {
    if (!f.in_use) continue;
    if (f.port->dead) {  // its receiver is gone: the filter goes too
      drop(f);
      continue;
    }
    // Higher priority first; among equals the older filter (smaller id).
    if (best && (f.priority < best->priority || (f.priority == best->priority && f.id > best->id)))
      continue;
    if (pfilter_run(f.prog, f.words, frame, len)) best = &f;
  }
  if (!best) return nullptr;
  ++best->matched;
  return best->port;
}

void pfilter_task_ended(Task* t) {
  for (Filter& f : g_filters)
    if (f.in_use && f.owner == t) drop(f);
}

}  // namespace kern

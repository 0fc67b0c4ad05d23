// The packet filter (Mogul, Rashid & Accetta, "The Packet Filter: An Efficient Mechanism
// for User-level Network Code", SOSP 1987): each user task that wants frames installs a
// small program for a stack machine, which the kernel runs over every received frame; a
// frame goes, as an IPC message, to the port of the highest-priority filter that accepts
// it. The instruction set and its encoding are those of include/abi.h ("packet filter").
//
// Programs are checked once, when installed (pfilter_validate): every word known, every
// literal present, no stack underflow or overflow on any path, a bounded length. The
// interpreter then needs only the bounds check on the frame's words: a word beyond the
// frame makes the filter reject it.
#pragma once
#include <stdint.h>

#include "abi.h"

namespace kern {

struct Port;
struct Task;

// 0 when the program is well formed, else kErrInvalidArg.
int pfilter_validate(const uint16_t* prog, unsigned words);
// Run a validated program over a frame: true = accept. An empty program accepts all.
bool pfilter_run(const uint16_t* prog, unsigned words, const uint8_t* frame, unsigned len);

struct Filter {
  bool in_use;
  uint8_t priority;
  uint8_t words;
  uint32_t id;          // handed to the user; never 0, never reused
  Task* owner;          // may remove it; its filters go when it ends
  Port* port;           // one reference held by the filter
  uint32_t matched;
  uint16_t prog[kabi::kFilterMaxWords];
};

constexpr unsigned kMaxFilters = 8;

// Install (the port already referenced for the filter); returns the id or kErrNoSpace.
int pfilter_install(Task* owner, Port* port, unsigned priority, const uint16_t* prog,
                    unsigned words);
int pfilter_remove(Task* caller, uint32_t id);  // kOk or kErrInvalidName
// The port the frame goes to (filters in priority order, equal priorities in the order
// installed; filters whose port died are dropped on the way), or nullptr.
Port* pfilter_match(const uint8_t* frame, unsigned len);
void pfilter_task_ended(Task* t);  // remove every filter t installed

}  // namespace kern

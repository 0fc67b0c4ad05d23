// The --trace options (README "Cycle traces"): which event classes, when to start and
// stop, how large the file may grow. Parsed here, checked before the run; a mistake is a
// UserError naming the option.
#pragma once
#include <string>

#include "emu/common/types.h"
#include "emu/trace/trace_format.h"

namespace emu::trace {

// --trace-start / --trace-stop: `cycle:N` (or just N), `region:N` (the guest's
// region_begin(N) starts, region_end(N) stops), `marker:N` (the guest's marker(N)).
struct TraceCondition {
  enum class Kind { None, Cycle, Region, Marker } kind = Kind::None;
  u64 value = 0;
  std::string text;  // as given, for the header
};

// Everything but mem (one record per load and store: the largest class by far).
inline constexpr u32 kDefaultClasses =
    ((1u << unsigned(EventClass::Count)) - 1) & ~class_bit(EventClass::Mem);

struct TraceOptions {
  u32 classes = kDefaultClasses;
  TraceCondition start, stop;
  u64 max_bytes = 0;  // 0 = no cap
};

// "insn,exc,region" / "all" / "default" / "default,mem" -> class bits. Throws UserError.
u32 parse_trace_events(const std::string& list);
TraceCondition parse_trace_condition(const std::string& text, const char* option);
// The smallest --trace-max-bytes: room for the header, a chunk and the index.
inline constexpr u64 kMinTraceBytes = 64 * 1024;

}  // namespace emu::trace

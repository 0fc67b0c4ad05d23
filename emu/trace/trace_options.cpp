#include "emu/trace/trace_options.h"

#include "emu/common/error.h"
#include "emu/common/number.h"

namespace emu::trace {

u32 parse_trace_events(const std::string& list) {
  u32 bits = 0;
  size_t pos = 0;
  for (;;) {
    const size_t comma = list.find(',', pos);
    const std::string word = list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (word == "all") {
      bits |= (1u << unsigned(EventClass::Count)) - 1;
    } else if (word == "default") {
      bits |= kDefaultClasses;
    } else {
      unsigned k = 0;
      while (k < kClassNames.size() && word != kClassNames[k]) ++k;
      if (k == kClassNames.size())
        throw UserError("--trace-events: unknown class '" + printable(word) +
                        "' (insn, mem, cache, exc, tlb, dev, net, region, context, all, default)");
      bits |= 1u << k;
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  // The cache records name the instruction that missed: they live inside instruction blocks.
  if ((bits & (class_bit(EventClass::Mem) | class_bit(EventClass::Cache))) && !(bits & class_bit(EventClass::Insn)))
    throw UserError("--trace-events: mem and cache need insn (their records belong to an instruction)");
  return bits;
}

TraceCondition parse_trace_condition(const std::string& text, const char* option) {
  TraceCondition c;
  c.text = text;
  const size_t colon = text.find(':');
  const std::string kind = colon == std::string::npos ? "cycle" : text.substr(0, colon);
  const std::string num = colon == std::string::npos ? text : text.substr(colon + 1);
  if (kind == "cycle") {
    c.kind = TraceCondition::Kind::Cycle;
    c.value = parse_number_or_throw(num, 0, ~u64(0), std::string(option) + " cycle", Radix::DecimalOrHex);
  } else if (kind == "region" || kind == "marker") {
    c.kind = kind == "region" ? TraceCondition::Kind::Region : TraceCondition::Kind::Marker;
    c.value = parse_number_or_throw(num, 0, 0xffffffffu, std::string(option) + " " + kind, Radix::DecimalOrHex);
  } else {
    throw UserError(std::string(option) + ": '" + printable(text) +
                    "' should be cycle:N (or N), region:N or marker:N");
  }
  return c;
}

}  // namespace emu::trace

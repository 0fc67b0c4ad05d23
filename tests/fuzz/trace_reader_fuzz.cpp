// libFuzzer entry point for the cycle trace reader (emu/trace/trace_reader.h): any bytes
// either read as a trace or are refused with a UserError; never a crash, a hang or an
// allocation the file's size does not justify.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "emu/common/error.h"
#include "emu/trace/trace_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto r = emu::trace::TraceReader::from_bytes(std::vector<emu::u8>(data, data + size), "fuzz.trace");
    for (emu::trace::Record rec; r->next(rec);) {
    }
    if (!r->chunks().empty()) {
      r->seek_chunk(r->chunks().size() - 1);
      for (emu::trace::Record rec; r->next(rec);) {
      }
    }
  } catch (const emu::UserError&) {
  }
  return 0;
}

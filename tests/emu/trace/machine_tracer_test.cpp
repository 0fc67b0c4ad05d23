// MachineTracer on a machine driven directly: the guest's markers and context switches,
// and --trace-start / --trace-stop by marker, without instruction records.
#include <catch2/catch.hpp>

#include "emu/cpu/instruction.h"
#include "emu/machine/machine.h"
#include "emu/trace/machine_tracer.h"
#include "emu/trace/trace_reader.h"
#include "support/temp_dir.h"

using namespace emu;
using namespace emu::trace;

TEST_CASE("machine tracer: markers start and stop an events-only trace, with contexts and regions in between",
          "[trace]") {
  test::TempDir d;
  MachineOptions mo;
  mo.serial = {"null", "null", "null", "null"};
  Machine m(mo);
  TraceOptions o;
  o.classes = class_bit(EventClass::Region) | class_bit(EventClass::Context);
  o.start = parse_trace_condition("marker:7", "--trace-start");
  o.stop = parse_trace_condition("marker:8", "--trace-stop");
  {
    MachineTracer t(m, std::make_unique<OutputFile>(d.path("m.trace"), "--trace", OutputFile::Partial::kRemove), o, 0,
                    {"emu", "--trace", "m.trace"}, "emu: --trace m.trace: ");
    t.on_emu_op(mips::kEmuContext, 0x10002);  // before the start: not recorded
    t.on_emu_op(mips::kEmuMarker, 7);
    t.on_emu_op(mips::kEmuContext, 0x20003);
    t.on_emu_op(mips::kEmuRegionBegin, 4);
    t.on_emu_op(mips::kEmuMarker, 8);  // recorded, then the stop
    t.on_emu_op(mips::kEmuContext, 0x30001);
    t.finish();
  }
  TraceReader r(d.path("m.trace"));
  CHECK(r.header().start == "marker:7");
  CHECK(r.header().argv.size() == 3);
  std::vector<RecordType> types;
  std::vector<u64> values;
  for (Record rec; r.next(rec);) {
    types.push_back(rec.type);
    values.push_back(rec.a);
  }
  const std::vector<RecordType> want = {RecordType::Counters, RecordType::Marker, RecordType::Context,
                                        RecordType::Region,   RecordType::Marker, RecordType::Counters,
                                        RecordType::Note};
  CHECK(types == want);
  REQUIRE(values.size() == want.size());
  CHECK(values[1] == 7);
  CHECK(values[2] == 0x20003);
  CHECK(values[4] == 8);
}

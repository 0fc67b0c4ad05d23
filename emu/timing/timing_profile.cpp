// The timing table: one row of parameters per machine, each with its source or marked as
// an assumption (see timing_profile.h for what each parameter charges).
//
// Sources:
//   R3000 manual / GCC   gcc/config/mips/3000.md: MULT 12, DIV 35 cycles to HI/LO
//                        (reference r3000-cpu.md §4.3, §11); FPA latencies in Fpu::latency
//   DTJ                  Digital Technical Journal vol. 2 no. 2 (1990), DECstation 3100:
//                        4-stage R2020 write buffer, 64 KB + 64 KB caches with 4-byte lines
//   MAME kn01            mamedev/mame src/mame/dec/kn01.cpp: the CPU stalls 13 cycles per
//                        DZ read and 18 per DZ write (the only published device figures)
// Assumptions (no public source found; override with --timing-set, and say so in results):
//   main memory read     KN01: 5 cycles of 60 ns = 300 ns from the miss to the restarted
//                        pipeline (DRAM access ~200 ns plus parity check and restart);
//                        KN02: 7 cycles of 40 ns = 280 ns (ECC check in the path)
//   I-cache block refill KN01 (R2000): 1 word per miss. KN02 (R3000): 4-word block refill,
//                        1 cycle per further word (the R3000 supports 4..32-word blocks;
//                        the KN02 strap setting is not documented publicly)
//   memory write         5 cycles per write-buffer entry on both boards; a partial-word
//                        store on the ECC memory of the KN02 needs a read-modify-write: 10
//   boot ROM read        KN01 12, KN02 16 cycles per uncached word
//   exception entry      2 cycles (the faulting instruction and the one behind it leave the
//                        pipeline before the vector's first fetch)
//   other devices        8 cycles read and write unless listed
#include "emu/timing/timing_profile.h"

#include <sstream>

#include "emu/common/error.h"
#include "emu/common/number.h"

namespace emu {

namespace {

// One row per machine: what differs between the boards; the rest is shared (see the
// sources above).
struct Row {
  const char* machine;
  u32 mem_read, iblock_words, mem_write_partial, rom_read;
};
constexpr Row kRows[] = {
    {"ds2100", 5, 1, 5, 12},
    {"ds3100", 5, 1, 5, 12},
    {"ds5000-200", 7, 4, 10, 16},
};

TimingProfile make(const Row& r) {
  TimingProfile p;
  p.machine = r.machine;
  p.mem_read = r.mem_read;
  p.mem_read_next = 1;
  p.iblock_words = r.iblock_words;
  p.mem_write = 5;
  p.mem_write_partial = r.mem_write_partial;
  p.rom_read = r.rom_read;
  p.exception_entry = 2;
  p.devices = {{"dc7085", 13, 18}, {"default", 8, 8}};
  return p;
}

struct Field {
  const char* name;
  u32 TimingProfile::*member;
  const char* meaning;
};
const Field kFields[] = {
    {"mem_read", &TimingProfile::mem_read, "D-cache refill / uncached RAM read"},
    {"mem_read_next", &TimingProfile::mem_read_next, "each further word of an I-cache block refill"},
    {"iblock_words", &TimingProfile::iblock_words, "I-cache refill block (words)"},
    {"mem_write", &TimingProfile::mem_write, "write-buffer entry retiring a word to RAM"},
    {"mem_write_partial", &TimingProfile::mem_write_partial, "... a byte or halfword"},
    {"rom_read", &TimingProfile::rom_read, "uncached word read from the boot ROM"},
    {"write_buffer_depth", &TimingProfile::write_buffer_depth, "write-buffer entries"},
    {"mult", &TimingProfile::mult, "MULT/MULTU result latency"},
    {"div", &TimingProfile::div, "DIV/DIVU result latency"},
    {"exception_entry", &TimingProfile::exception_entry, "pipeline redirect to a vector"},
};

}  // namespace

TimingProfile timing_profile_for(const std::string& machine) {
  for (const Row& r : kRows)
    if (machine == r.machine) return make(r);
  throw EmulatorError("no timing profile for machine '" + machine + "'");
}

DeviceLatency TimingProfile::device(const std::string& region) const {
  const DeviceLatency* fallback = nullptr;
  for (const auto& d : devices) {
    if (region == d.region) return d;
    if (std::string(d.region) == "default") fallback = &d;
  }
  return fallback ? *fallback : DeviceLatency{"", 0, 0};
}

void TimingProfile::set(const std::string& assignment) {
  const size_t eq = assignment.find('=');
  const std::string name = assignment.substr(0, eq);
  const std::string value = eq == std::string::npos ? "" : assignment.substr(eq + 1);
  const ParsedNumber n = parse_number(value, 0, 100000, Radix::DecimalOrHex);
  if (eq == std::string::npos || !n)
    throw UserError("--timing-set: '" + printable(assignment) + "' should be NAME=CYCLES (a number up to 100000)" +
                    (eq == std::string::npos ? "" : "; '" + printable(value) + "' " + n.problem));
  const u64 v = n.value;
  for (const auto& f : kFields) {
    if (name == f.name) {
      if ((name == "iblock_words" && (v < 1 || v > 32 || (v & (v - 1)))) ||
          (name == "write_buffer_depth" && (v < 1 || v > 8)))
        throw UserError("--timing-set: " + name + " must be " +
                        (name == "iblock_words" ? "a power of two from 1 to 32" : "from 1 to 8"));
      this->*f.member = u32(v);
      return;
    }
  }
  const size_t dot = name.rfind('.');
  if (dot != std::string::npos) {
    const std::string region = name.substr(0, dot), which = name.substr(dot + 1);
    for (auto& d : devices) {
      if (region == d.region && (which == "read" || which == "write")) {
        (which == "read" ? d.read : d.write) = u32(v);
        return;
      }
    }
  }
  std::string known;
  for (const auto& f : kFields) known += std::string(known.empty() ? "" : ", ") + f.name;
  throw UserError("--timing-set: unknown parameter '" + printable(name) + "' (known: " + known + ", REGION.read, REGION.write)");
}

std::string TimingProfile::describe_all() {
  const TimingProfile ps[] = {make(kRows[0]), make(kRows[1]), make(kRows[2])};
  std::ostringstream s;
  s << "| parameter | meaning |";
  for (const auto& p : ps) s << ' ' << p.machine << " |";
  s << "\n|---|---|---|---|---|\n";
  for (const auto& f : kFields) {
    s << "| " << f.name << " | " << f.meaning << " |";
    for (const auto& p : ps) s << ' ' << p.*f.member << " |";
    s << '\n';
  }
  for (const auto& d : ps[0].devices) {
    s << "| " << d.region << ".read / .write | device register access |";
    for (const auto& p : ps) {
      DeviceLatency l = p.device(d.region);
      s << ' ' << l.read << " / " << l.write << " |";
    }
    s << '\n';
  }
  return s.str();
}

}  // namespace emu

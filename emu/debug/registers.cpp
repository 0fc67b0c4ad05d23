#include "emu/debug/registers.h"

#include "emu/cpu/cpu.h"

namespace emu::debug {

namespace {

using namespace cp0;

constexpr unsigned kStatusReg = 32, kLo = 33, kHi = 34, kBadVAddrReg = 35, kCauseReg = 36, kPc = 37;
constexpr unsigned kF0 = 38, kFcsr = 70, kFir = 71;

// CP0 registers from 72 on: name, CP0 number.
struct Cp0Extra {
  const char* name;
  unsigned reg;
};
constexpr Cp0Extra kExtras[] = {
    {"epc", kEpc}, {"entryhi", kEntryHi}, {"entrylo", kEntryLo}, {"index", kIndex},
    {"context", kContext}, {"prid", kPrid},
};
constexpr unsigned kFirstExtra = 72;
constexpr unsigned kCount = kFirstExtra + sizeof kExtras / sizeof kExtras[0];

std::string reg_xml(const std::string& name, unsigned regnum, const char* extra = "") {
  return "  <reg name=\"" + name + "\" bitsize=\"32\" regnum=\"" + std::to_string(regnum) + "\"" + extra + "/>\n";
}

std::string build_xml() {
  std::string x = "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n"
                  "<architecture>mips:3000</architecture>\n<feature name=\"org.gnu.gdb.mips.cpu\">\n";
  for (unsigned r = 0; r < 32; ++r) x += reg_xml("r" + std::to_string(r), r);
  x += reg_xml("lo", kLo) + reg_xml("hi", kHi) + reg_xml("pc", kPc, " type=\"code_ptr\"");
  x += "</feature>\n<feature name=\"org.gnu.gdb.mips.cp0\">\n";
  x += reg_xml("status", kStatusReg) + reg_xml("badvaddr", kBadVAddrReg) + reg_xml("cause", kCauseReg);
  for (unsigned k = 0; k < sizeof kExtras / sizeof kExtras[0]; ++k)
    x += reg_xml(kExtras[k].name, kFirstExtra + k, " group=\"system\"");
  x += "</feature>\n<feature name=\"org.gnu.gdb.mips.fpu\">\n";
  for (unsigned r = 0; r < 32; ++r) x += reg_xml("f" + std::to_string(r), kF0 + r, " type=\"ieee_single\"");
  x += reg_xml("fcsr", kFcsr, " group=\"float\"") + reg_xml("fir", kFir, " group=\"float\"");
  x += "</feature>\n</target>\n";
  return x;
}

}  // namespace

unsigned register_count() { return kCount; }

bool read_register(Cpu& cpu, unsigned n, u32& v) {
  if (n < 32) v = cpu.gpr(n);
  else if (n == kStatusReg) v = cpu.cp0(kStatus);
  else if (n == kLo) v = cpu.lo();
  else if (n == kHi) v = cpu.hi();
  else if (n == kBadVAddrReg) v = cpu.cp0(kBadVAddr);
  else if (n == kCauseReg) v = cpu.cp0(kCause);
  else if (n == kPc) v = cpu.debug_pc();
  else if (n >= kF0 && n < kF0 + 32) v = cpu.fpu().fgr(n - kF0);
  else if (n == kFcsr) v = cpu.fpu().read_control(31);
  else if (n == kFir) v = cpu.fpu().read_control(0);
  else if (n >= kFirstExtra && n < kCount) v = cpu.cp0(kExtras[n - kFirstExtra].reg);
  else return false;
  return true;
}

bool write_register(Cpu& cpu, unsigned n, u32 v) {
  if (n < 32) cpu.set_gpr(n, v);
  else if (n == kStatusReg) cpu.set_cp0(kStatus, v);
  else if (n == kLo) cpu.set_hilo(cpu.hi(), v);
  else if (n == kHi) cpu.set_hilo(v, cpu.lo());
  else if (n == kBadVAddrReg) {}  // read-only, as for MTC0
  else if (n == kCauseReg) cpu.set_cp0(kCause, v);
  else if (n == kPc) {
    if (v != cpu.debug_pc()) cpu.debug_set_pc(v);  // (G writes every register back)
  } else if (n >= kF0 && n < kF0 + 32) cpu.fpu().set_fgr(n - kF0, v);
  else if (n == kFcsr) cpu.fpu().write_control(31, v);
  else if (n == kFir) {}
  else if (n >= kFirstExtra && n < kCount) cpu.set_cp0(kExtras[n - kFirstExtra].reg, v);
  else return false;
  return true;
}

const std::string& target_xml() {
  static const std::string xml = build_xml();
  return xml;
}

}  // namespace emu::debug

#include "emu/cli/exec_trace.h"

#include <capstone/capstone.h>

#include <cinttypes>

#include "emu/cpu/cp0.h"

namespace emu {

Disassembler::Disassembler() {
  csh h;
  // Capstone's MIPS32 mode decodes MIPS I; little-endian as DECstations run.
  if (cs_open(CS_ARCH_MIPS, cs_mode(CS_MODE_MIPS32 | CS_MODE_LITTLE_ENDIAN), &h) == CS_ERR_OK) {
    handle_ = h;
    ok_ = true;
  }
}

Disassembler::~Disassembler() {
  if (ok_) {
    csh h = handle_;
    cs_close(&h);
  }
}

std::string Disassembler::disassemble(u32 pc, u32 word) const {
  if (!ok_) return "?";
  cs_insn* insn = nullptr;
  u8 bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = u8(word >> (8 * i));
  size_t n = cs_disasm(handle_, bytes, 4, pc, 1, &insn);
  if (n == 0) return "(not decodable)";
  std::string s = std::string(insn[0].mnemonic) + (insn[0].op_str[0] ? " " : "") + insn[0].op_str;
  cs_free(insn, n);
  return s;
}

static const char* const kRegNames[34] = {
    "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "s0",
    "s1",   "s2", "s3", "s4", "s5", "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra", "hi", "lo"};

ExecTraceWriter::ExecTraceWriter(std::FILE* out, const Cpu& cpu, const LoadedImage* symbols)
    : out_(out), cpu_(cpu), symbols_(symbols) {}

void ExecTraceWriter::on_instruction(u32 pc, u32 word, const u32 (&before)[34], const u32 (&after)[34]) {
  std::fprintf(out_, "%12" PRIu64 "  %08x  %08x  %-32s", u64(cpu_.cycles()), pc, word, dis_.disassemble(pc, word).c_str());
  for (int r = 1; r < 34; ++r)
    if (before[r] != after[r]) std::fprintf(out_, " %s=%08x", kRegNames[r], after[r]);
  if (symbols_)
    if (const ImageSymbol* s = symbols_->symbol_at(pc)) std::fprintf(out_, "  <%s+0x%x>", s->name.c_str(), pc - s->value);
  std::fputc('\n', out_);
}

void ExecTraceWriter::on_exception(u32 pc, unsigned code, u32 vector) {
  std::fprintf(out_, "%12" PRIu64 "  exception %s (code %u) epc %08x -> %08x\n", u64(cpu_.cycles()),
               cp0::exception_name(code), code, pc, vector);
}

}  // namespace emu

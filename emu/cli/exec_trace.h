// --trace-exec: one line per executed instruction — cycle, PC, word, Capstone disassembly
// (MIPS I, little-endian) and the registers it changed — plus a line per exception.
#pragma once
#include <cstdio>

#include "emu/cpu/cpu.h"
#include "emu/loader/image.h"

namespace emu {

class Disassembler {
 public:
  Disassembler();
  ~Disassembler();
  // "addiu $sp, $sp, -0x20" style text for one word at address pc.
  std::string disassemble(u32 pc, u32 word) const;

 private:
  size_t handle_ = 0;
  bool ok_ = false;
};

class ExecTraceWriter : public ExecTracer {
 public:
  ExecTraceWriter(std::FILE* out, const Cpu& cpu, const LoadedImage* symbols);
  void on_instruction(u32 pc, u32 word, const u32 (&before)[34], const u32 (&after)[34]) override;
  void on_exception(u32 pc, unsigned code, u32 vector) override;

 private:
  std::FILE* out_;
  const Cpu& cpu_;
  const LoadedImage* symbols_;
  Disassembler dis_;
};

}  // namespace emu

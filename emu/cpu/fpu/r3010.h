// R2010 / R3010 floating-point accelerator (MIPS coprocessor 1).
//
// The CPU core owns the instruction stream; it hands this class the COP1 computational
// instructions (opcode 0x11 with rs bit 4 set: fmt S=16, D=17, W=20) and uses the
// register accessors for LWC1/SWC1/MFC1/MTC1/CFC1/CTC1 and the condition for BC1T/BC1F.
// See r3010.cpp for what is computed and what is handed to software (unimplemented
// operation) as the real FPA does.
#pragma once
#include "emu/common/types.h"
#include "emu/state/state_io.h"

namespace emu {

class Fpu {
 public:
  // fcr0 = implementation/revision (R2010 0x0200 .. R3010 0x0320; see the reference).
  explicit Fpu(u32 fcr0 = 0x0320) : fcr0_(fcr0) { reset(); }

  void reset();

  // General registers $f0..$f31 as 32-bit words (a double lives in an even/odd pair,
  // the even register holding the low word).
  u32 fgr(unsigned r) const { return fgr_[r & 31]; }
  void set_fgr(unsigned r, u32 v) { fgr_[r & 31] = v; }

  // CFC1 / CTC1. Register 0 = FCR0 (read-only), 31 = FCR31; others read as 0.
  u32 read_control(unsigned r) const;
  void write_control(unsigned r, u32 v);

  // CpCond1 as seen by BC1T/BC1F (FCR31.C).
  bool condition() const { return (fcr31_ >> 23) & 1; }

  enum class Outcome {
    Done,      // result written
    Trapped,   // an enabled IEEE exception or an unimplemented operation: destination
               // untouched, FCR31 cause bits set; the FPA interrupt is now asserted
    Reserved,  // not an FPA operation at all (opcode not COP1 or rs bit 4 clear; and
               // undefined fmt/funct if kUndefinedOpsAreUnimplemented is false): the
               // CPU raises RI
  };
  // Execute one COP1 computational instruction (the full 32-bit word).
  Outcome execute(u32 instr);

  // The FPA interrupt (CPU Int5 = Cause.IP7 on DECstations): asserted while an enabled
  // cause bit, or the unimplemented-operation cause bit E, is set in FCR31.
  bool interrupt_pending() const;

  // Cycles the instruction occupies the FPA (reference r3000-cpu.md §11); the CPU charges
  // them when the timing model is on.
  static unsigned latency(u32 instr);
  // Checkpoints: the 32 registers and FCR31 (FCR0 is the profile's).
  void state(StateIo& io) {
    io.pod(fgr_);
    io.pod(fcr31_);
  }

  // What an undefined fmt/funct combination inside the COP1 operation space (rs bit 4
  // set) does. The CPU does not decode coprocessor operations; the FPA does, and it
  // answers an opcode it does not implement (MIPS II SQRT/ROUND/TRUNC/CEIL/FLOOR,
  // CVT.S.S, ADD.W, fmt 18..) with the unimplemented-operation exception: E set,
  // interrupt raised, the kernel's emulator decides (NetBSD/4.4BSD pmax fp.s sends
  // SIGILL from its "ill" entries). true = model that (execute returns Trapped);
  // false = execute returns Reserved instead and the CPU raises RI. See r3010.cpp.
  static constexpr bool kUndefinedOpsAreUnimplemented = true;

 private:
  // Operation helpers, defined in r3010.cpp / r3010_ops.cpp. F is one of the IEEE
  // format descriptions in ieee_format.h.
  template <class F> typename F::Bits read(unsigned r) const;
  template <class F> void write(unsigned r, typename F::Bits v);
  template <class F> Outcome execute_float(unsigned funct, unsigned fd, unsigned fs, unsigned ft);
  template <class F> Outcome arithmetic(unsigned funct, unsigned fd, unsigned fs, unsigned ft);
  template <class F> Outcome sign_op(unsigned funct, unsigned fd, unsigned fs);
  template <class F> Outcome compare(unsigned funct, unsigned fs, unsigned ft);
  template <class F> Outcome to_word(unsigned fd, unsigned fs);
  template <class F> Outcome from_word(unsigned fd, unsigned fs);
  template <class To, class From> Outcome convert(unsigned fd, unsigned fs);
  template <class F> Outcome deliver(u32 cause, unsigned fd, typename F::Bits result);
  template <class F> Outcome deliver_rounded(u32 host_cause, unsigned fd, typename F::Bits result);
  Outcome unimplemented();
  Outcome undefined_op();
  // Rewrites the FCR31 cause field with `cause` (FCR31 cause order: I U O Z V E) and
  // returns true if that traps (E, or a cause whose enable is set); otherwise the
  // sticky flags are updated and false is returned.
  bool raise(u32 cause);
  unsigned rounding_mode() const { return fcr31_ & 3; }

  u32 fgr_[32] = {};
  u32 fcr0_;
  u32 fcr31_ = 0;
};

}  // namespace emu

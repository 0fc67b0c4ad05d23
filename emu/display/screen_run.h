// One machine run with its screens: Machine::run cut where a screenshot is due (at a cycle
// count) and, with --display sdl, after every 1/60 s of simulated time to draw the windows
// and take the host's input. Cutting a run is transparent (Cpu::run: run(a); run(b) ends
// as run(b) does), so the cycle counts are the same as a plain Machine::run's, whatever the
// display; the host's keys and mouse reach the machine at those cuts.
#pragma once
#include <memory>

#include "emu/common/output_file.h"
#include "emu/display/display_config.h"
#include "emu/machine/machine.h"

namespace emu {

class SdlDisplay;

class ScreenRun {
 public:
  // `shot` is the --screenshot output, open already (nullptr: none). Throws UserError when
  // the machine has no frame buffer or SDL cannot open its windows.
  ScreenRun(Machine& m, const DisplayConfig& cfg, OutputFile* shot);
  ~ScreenRun();

  // As Machine::run. Closing a window ends the run (Cpu::Stop::Requested).
  Cpu::Stop run(Cycles cycle_limit, u64 instruction_limit);
  // The machine's emulator operations (Machine::set_emu_op_listener): a region's end may be
  // the screenshot's moment.
  void on_emu_op(unsigned op, u32 value);
  // The run has ended in order: the screenshot, if its moment never came, is taken now
  // (saying so on stderr). Throws EmulatorError on a write error.
  void finish();
  bool screenshot_taken() const { return taken_; }

 private:
  void take();
  Machine& m_;
  DisplayConfig cfg_;
  OutputFile* shot_;
  bool taken_ = false;
  std::unique_ptr<SdlDisplay> sdl_;
};

}  // namespace emu

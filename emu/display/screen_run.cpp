// A machine run with its screens. See screen_run.h.
#include "emu/display/screen_run.h"

#include <algorithm>
#include <cstdio>

#include "emu/common/error.h"
#include "emu/cpu/instruction.h"
#include "emu/display/png_writer.h"
#include "emu/display/screens.h"
#include "emu/display/sdl_display.h"

namespace emu {

ScreenRun::ScreenRun(Machine& m, const DisplayConfig& cfg, OutputFile* shot) : m_(m), cfg_(cfg), shot_(shot) {
  if (m.frame_buffers().empty()) {
    const std::string what = cfg.sdl ? "--display sdl" : "--screenshot";
    throw UserError(what + ": the " + m.profile().name + " has no frame buffer fitted" +
                    (m.profile().board == Board::Kn02 ? " (fit one with --tc 0=pmag-ba)" : " (fit one with --fb mono or --fb colour)"));
  }
  if (cfg.sdl) sdl_ = std::make_unique<SdlDisplay>(m.frame_buffers(), m.keyboard(), m.mouse());
}

ScreenRun::~ScreenRun() = default;

Cpu::Stop ScreenRun::run(Cycles cycle_limit, u64 instruction_limit) {
  const Cycles frame = std::max<Cycles>(1, m_.profile().cpu_hz / 60);
  for (;;) {
    Cpu& cpu = m_.cpu();
    const bool shot_due = shot_ && !taken_ && cfg_.moment.kind == ScreenshotMoment::Kind::Cycle;
    if (shot_due && cpu.cycles() >= cfg_.moment.cycle) {
      take();
      continue;
    }
    Cycles until = cycle_limit;
    if (shot_due) until = std::min(until, cfg_.moment.cycle);
    if (sdl_) until = std::min(until, cpu.cycles() + frame);
    const Cpu::Stop stop = m_.run(until, instruction_limit);
    if (shot_due && cpu.cycles() >= cfg_.moment.cycle) take();
    if (sdl_ && !sdl_->update()) return Cpu::Stop::Requested;
    if (stop != Cpu::Stop::Cycles || cpu.cycles() >= cycle_limit) return stop;
  }
}

void ScreenRun::on_emu_op(unsigned op, u32 value) {
  if (op == mips::kEmuRegionEnd && shot_ && !taken_ && cfg_.moment.kind == ScreenshotMoment::Kind::Region &&
      value == cfg_.moment.region)
    take();
}

void ScreenRun::take() {
  const Picture p = capture_screens(m_.frame_buffers());
  const std::vector<u8> png = encode_png(p.rgb.data(), p.width, p.height);
  shot_->write(png.data(), png.size());
  taken_ = true;
}

void ScreenRun::finish() {
  if (sdl_) sdl_->update(/*force=*/true);
  if (!shot_ || taken_) return;
  if (cfg_.moment.kind != ScreenshotMoment::Kind::End)
    std::fprintf(stderr, "emu: --screenshot-at: %s never came; the screenshot shows the end of the run\n",
                 cfg_.moment.describe().c_str());
  take();
}

}  // namespace emu

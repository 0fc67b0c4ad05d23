// An interrupt request wire from a device to whatever the machine connects it to
// (a CPU interrupt pin, or a board's interrupt status register that cascades).
// Devices only ever call set(level); the machine decides where the wire goes.
#pragma once
#include <functional>
#include <utility>

#include "emu/state/state_io.h"

namespace emu {

class IrqLine {
 public:
  IrqLine() = default;
  explicit IrqLine(std::function<void(bool)> sink) : sink_(std::move(sink)) {}
  void connect(std::function<void(bool)> sink) { sink_ = std::move(sink); }
  // Level-sensitive: every DECstation source holds its line until software clears the cause.
  void set(bool level) {
    if (level == level_) return;
    level_ = level;
    if (sink_) sink_(level);
  }
  bool level() const { return level_; }
  // Checkpoints: the level only. Restoring it does not call the sink: the receiving end
  // (CPU pins, a CSR's pending bits) restores its own copy.
  void state(StateIo& io) { io.boolean(level_); }

 private:
  std::function<void(bool)> sink_;
  bool level_ = false;
};

}  // namespace emu

// A serial line whose output lines are tagged: every line the guest prints through it
// starts with a fixed prefix ("[1] "). Used when several machines share the emulator's
// stdout (--machines N), so each line says which console it came from. Input passes
// through unchanged.
#pragma once
#include <memory>
#include <string>

#include "devices/serial/serial_backend.h"

namespace emu {

class PrefixBackend final : public SerialBackend {
 public:
  PrefixBackend(std::unique_ptr<SerialBackend> inner, std::string prefix)
      : inner_(std::move(inner)), prefix_(std::move(prefix)) {}
  void transmit(u8 c) override {
    // A CR alone neither starts a line nor ends one (guests print CR LF).
    if (c != '\r') {
      if (at_line_start_)
        for (char p : prefix_) inner_->transmit(u8(p));
      at_line_start_ = c == '\n';
    }
    inner_->transmit(c);
  }
  bool receive(u8& c) override { return inner_->receive(c); }
  void flush() override { inner_->flush(); }
  void commit() override { inner_->commit(); }

 private:
  std::unique_ptr<SerialBackend> inner_;
  std::string prefix_;
  bool at_line_start_ = true;
};

}  // namespace emu

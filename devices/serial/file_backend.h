// Serial line connected to host files: everything the guest transmits is written to an
// output file (created or truncated), and the guest receives the bytes of an input file,
// one per character time of the line, then nothing (end of file is latched: no spinning).
// Either path may be empty for "none". Reading a regular file is deterministic; a FIFO
// given as input is read without blocking (host-timed; end of file once its writers are
// gone, including when none has connected yet).
//
// Errors are the user's: a path that cannot be opened, an input that is a directory, or
// the same file named as both input and output (opening the output would truncate the
// input) raise UserError naming the path. The input file is opened read-only and is never
// modified.
#pragma once
#include <memory>
#include <string>

#include "devices/serial/fd_io.h"
#include "devices/serial/serial_backend.h"

namespace emu {

class FileBackend final : public SerialBackend {
 public:
  FileBackend(const std::string& output_path, const std::string& input_path);
  ~FileBackend() override;

  void transmit(u8 c) override {
    if (out_) out_->put(c);
  }
  bool receive(u8& c) override { return in_ && in_->next(c); }
  void flush() override {
    if (out_) out_->flush();
  }

  bool output_failed() const { return out_ && out_->failed(); }

 private:
  std::unique_ptr<FdInput> in_;
  std::unique_ptr<FdOutput> out_;
};

}  // namespace emu

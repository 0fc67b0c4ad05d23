// Serial line connected to host files: everything the guest transmits is written to an
// output file, and the guest receives the bytes of an input file, one per character time
// of the line, then nothing (end of file is latched: no spinning). Either path may be
// empty for "none". Reading a regular file is deterministic; a FIFO given as input is read
// without blocking (host-timed; end of file once its writers are gone, including when none
// has connected yet).
//
// The output is an OutputFile (emu/common/output_file.h): written under a temporary name
// and put in place by commit() when the run ends in order; a failed or interrupted run
// leaves the old file alone and what was written as OUT.partial. It is flushed at every
// newline (a device or FIFO output is written directly, so `cat` on a FIFO keeps up). A
// write error throws EmulatorError naming the file: the run ends (the guest has no way to
// learn about a host error on its serial line, so going on would lose output silently).
//
// Errors are the user's: a path that cannot be opened, an input that is a directory, or
// the same file named as both input and output raise UserError naming the path. The input
// file is opened read-only and is never modified.
#pragma once
#include <memory>
#include <string>

#include "devices/serial/fd_io.h"
#include "devices/serial/serial_backend.h"
#include "emu/common/output_file.h"

namespace emu {

class FileBackend final : public SerialBackend {
 public:
  // `label` names the line in messages ("--serial2").
  FileBackend(const std::string& output_path, const std::string& input_path,
              const std::string& label = "serial output");
  ~FileBackend() override;

  void transmit(u8 c) override {
    if (!out_) return;
    out_->put(char(c));
    if (c == '\n') out_->flush();
  }
  bool receive(u8& c) override { return in_ && in_->next(c); }
  void flush() override {
    if (out_) out_->flush();
  }
  void commit() override {
    if (out_) out_->commit();
  }

 private:
  std::unique_ptr<FdInput> in_;
  std::unique_ptr<OutputFile> out_;
};

}  // namespace emu

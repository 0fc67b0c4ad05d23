// Errors the emulator reports to the user: one line, naming what went wrong.
// A guest's own faults are never EmuErrors — they become MIPS exceptions in the guest.
#pragma once
#include <stdexcept>
#include <string>

namespace emu {

// A problem with something the user gave us (file, option, image): exit status 2.
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The emulator itself could not continue (host I/O failure, internal limit): exit status 3.
class EmulatorError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace emu

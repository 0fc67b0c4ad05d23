// The files one run reads and writes, checked before anything is opened or loaded
// (README "Output files"; how each output is then written: emu/common/output_file.h):
//  * an output may not be an input of the run (kernels and boot ROMs of every machine,
//    serial input files, the files standard input and output are redirected to) nor
//    another output. Files that exist are compared by device and inode, so "./k.elf", a
//    symbolic link and a hard link are all k.elf; a name that does not exist yet is
//    compared by its resolved directory plus its name. A run that may leave OUT.partial
//    claims that name too;
//  * an output must be creatable: not a directory, its directory exists and is writable,
//    an existing file is writable. "-" (where allowed), character devices and FIFOs are
//    written in place and only need to be writable.
// A new kind of output (traces, checkpoints, screenshots, results) is one more
// add_output() in run_files_of() and an OutputFile where it is written.
#pragma once
#include <string>
#include <vector>

#include "emu/cli/options.h"

namespace emu {

class RunFiles {
 public:
  // `what` names it in messages: "the --kernel file", "machine 1's --serial2 input file".
  void add_input(const std::string& path, const std::string& what);
  // A descriptor the process already has open (standard input/output), if it is a
  // regular file: "where standard output goes".
  void add_stream(int fd, const std::string& where);
  // `keeps_partial`: a failed run leaves PATH.partial (OutputFile::Partial::kKeep).
  // `dash_allowed`: "-" is a standard stream, not a file.
  void add_output(const std::string& path, const std::string& what, bool keeps_partial, bool dash_allowed = false);
  // Throws UserError (exit status 2) naming the first problem.
  void check() const;

 private:
  struct Protected {
    std::string path, phrase, detail;
    int fd = -1;
  };
  struct Output {
    std::string path, what;
    bool keeps_partial, dash_allowed;
  };
  std::vector<Protected> protected_;
  std::vector<Output> outputs_;
};

// Every file the parsed command line names, and the default boot ROM.
RunFiles run_files_of(const CliConfig& cfg);

}  // namespace emu

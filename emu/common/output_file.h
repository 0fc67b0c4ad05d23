// One output file of a run (--stats, --pcap, --serial N=file:OUT; later traces, checkpoints,
// screenshots, results): written so that a failed or interrupted run never leaves a
// half-written file where a good one was, and so that a write error is never silent.
// The rules are the README's "Output files"; emu/cli/run_files.h checks, before the run,
// that no output is an input or another output.
//
//  * A regular file, or a name that does not exist yet, is written under a temporary name
//    in the same directory (".NAME.emu-PID-N", created exclusively), and commit() renames
//    it over NAME once the run has ended in order. Until then NAME keeps its old contents.
//    A symbolic link is followed: the file it names is replaced, the link stays.
//  * If the run fails instead (an emulator error, a write error, a failed link) or SIGINT,
//    SIGTERM, SIGHUP or SIGPIPE ends it, NAME is left alone and the temporary file is removed
//    (Partial::kRemove, for outputs written whole at the end, such as --stats) or renamed
//    to NAME.partial (Partial::kKeep, for streams such as a serial log or a capture, whose
//    beginning is what a post-mortem needs).
//  * "-" (where the output allows it: `dash_fd`), character devices (/dev/null, a terminal)
//    and FIFOs cannot be renamed into: they are written directly.
//  * Every write error (ENOSPC, EIO, /dev/full, ...) throws EmulatorError, one line naming
//    the output and the file; the caller ends the run (exit status 3).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace emu {

class OutputFile {
 public:
  enum class Partial { kRemove, kKeep };  // what a failed run leaves of this output

  // `label` names the output in messages ("--stats", "--serial2"). `dash_fd` >= 0: "-" means
  // that descriptor (not owned). Throws UserError if the file cannot be created.
  OutputFile(const std::string& path, const std::string& label, Partial partial, int dash_fd = -1);
  ~OutputFile();  // not committed: as a failed run (abandon())
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Buffered; a full buffer is written out. Throw EmulatorError on a write error.
  void write(const void* data, std::size_t n);
  void put(char c) {
    buf_.push_back(c);
    if (buf_.size() >= kBufferBytes) flush();
  }
  void flush();
  // The run ended in order: flush, close, rename over the path. Throws EmulatorError.
  void commit();
  // The run failed: leave the path alone; remove or keep the temporary file (Partial).
  void abandon() noexcept;

  const std::string& path() const { return path_; }  // as the user gave it
  const std::string& label() const { return label_; }
  bool direct() const { return temp_.empty(); }  // written in place ("-", a device, a FIFO)
  bool committed() const { return done_ && committed_; }

  // Where the file really is: symbolic links in the path resolved, relative paths made
  // absolute; for a name that does not exist yet, its directory resolved plus the name.
  static std::string resolve(const std::string& path);
  static std::string partial_name(const std::string& resolved) { return resolved + ".partial"; }

 private:
  static constexpr std::size_t kBufferBytes = 64 * 1024;
  [[noreturn]] void fail(const char* what, int err);
  void write_all(const char* p, std::size_t n);
  std::string path_, label_;
  Partial partial_;
  std::string target_, temp_, partial_path_;  // temp_ empty: written directly
  int fd_ = -1;
  bool owns_fd_ = false;
  bool done_ = false, committed_ = false, failed_ = false;
  std::size_t written_ = 0;  // bytes that reached the file
  int slot_ = -1;  // in the signal-cleanup table
  std::vector<char> buf_;
};

}  // namespace emu

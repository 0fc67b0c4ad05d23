// The run's inputs and outputs, checked up front; rules in run_files.h.
#include "emu/cli/run_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "emu/common/error.h"
#include "emu/common/output_file.h"

namespace emu {

namespace {

// What a name refers to: an existing file by device and inode, a name still to be
// created by its resolved path.
struct FileId {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string resolved;

  static FileId of_path(const std::string& path) {
    FileId id;
    id.resolved = OutputFile::resolve(path);
    struct stat st {};
    if (::stat(id.resolved.c_str(), &st) == 0) {
      id.exists = true;
      id.dev = st.st_dev;
      id.ino = st.st_ino;
    }
    return id;
  }
  bool same(const FileId& o) const {
    if (exists != o.exists) return false;
    return exists ? dev == o.dev && ino == o.ino : resolved == o.resolved;
  }
};

bool is_regular_fd(int fd, FileId& id) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return false;
  id.exists = true;
  id.dev = st.st_dev;
  id.ino = st.st_ino;
  return true;
}

// Checks that `path` can be written; returns false for one written in place (a device, a
// FIFO), which the identity checks skip.
bool check_creatable(const std::string& path, const std::string& what) {
  if (path.empty()) throw UserError(what + ": needs a file name");
  const std::string resolved = OutputFile::resolve(path);
  const auto fail = [&](const std::string& why) { throw UserError(what + " " + path + ": " + why); };
  struct stat st {};
  if (::stat(resolved.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) fail("is a directory");
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode))
      fail("is not a regular file, a character device or a FIFO");
    if (::access(resolved.c_str(), W_OK) != 0) fail(std::string("is not writable: ") + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return false;
  }
  const std::string dir = std::filesystem::path(resolved).parent_path().string();
  if (::stat(dir.c_str(), &st) != 0) fail("directory " + dir + " does not exist");
  if (!S_ISDIR(st.st_mode)) fail(dir + " is not a directory");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    fail("cannot create files in " + dir + ": " + std::strerror(errno));
  return true;
}

}  // namespace

void RunFiles::add_input(const std::string& path, const std::string& what) {
  if (!path.empty()) protected_.push_back({path, "an input file", what});
}

void RunFiles::add_stream(int fd, const std::string& where) { protected_.push_back({"", where, "", fd}); }

void RunFiles::add_output(const std::string& path, const std::string& what, bool keeps_partial, bool dash_allowed) {
  outputs_.push_back({path, what, keeps_partial, dash_allowed});
}

void RunFiles::check() const {
  // Each output is checked whole (creatable, then against what came before it), so the
  // message names the first option in command-line order that has a problem.
  struct Claim {
    FileId id;
    const Output* out;
    bool partial;
  };
  std::vector<FileId> inputs(protected_.size());
  std::vector<bool> input_valid(protected_.size());
  for (size_t i = 0; i < protected_.size(); ++i) {
    const Protected& p = protected_[i];
    if (p.fd >= 0) input_valid[i] = is_regular_fd(p.fd, inputs[i]);
    else input_valid[i] = (inputs[i] = FileId::of_path(p.path)).exists;  // a missing input is its loader's error
  }
  std::vector<Claim> claims;
  for (const Output& o : outputs_) {
    if (o.dash_allowed && o.path == "-") continue;
    if (!check_creatable(o.path, o.what)) continue;
    std::vector<Claim> mine{{FileId::of_path(o.path), &o, false}};
    if (o.keeps_partial) mine.push_back({FileId::of_path(OutputFile::partial_name(mine[0].id.resolved)), &o, true});
    for (const Claim& c : mine) {
      const std::string name = c.partial ? c.id.resolved : o.path;
      const std::string lead = c.partial ? o.what + " " + o.path + ": a failed run leaves " + name + ", which" : name;
      for (size_t i = 0; i < protected_.size(); ++i) {
        if (!input_valid[i] || !inputs[i].same(c.id)) continue;
        const Protected& p = protected_[i];
        throw UserError(lead + " is " + p.phrase + "; refusing to overwrite it with " + o.what +
                        (p.detail.empty() ? "" : " (it is " + p.detail + ")"));
      }
      for (const Claim& earlier : claims) {
        if (!earlier.id.same(c.id)) continue;
        if (!c.partial && !earlier.partial)
          throw UserError(earlier.out->what + " " + earlier.out->path + " and " + o.what + " " + o.path +
                          " are the same file; give each output its own");
        const Claim& p = c.partial ? c : earlier;
        const Claim& q = c.partial ? earlier : c;
        throw UserError(p.out->what + " " + p.out->path + ": a failed run leaves " + p.id.resolved + ", which is " +
                        q.out->what + " " + (q.partial ? q.id.resolved : q.out->path) + "; give each output its own");
      }
    }
    claims.insert(claims.end(), mine.begin(), mine.end());
  }
}

namespace {

// --serial N=file:OUT[,IN]: {OUT, IN}, either may be empty; {"", ""} for other specs.
std::pair<std::string, std::string> serial_files(const std::string& spec) {
  if (spec.rfind("file:", 0) != 0) return {};
  const std::string rest = spec.substr(5);
  const size_t comma = rest.find(',');
  if (comma == std::string::npos) return {rest, ""};
  return {rest.substr(0, comma), rest.substr(comma + 1)};
}

}  // namespace

RunFiles run_files_of(const CliConfig& cfg) {
  RunFiles f;
  const bool several = cfg.nodes.size() > 1;
  const auto machine = [&](size_t k) { return several ? "machine " + std::to_string(k) + "'s " : std::string(); };
  for (size_t k = 0; k < cfg.nodes.size(); ++k) {
    const MachineOptions& m = cfg.nodes[k];
    const std::string whose = several ? machine(k) : "the ";
    f.add_input(m.kernel, whose + "--kernel file");
    f.add_input(m.firmware.empty() ? Machine::default_firmware_path() : m.firmware,
                whose + (m.firmware.empty() ? "built-in boot ROM image" : "--firmware file"));
    for (size_t line = 0; line < m.serial.size(); ++line)
      f.add_input(serial_files(m.serial[line]).second, whose + "--serial" + std::to_string(line) + " input file");
  }
  f.add_stream(0, "where standard input comes from");
  f.add_stream(1, "where standard output goes");
  f.add_stream(2, "where standard error goes");
  for (size_t k = 0; k < cfg.nodes.size(); ++k) {
    const MachineOptions& m = cfg.nodes[k];
    for (size_t line = 0; line < m.serial.size(); ++line) {
      const std::string out = serial_files(m.serial[line]).first;
      if (!out.empty()) f.add_output(out, machine(k) + "--serial" + std::to_string(line), /*keeps_partial=*/true);
    }
  }
  if (!cfg.pcap.empty()) f.add_output(cfg.pcap, "--pcap", /*keeps_partial=*/true);
  if (!cfg.display.screenshot.empty()) f.add_output(cfg.display.screenshot, "--screenshot", /*keeps_partial=*/false);
  if (!cfg.restore_path.empty()) f.add_input(cfg.restore_path, "the --restore file");
  if (!cfg.checkpoint_path.empty()) f.add_output(cfg.checkpoint_path, "--checkpoint", /*keeps_partial=*/false);
  for (size_t k = 0; k < cfg.trace_paths.size(); ++k)
    if (!cfg.trace_paths[k].empty()) f.add_output(cfg.trace_paths[k], machine(k) + "--trace", /*keeps_partial=*/false);
  if (!cfg.stats_path.empty()) f.add_output(cfg.stats_path, "--stats", /*keeps_partial=*/false, /*dash_allowed=*/true);
  return f;
}

}  // namespace emu

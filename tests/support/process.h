// Run a program as a child process for a test: stdin from /dev/null, stdout and stderr
// captured, bounded by a timeout (the child is killed past it: status -1).
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace emu::test {

struct ProcessResult {
  int status = -1;
  std::string out, err;
};

inline std::string slurp_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline ProcessResult run_process(const std::vector<std::string>& argv, int timeout_s = 120) {
  char out_name[] = "/tmp/emu-test-out-XXXXXX", err_name[] = "/tmp/emu-test-err-XXXXXX";
  const int out_fd = ::mkstemp(out_name), err_fd = ::mkstemp(err_name);
  ProcessResult r;
  if (out_fd < 0 || err_fd < 0) return r;
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  const auto t0 = std::chrono::steady_clock::now();
  int st = 0;
  for (;;) {
    if (::waitpid(pid, &st, WNOHANG) == pid) {
      r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
      break;
    }
    if (std::chrono::steady_clock::now() - t0 > std::chrono::seconds(timeout_s)) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &st, 0);
      break;
    }
    ::usleep(2000);
  }
  ::close(out_fd);
  ::close(err_fd);
  r.out = slurp_file(out_name);
  r.err = slurp_file(err_name);
  std::remove(out_name);
  std::remove(err_name);
  return r;
}

}  // namespace emu::test
